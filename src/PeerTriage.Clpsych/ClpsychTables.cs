using System.Text;
using PeerTriage.Data;

namespace PeerTriage.Clpsych;

/// <summary>Reads the tab-separated side files of a CLPsych forum export.</summary>
internal static class ClpsychTables
{
    /// <summary>Reads <c>author_rankings.tsv</c>: rank name TAB staff flag; see <see cref="ClpsychForum"/>.</summary>
    public static Dictionary<string, bool> ReadRankings(string path, long maxBytes)
    {
        var rankings = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        bool first = true;
        foreach (var (line, fields) in Lines(path, maxBytes))
        {
            bool isFirst = first;
            first = false;
            if (fields.Length < 2)
                throw new DataFormatException($"expected a rank name and a staff flag separated by a tab; got {fields.Length} column", path, line);
            string rank = fields[0];
            if (rank.Length == 0)
                throw new DataFormatException("the rank name is blank", path, line);
            if (!TryParseFlag(fields[1], out bool staff))
            {
                if (isFirst)
                    continue; // a header row
                throw new DataFormatException(
                    $"staff flag '{ClpsychPostReader.Clip(fields[1])}' for rank '{ClpsychPostReader.Clip(rank)}' is not one of 1, 0, true, false, yes, no", path, line);
            }
            if (rankings.TryGetValue(rank, out bool earlier) && earlier != staff)
                throw new DataFormatException($"rank '{ClpsychPostReader.Clip(rank)}' is listed twice with different staff flags", path, line);
            rankings[rank] = staff;
        }
        return rankings;
    }

    /// <summary>Reads <c>labels.tsv</c>: post id TAB label [TAB fine label]; see <see cref="ClpsychForum"/>.</summary>
    public static List<(string PostId, ClpsychLabel Label)> ReadLabels(string path, long maxBytes, Func<string, bool> postExists)
    {
        var labels = new List<(string, ClpsychLabel)>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        bool first = true;
        foreach (var (line, fields) in Lines(path, maxBytes))
        {
            bool isFirst = first;
            first = false;
            if (fields.Length < 2)
                throw new DataFormatException($"expected post id, label and fine label separated by tabs; got {fields.Length} column", path, line);
            string id = fields[0];
            if (isFirst && !postExists(id) && !long.TryParse(id, out _) && !PriorityScheme.Default.TryGetIndex(fields[1], out _))
                continue; // a header row
            if (id.Length == 0)
                throw new DataFormatException("the post id is blank", path, line);
            string? error = ClpsychLabel.TryCreate(fields[1], fields.Length > 2 ? fields[2] : null, out var coarse, out var fine);
            if (error is not null)
                throw new DataFormatException(error, path, line);
            if (!postExists(id))
                throw new DataFormatException($"post '{ClpsychPostReader.Clip(id)}' has a label, but posts/post-{ClpsychPostReader.Clip(id)}.xml does not exist", path, line);
            if (seen.TryGetValue(id, out long earlier))
                throw new DataFormatException($"post '{id}' is labelled twice (first on line {earlier})", path, line);
            seen.Add(id, line);
            labels.Add((id, new ClpsychLabel(coarse!, fine)));
        }
        return labels;
    }

    private static bool TryParseFlag(string value, out bool flag)
    {
        switch (value.ToUpperInvariant())
        {
            case "1" or "TRUE" or "YES" or "Y" or "T":
                flag = true;
                return true;
            case "0" or "FALSE" or "NO" or "N" or "F":
                flag = false;
                return true;
            default:
                flag = false;
                return false;
        }
    }

    /// <summary>The non-blank lines of a UTF-8 file (a byte order mark is optional), split on tabs, with each field trimmed.</summary>
    private static IEnumerable<(long Line, string[] Fields)> Lines(string path, long maxBytes)
    {
        byte[] bytes = ClpsychPostReader.ReadLimited(path, maxBytes);
        using var reader = new StreamReader(new MemoryStream(bytes, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        long number = 0;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            var fields = text.Split('\t');
            for (int i = 0; i < fields.Length; i++)
                fields[i] = fields[i].Trim();
            yield return (number, fields);
        }
    }
}
