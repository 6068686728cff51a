namespace PeerTriage.Moderation;

/// <summary>
/// Judges whether a community reply to a post shows empathy, for the underserved rule
/// (<see cref="ModerationOptions.KeepUnderserved"/>). The library's response-assessment model is adapted to it; tests
/// and forums may supply their own.
/// </summary>
/// <remarks>
/// <para>
/// Implementations must be thread-safe: the queue calls them from every thread that applies events, at the same time.
/// They must not log, store or send the text they are given; the queue keeps only the answer (a yes or no per reply).
/// </para>
/// <para>
/// An exception is not fatal: the queue records the reply as not assessed, counts it as answering the post (as a reply
/// without text does) and counts the failure in <see cref="ModerationQueue.EmpathyAssessmentFailures"/>.
/// </para>
/// </remarks>
public interface IReplyEmpathyAssessor
{
    /// <summary>
    /// Whether <paramref name="reply"/> shows at least one empathy mechanism (emotional reactions, interpretations or
    /// explorations) at a level above "none" in response to <paramref name="post"/>.
    /// </summary>
    /// <param name="post">The seeker's post, with its text as stored (the latest edit applied).</param>
    /// <param name="reply">The reply, with its current text.</param>
    /// <returns>True when the reply shows empathy; false when it scores "none" on every mechanism.</returns>
    bool ShowsEmpathy(ForumMessage post, ForumMessage reply);
}
