namespace PeerTriage.Moderation.Tests;

/// <summary>Times and event builders shared by the tests.</summary>
internal static class Harness
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static int s_next;

    public static DateTimeOffset T(double minutes) => T0.AddMinutes(minutes);

    public static string NextId() => "e" + Interlocked.Increment(ref s_next);

    public static MessagePosted Post(string id, string level, double minutes, string author = "u1", AuthorRole role = AuthorRole.Peer, string? parent = null, string? eventId = null) =>
        new(eventId ?? NextId(), T(minutes), new ForumMessage($"message {id} [{level}]")
        {
            Id = id, ThreadId = "t-" + (parent ?? id), ParentId = parent, AuthorId = author, AuthorRole = role, Subject = "subject of " + id, Board = "general",
        });

    public static ReplyPosted Reply(string id, double minutes, AuthorRole role, string replier = "someone", string? eventId = null) =>
        new(eventId ?? NextId(), T(minutes), id, role) { ReplierId = replier };

    public static MessageFlagged Flag(string id, double minutes, string? reason = null) => new(NextId(), T(minutes), id) { Reason = reason };

    public static MessageResolved Resolve(string id, double minutes) => new(NextId(), T(minutes), id);

    public static LevelCorrected Correct(string id, string level, double minutes, string? eventId = null) => new(eventId ?? NextId(), T(minutes), id, level);

    public static MessageEdited Edit(string id, string level, double minutes) => new(NextId(), T(minutes), id, $"edited {id} [{level}]");

    public static MessageDeleted Delete(string id, double minutes) => new(NextId(), T(minutes), id);

    /// <summary>Ids of the to-do list, in order.</summary>
    public static string[] Ids(this IReadOnlyList<ToDoItem> todo) => todo.Select(t => t.MessageId).ToArray();
}

/// <summary>Opens stores of either kind for fixtures that run against both.</summary>
internal sealed class StoreFactory(string kind) : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<ModerationStore> _open = [];

    public string Kind => kind;

    public string DbPath => _dir.File("moderation.db");

    public ModerationStore Open()
    {
        var store = kind == "sqlite" ? ModerationStore.OpenSqlite(DbPath) : ModerationStore.CreateInMemory();
        _open.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var s in _open)
            s.Dispose();
        _dir.Dispose();
    }
}
