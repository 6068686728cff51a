using System.Globalization;
using PeerTriage.Analytics.Statistics;

namespace PeerTriage.Analytics.Responsiveness;

/// <summary>
/// Reproduces the data side of the deployment study (Milne, McCabe &amp; Calvo, JMIR 2019) on any forum: message volume,
/// response ratio and response latency of peers' messages per level and period, weekly counts, and the inputs of the
/// per-level regressions (period and forum activity as predictors).
/// </summary>
/// <remarks>
/// <para><b>Who counts.</b> Only peers' messages are studied. A response is a reply by a moderator or a staff member
/// whose parent is the message (deeper replies too with <see cref="ResponsivenessOptions.CountDeeperReplies"/>),
/// posted no earlier than the message. The response ratio is the share of messages with at least one response; the
/// latency is the time from posting to the first response, in minutes. Messages near the end of the data have had less
/// time to be answered; nothing corrects for that, so end the data well after the last period of interest.</para>
/// <para><b>Periods.</b> A message belongs to the period whose start it is at or after (<see cref="ResponsivenessOptions.Boundaries"/>).</para>
/// <para><b>Weeks.</b> ISO 8601 weeks of the UTC date (Monday to Sunday), every week from the first message's to the last's.</para>
/// <para><b>Quartiles.</b> By <see cref="ResponsivenessOptions.Percentiles"/>: SPSS's weighted average (Hyndman–Fan type 6) by default.</para>
/// <para><b>Models.</b> Per level, the logistic regression of response and the linear regression of ln(latency in
/// minutes) on the period dummies and the 20 activity variables, the KS normality test of latency before and after the
/// log, and the planned comparisons of every pair of periods at <see cref="ResponsivenessOptions.Alpha"/>. A model that
/// cannot be fitted (separation, collinearity, too few rows) keeps its error message in <see cref="LevelModels"/>.</para>
/// <para><b>Cost.</b> O(n log n): one sort, then binary searches for the activity windows; 100,000 messages take well
/// under a second of the run.</para>
/// </remarks>
public static class ResponsivenessStudy
{
    /// <summary>Runs the study.</summary>
    /// <param name="posts">Every message of the forum (all roles: moderators' messages are the responses and the moderator
    /// activity). Every peer's message needs a level of the scheme (read from the export, or from
    /// <see cref="RetroactiveLevels"/>).</param>
    /// <param name="options">Periods, scheme and progress; null for <see cref="ResponsivenessOptions.Default"/>.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The tables and the regression inputs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="posts"/> or a post is null.</exception>
    /// <exception cref="ArgumentException">Two posts share an id; a peer's message has no level or one not in the scheme;
    /// the options are inconsistent (the message names the option).</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static ResponsivenessResult Run(IReadOnlyList<ForumPost> posts, ResponsivenessOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        options ??= ResponsivenessOptions.Default;
        string[] periodNames = options.ResolvePeriodNames();
        var scheme = options.Scheme;
        var progress = options.Progress;
        int n = posts.Count;
        int levelCount = scheme.Count, periodCount = periodNames.Length;

        // Sort once by time; equal times keep input order.
        progress?.Report(new StudyProgress("sorting", 0, n));
        var keys = new (long Ticks, int Index)[n];
        for (int i = 0; i < n; i++)
        {
            var p = posts[i] ?? throw new ArgumentNullException(nameof(posts), $"The post at position {i} is null.");
            keys[i] = (p.PostedAt.UtcTicks, i);
        }
        Array.Sort(keys);
        var sorted = new ForumPost[n];
        for (int i = 0; i < n; i++)
            sorted[i] = posts[keys[i].Index];
        progress?.Report(new StudyProgress("sorting", n, n));

        // Ids, levels, periods, authors.
        var byId = new Dictionary<string, int>(n, StringComparer.Ordinal);
        var level = new int[n];
        var period = new int[n];
        var author = new int[n];
        var authors = new Dictionary<string, int>(StringComparer.Ordinal);
        int peers = 0, moderators = 0, others = 0;
        for (int i = 0; i < n; i++)
        {
            var p = sorted[i];
            if (!byId.TryAdd(p.Id, i))
                throw new ArgumentException($"Two posts have the id '{p.Id}'{Where(p)}; ids must be unique.", nameof(posts));
            level[i] = -1;
            if (p.Role == AuthorRole.Peer)
            {
                peers++;
                if (p.Level is null)
                    throw new ArgumentException($"The peer's message '{p.Id}'{Where(p)} has no level; read a level column or assign levels with RetroactiveLevels.", nameof(posts));
                if (!scheme.TryGetIndex(p.Level, out level[i]))
                    throw new ArgumentException($"The peer's message '{p.Id}'{Where(p)} has the level '{p.Level}', which is not a level of the scheme ({scheme.Describe()}).", nameof(posts));
            }
            else if (IsModerator(p.Role))
                moderators++;
            else
                others++;
            period[i] = PeriodOf(p.PostedAt, options.Boundaries);
            if (p.AuthorId is null)
                author[i] = -1;
            else if (!authors.TryGetValue(p.AuthorId, out author[i]))
            {
                author[i] = authors.Count;
                authors.Add(p.AuthorId, author[i]);
            }
        }

        // Responses: the first moderator reply to each peer's message.
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new StudyProgress("responses", 0, n));
        var firstReply = new long[n];
        Array.Fill(firstReply, long.MaxValue);
        int unseen = 0, moderatorReplies = 0;
        for (int i = 0; i < n; i++)
        {
            var p = sorted[i];
            if (p.ParentId is null)
                continue;
            if (!byId.TryGetValue(p.ParentId, out int parent))
            {
                unseen++;
                continue;
            }
            if (!IsModerator(p.Role))
                continue;
            long at = p.PostedAt.UtcTicks;
            bool answered = false;
            // Walk up the reply tree (only one step without deeper replies); the step cap guards against parent cycles.
            for (int step = 0; step < n && parent >= 0; step++)
            {
                if (sorted[parent].Role == AuthorRole.Peer && sorted[parent].PostedAt.UtcTicks <= at)
                {
                    answered = true;
                    if (at < firstReply[parent])
                        firstReply[parent] = at;
                }
                if (!options.CountDeeperReplies || sorted[parent].ParentId is not { } up || !byId.TryGetValue(up, out parent))
                    break;
            }
            if (answered)
                moderatorReplies++;
        }
        progress?.Report(new StudyProgress("responses", n, n));

        // Activity timelines: peers and moderators, in time order.
        var peerTimeline = Timeline(sorted, author, authors.Count, r => r == AuthorRole.Peer);
        var modTimeline = Timeline(sorted, author, authors.Count, IsModerator);
        string[] predictorNames = [.. periodNames.Skip(1).Select(x => "period_" + x), .. ActivityVariables.Names];
        int dummies = periodCount - 1;
        var logisticRows = new List<double[]>[levelCount];
        var logisticOutcome = new List<double>[levelCount];
        var linearRows = new List<double[]>[levelCount];
        var linearOutcome = new List<double>[levelCount];
        var latencies = new List<double>[levelCount, periodCount];
        var volume = new int[levelCount, periodCount];
        var responded = new int[levelCount, periodCount];
        for (int l = 0; l < levelCount; l++)
        {
            logisticRows[l] = [];
            logisticOutcome[l] = [];
            linearRows[l] = [];
            linearOutcome[l] = [];
            for (int q = 0; q < periodCount; q++)
                latencies[l, q] = [];
        }
        progress?.Report(new StudyProgress("activity", 0, peers));
        int done = 0;
        for (int i = 0; i < n; i++)
        {
            if (level[i] < 0)
                continue;
            int l = level[i], q = period[i];
            long at = sorted[i].PostedAt.UtcTicks;
            var row = new double[predictorNames.Length];
            if (q > 0)
                row[q - 1] = 1;
            var activity = row.AsSpan(dummies);
            peerTimeline.Count(at, activity[..5], activity[5..10]);
            modTimeline.Count(at, activity[10..15], activity[15..20]);
            volume[l, q]++;
            bool answered = firstReply[i] != long.MaxValue;
            logisticRows[l].Add(row);
            logisticOutcome[l].Add(answered ? 1 : 0);
            if (answered)
            {
                responded[l, q]++;
                double minutes = (firstReply[i] - at) / (double)TimeSpan.TicksPerMinute;
                latencies[l, q].Add(minutes);
                linearRows[l].Add(row);
                // ln of minutes; a reply within the same second is taken as one second so the log stays finite.
                linearOutcome[l].Add(Math.Log(Math.Max(minutes, 1.0 / 60)));
            }
            if (++done % 10_000 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new StudyProgress("activity", done, peers));
            }
        }
        progress?.Report(new StudyProgress("activity", peers, peers));

        // Tables.
        progress?.Report(new StudyProgress("tables", 0, 1));
        var levels = scheme.Levels.ToArray();
        var periods = new StudyPeriod[periodCount];
        for (int q = 0; q < periodCount; q++)
        {
            periods[q] = new StudyPeriod(periodNames[q], q == 0 ? null : options.Boundaries[q - 1],
                q == periodCount - 1 ? null : options.Boundaries[q]);
        }
        var periodTotals = new int[periodCount];
        for (int l = 0; l < levelCount; l++)
        {
            for (int q = 0; q < periodCount; q++)
                periodTotals[q] += volume[l, q];
        }
        var volumeCells = new List<VolumeCell>();
        var ratioCells = new List<ResponseRatioCell>();
        var latencyCells = new List<LatencyCell>();
        var changes = new List<LatencyChange>();
        var samples = new double[levelCount][][];
        for (int l = 0; l < levelCount; l++)
        {
            samples[l] = new double[periodCount][];
            for (int q = 0; q < periodCount; q++)
            {
                int count = volume[l, q];
                volumeCells.Add(new VolumeCell(levels[l], periodNames[q], count, periodTotals[q] == 0 ? null : 100.0 * count / periodTotals[q]));
                ratioCells.Add(new ResponseRatioCell(levels[l], periodNames[q], count, responded[l, q], count == 0 ? null : (double)responded[l, q] / count));
                double[] x = [.. latencies[l, q]];
                Array.Sort(x);
                samples[l][q] = x;
                if (x.Length == 0)
                    latencyCells.Add(new LatencyCell(levels[l], periodNames[q], 0, null, null, null, null));
                else
                {
                    double q1 = Descriptives.PercentileOfSorted(x, 0.25, options.Percentiles), q3 = Descriptives.PercentileOfSorted(x, 0.75, options.Percentiles);
                    latencyCells.Add(new LatencyCell(levels[l], periodNames[q], x.Length, Descriptives.PercentileOfSorted(x, 0.5, options.Percentiles), q1, q3, q3 - q1));
                }
            }
            var cells = latencyCells.GetRange(latencyCells.Count - periodCount, periodCount);
            for (int q = 1; q < periodCount; q++)
                changes.Add(Change(cells[q - 1], cells[q]));
            if (periodCount > 2)
                changes.Add(Change(cells[0], cells[^1]));
        }
        var weeks = Weekly(sorted, level, levelCount);
        progress?.Report(new StudyProgress("tables", 1, 1));

        progress?.Report(new StudyProgress("regression inputs", 0, levelCount));
        var logistic = new RegressionInput[levelCount];
        var linear = new RegressionInput[levelCount];
        for (int l = 0; l < levelCount; l++)
        {
            logistic[l] = new RegressionInput(levels[l], RegressionKind.Logistic, "responded", periodNames[0], predictorNames, [.. logisticRows[l]], [.. logisticOutcome[l]]);
            linear[l] = new RegressionInput(levels[l], RegressionKind.Linear, "ln_latency_minutes", periodNames[0], predictorNames, [.. linearRows[l]], [.. linearOutcome[l]]);
        }
        progress?.Report(new StudyProgress("regression inputs", levelCount, levelCount));

        var models = new List<LevelModels>();
        var comparisons = new List<PeriodComparison>();
        if (options.FitModels)
        {
            progress?.Report(new StudyProgress("models", 0, levelCount));
            for (int l = 0; l < levelCount; l++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                models.Add(StudyModels.Fit(logistic[l], linear[l], samples[l]));
                for (int a = 0; a < periodCount; a++)
                {
                    for (int b = a + 1; b < periodCount; b++)
                    {
                        comparisons.Add(StudyModels.Compare(levels[l], periodNames[a], periodNames[b], ratioCells[(l * periodCount) + a],
                            ratioCells[(l * periodCount) + b], samples[l][a], samples[l][b], options.Alpha));
                    }
                }
                progress?.Report(new StudyProgress("models", l + 1, levelCount));
            }
        }

        var inputs = new StudyInputs(n, peers, moderators, others, moderatorReplies, unseen, n == 0 ? null : sorted[0].PostedAt,
            n == 0 ? null : sorted[^1].PostedAt, options.CountDeeperReplies, "minutes", "ISO 8601 weeks (Monday to Sunday), UTC",
            PercentileText(options.Percentiles));
        return new ResponsivenessResult(inputs, levels, periods, [.. volumeCells], [.. ratioCells], [.. latencyCells], [.. changes], weeks, logistic, linear, samples,
            [.. models], [.. comparisons], options.Alpha, options.Percentiles);
    }

    private static string PercentileText(PercentileDefinition definition) => definition switch
    {
        PercentileDefinition.Linear => "linear interpolation at (n - 1)p + 1 (Hyndman-Fan type 7; R and NumPy default)",
        _ => "weighted average at (n + 1)p (Hyndman-Fan type 6; SPSS default)",
    };

    private static bool IsModerator(AuthorRole role) => role is AuthorRole.Moderator or AuthorRole.Staff;

    private static string Where(ForumPost p) => p.Line > 0 ? string.Create(CultureInfo.InvariantCulture, $" (line {p.Line})") : "";

    /// <summary>The number of boundaries at or before <paramref name="at"/>.</summary>
    private static int PeriodOf(DateTimeOffset at, IReadOnlyList<DateTimeOffset> boundaries)
    {
        int q = 0;
        while (q < boundaries.Count && boundaries[q] <= at)
            q++;
        return q;
    }

    private static ActivityVariables.Timeline Timeline(ForumPost[] sorted, int[] author, int authorCount, Func<AuthorRole, bool> include)
    {
        var ticks = new List<long>();
        var authors = new List<int>();
        for (int i = 0; i < sorted.Length; i++)
        {
            if (!include(sorted[i].Role))
                continue;
            ticks.Add(sorted[i].PostedAt.UtcTicks);
            authors.Add(author[i]);
        }
        return new ActivityVariables.Timeline([.. ticks], [.. authors], authorCount);
    }

    private static LatencyChange Change(LatencyCell from, LatencyCell to) =>
        new(from.Level, from.Period, to.Period, PercentChange(from.Median, to.Median), PercentChange(from.Iqr, to.Iqr));

    private static double? PercentChange(double? from, double? to) =>
        from is { } a && to is { } b && a != 0 ? 100.0 * (b - a) / a : null;

    private static WeekCount[] Weekly(ForumPost[] sorted, int[] level, int levelCount)
    {
        if (sorted.Length == 0)
            return [];
        var first = Monday(sorted[0].PostedAt);
        var last = Monday(sorted[^1].PostedAt);
        int weekCount = ((last.DayNumber - first.DayNumber) / 7) + 1;
        var counts = new int[weekCount][];
        for (int w = 0; w < weekCount; w++)
            counts[w] = new int[levelCount];
        for (int i = 0; i < sorted.Length; i++)
        {
            if (level[i] >= 0)
                counts[(Monday(sorted[i].PostedAt).DayNumber - first.DayNumber) / 7][level[i]]++;
        }
        var weeks = new WeekCount[weekCount];
        for (int w = 0; w < weekCount; w++)
        {
            var monday = first.AddDays(7 * w);
            var date = monday.ToDateTime(TimeOnly.MinValue);
            string iso = string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}");
            weeks[w] = new WeekCount(monday, iso, Array.AsReadOnly(counts[w]));
        }
        return weeks;
    }

    private static DateOnly Monday(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        int sinceMonday = ((int)day.DayOfWeek + 6) % 7;
        return day.AddDays(-sinceMonday);
    }
}
