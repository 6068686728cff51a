using Npgsql;
using PeerTriage.Moderation.PostgreSql;

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

/// <summary>
/// Opens stores of one kind for fixtures that run against all three: "memory", "sqlite" (a file in a temporary folder)
/// or "postgres" (a fresh schema in the database of <see cref="PostgresTestServer.ConnectionString"/>, dropped on
/// dispose). Every <see cref="Open"/> of one factory opens the same database (a new store over it), except in memory.
/// </summary>
internal sealed class StoreFactory : IDisposable
{
    private readonly string _kind;
    private readonly TempDirectory _dir = new();
    private readonly List<ModerationStore> _open = [];

    public StoreFactory(string kind)
    {
        _kind = kind;
        if (kind == "postgres")
        {
            PostgresTestServer.RequireServer();
            Schema = PostgresTestServer.CreateSchemaName();
        }
    }

    public string Kind => _kind;

    public string DbPath => _dir.File("moderation.db");

    /// <summary>The PostgreSQL schema of this factory's stores ("postgres" only).</summary>
    public string? Schema { get; }

    public PostgreSqlStoreOptions PostgresOptions => new() { Schema = Schema! };

    public ModerationStore Open()
    {
        var store = _kind switch
        {
            "sqlite" => ModerationStore.OpenSqlite(DbPath),
            "postgres" => PostgreSqlModerationStores.Open(PostgresTestServer.ConnectionString!, PostgresOptions),
            "memory" => ModerationStore.CreateInMemory(),
            _ => throw new ArgumentException($"unknown store kind '{_kind}'"),
        };
        _open.Add(store);
        return store;
    }

    /// <summary>A second store over the same data, standing in for another server: the same instance in memory.</summary>
    public ModerationStore OpenAnother() => _kind == "memory" && _open.Count > 0 ? _open[0] : Open();

    public void Dispose()
    {
        foreach (var s in _open)
            s.Dispose();
        _dir.Dispose();
        if (Schema is not null)
            PostgresTestServer.DropSchema(Schema);
    }
}

/// <summary>
/// The PostgreSQL server the tests use: PEERTRIAGE_TEST_POSTGRES (an Npgsql connection string). Without it, or when the
/// server cannot be reached, the PostgreSQL tests are skipped with a message, unless PEERTRIAGE_REQUIRE_POSTGRES=1 (set by
/// .ci/run, which starts a throw-away server), where they fail instead.
/// </summary>
internal static class PostgresTestServer
{
    public const string ConnectionVariable = "PEERTRIAGE_TEST_POSTGRES";
    public const string RequireVariable = "PEERTRIAGE_REQUIRE_POSTGRES";

    private static readonly Lazy<string?> s_problem = new(Probe);

    public static string? ConnectionString => Environment.GetEnvironmentVariable(ConnectionVariable);

    /// <summary>Skips (or, when required, fails) the current test unless the server answers.</summary>
    public static void RequireServer()
    {
        if (s_problem.Value is not { } problem)
            return;
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            Assert.Fail($"PostgreSQL tests cannot run ({RequireVariable}=1 makes that a failure): {problem}");
        Assert.Ignore($"PostgreSQL tests skipped: {problem} Set {ConnectionVariable} to an Npgsql connection string " +
            $"(Host=...;Port=...;Database=...;Username=...;Password=...); .ci/run starts a throw-away server (see .ci/postgres).");
    }

    /// <summary>A schema name no other test uses.</summary>
    public static string CreateSchemaName() => "t_" + Guid.NewGuid().ToString("N")[..20];

    public static NpgsqlConnection Connect()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    public static object? Scalar(string sql)
    {
        using var connection = Connect();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    public static void DropSchema(string schema) => Scalar($"DROP SCHEMA IF EXISTS {schema} CASCADE");

    private static string? Probe()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            return $"{ConnectionVariable} is not set.";
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Timeout = 5 };
            using var connection = new NpgsqlConnection(builder.ConnectionString);
            connection.Open();
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or InvalidOperationException)
        {
            return $"the server in {ConnectionVariable} cannot be reached ({e.GetType().Name}: {e.Message}).";
        }
    }
}
