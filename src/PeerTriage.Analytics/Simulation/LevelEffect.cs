namespace PeerTriage.Analytics.Simulation;

/// <summary>A planted effect on moderators' behaviour for one level, from a date on (see <see cref="SimulationOptions"/>).</summary>
/// <param name="Level">The level's name.</param>
/// <param name="ResponseFactor">Multiplies the probability that a moderator replies (capped at 1). 1 = no change.</param>
/// <param name="LatencyFactor">Multiplies the median latency of the first moderator reply. 1 = no change.</param>
public sealed record LevelEffect(string Level, double ResponseFactor = 1, double LatencyFactor = 1);
