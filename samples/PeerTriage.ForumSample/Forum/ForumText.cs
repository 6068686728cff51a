using System.Globalization;
using PeerTriage.Moderation;

namespace PeerTriage.ForumSample.Forum;

/// <summary>Small text helpers for the pages and the JSON API.</summary>
public static class ForumText
{
    /// <summary>A duration for people: <c>45 s</c>, <c>12 min</c>, <c>3 h 5 min</c>, <c>2 d 4 h</c>.</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The text.</returns>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.Zero)
            duration = TimeSpan.Zero;
        if (duration.TotalMinutes < 1)
            return string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalSeconds} s");
        if (duration.TotalHours < 1)
            return string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes} min");
        if (duration.TotalDays < 1)
            return duration.Minutes == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours} h")
                : string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours} h {duration.Minutes} min");
        return string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalDays} d {duration.Hours} h");
    }

    /// <summary>Where a level came from, as the widget says it.</summary>
    /// <param name="source">The source.</param>
    /// <returns><c>model</c>, <c>flag</c> or <c>correction</c>.</returns>
    public static string Source(LevelSource source) => source switch
    {
        LevelSource.Flag => "flag",
        LevelSource.Correction => "correction",
        _ => "model",
    };

    /// <summary>Why a message is on the to-do list, as the sidebar says it.</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The text.</returns>
    public static string Reason(AttentionReason? reason) => reason switch
    {
        AttentionReason.Urgent => "urgent",
        AttentionReason.Flagged => "flagged by the community",
        AttentionReason.Unanswered => "no community reply",
        AttentionReason.Underserved => "replies showed no empathy",
        _ => "",
    };

    /// <summary>The first characters of a post, on one line, for the sidebar.</summary>
    /// <param name="body">The post.</param>
    /// <param name="length">At most this many characters.</param>
    /// <returns>The excerpt.</returns>
    public static string Excerpt(string body, int length = 140)
    {
        var line = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= length ? line : string.Concat(line.AsSpan(0, length - 1), "…");
    }
}
