using PeerTriage.Data;

namespace PeerTriage.Clpsych;

/// <summary>Options for <see cref="ClpsychForum.Load(string, ClpsychLoadOptions)"/>. Immutable; the defaults suit the
/// CLPsych 2016/2017 training data.</summary>
public sealed record ClpsychLoadOptions
{
    /// <summary>The defaults.</summary>
    public static ClpsychLoadOptions Default { get; } = new();

    /// <summary>
    /// The labels file, relative to the forum directory or absolute. Defaults to <c>labels.tsv</c>. It is required when
    /// set; null loads no labels (for unlabelled data such as a test set whose labels are not released).
    /// </summary>
    public string? LabelsFile { get; init; } = "labels.tsv";

    /// <summary>
    /// The author rankings file, relative to the forum directory or absolute. Defaults to <c>author_rankings.tsv</c>.
    /// It is optional: when the file does not exist, or this is null, every author's role is <see cref="AuthorRole.Unknown"/>.
    /// </summary>
    public string? AuthorRankingsFile { get; init; } = "author_rankings.tsv";

    /// <summary>The largest post file accepted, in bytes. Defaults to 4 MiB; larger files are a <see cref="DataFormatException"/>.</summary>
    public long MaxPostBytes { get; init; } = 4L * 1024 * 1024;

    /// <summary>The deepest element nesting accepted in a post file. Defaults to 256.</summary>
    public int MaxXmlDepth { get; init; } = 256;

    /// <summary>The largest labels or rankings file accepted, in bytes. Defaults to 256 MiB.</summary>
    public long MaxTableBytes { get; init; } = 256L * 1024 * 1024;
}
