using PeerTriage.Explanations;
using PeerTriage.Features;

namespace PeerTriage.Tests.Explanations;

public class ExplanationTests
{
    [Test]
    public void Contributions_and_bias_sum_to_the_models_logit_difference()
    {
        var model = TestData.DemoModel;
        foreach (var example in TestData.Corpus.Take(60))
        {
            var explanation = model.Explain(example.Message);
            var p = explanation.Result.Probabilities;
            double fromModel = Math.Log(p[explanation.Result.LevelIndex]) - Math.Log(p[explanation.ComparedWithIndex]);
            explanation.LogitDifference.Should().BeApproximately(fromModel, 1e-3, "the explanation must describe the model's own scores");
            double sum = explanation.All.Sum(c => c.Contribution) + explanation.Other.Contribution + explanation.Bias.Contribution;
            sum.Should().BeApproximately(explanation.LogitDifference, 1e-6);
        }
    }

    [Test]
    public void The_level_below_is_the_comparison_and_green_compares_with_amber()
    {
        var model = TestData.DemoModel;
        foreach (var example in TestData.Corpus.Take(60))
        {
            var e = model.Explain(example.Message);
            e.ComparedWithIndex.Should().Be(e.Result.LevelIndex == 0 ? 1 : e.Result.LevelIndex - 1);
        }
    }

    [Test]
    public void Crisis_explanation_names_readable_evidence()
    {
        var e = TestData.DemoModel.Explain(new ForumMessage("i wrote my goodbye letters. i have the pills here. i'm sorry everyone"));
        e.Top.Should().NotBeEmpty();
        e.Top.Should().Contain(c => c.Kind == ContributionKind.WordNGram || c.Kind == ContributionKind.CharacterNGrams);
        e.ToText().Should().Contain(e.Result.Level).And.Contain("bias");
    }

    [Test]
    public void No_ngram_from_fewer_than_K_authors_appears_in_an_explanation()
    {
        // One author repeats a unique phrase in many crisis posts, so the model weighs it, yet it must never be shown.
        var rows = TestData.Corpus.ToList();
        for (int i = 0; i < 12; i++)
        {
            rows.Add(new LabeledMessage(new ForumMessage($"zorblax quintessa night {i} i can't go on") { AuthorId = "u_only_one" }, "crisis")
            {
                Group = "u_only_one",
            });
        }
        var model = TriageModel.Train(rows, new TriageTrainingOptions { Features = FeaturePipeline.Default.WithNGrams(NGramOptions.Default with { HashBits = 16 }), ExplanationMinAuthors = 5 });
        var explanation = model.Explain(new ForumMessage("zorblax quintessa i can't go on"), top: 1000);
        explanation.All.Should().NotContain(c => c.Feature.Contains("zorblax") || c.Feature.Contains("quintessa"));
        model.Vocabulary.NGrams.Should().NotContain(n => n.Contains("zorblax"));

        // Phrases many authors wrote may be shown, and only those.
        var shown = explanation.All.Where(c => c.Kind == ContributionKind.WordNGram).Select(c => c.Feature).ToList();
        shown.Should().NotBeEmpty();
        shown.Should().OnlyContain(f => model.Vocabulary.Contains(f));
    }

    [Test]
    public void Vocabulary_agrees_with_the_featurizer_buckets()
    {
        var options = NGramOptions.Default;
        var featurizer = new NGramFeaturizer(options);
        foreach (var example in TestData.Corpus.Take(40))
        {
            var builder = new FeatureBuilder();
            int n = featurizer.Extract(example.Message, builder);
            var fromFeaturizer = builder.Buckets.Take(n).ToHashSet();
            var tokens = NGramText.Tokens(example.Message, featurizer);
            var fromText = NGramText.WordNGrams(tokens, options).Select(w => w.Bucket)
                .Concat(tokens.SelectMany(t => NGramText.CharNGramBuckets(t, options))).ToHashSet();
            fromText.Should().BeEquivalentTo(fromFeaturizer, "explanations must label the buckets the model really uses");
        }
    }

    [Test]
    public void Vocabulary_keeps_the_ngrams_of_at_least_K_distinct_authors_whatever_the_row_order()
    {
        // Authors' rows interleaved, and many rows per author: each author must count once per n-gram.
        var rows = TestData.Corpus.Select((e, i) => e with { Group = $"author-{i % 37}" }).ToList();
        rows.AddRange(Enumerable.Range(0, 30).Select(i => new LabeledMessage(new ForumMessage("zorblax quintessa again"), "green") { Group = $"author-{i % 4}" }));
        var featurizer = new NGramFeaturizer(NGramOptions.Default);

        var vocabulary = ExplanationVocabulary.Build(rows, featurizer, minAuthors: 5, limit: 400);

        // The rule, written the plain way: a set of authors per n-gram.
        var authors = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var (_, text) in NGramText.WordNGrams(NGramText.Tokens(row.Message, featurizer), featurizer.Options))
            {
                if (!authors.TryGetValue(text, out var set))
                    authors[text] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add((row.Message.AuthorId ?? row.Group)!);
            }
        }
        var expected = authors.Where(a => a.Value.Count >= 5)
            .OrderByDescending(a => a.Value.Count).ThenBy(a => a.Key, StringComparer.Ordinal)
            .Take(400).Select(a => a.Key).Order(StringComparer.Ordinal).ToList();
        vocabulary.NGrams.Should().Equal(expected);
        vocabulary.NGrams.Should().NotContain("zorblax", "four authors wrote it, thirty times");
    }

    [Test]
    public void Building_the_vocabulary_reuses_one_analysis_buffer()
    {
        var featurizer = new NGramFeaturizer(NGramOptions.Default);
        var rows = TestData.Corpus.Select((e, i) => e with { Group = $"author-{i % 37}" }).ToList();
        ExplanationVocabulary.Build(rows.Take(10).ToList(), featurizer, 5, 100);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ExplanationVocabulary.Build(rows, featurizer, 5, 100);
        long perRow = (GC.GetAllocatedBytesForCurrentThread() - before) / rows.Count;
        // A new analysis buffer per message is about 200 KB; its n-gram strings and the counts are a few KB.
        perRow.Should().BeLessThan(32 * 1024);
    }

    [Test]
    public void Explain_rejects_bad_arguments()
    {
        FluentActions.Invoking(() => TestData.DemoModel.Explain(null!)).Should().Throw<ArgumentNullException>().WithParameterName("message");
        FluentActions.Invoking(() => TestData.DemoModel.Explain(new ForumMessage("x"), top: -1)).Should().Throw<ArgumentOutOfRangeException>();
        TestData.DemoModel.Explain(new ForumMessage("")).All.Should().OnlyContain(c => c.Kind == ContributionKind.Context,
            "a message without text has no n-gram or lexicon evidence, only the context features' 'unknown' indicators");
    }
}
