using System.Globalization;
using PeerTriage.Data;

namespace PeerTriage.Lexicons;

/// <summary>
/// Reads lexicons in three tab-separated formats. Every format allows blank lines and multi-word phrases; terms are
/// canonicalized as described on <see cref="Lexicon"/>. A malformed line throws a <see cref="DataFormatException"/>
/// naming the file (or stream name), the 1-based line and the reason.
/// </summary>
public static class LexiconReader
{
    /// <summary>
    /// Reads VADER's format: <c>token TAB mean TAB std TAB ratings</c>, one token per line, where ratings is a
    /// bracketed list such as <c>[1, 2, 2]</c>. Each token becomes an entry in category
    /// <see cref="SentimentScorer.ValenceCategory"/> with the mean as weight.
    /// </summary>
    /// <remarks>Tokens that the lexicon scanner does not read as exactly one word, emoticon or emoji (for example
    /// many of VADER's rarer ASCII emoticons such as "%-)") could never match, and are skipped. Tokens with spaces
    /// are read as phrases.</remarks>
    /// <param name="path">The file.</param>
    /// <param name="name">The lexicon name; the file name without extension when null.</param>
    /// <returns>The lexicon.</returns>
    /// <exception cref="DataFormatException">A line is malformed.</exception>
    public static Lexicon ReadVader(string path, string? name = null) =>
        ReadFile(path, name, static (reader, n, source) => ReadVader(reader, n, source));

    /// <summary>Reads VADER's format from a reader; see <see cref="ReadVader(string, string?)"/>.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="name">The lexicon name.</param>
    /// <param name="sourceName">The file or stream name for error messages; null when unknown.</param>
    /// <returns>The lexicon.</returns>
    /// <exception cref="DataFormatException">A line is malformed.</exception>
    public static Lexicon ReadVader(TextReader reader, string name, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var entries = new List<LexiconEntry>();
        foreach (var (line, number) in Lines(reader))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            string[] fields = line.Split('\t');
            if (fields.Length != 4)
                throw Error($"expected 4 tab-separated fields (token, mean, std, ratings) but found {fields.Length}", sourceName, number);
            string token = fields[0].Trim();
            if (token.Length == 0)
                throw Error("the token is empty", sourceName, number);
            double mean = Number(fields[1], "mean", sourceName, number);
            Number(fields[2], "standard deviation", sourceName, number);
            string ratings = fields[3].Trim();
            if (ratings.Length < 2 || ratings[0] != '[' || ratings[^1] != ']')
                throw Error($"ratings '{Shorten(ratings)}' are not a bracketed list such as [1, 2, 2]", sourceName, number);
            if (Lexicon.Canonicalize(token, out _, out _) is not null)
                continue;
            entries.Add(new LexiconEntry(token, SentimentScorer.ValenceCategory, mean));
        }
        return new Lexicon(name, entries);
    }

    /// <summary>
    /// Reads Empath's category format: <c>category TAB word TAB word …</c>, one category per line. Words may be
    /// phrases, written with spaces or underscores ("so_much_pain"). Every entry has weight 1. Empty fields (two tabs
    /// in a row, a trailing tab) are skipped; a category with no word at all is an error.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="name">The lexicon name; the file name without extension when null.</param>
    /// <returns>The lexicon, with categories in file order.</returns>
    /// <exception cref="DataFormatException">A line is malformed.</exception>
    public static Lexicon ReadCategories(string path, string? name = null) =>
        ReadFile(path, name, static (reader, n, source) => ReadCategories(reader, n, source));

    /// <summary>Reads Empath's category format from a reader; see <see cref="ReadCategories(string, string?)"/>.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="name">The lexicon name.</param>
    /// <param name="sourceName">The file or stream name for error messages; null when unknown.</param>
    /// <returns>The lexicon.</returns>
    /// <exception cref="DataFormatException">A line is malformed.</exception>
    public static Lexicon ReadCategories(TextReader reader, string name, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var entries = new List<LexiconEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, number) in Lines(reader))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            string[] fields = line.Split('\t');
            string category = fields[0].Trim();
            if (category.Length == 0)
                throw Error("the category name is empty", sourceName, number);
            if (!seen.Add(category))
                throw Error($"category '{category}' was already defined on an earlier line", sourceName, number);
            if (fields.Skip(1).All(string.IsNullOrWhiteSpace))
                throw Error($"category '{category}' has no words (expected category TAB word TAB word ...)", sourceName, number);
            for (int f = 1; f < fields.Length; f++)
            {
                string word = fields[f].Trim();
                if (word.Length == 0)
                    continue; // an empty field (two tabs in a row, or a trailing tab) is skipped
                entries.Add(new LexiconEntry(Term(word.Replace('_', ' '), sourceName, number), category, 1.0));
            }
        }
        return new Lexicon(name, entries);
    }

    /// <summary>
    /// Reads the simple custom format: <c>term TAB category [TAB weight]</c>, one entry per line, weight 1 when
    /// omitted. Lines starting with '#' are comments. A term in several categories takes one line per category.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="name">The lexicon name; the file name without extension when null.</param>
    /// <returns>The lexicon.</returns>
    /// <exception cref="DataFormatException">A line is malformed.</exception>
    public static Lexicon ReadTermCategory(string path, string? name = null) =>
        ReadFile(path, name, static (reader, n, source) => ReadTermCategory(reader, n, source));

    /// <summary>Reads the term-category format from a reader; see <see cref="ReadTermCategory(string, string?)"/>.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="name">The lexicon name.</param>
    /// <param name="sourceName">The file or stream name for error messages; null when unknown.</param>
    /// <returns>The lexicon.</returns>
    /// <exception cref="DataFormatException">A line is malformed.</exception>
    public static Lexicon ReadTermCategory(TextReader reader, string name, string? sourceName = null) =>
        ReadTermCategory(reader, name, sourceName, version: "");

    internal static Lexicon ReadTermCategory(TextReader reader, string name, string? sourceName, string version)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var entries = new List<LexiconEntry>();
        var seen = new Dictionary<(string, string), long>();
        foreach (var (line, number) in Lines(reader))
        {
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
                continue;
            string[] fields = line.Split('\t');
            if (fields.Length is < 2 or > 3)
                throw Error($"expected term TAB category [TAB weight] but found {fields.Length} tab-separated field(s)", sourceName, number);
            string category = fields[1].Trim();
            if (category.Length == 0)
                throw Error("the category is empty", sourceName, number);
            double weight = fields.Length == 3 ? Number(fields[2], "weight", sourceName, number) : 1.0;
            string term = Term(fields[0].Trim(), sourceName, number);
            Lexicon.Canonicalize(term, out string canonical, out _);
            if (seen.TryGetValue((canonical, category), out long earlier))
                throw Error($"term '{canonical}' is already in category '{category}' (line {earlier})", sourceName, number);
            seen.Add((canonical, category), number);
            entries.Add(new LexiconEntry(term, category, weight));
        }
        return new Lexicon(name, entries, version);
    }

    private static Lexicon ReadFile(string path, string? name, Func<TextReader, string, string, Lexicon> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return read(reader, name ?? Path.GetFileNameWithoutExtension(path), path);
    }

    private static IEnumerable<(string Line, long Number)> Lines(TextReader reader)
    {
        long number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (number == 1 && line.Length > 0 && line[0] == '\uFEFF')
                line = line[1..];
            yield return (line, number);
        }
    }

    private static string Term(string term, string? source, long line)
    {
        if (term.Length == 0)
            throw Error("the term is empty", source, line);
        string? error = Lexicon.Canonicalize(term, out _, out _);
        if (error is not null)
            throw Error($"term '{Shorten(term)}' cannot be matched: {error}", source, line);
        return term;
    }

    private static double Number(string field, string what, string? source, long line)
    {
        if (!double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw Error($"{what} '{Shorten(field)}' is not a finite number", source, line);
        return value;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";

    private static DataFormatException Error(string reason, string? source, long line) => new(reason, source, line);
}
