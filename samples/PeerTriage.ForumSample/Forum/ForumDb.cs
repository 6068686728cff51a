using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PeerTriage.ForumSample.Forum;

/// <summary>A thread.</summary>
/// <param name="Id">The thread id.</param>
/// <param name="Subject">The subject.</param>
/// <param name="Board">The board.</param>
/// <param name="Author">Who started it.</param>
/// <param name="CreatedAt">When it was started.</param>
/// <param name="PostCount">How many posts it has.</param>
public sealed record ForumThread(string Id, string Subject, string Board, string Author, DateTimeOffset CreatedAt, int PostCount);

/// <summary>A post.</summary>
/// <param name="Id">The message id (also PeerTriage's).</param>
/// <param name="ThreadId">The thread.</param>
/// <param name="ParentId">The post it replies to, or null for the thread's first post.</param>
/// <param name="Author">The author's user name.</param>
/// <param name="Role">The author's role when posting.</param>
/// <param name="Body">The text, exactly as written (always rendered encoded).</param>
/// <param name="PostedAt">When it was posted.</param>
public sealed record ForumPost(string Id, string ThreadId, string? ParentId, string Author, AuthorRole Role, string Body, DateTimeOffset PostedAt);

/// <summary>
/// The forum's own tables (threads and posts) in an SQLite file. PeerTriage's moderation store is separate: it is what
/// a forum adds to its existing database. WAL with <c>synchronous=NORMAL</c>: this is sample data, and the moderation
/// store has its own durability setting.
/// </summary>
public sealed class ForumDb
{
    private readonly string _connectionString;

    /// <summary>Opens (and creates when missing) the database.</summary>
    /// <param name="path">The database file.</param>
    public ForumDb(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS threads (
                id TEXT PRIMARY KEY, subject TEXT NOT NULL, board TEXT NOT NULL, author TEXT NOT NULL, created_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS posts (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, thread_id TEXT NOT NULL REFERENCES threads(id),
                parent_id TEXT, author TEXT NOT NULL, role INTEGER NOT NULL, body TEXT NOT NULL, posted_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS posts_by_thread ON posts(thread_id, seq);
            """);
    }

    /// <summary>Creates a thread.</summary>
    /// <param name="thread">The thread (its post count is ignored).</param>
    public void AddThread(ForumThread thread)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO threads (id, subject, board, author, created_at) VALUES ($id, $subject, $board, $author, $at)";
        command.Parameters.AddWithValue("$id", thread.Id);
        command.Parameters.AddWithValue("$subject", thread.Subject);
        command.Parameters.AddWithValue("$board", thread.Board);
        command.Parameters.AddWithValue("$author", thread.Author);
        command.Parameters.AddWithValue("$at", Format(thread.CreatedAt));
        command.ExecuteNonQuery();
    }

    /// <summary>Adds a post.</summary>
    /// <param name="post">The post.</param>
    public void AddPost(ForumPost post)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO posts (id, thread_id, parent_id, author, role, body, posted_at)
            VALUES ($id, $thread, $parent, $author, $role, $body, $at)
            """;
        command.Parameters.AddWithValue("$id", post.Id);
        command.Parameters.AddWithValue("$thread", post.ThreadId);
        command.Parameters.AddWithValue("$parent", (object?)post.ParentId ?? DBNull.Value);
        command.Parameters.AddWithValue("$author", post.Author);
        command.Parameters.AddWithValue("$role", (int)post.Role);
        command.Parameters.AddWithValue("$body", post.Body);
        command.Parameters.AddWithValue("$at", Format(post.PostedAt));
        command.ExecuteNonQuery();
    }

    /// <summary>Every thread, newest first.</summary>
    /// <returns>The threads.</returns>
    public IReadOnlyList<ForumThread> Threads()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT t.id, t.subject, t.board, t.author, t.created_at, (SELECT COUNT(*) FROM posts p WHERE p.thread_id = t.id)
            FROM threads t ORDER BY t.created_at DESC, t.id
            """;
        using var reader = command.ExecuteReader();
        var threads = new List<ForumThread>();
        while (reader.Read())
            threads.Add(new ForumThread(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Parse(reader.GetString(4)), reader.GetInt32(5)));
        return threads;
    }

    /// <summary>A thread, or null.</summary>
    /// <param name="id">The thread id.</param>
    /// <returns>The thread.</returns>
    public ForumThread? Thread(string id)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT t.id, t.subject, t.board, t.author, t.created_at, (SELECT COUNT(*) FROM posts p WHERE p.thread_id = t.id)
            FROM threads t WHERE t.id = $id
            """;
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new ForumThread(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Parse(reader.GetString(4)), reader.GetInt32(5))
            : null;
    }

    /// <summary>A thread's posts in posting order.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <returns>The posts.</returns>
    public IReadOnlyList<ForumPost> Posts(string threadId) => ReadPosts("WHERE thread_id = $value ORDER BY seq", threadId);

    /// <summary>A thread's first post, or null.</summary>
    /// <param name="threadId">The thread id.</param>
    /// <returns>The post.</returns>
    public ForumPost? FirstPost(string threadId) => ReadPosts("WHERE thread_id = $value ORDER BY seq LIMIT 1", threadId) is [var post] ? post : null;

    /// <summary>A post, or null.</summary>
    /// <param name="id">The message id.</param>
    /// <returns>The post.</returns>
    public ForumPost? Post(string id) => ReadPosts("WHERE id = $value", id) is [var post] ? post : null;

    /// <summary>Whether any thread exists.</summary>
    /// <returns>True when the forum is not empty.</returns>
    public bool HasThreads()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM threads)";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
    }

    private List<ForumPost> ReadPosts(string where, string value)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, thread_id, parent_id, author, role, body, posted_at FROM posts " + where;
        command.Parameters.AddWithValue("$value", value);
        using var reader = command.ExecuteReader();
        var posts = new List<ForumPost>();
        while (reader.Read())
        {
            posts.Add(new ForumPost(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), (AuthorRole)reader.GetInt32(4), reader.GetString(5), Parse(reader.GetString(6))));
        }
        return posts;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=NORMAL;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
