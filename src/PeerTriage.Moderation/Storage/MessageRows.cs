using System.Data.Common;

namespace PeerTriage.Moderation.Storage;

/// <summary>
/// The <c>messages</c> table's columns as every SQL store names and orders them, and the one mapping of a row to a
/// <see cref="MessageRecord"/>, so that the SQLite and PostgreSQL stores cannot drift apart.
/// </summary>
internal static class MessageRows
{
    /// <summary>The columns in <see cref="Read"/>'s order.</summary>
    public const string Columns =
        "id, thread_id, parent_id, author_id, author_role, board, subject, body, posted_at, body_at, model_level, " +
        "flag_level, flag_count, last_flag_at, last_flag_reason, corrected_level, corrected_at, corrected_event, " +
        "first_reply_at, first_mod_reply_at, reply_count, mod_reply_count, resolved_at, handled_at, deleted_at, " +
        "escalated_at, level, source, attention_from, waiting_since, reply_empathy, first_unassessed_reply_at, " +
        "first_answering_reply_at, first_unempathic_reply_at, underserved";

    /// <summary>The column names, one per entry.</summary>
    public static readonly string[] Names = Columns.Split(", ");

    /// <summary>The same columns with the text left unread (a blank body, no subject): the history never carries text.</summary>
    public static readonly string WithoutText = string.Join(", ", Names.Select(c => c is "body" ? "'' AS body" : c is "subject" ? "NULL AS subject" : c));

    /// <summary>The record in the reader's current row, selected with <see cref="Columns"/> or <see cref="WithoutText"/>.</summary>
    /// <remarks><c>underserved</c> is an integer in SQLite and a boolean in PostgreSQL; both providers read either as a bool.</remarks>
    public static MessageRecord Read(DbDataReader r)
    {
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        long? L(int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
        int? I(int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
        return new MessageRecord
        {
            Id = r.GetString(0),
            ThreadId = S(1),
            ParentId = S(2),
            AuthorId = S(3),
            AuthorRole = (AuthorRole)r.GetInt32(4),
            Board = S(5),
            Subject = S(6),
            Body = r.GetString(7),
            PostedAt = r.GetInt64(8),
            BodyAt = r.GetInt64(9),
            ModelLevel = r.GetInt32(10),
            FlagLevel = I(11),
            FlagCount = r.GetInt32(12),
            LastFlagAt = L(13),
            LastFlagReason = S(14),
            CorrectedLevel = I(15),
            CorrectedAt = L(16),
            CorrectedEventId = S(17),
            FirstReplyAt = L(18),
            FirstModeratorReplyAt = L(19),
            ReplyCount = r.GetInt32(20),
            ModeratorReplyCount = r.GetInt32(21),
            ResolvedAt = L(22),
            HandledAt = L(23),
            DeletedAt = L(24),
            EscalatedAt = L(25),
            Level = r.GetInt32(26),
            Source = (LevelSource)r.GetInt32(27),
            AttentionFrom = L(28),
            WaitingSince = r.GetInt64(29),
            ReplyEmpathy = (ReplyEmpathy)r.GetInt32(30),
            FirstUnassessedReplyAt = L(31),
            FirstAnsweringReplyAt = L(32),
            FirstUnempathicReplyAt = L(33),
            Underserved = r.GetBoolean(34),
        };
    }
}
