using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PeerTriage.Responses;

/// <summary>How <see cref="ResponseHealth"/> aggregates and which cells it suppresses. Every property has a documented default.</summary>
public sealed record ResponseHealthOptions
{
    /// <summary>The default options.</summary>
    public static ResponseHealthOptions Default { get; } = new();

    /// <summary>A cell with fewer replies than this is suppressed. Default 10 (at least 1).</summary>
    public int MinReplies { get; init; } = 10;

    /// <summary>
    /// When responder ids are known (some reply has <see cref="ResponseHealthObservation.ResponderId"/>), a cell whose
    /// replies come from fewer distinct responders than this is suppressed, so no cell describes one or two people.
    /// Replies without a responder id add no responder. Default 5, the K of the library's privacy rule
    /// (<see cref="ResponseTrainingOptions.ExplanationMinAuthors"/>); at least 1.
    /// </summary>
    public int MinResponders { get; init; } = 5;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentException">An option is below 1; the message names it.</exception>
    public void Validate()
    {
        if (MinReplies < 1)
            throw new ArgumentException($"{nameof(MinReplies)} must be at least 1; got {MinReplies}.", nameof(MinReplies));
        if (MinResponders < 1)
            throw new ArgumentException($"{nameof(MinResponders)} must be at least 1; got {MinResponders}.", nameof(MinResponders));
    }
}

/// <summary>One assessed reply, as the health report counts it: its level on each mechanism and where it belongs. No text.</summary>
/// <param name="Levels">The level index on each mechanism of the scheme, in scheme order (0 = does not show it).</param>
/// <param name="Board">The board; null when unknown.</param>
/// <param name="PostedAt">When the reply was posted; null when unknown.</param>
/// <param name="Role">The replier's role.</param>
/// <param name="ResponderId">Who replied; null when unknown. Used only to count distinct responders per cell.</param>
public sealed record ResponseHealthObservation(IReadOnlyList<int> Levels, string? Board, DateTimeOffset? PostedAt, AuthorRole Role, string? ResponderId);

/// <summary>How many replies of a cell show one mechanism.</summary>
/// <param name="Mechanism">The mechanism.</param>
/// <param name="Showing">Replies at a level above the lowest.</param>
/// <param name="Share">Showing / replies.</param>
/// <param name="HighestLevel">The mechanism's highest level, such as "strong".</param>
/// <param name="AtHighest">Replies at the highest level.</param>
/// <param name="HighestShare">AtHighest / replies.</param>
public readonly record struct MechanismShare(string Mechanism, int Showing, double Share, string HighestLevel, int AtHighest, double HighestShare);

/// <summary>One cell of the health report: the replies of one board, ISO week or replier role (or all of them).</summary>
public sealed record ResponseHealthCell
{
    /// <summary>The cell's key: a board, an ISO week such as <c>2024-W03</c>, a role such as <c>peer</c>, <c>(none)</c> for
    /// replies without a value, or <c>all</c> for the overall cell.</summary>
    public required string Key { get; init; }

    /// <summary>How many replies the cell holds; null when it is suppressed (a small count is itself revealing).</summary>
    public int? Replies { get; init; }

    /// <summary>True when the cell's figures are withheld; <see cref="SuppressedBecause"/> says why.</summary>
    public bool Suppressed => SuppressedBecause is not null;

    /// <summary>Why the cell is suppressed, such as "fewer than 10 replies"; null when it is shown.</summary>
    public string? SuppressedBecause { get; init; }

    /// <summary>Per mechanism, in scheme order; empty when suppressed.</summary>
    public IReadOnlyList<MechanismShare> Mechanisms { get; init; } = [];
}

/// <summary>
/// The "health of the platform" view: the share of replies showing each mechanism, overall and by board, by ISO week
/// and by replier role, with small cells suppressed. Aggregates only: no text, no ids, no per-reply result.
/// JSON-serializable through <see cref="WriteJson"/>.
/// </summary>
public sealed class ResponseHealthReport
{
    internal ResponseHealthReport(ResponseScheme scheme, ResponseHealthOptions options, bool respondersKnown, ResponseHealthCell overall,
        IReadOnlyList<ResponseHealthCell> byBoard, IReadOnlyList<ResponseHealthCell> byWeek, IReadOnlyList<ResponseHealthCell> byRole)
    {
        Scheme = scheme;
        Options = options;
        RespondersKnown = respondersKnown;
        Overall = overall;
        ByBoard = byBoard;
        ByWeek = byWeek;
        ByRole = byRole;
    }

    /// <summary>The mechanisms reported.</summary>
    public ResponseScheme Scheme { get; }

    /// <summary>The thresholds applied.</summary>
    public ResponseHealthOptions Options { get; }

    /// <summary>True when some reply had a responder id, so the distinct-responder rule applied.</summary>
    public bool RespondersKnown { get; }

    /// <summary>Every reply.</summary>
    public ResponseHealthCell Overall { get; }

    /// <summary>By board, ordered by board name; empty when no reply has a board.</summary>
    public IReadOnlyList<ResponseHealthCell> ByBoard { get; }

    /// <summary>By ISO 8601 week of the posting time in UTC (<c>2024-W03</c>), oldest first; empty when no reply has a time.</summary>
    public IReadOnlyList<ResponseHealthCell> ByWeek { get; }

    /// <summary>By replier role (peer, moderator, staff, unknown); empty when no reply has a known role.</summary>
    public IReadOnlyList<ResponseHealthCell> ByRole { get; }

    /// <summary>Writes the report as one JSON object: thresholds, mechanisms, <c>overall</c>, <c>byBoard</c>,
    /// <c>byWeek</c>, <c>byRole</c> (each cell: key, replies or null, suppressed, reason, and per mechanism
    /// showing, share, highest, atHighest, highestShare).</summary>
    /// <param name="writer">Where to write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("minReplies", Options.MinReplies);
        writer.WriteNumber("minResponders", Options.MinResponders);
        writer.WriteBoolean("respondersKnown", RespondersKnown);
        writer.WriteStartArray("mechanisms");
        foreach (var m in Scheme.Mechanisms)
        {
            writer.WriteStartObject();
            writer.WriteString("name", m.Name);
            writer.WriteStartArray("levels");
            foreach (string level in m.Levels.Levels)
                writer.WriteStringValue(level);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WritePropertyName("overall");
        WriteCell(writer, Overall);
        foreach (var (name, cells) in new[] { ("byBoard", ByBoard), ("byWeek", ByWeek), ("byRole", ByRole) })
        {
            writer.WriteStartArray(name);
            foreach (var cell in cells)
                WriteCell(writer, cell);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    /// <summary>The report as JSON (see <see cref="WriteJson"/>).</summary>
    /// <param name="indented">Indent the JSON. Default true.</param>
    public string ToJson(bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
            WriteJson(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteCell(Utf8JsonWriter writer, ResponseHealthCell cell)
    {
        writer.WriteStartObject();
        writer.WriteString("key", cell.Key);
        if (cell.Replies is { } n)
            writer.WriteNumber("replies", n);
        else
            writer.WriteNull("replies");
        writer.WriteBoolean("suppressed", cell.Suppressed);
        if (cell.SuppressedBecause is { } why)
            writer.WriteString("reason", why);
        writer.WriteStartObject("mechanisms");
        foreach (var m in cell.Mechanisms)
        {
            writer.WriteStartObject(m.Mechanism);
            writer.WriteNumber("showing", m.Showing);
            writer.WriteNumber("share", Math.Round(m.Share, 4));
            writer.WriteString("highest", m.HighestLevel);
            writer.WriteNumber("atHighest", m.AtHighest);
            writer.WriteNumber("highestShare", Math.Round(m.HighestShare, 4));
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The report as Markdown tables: per cell, the share of replies showing each mechanism and, in brackets,
    /// the share at its highest level.</summary>
    public string ToText()
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        s.AppendLine("# Response health");
        s.AppendLine();
        string responders = RespondersKnown ? string.Create(inv, $" or from fewer than {Options.MinResponders} distinct responders") : "";
        s.AppendLine(string.Create(inv, $"Share of replies showing each mechanism (a level above '{Scheme.Mechanisms[0].Levels.NameOf(0)}'), and in brackets the share at its highest level. ")
            + string.Create(inv, $"Cells with fewer than {Options.MinReplies} replies{responders} are suppressed, with enough others that they cannot be worked out from the totals. ")
            + "Aggregates only: never a judgement of any one reply or person.");
        Table(s, "All replies", "", [Overall]);
        if (ByBoard.Count > 0)
            Table(s, "By board", "board", ByBoard);
        if (ByWeek.Count > 0)
            Table(s, "By week (ISO 8601, UTC)", "week", ByWeek);
        if (ByRole.Count > 0)
            Table(s, "By replier role", "role", ByRole);
        return s.ToString();
    }

    private void Table(StringBuilder s, string title, string keyName, IReadOnlyList<ResponseHealthCell> cells)
    {
        var inv = CultureInfo.InvariantCulture;
        s.AppendLine().AppendLine($"## {title}").AppendLine();
        var header = new List<string>();
        if (keyName.Length > 0)
            header.Add(keyName);
        header.Add("replies");
        header.AddRange(Scheme.Mechanisms.Select(m => m.Name));
        s.AppendLine("| " + string.Join(" | ", header) + " |");
        s.AppendLine("|" + string.Join("|", header.Select((_, i) => i < (keyName.Length > 0 ? 1 : 0) ? "---" : "---:")) + "|");
        foreach (var cell in cells)
        {
            var row = new List<string>();
            if (keyName.Length > 0)
                row.Add(cell.Key.Replace("|", "\\|", StringComparison.Ordinal));
            if (cell.Suppressed)
            {
                row.Add("suppressed");
                row.Add(cell.SuppressedBecause!);
                row.AddRange(Enumerable.Repeat("", Scheme.Count - 1));
            }
            else
            {
                row.Add(cell.Replies!.Value.ToString("N0", inv));
                row.AddRange(cell.Mechanisms.Select(m => string.Create(inv, $"{100 * m.Share:0.0}% ({100 * m.HighestShare:0.0}%)")));
            }
            s.AppendLine("| " + string.Join(" | ", row) + " |");
        }
    }
}

/// <summary>
/// Aggregates response assessments into the "health of the platform" report (<see cref="ResponseHealthReport"/>): the
/// share of replies showing each mechanism by board, by week and by replier role. Small cells are suppressed: fewer
/// than <see cref="ResponseHealthOptions.MinReplies"/> replies, or (when responder ids are known) fewer than
/// <see cref="ResponseHealthOptions.MinResponders"/> distinct responders. When a dimension has suppressed cells, more
/// cells (the smallest first) are suppressed until the suppressed cells together meet both thresholds, so no small
/// cell can be worked out by subtracting the shown cells from the overall total.
/// </summary>
public static class ResponseHealth
{
    /// <summary>The key of replies without a value for a dimension.</summary>
    public const string NoValue = "(none)";

    /// <summary>Assesses every pair with <paramref name="model"/> and aggregates the levels.</summary>
    /// <param name="model">The response model.</param>
    /// <param name="records">The replies (from <see cref="ResponseDataset.Read(string, ResponseDatasetColumns, Data.DatasetReadOptions?)"/>).</param>
    /// <param name="options">Thresholds; null for <see cref="ResponseHealthOptions.Default"/>.</param>
    /// <param name="progress">Receives the number of replies assessed, every 1,000. Default null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="records"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static ResponseHealthReport Compute(ResponseModel model, IEnumerable<ResponseRecord> records, ResponseHealthOptions? options = null,
        IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(records);
        (options ?? ResponseHealthOptions.Default).Validate();
        var observations = new List<ResponseHealthObservation>();
        Span<float> p = stackalloc float[PriorityScheme.MaxLevels];
        foreach (var r in records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var levels = new int[model.Scheme.Count];
            for (int m = 0; m < levels.Length; m++)
                levels[m] = model.Assess(r.Pair, m, p);
            observations.Add(new ResponseHealthObservation(levels, r.Pair.Board, r.Pair.PostedAt, r.ReplierRole, r.Pair.ResponderId));
            if (observations.Count % 1_000 == 0)
                progress?.Report(observations.Count);
        }
        return Compute(model.Scheme, observations, options);
    }

    /// <summary>Aggregates assessed replies.</summary>
    /// <param name="scheme">The mechanisms the levels are for.</param>
    /// <param name="observations">The replies' levels and keys.</param>
    /// <param name="options">Thresholds; null for <see cref="ResponseHealthOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException">An argument or observation is null.</exception>
    /// <exception cref="ArgumentException">An observation's levels do not fit the scheme, or an option is out of range.</exception>
    public static ResponseHealthReport Compute(ResponseScheme scheme, IEnumerable<ResponseHealthObservation> observations, ResponseHealthOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        ArgumentNullException.ThrowIfNull(observations);
        options ??= ResponseHealthOptions.Default;
        options.Validate();
        var all = new List<ResponseHealthObservation>();
        foreach (var o in observations)
        {
            if (o?.Levels is null)
                throw new ArgumentNullException(nameof(observations), $"Observation {all.Count} is null or has no levels.");
            if (o.Levels.Count != scheme.Count)
                throw new ArgumentException($"Observation {all.Count} has {o.Levels.Count} levels; the scheme has {scheme.Count} mechanisms ({scheme.Describe()}).", nameof(observations));
            for (int m = 0; m < scheme.Count; m++)
            {
                if ((uint)o.Levels[m] >= (uint)scheme.Mechanisms[m].Levels.Count)
                    throw new ArgumentException($"Observation {all.Count} has level {o.Levels[m]} on '{scheme.Mechanisms[m].Name}', which has levels 0..{scheme.Mechanisms[m].Levels.Count - 1}.", nameof(observations));
            }
            all.Add(o);
        }
        bool respondersKnown = all.Exists(o => o.ResponderId is not null);
        var rule = new Rule(scheme, options, respondersKnown);

        var overall = rule.Cells(all.Count == 0 ? [] : [("all", all)])
            is [var only] ? only : rule.Empty("all");
        var byBoard = all.Exists(o => o.Board is not null)
            ? rule.Cells(all.GroupBy(o => o.Board ?? NoValue, StringComparer.Ordinal).OrderBy(g => g.Key == NoValue).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.ToList())))
            : [];
        var byWeek = all.Exists(o => o.PostedAt is not null)
            ? rule.Cells(all.GroupBy(o => o.PostedAt is { } t ? Week(t) : NoValue, StringComparer.Ordinal).OrderBy(g => g.Key == NoValue).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.ToList())))
            : [];
        var byRole = all.Exists(o => o.Role != AuthorRole.Unknown)
            ? rule.Cells(all.GroupBy(o => o.Role).OrderBy(g => g.Key == AuthorRole.Unknown).ThenBy(g => g.Key).Select(g => (g.Key.ToString().ToLowerInvariant(), g.ToList())))
            : [];
        return new ResponseHealthReport(scheme, options, respondersKnown, overall, byBoard, byWeek, byRole);
    }

    /// <summary>The ISO 8601 week of a time in UTC, such as <c>2024-W03</c> (the year is the week's, which differs from
    /// the calendar year around New Year).</summary>
    /// <param name="time">The time.</param>
    public static string Week(DateTimeOffset time)
    {
        var day = time.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day):0000}-W{ISOWeek.GetWeekOfYear(day):00}");
    }

    private sealed class Rule(ResponseScheme scheme, ResponseHealthOptions options, bool respondersKnown)
    {
        private const string Complementary = "suppressed with the small cells, so that they cannot be worked out from the totals";

        public ResponseHealthCell Empty(string key) => new() { Key = key, SuppressedBecause = string.Create(CultureInfo.InvariantCulture, $"fewer than {options.MinReplies} replies") };

        /// <summary>The cells of one dimension, with primary suppression and then complementary suppression.</summary>
        public List<ResponseHealthCell> Cells(IEnumerable<(string Key, List<ResponseHealthObservation> Replies)> groups)
        {
            var list = groups.ToList();
            var reasons = list.Select(g => Small(g.Replies)).ToArray();
            if (Array.Exists(reasons, r => r is not null))
            {
                // Suppress the smallest shown cells until the suppressed ones together pass both thresholds (or all are suppressed).
                var order = Enumerable.Range(0, list.Count).OrderBy(i => list[i].Replies.Count).ThenBy(i => list[i].Key, StringComparer.Ordinal).ToList();
                while (Small(list.Where((_, i) => reasons[i] is not null).SelectMany(g => g.Replies).ToList()) is not null
                    && order.FirstOrDefault(i => reasons[i] is null, -1) is var next and >= 0)
                {
                    reasons[next] = Complementary;
                }
            }
            return [.. list.Select((g, i) => reasons[i] is { } why ? new ResponseHealthCell { Key = g.Key, SuppressedBecause = why } : Shown(g.Key, g.Replies))];
        }

        /// <summary>Why a set of replies is too small to show, or null.</summary>
        private string? Small(List<ResponseHealthObservation> replies)
        {
            if (replies.Count < options.MinReplies)
                return string.Create(CultureInfo.InvariantCulture, $"fewer than {options.MinReplies} replies");
            if (respondersKnown && replies.Where(r => r.ResponderId is not null).Select(r => r.ResponderId).Distinct(StringComparer.Ordinal).Count() < options.MinResponders)
                return string.Create(CultureInfo.InvariantCulture, $"fewer than {options.MinResponders} distinct responders");
            return null;
        }

        private ResponseHealthCell Shown(string key, List<ResponseHealthObservation> replies)
        {
            var shares = new MechanismShare[scheme.Count];
            for (int m = 0; m < shares.Length; m++)
            {
                var levels = scheme.Mechanisms[m].Levels;
                int highest = levels.Count - 1, showing = 0, atHighest = 0;
                foreach (var r in replies)
                {
                    if (r.Levels[m] > 0)
                        showing++;
                    if (r.Levels[m] == highest)
                        atHighest++;
                }
                shares[m] = new MechanismShare(scheme.Mechanisms[m].Name, showing, (double)showing / replies.Count, levels.NameOf(highest), atHighest, (double)atHighest / replies.Count);
            }
            return new ResponseHealthCell { Key = key, Replies = replies.Count, Mechanisms = shares };
        }
    }
}
