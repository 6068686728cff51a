using System.Collections.ObjectModel;
using System.Globalization;
using PeerTriage.Data;

namespace PeerTriage.Clpsych;

/// <summary>
/// A CLPsych 2016/2017 shared-task forum export (ReachOut.com), loaded faithfully: every post, labelled or not, with its
/// gold labels, its author's role and its thread.
/// </summary>
/// <remarks>
/// <para>
/// <b>Layout.</b> A directory holding <c>posts/post-&lt;id&gt;.xml</c> (one message per file), <c>labels.tsv</c> and
/// <c>author_rankings.tsv</c>. Files in <c>posts/</c> whose names do not have the form <c>post-&lt;id&gt;.xml</c> are ignored.
/// </para>
/// <para>
/// <b>Posts.</b> The first <c>&lt;message&gt;</c> element of the file (the root element or a descendant, such as inside a
/// <c>&lt;response&gt;</c>) holds the fields as child elements; element names are matched without namespace. Reference fields
/// (<c>id</c>, <c>board</c>, <c>thread</c>, <c>root</c>, <c>parent</c>, <c>author</c>) take their value from the last path
/// segment of an <c>href</c> attribute (<c>&lt;author href="/users/id/123"/&gt;</c> gives <c>123</c>; the segment is
/// URL-decoded), else from an <c>id</c> child element, else from the element's own text; an element marked
/// <c>null="true"</c> or left blank is absent. The message id falls back to the message's own <c>href</c> and then to the file
/// name; when both the XML and the file name give one, they must agree. <c>thread</c> falls back to <c>root</c>; a
/// <c>parent</c> equal to the message's own id is dropped. <c>subject</c> and <c>body</c> keep their HTML as written
/// (<c>&lt;blockquote&gt;</c> quotes, emoticon <c>&lt;img title&gt;</c>, @mention links), whether the export escapes it, wraps
/// it in CDATA or inlines it as XML elements; triage turns it into text (see <see cref="ForumMessage.Body"/>). <c>post_time</c> is an
/// ISO 8601 time (UTC when no offset is given); <c>kudos</c> and <c>views</c> are whole numbers, in a <c>count</c> child or as
/// text.
/// </para>
/// <para>
/// <b>Author role.</b> The export gives the author's rank name in an <c>author_rank</c> element, a <c>rank</c> child of
/// <c>author</c>, or a <c>rank</c> element (as a <c>name</c> child, text, or <c>href</c> tail; the first candidate listed in
/// the rankings wins, compared case-insensitively). <c>author_rankings.tsv</c> maps a rank name to a staff flag
/// (<c>rank TAB flag</c>; flags 1/0, true/false, yes/no; extra columns ignored; a first line whose flag does not parse is a
/// header). A rank whose flag is set gives <see cref="AuthorRole.Moderator"/> when its name has the word "mod"/"mods" or a
/// word starting with "moderat", and <see cref="AuthorRole.Staff"/> otherwise; a rank without the flag gives
/// <see cref="AuthorRole.Peer"/>. A post without a rank, with a rank the file does not list, or loaded without the file,
/// has <see cref="AuthorRole.Unknown"/>.
/// </para>
/// <para>
/// <b>Labels.</b> <c>labels.tsv</c> has <c>post id TAB label TAB fine label</c> per line (the fine label may be missing or
/// blank; extra columns are ignored; a first line whose id is not a number and names no post, and whose label is not a
/// level, is a header).
/// Labels and fine labels are checked against <see cref="ClpsychLabel"/>; a fine label of another level, an unknown label, a
/// label for a post that does not exist, or a post labelled twice is a <see cref="DataFormatException"/> naming the line.
/// </para>
/// <para>
/// <b>Safety.</b> DTDs are refused (so entity-expansion attacks fail), no external resource is resolved, and each post file
/// is limited in size and nesting depth (<see cref="ClpsychLoadOptions"/>). Every malformed file is a
/// <see cref="DataFormatException"/> naming the file, the line (when known) and the reason.
/// </para>
/// <para>
/// <b>Future information.</b> Kudos and view counts were taken at export time, after the post was written; they are kept
/// in <see cref="Metadata"/>, not on <see cref="ForumMessage"/>, because real-time triage cannot see them.
/// </para>
/// </remarks>
public sealed class ClpsychForum
{
    private readonly Dictionary<string, ForumMessage> _byId;
    private readonly IReadOnlyList<LabeledMessage> _labeled;

    private ClpsychForum(
        List<ForumMessage> posts,
        Dictionary<string, ClpsychLabel> labels,
        Dictionary<string, ClpsychPostMetadata> metadata,
        Dictionary<string, bool> rankings)
    {
        Posts = posts.AsReadOnly();
        _byId = posts.ToDictionary(p => p.Id!, StringComparer.Ordinal);
        Labels = new ReadOnlyDictionary<string, ClpsychLabel>(labels);
        Metadata = new ReadOnlyDictionary<string, ClpsychPostMetadata>(metadata);
        AuthorRankings = new ReadOnlyDictionary<string, bool>(rankings);
        Threads = new ForumThreads(posts);
        _labeled = posts
            .Where(p => labels.ContainsKey(p.Id!))
            .Select(p => new LabeledMessage(p, labels[p.Id!].Label) { Group = p.AuthorId, Source = metadata[p.Id!].Source })
            .ToList()
            .AsReadOnly();
    }

    /// <summary>Every post, labelled or not, ordered by id (numerically for numeric ids, which the export assigns in posting
    /// order; ids that are not numbers come after, in ordinal order).</summary>
    public IReadOnlyList<ForumMessage> Posts { get; }

    /// <summary>The gold labels by post id (ordinal). Empty when loaded without a labels file.</summary>
    public IReadOnlyDictionary<string, ClpsychLabel> Labels { get; }

    /// <summary>Per-post fields kept out of <see cref="ForumMessage"/> (kudos, views, root id, rank, source file) by post
    /// id. Kudos and views are future information; see <see cref="ClpsychPostMetadata"/>.</summary>
    public IReadOnlyDictionary<string, ClpsychPostMetadata> Metadata { get; }

    /// <summary>The rank names of <c>author_rankings.tsv</c> (case-insensitive) and their staff flags. Empty when the file
    /// is absent or not loaded.</summary>
    public IReadOnlyDictionary<string, bool> AuthorRankings { get; }

    /// <summary>The posts' threads, for context that uses only what was known when each post was written.</summary>
    public ForumThreads Threads { get; }

    /// <summary>Loads a forum export with <see cref="ClpsychLoadOptions.Default"/>.</summary>
    /// <param name="directory">The directory holding <c>posts/</c>, <c>labels.tsv</c> and <c>author_rankings.tsv</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is null.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory or its <c>posts/</c> folder does not exist.</exception>
    /// <exception cref="FileNotFoundException"><c>labels.tsv</c> does not exist.</exception>
    /// <exception cref="DataFormatException">A file is malformed; the message names the file, the line and the reason.</exception>
    public static ClpsychForum Load(string directory) => Load(directory, ClpsychLoadOptions.Default);

    /// <summary>Loads a forum export.</summary>
    /// <param name="directory">The directory holding <c>posts/</c> and the side files.</param>
    /// <param name="options">Where the side files are and the safety limits.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit in <paramref name="options"/> is not positive.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory or its <c>posts/</c> folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The labels file is set but does not exist.</exception>
    /// <exception cref="DataFormatException">A file is malformed; the message names the file, the line and the reason.</exception>
    public static ClpsychForum Load(string directory, ClpsychLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPostBytes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTableBytes, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxXmlDepth, 1, nameof(options));
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"CLPsych forum directory '{directory}' was not found.");
        string postsDir = Path.Combine(directory, "posts");
        if (!System.IO.Directory.Exists(postsDir))
            throw new DirectoryNotFoundException($"CLPsych forum directory '{directory}' has no posts/ folder.");

        Dictionary<string, bool>? rankings = null;
        if (options.AuthorRankingsFile is { } rankingsName)
        {
            string rankingsPath = Path.Combine(directory, rankingsName);
            if (File.Exists(rankingsPath))
                rankings = ClpsychTables.ReadRankings(rankingsPath, options.MaxTableBytes);
        }

        var files = new List<(string Path, string Id)>();
        foreach (string file in System.IO.Directory.EnumerateFiles(postsDir))
        {
            string name = Path.GetFileName(file);
            if (name.Length > "post-.xml".Length
                && name.StartsWith("post-", StringComparison.OrdinalIgnoreCase)
                && name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                files.Add((file, name["post-".Length..^".xml".Length]));
        }
        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));

        var posts = new List<ForumMessage>(files.Count);
        var metadata = new Dictionary<string, ClpsychPostMetadata>(files.Count, StringComparer.Ordinal);
        foreach (var (path, fileId) in files)
        {
            string source = "posts/" + Path.GetFileName(path);
            var post = ClpsychPostReader.Read(path, source, fileId, options, rankings);
            if (!metadata.TryAdd(post.Message.Id!, post.Metadata))
                throw new DataFormatException($"post id '{post.Message.Id}' is also used by {metadata[post.Message.Id!].Source}", path, 0);
            posts.Add(post.Message);
        }
        posts.Sort(static (a, b) => CompareIds(a.Id!, b.Id!));

        var labels = new Dictionary<string, ClpsychLabel>(StringComparer.Ordinal);
        if (options.LabelsFile is { } labelsName)
        {
            string labelsPath = Path.Combine(directory, labelsName);
            if (!File.Exists(labelsPath))
                throw new FileNotFoundException($"CLPsych labels file '{labelsPath}' was not found.", labelsPath);
            foreach (var (id, label) in ClpsychTables.ReadLabels(labelsPath, options.MaxTableBytes, metadata.ContainsKey))
                labels.Add(id, label);
        }

        return new ClpsychForum(posts, labels, metadata, rankings ?? new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The labelled posts as training rows, in <see cref="Posts"/> order: <see cref="LabeledMessage.Label"/> is the coarse
    /// level, <see cref="LabeledMessage.Group"/> the author id (so one author's posts stay in one cross-validation fold) and
    /// <see cref="LabeledMessage.Source"/> the file, <c>posts/post-&lt;id&gt;.xml</c>. Unlabelled posts are not rows but stay in
    /// <see cref="Posts"/> and <see cref="Threads"/> as context.
    /// </summary>
    public IReadOnlyList<LabeledMessage> LabeledMessages() => _labeled;

    /// <summary>Finds a post by id (ordinal).</summary>
    /// <param name="id">The post id.</param>
    /// <param name="post">The post, or null when there is none.</param>
    /// <returns><see langword="true"/> when the post exists.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    public bool TryGetPost(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ForumMessage? post)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _byId.TryGetValue(id, out post);
    }

    private static int CompareIds(string a, string b)
    {
        bool na = long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out long x);
        bool nb = long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out long y);
        if (na && nb)
        {
            int c = x.CompareTo(y);
            return c != 0 ? c : string.CompareOrdinal(a, b);
        }
        if (na != nb)
            return na ? -1 : 1;
        return string.CompareOrdinal(a, b);
    }
}
