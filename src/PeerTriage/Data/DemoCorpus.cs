namespace PeerTriage.Data;

/// <summary>
/// A small synthetic forum corpus that ships inside the package: threads of peer-support posts, with moderator and
/// staff replies, each labelled green, amber, red or crisis. Written by the PeerTriage authors; it contains no real
/// person's words. Use it for demos, smoke tests and the quickstart, not to judge accuracy.
/// </summary>
public static class DemoCorpus
{
    private const string ResourceName = "PeerTriage.Data.DemoCorpus.demo-forum.csv";

    /// <summary>The corpus's file name, used in error messages and <see cref="LabeledMessage.Source"/>.</summary>
    public const string FileName = "demo-forum.csv";

    /// <summary>Opens the raw CSV (columns as in <see cref="DatasetColumns.ForumDefaults"/>).</summary>
    public static Stream OpenCsv() =>
        typeof(DemoCorpus).Assembly.GetManifestResourceStream(ResourceName)
        ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the PeerTriage assembly.");

    /// <summary>Loads every message with its label; <see cref="LabeledMessage.Group"/> is the author id.</summary>
    public static IReadOnlyList<LabeledMessage> Load()
    {
        using var reader = new StreamReader(OpenCsv());
        var columns = DatasetColumns.ForumDefaults with { Group = "author_id" };
        return DatasetReader.LoadLabeled(reader, DataFormat.Csv, columns, PriorityScheme.Default, FileName);
    }
}
