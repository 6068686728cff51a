using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PeerTriage.Tests.Packaging;

/// <summary>
/// The package READMEs, shown on each package's NuGet page: every packable project has its own, their links are
/// absolute and lead to files that exist, and their C# examples are the compiled ones in ReadmeExamples/. That the CLI's
/// README uses only options the tool has is checked by PeerTriage.Cli.Tests, which runs the tool.
/// </summary>
public partial class PackageReadmeTests
{
    private static readonly string[] s_packages = ["PeerTriage", "PeerTriage.Moderation", "PeerTriage.Clpsych", "PeerTriage.Cli", "PeerTriage.ML", "PeerTriage.Analytics", "PeerTriage.Hosting", "PeerTriage.Moderation.PostgreSql"];

    private static string Readme(string project) => File.ReadAllText(Path.Combine(TestData.RepoRoot, "src", project, "README.md")).ReplaceLineEndings("\n");

    /// <summary>RepositoryUrl from src/Directory.Build.props: the one address of the repository.</summary>
    private static string RepositoryUrl =>
        XDocument.Load(Path.Combine(TestData.RepoRoot, "src", "Directory.Build.props")).Descendants("RepositoryUrl").Single().Value;

    [Test]
    public void Each_packable_project_packs_its_own_readme()
    {
        var packable = Directory.GetFiles(Path.Combine(TestData.RepoRoot, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => File.ReadAllText(p).Contains("<IsPackable>true</IsPackable>", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension);
        packable.Should().BeEquivalentTo(s_packages);
        foreach (string project in s_packages)
            Readme(project).Should().StartWith($"# {project}\n");
    }

    [TestCase("PeerTriage")]
    [TestCase("PeerTriage.Moderation")]
    [TestCase("PeerTriage.Clpsych")]
    [TestCase("PeerTriage.Cli")]
    [TestCase("PeerTriage.Analytics")]
    [TestCase("PeerTriage.Hosting")]
    [TestCase("PeerTriage.Moderation.PostgreSql")]
    public void Readme_links_are_absolute_and_lead_to_the_repository_or_a_package(string project)
    {
        string repository = RepositoryUrl;
        repository.Should().StartWith("https://github.com/").And.NotEndWith("/");
        var links = MarkdownLink().Matches(Readme(project)).Select(m => m.Groups[1].Value).ToList();
        links.Should().NotBeEmpty();
        foreach (string link in links)
        {
            if (link.StartsWith("https://www.nuget.org/packages/", StringComparison.Ordinal))
            {
                link["https://www.nuget.org/packages/".Length..].Should().BeOneOf(s_packages);
                continue;
            }
            link.Should().StartWith(repository, "a relative link breaks on a package page, and every link uses RepositoryUrl");
            string rest = link[repository.Length..];
            if (rest.StartsWith('#'))
            {
                string anchor = rest[1..];
                if (anchor != "readme")
                    HeadingAnchors(File.ReadAllText(Path.Combine(TestData.RepoRoot, "README.md"))).Should().Contain(anchor, link);
                continue;
            }
            var match = Regex.Match(rest, "^/(?:blob|tree)/main/(?<path>[^#]+)$");
            match.Success.Should().BeTrue($"{link} should name a file or folder on main");
            string path = Path.Combine(TestData.RepoRoot, match.Groups["path"].Value);
            (File.Exists(path) || Directory.Exists(path)).Should().BeTrue($"{link} should lead to something in the repository");
        }
    }

    [TestCase("PeerTriage", "PeerTriageReadme.cs")]
    [TestCase("PeerTriage.Moderation", "ModerationReadme.cs")]
    [TestCase("PeerTriage.Clpsych", "ClpsychReadme.cs")]
    public void Readme_example_is_the_compiled_example(string project, string example)
    {
        var blocks = CodeBlock().Matches(Readme(project)).Where(m => m.Groups["lang"].Value == "csharp").ToList();
        blocks.Should().ContainSingle();
        var readme = blocks[0].Groups["code"].Value.TrimEnd('\n').Split('\n');
        var readmeUsings = readme.TakeWhile(l => UsingDirective().IsMatch(l)).ToList();
        var readmeCode = readme.Skip(readmeUsings.Count).SkipWhile(string.IsNullOrWhiteSpace).ToList();

        var file = File.ReadAllText(Path.Combine(TestData.RepoRoot, "tests", "PeerTriage.Tests", "Packaging", "ReadmeExamples", example))
            .ReplaceLineEndings("\n").Split('\n');
        var fileUsings = file.Where(l => UsingDirective().IsMatch(l)).ToList();
        var region = file.SkipWhile(l => l.Trim() != "// README-BEGIN").Skip(1).TakeWhile(l => l.Trim() != "// README-END").ToList();
        int indent = region.Where(l => l.Length > 0).Min(l => l.Length - l.TrimStart().Length);
        var fileCode = region.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()).ToList();

        readmeUsings.Should().Equal(fileUsings, "the README names the namespaces the compiled example needs");
        readmeCode.Should().Equal(fileCode, $"src/{project}/README.md shows ReadmeExamples/{example} between README-BEGIN and README-END");
    }

    /// <summary>GitHub's anchors for a markdown file's headings: lower case, punctuation dropped, spaces to hyphens.</summary>
    private static IEnumerable<string> HeadingAnchors(string markdown) =>
        Heading().Matches(markdown).Select(m => NotAnchorChar().Replace(m.Groups[1].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-'));

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex("^```(?<lang>[a-z]*)\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"^using [A-Za-z0-9_.]+;$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"^#{1,6} (.+)$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^a-z0-9 \-]")]
    private static partial Regex NotAnchorChar();
}
