namespace PeerTriage.Analytics.Simulation;

/// <summary>
/// The forum <see cref="ForumSimulator"/> generates. Every default is documented on its property; level-indexed lists
/// follow <see cref="Scheme"/>'s order (green, amber, red, crisis by default). All times are UTC.
/// </summary>
public sealed record SimulationOptions
{
    /// <summary>The default forum.</summary>
    public static SimulationOptions Default { get; } = new();

    /// <summary>The random seed; the same options give the same forum, message for message. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The first instant of the forum. Default 2016-05-01T00:00Z.</summary>
    public DateTimeOffset Start { get; init; } = new(2016, 5, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The instant the forum ends (exclusive; replies that would come later are never posted). Default 2017-03-01T00:00Z.</summary>
    public DateTimeOffset End { get; init; } = new(2017, 3, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Peers' messages per day on average. Default 60.</summary>
    public double PeerMessagesPerDay { get; init; } = 60;

    /// <summary>
    /// Relative arrival rates of peers' messages by UTC hour of day (24 non-negative weights, not all zero). Default: a
    /// quiet night (0.2 at 04:00), a rise through the day and an evening peak (2.0 at 21:00).
    /// </summary>
    public IReadOnlyList<double> HourlyWeights { get; init; } =
        [0.8, 0.5, 0.3, 0.25, 0.2, 0.25, 0.4, 0.6, 0.8, 0.9, 1.0, 1.0, 1.1, 1.1, 1.1, 1.2, 1.3, 1.4, 1.6, 1.8, 1.9, 2.0, 1.7, 1.2];

    /// <summary>The levels. Default <see cref="PriorityScheme.Default"/>.</summary>
    public PriorityScheme Scheme { get; init; } = PriorityScheme.Default;

    /// <summary>The share of peers' messages at each level (weights, normalised). Default 0.55, 0.30, 0.12, 0.03.</summary>
    public IReadOnlyList<double> LevelMix { get; init; } = [0.55, 0.30, 0.12, 0.03];

    /// <summary>Before any effect, the probability that a moderator replies to a peer's message of each level. Default 0.2, 0.5, 0.7, 0.95.</summary>
    public IReadOnlyList<double> ResponseProbability { get; init; } = [0.2, 0.5, 0.7, 0.95];

    /// <summary>Before any effect, the median minutes to the first moderator reply per level. Default 600, 300, 180, 60.</summary>
    public IReadOnlyList<double> MedianLatencyMinutes { get; init; } = [600, 300, 180, 60];

    /// <summary>The spread of latencies: the σ of the log-normal latency (natural log). Default 0.8.</summary>
    public double LatencySigma { get; init; } = 0.8;

    /// <summary>
    /// The UTC hour moderators come on duty (0–23). A reply that would fall outside their shift is posted when the next
    /// shift starts, within its first 30 minutes. Default 8. Equal to <see cref="DutyEndHour"/> means always on duty.
    /// </summary>
    public int DutyStartHour { get; init; } = 8;

    /// <summary>The UTC hour moderators go off duty (0–23; before the start hour for a shift past midnight). Default 23.</summary>
    public int DutyEndHour { get; init; } = 23;

    /// <summary>How many moderators share the replies. Default 5.</summary>
    public int Moderators { get; init; } = 5;

    /// <summary>How many peers post; a few post much more than most. Default 1500.</summary>
    public int Peers { get; init; } = 1500;

    /// <summary>
    /// The share of peers' messages whose author is the author of one of the 3 latest peers' messages (someone carrying
    /// on a conversation), so an hour's messages and unique authors differ as on a real forum; otherwise the activity
    /// variables' message and author counts would be the same column. Between 0 and 1. Default 0.2.
    /// </summary>
    public double RepeatAuthorShare { get; init; } = 0.2;

    /// <summary>The share of peers' messages that reply to one of the 100 latest peers' messages (the rest start threads). Default 0.6.</summary>
    public double PeerReplyShare { get; init; } = 0.6;

    /// <summary>When triage launches: <see cref="LaunchEffects"/> apply to messages posted from then on. Default 2016-08-05T00:00Z.</summary>
    public DateTimeOffset LaunchDate { get; init; } = new(2016, 8, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The effects of the launch. Default: red replied to 1.2 × as often, 0.2 × the latency; crisis 0.5 × the latency.</summary>
    public IReadOnlyList<LevelEffect> LaunchEffects { get; init; } = [new("red", ResponseFactor: 1.2, LatencyFactor: 0.2), new("crisis", LatencyFactor: 0.5)];

    /// <summary>When moderators were trained: <see cref="TrainingEffects"/> apply from then on, on top of the launch's. Default 2016-11-27T00:00Z.</summary>
    public DateTimeOffset TrainingDate { get; init; } = new(2016, 11, 27, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The further effects of training. Default: amber replied to 1.2 × as often, 0.7 × the latency.</summary>
    public IReadOnlyList<LevelEffect> TrainingEffects { get; init; } = [new("amber", ResponseFactor: 1.2, LatencyFactor: 0.7)];
}
