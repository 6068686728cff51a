using PeerTriage.Data;

namespace PeerTriage.Tests;

/// <summary>Shared fixtures: the demo corpus, one trained demo model, and the optional ../shared datasets.</summary>
internal static class TestData
{
    private static readonly Lazy<IReadOnlyList<LabeledMessage>> s_corpus = new(DemoCorpus.Load);
    private static readonly Lazy<TriageModel> s_model = new(() => TriageModel.Train(s_corpus.Value));

    public static IReadOnlyList<LabeledMessage> Corpus => s_corpus.Value;

    public static TriageModel DemoModel => s_model.Value;

    /// <summary>The repository root (the folder holding PeerTriage.sln).</summary>
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

    /// <summary>A file under ../shared, or an ignored test when that folder is absent (as on a fresh clone).</summary>
    public static string SharedFile(string relative)
    {
        string path = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", relative));
        if (!File.Exists(path))
            Assert.Ignore($"{path} is not present; this test needs the ../shared datasets.");
        return path;
    }
}
