using System.Globalization;
using System.Text;
using System.Text.Json;
using PeerTriage.Data;

namespace PeerTriage.Moderation;

/// <summary>
/// Reads and writes moderation events as JSON Lines: one JSON object per line, blank lines ignored. Every object has
/// <c>type</c>, <c>event_id</c> and <c>at</c> (ISO 8601; a time without an offset is UTC); the other properties depend
/// on the type. Optional properties may be absent or null.
/// </summary>
/// <remarks>
/// <code>
/// {"type":"posted","event_id":"e1","at":"2026-03-02T08:00:00Z","message":{"id":"m1","thread_id":"t1","parent_id":null,"author_id":"u1","author_role":"peer","board":"general","subject":"hi","body":"text","posted_at":null}}
/// {"type":"reply","event_id":"e2","at":"...","message_id":"m1","role":"moderator","author_id":"mod_a","reply_id":"m7"}
/// {"type":"edited","event_id":"e3","at":"...","message_id":"m1","body":"new text","subject":null}
/// {"type":"deleted","event_id":"e4","at":"...","message_id":"m1"}
/// {"type":"resolved","event_id":"e5","at":"...","message_id":"m1","moderator_id":"mod_a"}
/// {"type":"flagged","event_id":"e6","at":"...","message_id":"m1","flagger_id":"u9","reason":"worried about them"}
/// {"type":"corrected","event_id":"e7","at":"...","message_id":"m1","level":"red","moderator_id":"mod_a"}
/// </code>
/// <para>
/// In <c>posted</c>, <c>message.id</c> and <c>message.body</c> are required; <c>message.posted_at</c> defaults to
/// <c>at</c>; <c>author_role</c> is <c>peer</c>, <c>moderator</c>, <c>staff</c> or absent (unknown). In <c>reply</c>,
/// <c>role</c> is required.
/// </para>
/// </remarks>
public static class ModerationEventJson
{
    /// <summary>Reads events from a JSON Lines file, lazily.</summary>
    /// <exception cref="DataFormatException">A line is not a valid event; the exception names the file and line.</exception>
    public static IEnumerable<ModerationEvent> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ReadFile(path, null);
    }

    /// <summary>Reads events from JSON Lines text, lazily.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="sourceName">A file name for error messages. Optional.</param>
    /// <exception cref="DataFormatException">A line is not a valid event; the exception names the source and line.</exception>
    public static IEnumerable<ModerationEvent> Read(TextReader reader, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadLines(reader, sourceName ?? "(events)", null);
    }

    /// <summary>
    /// Reads events from a JSON Lines file, lazily; with <see cref="DatasetReadOptions.OnBadRow"/> set, a line that is not
    /// a valid event is handed to it and skipped, and reading goes on.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="options">Null or no <see cref="DatasetReadOptions.OnBadRow"/>: the first bad line throws.</param>
    /// <exception cref="DataFormatException">A line is not a valid event and there is no handler; the exception names the file and line.</exception>
    public static IEnumerable<ModerationEvent> Read(string path, DatasetReadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ReadFile(path, options?.OnBadRow);
    }

    /// <summary>
    /// Reads events from JSON Lines text, lazily; with <see cref="DatasetReadOptions.OnBadRow"/> set, a line that is not
    /// a valid event is handed to it and skipped, and reading goes on.
    /// </summary>
    /// <param name="reader">The text.</param>
    /// <param name="sourceName">A file name for error messages; null for <c>(events)</c>.</param>
    /// <param name="options">Null or no <see cref="DatasetReadOptions.OnBadRow"/>: the first bad line throws.</param>
    /// <exception cref="DataFormatException">A line is not a valid event and there is no handler; the exception names the source and line.</exception>
    public static IEnumerable<ModerationEvent> Read(TextReader reader, string? sourceName, DatasetReadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return ReadLines(reader, sourceName ?? "(events)", options?.OnBadRow);
    }

    /// <summary>Parses one event from a JSON object.</summary>
    /// <exception cref="FormatException">The JSON is not a valid event; the message says which property is wrong.</exception>
    public static ModerationEvent Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            return FromElement(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException(Shared.JsonErrorText.Describe(json, e), e);
        }
    }

    /// <summary>Writes one event per line.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(TextWriter writer, IEnumerable<ModerationEvent> events)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            writer.Write(ToJson(e));
            writer.Write('\n');
        }
    }

    /// <summary>Formats one event as a single-line JSON object.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="moderationEvent"/> is null.</exception>
    public static string ToJson(ModerationEvent moderationEvent)
    {
        ArgumentNullException.ThrowIfNull(moderationEvent);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", TypeName(moderationEvent.Kind));
            w.WriteString("event_id", moderationEvent.EventId);
            w.WriteString("at", moderationEvent.OccurredAt.ToString("O", CultureInfo.InvariantCulture));
            switch (moderationEvent)
            {
                case MessagePosted p:
                    var m = p.Message;
                    w.WriteStartObject("message");
                    w.WriteString("id", m.Id);
                    Optional(w, "thread_id", m.ThreadId);
                    Optional(w, "parent_id", m.ParentId);
                    Optional(w, "author_id", m.AuthorId);
                    Optional(w, "author_role", m.AuthorRole == AuthorRole.Unknown ? null : m.AuthorRole.ToString().ToLowerInvariant());
                    Optional(w, "board", m.Board);
                    Optional(w, "posted_at", m.PostedAt?.ToString("O", CultureInfo.InvariantCulture));
                    Optional(w, "subject", m.Subject);
                    w.WriteString("body", m.Body);
                    w.WriteEndObject();
                    break;
                case ReplyPosted r:
                    w.WriteString("message_id", r.MessageId);
                    w.WriteString("role", r.ReplierRole.ToString().ToLowerInvariant());
                    Optional(w, "author_id", r.ReplierId);
                    Optional(w, "reply_id", r.ReplyId);
                    break;
                case MessageEdited ed:
                    w.WriteString("message_id", ed.MessageId);
                    w.WriteString("body", ed.Body);
                    Optional(w, "subject", ed.Subject);
                    break;
                case MessageResolved res:
                    w.WriteString("message_id", res.MessageId);
                    Optional(w, "moderator_id", res.ModeratorId);
                    break;
                case MessageFlagged f:
                    w.WriteString("message_id", f.MessageId);
                    Optional(w, "flagger_id", f.FlaggerId);
                    Optional(w, "reason", f.Reason);
                    break;
                case LevelCorrected c:
                    w.WriteString("message_id", c.MessageId);
                    w.WriteString("level", c.Level);
                    Optional(w, "moderator_id", c.ModeratorId);
                    break;
                default:
                    w.WriteString("message_id", moderationEvent.MessageId);
                    break;
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static IEnumerable<ModerationEvent> ReadFile(string path, Action<DataFormatException>? onBadLine)
    {
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        foreach (var e in ReadLines(reader, path, onBadLine))
            yield return e;
    }

    private static IEnumerable<ModerationEvent> ReadLines(TextReader reader, string source, Action<DataFormatException>? onBadLine)
    {
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            ModerationEvent e;
            try
            {
                e = Parse(text);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                // A reason in a "file:line: reason" list ends without a full stop, like the dataset reader's.
                var error = new DataFormatException(ex.Message.TrimEnd('.'), source, line, ex);
                if (onBadLine is null)
                    throw error;
                onBadLine(error);
                continue;
            }
            yield return e;
        }
    }

    private static ModerationEvent FromElement(JsonElement o)
    {
        if (o.ValueKind != JsonValueKind.Object)
            throw new FormatException($"Expected a JSON object, got {o.ValueKind}.");
        string type = Required(o, "type");
        string id = Required(o, "event_id");
        var at = Time(Required(o, "at"), "at");
        switch (type)
        {
            case "posted":
                if (!o.TryGetProperty("message", out var m) || m.ValueKind != JsonValueKind.Object)
                    throw new FormatException("'posted' needs a 'message' object.");
                string? role = Optional(m, "author_role");
                var authorRole = AuthorRole.Unknown;
                if (role is not null && !AuthorRoles.TryParse(role, out authorRole))
                    throw new FormatException($"'message.author_role' is '{role}'; expected peer, moderator or staff.");
                string? postedAt = Optional(m, "posted_at");
                return new MessagePosted(id, at, new ForumMessage(Required(m, "body", allowEmpty: true))
                {
                    Id = Required(m, "id"),
                    ThreadId = Optional(m, "thread_id"),
                    ParentId = Optional(m, "parent_id"),
                    AuthorId = Optional(m, "author_id"),
                    AuthorRole = authorRole,
                    Board = Optional(m, "board"),
                    Subject = Optional(m, "subject"),
                    PostedAt = postedAt is null ? null : Time(postedAt, "message.posted_at"),
                });
            case "reply":
                string replierRole = Required(o, "role");
                if (!AuthorRoles.TryParse(replierRole, out var parsed))
                    throw new FormatException($"'role' is '{replierRole}'; expected peer, moderator or staff.");
                return new ReplyPosted(id, at, Required(o, "message_id"), parsed) { ReplierId = Optional(o, "author_id"), ReplyId = Optional(o, "reply_id") };
            case "edited":
                return new MessageEdited(id, at, Required(o, "message_id"), Required(o, "body", allowEmpty: true)) { Subject = Optional(o, "subject") };
            case "deleted":
                return new MessageDeleted(id, at, Required(o, "message_id"));
            case "resolved":
                return new MessageResolved(id, at, Required(o, "message_id")) { ModeratorId = Optional(o, "moderator_id") };
            case "flagged":
                return new MessageFlagged(id, at, Required(o, "message_id")) { FlaggerId = Optional(o, "flagger_id"), Reason = Optional(o, "reason") };
            case "corrected":
                return new LevelCorrected(id, at, Required(o, "message_id"), Required(o, "level")) { ModeratorId = Optional(o, "moderator_id") };
            default:
                throw new FormatException($"Unknown event type '{type}'; expected posted, reply, edited, deleted, resolved, flagged or corrected.");
        }
    }

    private static string TypeName(EventKind kind) => kind switch
    {
        EventKind.Posted => "posted",
        EventKind.Reply => "reply",
        EventKind.Edited => "edited",
        EventKind.Deleted => "deleted",
        EventKind.Resolved => "resolved",
        EventKind.Flagged => "flagged",
        EventKind.Corrected => "corrected",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string Required(JsonElement o, string name, bool allowEmpty = false)
    {
        string? value = Optional(o, name);
        if (value is null || (!allowEmpty && value.Trim().Length == 0))
            throw new FormatException($"'{name}' is missing or blank.");
        return value;
    }

    private static string? Optional(JsonElement o, string name)
    {
        if (!o.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null)
            return null;
        if (p.ValueKind != JsonValueKind.String)
            throw new FormatException($"'{name}' must be a string, got {p.ValueKind}.");
        return p.GetString();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
            w.WriteString(name, value);
    }

    private static DateTimeOffset Time(string text, string name)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
            return value;
        throw new FormatException($"'{name}' is '{text}', not an ISO 8601 time.");
    }
}
