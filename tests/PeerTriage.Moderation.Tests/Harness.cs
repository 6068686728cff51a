using System.Text;

namespace PeerTriage.Moderation.Tests;

/// <summary>Times, event builders and a scratch folder shared by the tests.</summary>
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

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PeerTriage.sln")))
                dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("PeerTriage.sln not found above the test directory.");
        }
    }

    /// <summary>Ids of the to-do list, in order.</summary>
    public static string[] Ids(this IReadOnlyList<ToDoItem> todo) => todo.Select(t => t.MessageId).ToArray();
}

/// <summary>A scratch folder deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "peertriage-mod-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string content)
    {
        string full = File(name);
        System.IO.File.WriteAllText(full, content, new UTF8Encoding(false));
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
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
