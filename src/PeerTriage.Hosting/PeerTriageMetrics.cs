namespace PeerTriage.Hosting;

/// <summary>
/// The <see cref="System.Diagnostics.Metrics"/> instruments PeerTriage records, on the meter <see cref="MeterName"/>
/// (export them with OpenTelemetry's <c>AddMeter("PeerTriage")</c>). Tags carry level names only, never text or ids.
/// </summary>
public static class PeerTriageMetrics
{
    /// <summary>The meter's name: <c>PeerTriage</c>.</summary>
    public const string MeterName = "PeerTriage";

    /// <summary>Counter of messages triaged, tagged <c>level</c>.</summary>
    public const string MessagesTriaged = "peertriage.messages.triaged";

    /// <summary>Histogram of the time to triage one message, in milliseconds.</summary>
    public const string TriageDuration = "peertriage.triage.duration";

    /// <summary>Observable gauge of the to-do list's length, tagged <c>level</c>.</summary>
    public const string ToDoLength = "peertriage.todo.length";

    /// <summary>Histogram of the time from a message's post to its first moderator reply, in seconds, tagged <c>level</c>.</summary>
    public const string TimeToFirstModeratorReply = "peertriage.moderation.first_reply.duration";
}
