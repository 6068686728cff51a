using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using PeerTriage.Data;

namespace PeerTriage.Clpsych;

/// <summary>Reads one <c>posts/post-&lt;id&gt;.xml</c> file of a CLPsych forum export. See <see cref="ClpsychForum"/> for the format.</summary>
internal static class ClpsychPostReader
{
    internal readonly record struct Post(ForumMessage Message, ClpsychPostMetadata Metadata);

    public static Post Read(string path, string source, string fileId, ClpsychLoadOptions options, IReadOnlyDictionary<string, bool>? rankings)
    {
        byte[] bytes = ReadLimited(path, options.MaxPostBytes);
        XDocument doc;
        try
        {
            CheckDepth(bytes, options, path);
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), Settings(options));
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException ex)
        {
            throw new DataFormatException($"malformed XML: {ex.Message}", path, ex.LineNumber, ex);
        }

        var message = FindMessage(doc) ?? throw new DataFormatException("no <message> element", path, LineOf(doc.Root));

        string? id = Reference(Field(message, "id")) ?? HrefTail(message);
        if (id is null)
            id = fileId;
        else if (!id.Equals(fileId, StringComparison.Ordinal))
            throw new DataFormatException($"the message id '{id}' does not match the file name", path, LineOf(Field(message, "id") ?? message));

        string? root = Reference(Field(message, "root"));
        string? thread = Reference(Field(message, "thread")) ?? root;
        string? parent = Reference(Field(message, "parent"));
        if (parent is not null && parent.Equals(id, StringComparison.Ordinal))
            parent = null; // a message cannot reply to itself; exports mark first posts this way at worst
        var authorElement = Field(message, "author");
        string? author = Reference(authorElement);
        var (rank, role) = Rank(message, authorElement, rankings);

        var post = new ForumMessage(Html(Field(message, "body")) ?? "")
        {
            Id = id,
            ThreadId = thread,
            ParentId = parent,
            AuthorId = author,
            AuthorRole = role,
            Board = Reference(Field(message, "board")),
            PostedAt = Time(Field(message, "post_time"), path),
            Subject = NullIfBlank(Html(Field(message, "subject"))),
        };
        var metadata = new ClpsychPostMetadata(id)
        {
            Source = source,
            RootId = root,
            AuthorRank = rank,
            Kudos = Count(Field(message, "kudos"), "kudos", path),
            Views = Count(Field(message, "views"), "views", path),
        };
        return new Post(post, metadata);
    }

    internal static byte[] ReadLimited(string path, long limit)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > limit)
                throw new DataFormatException($"the file is {stream.Length} bytes, more than the limit of {limit}", path, 0);
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (EndOfStreamException ex)
        {
            throw new DataFormatException("the file shrank while it was being read", path, 0, ex);
        }
    }

    private static XmlReaderSettings Settings(ClpsychLoadOptions options) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = options.MaxPostBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private static void CheckDepth(byte[] bytes, ClpsychLoadOptions options, string path)
    {
        using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), Settings(options));
        try
        {
            while (reader.Read())
            {
                if (reader.Depth > options.MaxXmlDepth)
                    throw new DataFormatException($"elements are nested more than {options.MaxXmlDepth} deep", path, ((IXmlLineInfo)reader).LineNumber);
            }
        }
        catch (XmlException ex)
        {
            if (ex.LineNumber == 0 && DoctypeLine(bytes) is long doctype and > 0)
            {
                // The refusal of a DTD carries no position; point at the <!DOCTYPE> itself.
                throw new DataFormatException("a DTD (<!DOCTYPE>) is not allowed: DTDs are refused so that entities cannot expand or reach outside the file", path, doctype, ex);
            }
            throw new DataFormatException($"malformed XML: {ex.Message}", path, ex.LineNumber, ex);
        }
    }

    /// <summary>The 1-based line of the first <c>&lt;!DOCTYPE</c> in an ASCII-compatible encoding, or 0.</summary>
    private static long DoctypeLine(byte[] bytes)
    {
        int at = bytes.AsSpan().IndexOf("<!DOCTYPE"u8);
        return at < 0 ? 0 : 1 + bytes.AsSpan(0, at).Count((byte)'\n');
    }

    private static XElement? FindMessage(XDocument doc)
    {
        if (doc.Root is null)
            return null;
        return doc.Root.Name.LocalName == "message" ? doc.Root : doc.Root.Descendants().FirstOrDefault(e => e.Name.LocalName == "message");
    }

    private static XElement? Field(XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    private static bool IsNull(XElement e) =>
        string.Equals((string?)e.Attributes().FirstOrDefault(a => a.Name.LocalName == "null"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An id held by a reference field: the last path segment of its <c>href</c> attribute; else the text of an <c>id</c>
    /// child; else the element's own text when it has no child elements. Null when absent, blank or marked null="true".
    /// </summary>
    internal static string? Reference(XElement? e)
    {
        if (e is null || IsNull(e))
            return null;
        return HrefTail(e) ?? NullIfBlank(Field(e, "id")?.Value)?.Trim() ?? (e.HasElements ? null : NullIfBlank(e.Value)?.Trim());
    }

    private static string? HrefTail(XElement e)
    {
        string? href = (string?)e.Attributes().FirstOrDefault(a => a.Name.LocalName == "href");
        if (string.IsNullOrWhiteSpace(href))
            return null;
        var span = href.AsSpan().Trim();
        int cut = span.IndexOfAny('?', '#');
        if (cut >= 0)
            span = span[..cut];
        span = span.TrimEnd('/');
        int slash = span.LastIndexOf('/');
        var tail = (slash >= 0 ? span[(slash + 1)..] : span).Trim();
        return tail.IsEmpty ? null : NullIfBlank(Uri.UnescapeDataString(tail.ToString()))?.Trim();
    }

    /// <summary>
    /// A text field that may hold HTML: the text as written when the element has no child elements (the export escapes the
    /// HTML or wraps it in CDATA); the serialized child nodes when the HTML is inline XML.
    /// </summary>
    private static string? Html(XElement? e)
    {
        if (e is null || IsNull(e))
            return null;
        if (!e.HasElements)
            return e.Value;
        return string.Concat(e.Nodes().Select(n => n is XCData cdata ? cdata.Value : n.ToString(SaveOptions.DisableFormatting)));
    }

    private static DateTimeOffset? Time(XElement? e, string path)
    {
        if (e is null || IsNull(e) || e.HasElements || string.IsNullOrWhiteSpace(e.Value))
            return null;
        string text = e.Value.Trim();
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return time;
        throw new DataFormatException($"post_time '{Clip(text)}' is not a date and time", path, LineOf(e));
    }

    private static int? Count(XElement? e, string what, string path)
    {
        if (e is null || IsNull(e))
            return null;
        var holder = e.HasElements ? Field(e, "count") : e;
        if (holder is null || IsNull(holder) || holder.HasElements || string.IsNullOrWhiteSpace(holder.Value))
            return null;
        string text = holder.Value.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            return count;
        throw new DataFormatException($"{what} count '{Clip(text)}' is not a whole number of at least 0", path, LineOf(holder));
    }

    /// <summary>
    /// The author's rank: looked for in <c>author_rank</c>, <c>author/rank</c> and <c>rank</c>; each may give the rank
    /// name as a <c>name</c> child, as text, or as the tail of an <c>href</c>. The first candidate listed in the rankings
    /// decides the role; otherwise the role is unknown and the first candidate is kept as the rank.
    /// </summary>
    private static (string? Rank, AuthorRole Role) Rank(XElement message, XElement? author, IReadOnlyDictionary<string, bool>? rankings)
    {
        var candidates = new List<string>(3);
        foreach (var e in new[] { Field(message, "author_rank"), Field(author, "rank"), Field(message, "rank") })
        {
            if (e is null || IsNull(e))
                continue;
            Add(NullIfBlank(Field(e, "name")?.Value));
            if (!e.HasElements)
                Add(NullIfBlank(e.Value));
            Add(HrefTail(e));
        }
        if (rankings is not null)
        {
            foreach (var c in candidates)
            {
                if (rankings.TryGetValue(c, out bool staff))
                    return (c, staff ? (IsModeratorRank(c) ? AuthorRole.Moderator : AuthorRole.Staff) : AuthorRole.Peer);
            }
        }
        return (candidates.Count > 0 ? candidates[0] : null, AuthorRole.Unknown);

        void Add(string? value)
        {
            if (value is not null)
                candidates.Add(value.Trim());
        }
    }

    /// <summary>A staff rank whose name has the word "mod" or "mods", or a word starting with "moderat", is a moderator rank
    /// (words are runs of letters).</summary>
    internal static bool IsModeratorRank(string rank)
    {
        int i = 0;
        while (i < rank.Length)
        {
            if (!char.IsLetter(rank[i]))
            {
                i++;
                continue;
            }
            int start = i;
            while (i < rank.Length && char.IsLetter(rank[i]))
                i++;
            var w = rank.AsSpan(start, i - start);
            if (w.Equals("mod", StringComparison.OrdinalIgnoreCase) || w.Equals("mods", StringComparison.OrdinalIgnoreCase)
                || w.StartsWith("moderat", StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    private static long LineOf(XObject? e) => e is IXmlLineInfo info && info.HasLineInfo() ? info.LineNumber : 0;

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    internal static string Clip(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
