namespace PeerTriage.Analytics.Responsiveness;

/// <summary>What went into a study run.</summary>
/// <param name="Messages">All messages given.</param>
/// <param name="PeerMessages">Peers' messages: the ones studied.</param>
/// <param name="ModeratorMessages">Messages by moderators and staff.</param>
/// <param name="OtherMessages">Messages of unknown role, which count nowhere.</param>
/// <param name="ModeratorReplies">Moderators' and staff members' replies that answer a peer's message (directly, or
/// deeper with <see cref="ResponsivenessOptions.CountDeeperReplies"/>), posted no earlier than it.</param>
/// <param name="RepliesToUnseenMessages">Messages whose parent is not among the messages given (kept as messages; they answer nothing).</param>
/// <param name="First">The earliest posting time, or null when there are no messages.</param>
/// <param name="Last">The latest posting time, or null.</param>
/// <param name="CountDeeperReplies">Whether replies deeper in the reply tree counted as responses.</param>
/// <param name="LatencyUnit">The unit of every latency: <c>minutes</c>.</param>
/// <param name="WeekDefinition">How weeks are counted: ISO 8601 weeks (Monday to Sunday, UTC).</param>
/// <param name="Percentiles">How medians and quartiles are computed.</param>
public sealed record StudyInputs(int Messages, int PeerMessages, int ModeratorMessages, int OtherMessages, int ModeratorReplies,
    int RepliesToUnseenMessages, DateTimeOffset? First, DateTimeOffset? Last, bool CountDeeperReplies, string LatencyUnit, string WeekDefinition,
    string Percentiles);

/// <summary>A period of the study.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Start">Its first instant (inclusive), or null for the first period.</param>
/// <param name="End">The instant after it (exclusive), or null for the last period.</param>
public sealed record StudyPeriod(string Name, DateTimeOffset? Start, DateTimeOffset? End);

/// <summary>Table 2: how many peers' messages a level had in a period.</summary>
/// <param name="Level">The level.</param>
/// <param name="Period">The period.</param>
/// <param name="Count">The messages.</param>
/// <param name="Percent">Their share of the period's peers' messages, in percent; null when the period has none.</param>
public sealed record VolumeCell(string Level, string Period, int Count, double? Percent);

/// <summary>Table 3: the response ratio of a level in a period.</summary>
/// <param name="Level">The level.</param>
/// <param name="Period">The period.</param>
/// <param name="Messages">Peers' messages.</param>
/// <param name="Responded">Those with at least one moderator reply.</param>
/// <param name="Ratio">Responded / Messages, between 0 and 1; null when there are no messages.</param>
public sealed record ResponseRatioCell(string Level, string Period, int Messages, int Responded, double? Ratio);

/// <summary>Table 4: the latency (time to the first moderator reply) of a level's responded messages in a period, in minutes.</summary>
/// <param name="Level">The level.</param>
/// <param name="Period">The period.</param>
/// <param name="Responded">Responded messages (the sample).</param>
/// <param name="Median">The median; null without responded messages.</param>
/// <param name="Q1">The first quartile; null without responded messages.</param>
/// <param name="Q3">The third quartile; null without responded messages.</param>
/// <param name="Iqr">Q3 − Q1; null without responded messages.</param>
public sealed record LatencyCell(string Level, string Period, int Responded, double? Median, double? Q1, double? Q3, double? Iqr);

/// <summary>Table 4's changes: how a level's latency median and IQR changed from one period to another.</summary>
/// <param name="Level">The level.</param>
/// <param name="From">The earlier period.</param>
/// <param name="To">The later period.</param>
/// <param name="MedianPercentChange">100 × (to − from) / from for the median; null when either is missing or from is 0.</param>
/// <param name="IqrPercentChange">The same for the IQR.</param>
public sealed record LatencyChange(string Level, string From, string To, double? MedianPercentChange, double? IqrPercentChange);

/// <summary>Figure 1: peers' messages of one ISO week, per level.</summary>
/// <param name="WeekStart">The week's Monday (UTC).</param>
/// <param name="IsoWeek">The ISO week, such as <c>2016-W32</c>.</param>
/// <param name="Counts">Messages per level, in the scheme's order.</param>
public sealed record WeekCount(DateOnly WeekStart, string IsoWeek, IReadOnlyList<int> Counts);

/// <summary>The size of one level's regression inputs.</summary>
/// <param name="Level">The level.</param>
/// <param name="LogisticRows">Rows of the logistic regression (the level's peers' messages).</param>
/// <param name="LinearRows">Rows of the linear regression (its responded messages).</param>
/// <param name="Predictors">The predictor names, shared by both.</param>
public sealed record RegressionInputSummary(string Level, int LogisticRows, int LinearRows, IReadOnlyList<string> Predictors);
