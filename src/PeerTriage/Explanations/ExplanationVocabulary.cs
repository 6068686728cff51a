using System.Runtime.InteropServices;
using PeerTriage.Features;

namespace PeerTriage.Explanations;

/// <summary>
/// The only message text a model keeps: word n-grams that messages by at least <see cref="MinAuthors"/> distinct
/// authors contain. Stored as text and re-hashed on load, so it always agrees with the featurizer.
/// </summary>
internal sealed class ExplanationVocabulary
{
    public static ExplanationVocabulary Empty { get; } = new(5, [], NGramOptions.Default);

    private readonly Dictionary<int, string> _byBucket = [];
    private readonly HashSet<string> _texts = new(StringComparer.Ordinal);

    public ExplanationVocabulary(int minAuthors, IReadOnlyList<string> ngrams, NGramOptions options)
    {
        MinAuthors = minAuthors;
        NGrams = ngrams;
        foreach (string ngram in ngrams)
        {
            _texts.Add(ngram);
            var tokens = ngram.Split(' ');
            foreach (var (bucket, text) in NGramText.WordNGrams(tokens, options with { WordNGrams = new NGramRange(tokens.Length, tokens.Length) }))
            {
                // Two kept n-grams in one bucket: neither label can be trusted, so keep neither.
                if (text == ngram && !_byBucket.TryAdd(bucket, ngram))
                    _byBucket[bucket] = "";
            }
        }
    }

    public int MinAuthors { get; }

    public IReadOnlyList<string> NGrams { get; }

    /// <summary>The kept text for a word n-gram of the message being explained, or null when it is not kept.</summary>
    public string? Label(int bucket, string text) =>
        _byBucket.TryGetValue(bucket, out string? kept) && kept == text ? kept : null;

    public bool Contains(string text) => _texts.Contains(text);

    /// <summary>Builds the vocabulary from training messages under the K-distinct-authors rule.</summary>
    public static ExplanationVocabulary Build(IReadOnlyList<LabeledMessage> rows, NGramFeaturizer featurizer, int minAuthors, int limit)
    {
        // Each author's rows are read together, so an n-gram counts a new author whenever the one before it differs:
        // a count and the last author instead of a set of authors per n-gram (hundreds of thousands of them).
        var authorOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var byAuthor = new List<List<int>>();
        for (int i = 0; i < rows.Count; i++)
        {
            string? author = rows[i].Author;
            if (author is null)
                continue;
            ref int index = ref CollectionsMarshal.GetValueRefOrAddDefault(authorOf, author, out bool seen);
            if (!seen)
            {
                index = byAuthor.Count;
                byAuthor.Add([]);
            }
            byAuthor[index].Add(i);
        }

        var authors = new Dictionary<string, (int Count, int Last)>(StringComparer.Ordinal);
        var builder = new FeatureBuilder();
        for (int a = 0; a < byAuthor.Count; a++)
        {
            foreach (int i in byAuthor[a])
            {
                var tokens = NGramText.Tokens(rows[i].Message, featurizer, builder);
                foreach (var (_, text) in NGramText.WordNGrams(tokens, featurizer.Options))
                {
                    ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(authors, text, out bool exists);
                    if (!exists || entry.Last != a)
                        entry = (entry.Count + 1, a);
                }
            }
        }
        var kept = authors.Where(a => a.Value.Count >= minAuthors)
            .OrderByDescending(a => a.Value.Count).ThenBy(a => a.Key, StringComparer.Ordinal)
            .Take(limit).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
        return new ExplanationVocabulary(minAuthors, kept, featurizer.Options);
    }
}
