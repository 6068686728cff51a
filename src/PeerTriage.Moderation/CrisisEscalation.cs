namespace PeerTriage.Moderation;

/// <summary>A crisis handed to the forum's own protocol by <see cref="ModerationOptions.OnCrisis"/>.</summary>
/// <param name="MessageId">The message id; use it to make the handler idempotent (see <see cref="ModerationQueue"/>).</param>
/// <param name="Level">The level's name (the scheme's highest).</param>
/// <param name="Source">What put the message at that level.</param>
/// <param name="EscalatedAt">The time of the event that made it a crisis (UTC).</param>
/// <param name="Message">The message as stored (text, author, thread).</param>
public sealed record CrisisEscalation(string MessageId, string Level, LevelSource Source, DateTimeOffset EscalatedAt, ForumMessage Message);
