namespace PeerTriage.Training;

/// <summary>Facts about a training set that decide how it may be split.</summary>
internal static class TrainingData
{
    /// <summary>
    /// For each row, the index of the first row with exactly the same message text (itself when it is the first), so
    /// that identical texts can be kept in one fold.
    /// </summary>
    public static int[] SameTextAs(IReadOnlyList<LabeledMessage> rows)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var sameAs = new int[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            string body = rows[i].Message.Body;
            if (!first.TryGetValue(body, out sameAs[i]))
            {
                first[body] = i;
                sameAs[i] = i;
            }
        }
        return sameAs;
    }

    /// <summary><see cref="SameTextAs"/> when some rows share a text; null when every text is distinct.</summary>
    public static int[]? SameTextOrNull(IReadOnlyList<LabeledMessage> rows)
    {
        var sameAs = SameTextAs(rows);
        for (int i = 0; i < sameAs.Length; i++)
        {
            if (sameAs[i] != i)
                return sameAs;
        }
        return null;
    }

    /// <summary>How many rows repeat the text of an earlier row.</summary>
    public static int DuplicateTextCount(IReadOnlyList<LabeledMessage> rows)
    {
        var sameAs = SameTextAs(rows);
        int count = 0;
        for (int i = 0; i < sameAs.Length; i++)
        {
            if (sameAs[i] != i)
                count++;
        }
        return count;
    }

    /// <summary>
    /// The groups of <paramref name="rows"/> with every group that shares a text with another merged into one (named
    /// after the first of them), so grouped folds keep identical texts together. Groups that share no text keep their
    /// names, so data without duplicates gets exactly the folds it had.
    /// </summary>
    public static string[] MergeGroupsOfSameText(string[] groups, int[] rows, int[] sameText)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string g)
        {
            while (parent.TryGetValue(g, out var p) && p != g)
                g = p;
            return g;
        }
        var groupOfText = new Dictionary<int, string>();
        for (int i = 0; i < rows.Length; i++)
        {
            parent.TryAdd(groups[i], groups[i]);
            if (!groupOfText.TryAdd(sameText[rows[i]], groups[i]))
            {
                string a = Find(groupOfText[sameText[rows[i]]]), b = Find(groups[i]);
                if (a != b)
                    parent[b] = a;
            }
        }
        var merged = new string[groups.Length];
        for (int i = 0; i < groups.Length; i++)
            merged[i] = Find(groups[i]);
        return merged;
    }
}
