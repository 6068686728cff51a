namespace PeerTriage;

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
}
