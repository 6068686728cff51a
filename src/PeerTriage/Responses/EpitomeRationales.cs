namespace PeerTriage.Responses;

/// <summary>The rationale spans read from one EPITOME <c>rationales</c> cell (see <see cref="EpitomeRationales"/>).</summary>
/// <param name="Spans">The spans found in the response, in the cell's order (one per piece found).</param>
/// <param name="Pieces">Non-blank pieces in the cell.</param>
/// <param name="Missing">Indices (among the non-blank pieces, from 0) of the pieces not found in the response.</param>
/// <param name="OutOfOrder">Pieces found only before the previous piece's span (their first occurrence anywhere is used).</param>
public sealed record EpitomeRationaleSpans(IReadOnlyList<CharSpan> Spans, int Pieces, IReadOnlyList<int> Missing, int OutOfOrder)
{
    /// <summary>Whether every piece was found.</summary>
    public bool Complete => Missing.Count == 0;
}

/// <summary>
/// Reads the <c>rationales</c> column of the EPITOME files (Sharma et al. 2020; the Reddit part): the response's
/// rationale passages, each a copy of part of the response, written one after another, each followed by '|'.
/// </summary>
/// <remarks>
/// <para>Rules. The cell is split at '|'; each piece is trimmed of white space and blank pieces (the one after the
/// trailing '|', or an empty cell) are dropped. Each piece is looked for in the response from the end of the previous
/// piece's span on (the pieces are in response order); a piece found only earlier takes its first occurrence anywhere
/// and is counted in <see cref="EpitomeRationaleSpans.OutOfOrder"/>; a piece found nowhere is reported in
/// <see cref="EpitomeRationaleSpans.Missing"/>, never thrown.</para>
/// <para>Matching forgives what the EPITOME files changed between a response and its rationale copies (measured on the
/// three files): a run of white space in a piece matches any run, even an empty one, in the response (the copies
/// collapse double spaces and sometimes join words); an HTML entity in the response (<c>&amp;amp;</c>,
/// <c>&amp;lt;</c>, <c>&amp;gt;</c>, <c>&amp;quot;</c>, <c>&amp;#39;</c>, <c>&amp;apos;</c>, <c>&amp;nbsp;</c>) matches the
/// char it stands for (the copies are decoded); and the words "subreddit" and "reddit" (any case) in the response may
/// be skipped, with the white space after them (the copies had them deleted, "subreddits" becoming "s"). Letters must
/// otherwise match exactly, case included. The span runs from the first to the last matched char of the response, so it
/// covers any entity or skipped word inside it.</para>
/// </remarks>
public static class EpitomeRationales
{
    private static readonly (string Entity, char Char)[] Entities =
        [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>'), ("&quot;", '"'), ("&#39;", '\''), ("&apos;", '\''), ("&nbsp;", ' ')];

    private static readonly string[] Deleted = ["subreddit", "reddit"];

    /// <summary>Finds the rationale spans of one row.</summary>
    /// <param name="response">The response text (the <c>response_post</c> column).</param>
    /// <param name="rationales">The <c>rationales</c> cell; null or blank for none.</param>
    /// <returns>The spans, and which pieces were not found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is null.</exception>
    public static EpitomeRationaleSpans Parse(string response, string? rationales)
    {
        ArgumentNullException.ThrowIfNull(response);
        var spans = new List<CharSpan>();
        var missing = new List<int>();
        int pieces = 0, outOfOrder = 0, from = 0;
        if (!string.IsNullOrWhiteSpace(rationales))
        {
            foreach (string raw in rationales.Split('|'))
            {
                string piece = raw.Trim();
                if (piece.Length == 0)
                    continue;
                int index = pieces++;
                if (Find(response, piece, from) is { } after)
                {
                    spans.Add(after);
                    from = after.End;
                }
                else if (Find(response, piece, 0) is { } before)
                {
                    spans.Add(before);
                    outOfOrder++;
                }
                else
                {
                    missing.Add(index);
                }
            }
        }
        return new EpitomeRationaleSpans(spans, pieces, missing, outOfOrder);
    }

    /// <summary>The first match of <paramref name="piece"/> in <paramref name="response"/> starting at or after <paramref name="from"/>.</summary>
    private static CharSpan? Find(string response, string piece, int from)
    {
        for (int start = from; start < response.Length; start++)
        {
            // A match starts on the piece's first char (never on white space or a skipped word).
            int end = MatchAt(response, start, piece, 0);
            if (end >= 0)
            {
                int last = end;
                while (last > start && char.IsWhiteSpace(response[last - 1]))
                    last--;
                return new CharSpan(start, last - start);
            }
        }
        return null;
    }

    /// <summary>Matches piece[j..] against response[i..]; returns the response offset after the match, or −1.</summary>
    private static int MatchAt(string response, int i, string piece, int j)
    {
        while (j < piece.Length)
        {
            char c = piece[j];
            if (char.IsWhiteSpace(c))
            {
                while (j < piece.Length && char.IsWhiteSpace(piece[j]))
                    j++;
                while (i < response.Length && char.IsWhiteSpace(response[i]))
                    i++;
                continue;
            }
            if (i >= response.Length)
                return -1;
            // Alternatives in turn: an entity, a deleted word, then the literal char (each consumes response chars, and
            // only entities and the deleted words branch, so the backtracking stays small).
            foreach (var (entity, decoded) in Entities)
            {
                if (decoded == c && response.AsSpan(i).StartsWith(entity, StringComparison.Ordinal))
                {
                    int end = MatchAt(response, i + entity.Length, piece, j + 1);
                    if (end >= 0)
                        return end;
                }
            }
            if (j > 0)
            {
                foreach (string word in Deleted)
                {
                    if (response.AsSpan(i).StartsWith(word, StringComparison.OrdinalIgnoreCase))
                    {
                        int k = i + word.Length;
                        while (k < response.Length && char.IsWhiteSpace(response[k]))
                            k++;
                        int end = MatchAt(response, k, piece, j);
                        if (end >= 0)
                            return end;
                    }
                }
            }
            if (response[i] != c)
                return -1;
            i++;
            j++;
        }
        return i;
    }
}
