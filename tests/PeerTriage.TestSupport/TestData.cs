using PeerTriage.Data;

namespace PeerTriage.TestSupport;

/// <summary>Shared fixtures: the demo corpus, one trained demo model, and the optional ../shared datasets.</summary>
public static class TestData
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

    /// <summary>
    /// The NUnit category of the tests that read the real datasets and lexicons under ../shared (through
    /// <see cref="SharedFile"/>). .ci/run lists these tests with their outcomes, so a CI run shows that they ran;
    /// <c>dotnet test --filter Category=RealData</c> runs only them.
    /// </summary>
    public const string RealData = "RealData";

    /// <summary>
    /// A file under ../shared, or an ignored test, with the reason, when it is absent (as on a fresh clone). A test that
    /// calls this belongs to the <see cref="RealData"/> category.
    /// </summary>
    public static string SharedFile(string relative)
    {
        var test = TestContext.CurrentContext.Test;
        bool marked = test.Properties["Category"].Contains(RealData)
            || (TestClass(test.ClassName)?.GetCustomAttributes(typeof(CategoryAttribute), inherit: true)
                .Cast<CategoryAttribute>().Any(c => c.Name == RealData) ?? false);
        if (!marked)
            Assert.Fail($"{test.Name} reads ../shared/{relative}: mark it [Category(TestData.RealData)], so that .ci/run reports whether it ran.");
        string path = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", relative));
        bool present = File.Exists(path);
        // .ci/run finds the real-data tests by this line in each test's output (the trx files carry no NUnit categories).
        TestContext.Out.WriteLine($"real-data: ../shared/{relative} {(present ? "read" : "missing")}");
        if (!present)
        {
            string reason = $"{path} is not present; this test needs the ../shared datasets.";
            // dotnet test prints the Error stream at its default verbosity, and skip reasons only at normal verbosity.
            TestContext.Error.WriteLine($"Skipped {test.Name}: {reason}");
            Assert.Ignore(reason);
        }
        return path;
    }

    /// <summary>The test class named <paramref name="fullName"/>, from whichever test assembly defines it.</summary>
    private static Type? TestClass(string? fullName) =>
        string.IsNullOrEmpty(fullName) ? null : AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(fullName)).FirstOrDefault(t => t is not null);
}
