using System.Text.RegularExpressions;

namespace PeerTriage.Cli.Tests;

/// <summary>The CLI package's README (src/PeerTriage.Cli/README.md) uses only options the tool has.</summary>
public partial class PackageReadmeTests
{
    private static string Readme(string project) => File.ReadAllText(Path.Combine(TestData.RepoRoot, "src", project, "README.md")).ReplaceLineEndings("\n");

    [Test]
    public void Cli_readme_uses_only_options_the_tool_has()
    {
        var commands = CodeBlock().Matches(Readme("PeerTriage.Cli"))
            .SelectMany(m => m.Groups["code"].Value.Split('\n'))
            .Where(l => l.StartsWith("peertriage ", StringComparison.Ordinal))
            .Select(l => l.Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => !words[1].StartsWith('-'))
            // A command group's subcommand (peertriage responses train) has its own options.
            .GroupBy(words => words[1] is "responses" or "queue" or "analyze" && words.Length > 2 ? $"{words[1]} {words[2]}" : words[1],
                words => words.Where(w => w.StartsWith("--", StringComparison.Ordinal)));
        commands.Select(c => c.Key).Should().Contain(["train", "evaluate", "score", "explain", "inspect"]);
        foreach (var command in commands)
        {
            var help = CliRunner.Run([.. command.Key.Split(' '), "--help"]);
            help.ExitCode.Should().Be(0, help.StdErr);
            foreach (string option in command.SelectMany(o => o).Distinct())
                help.StdOut.Should().Contain($"{option} ", $"the README passes {option} to peertriage {command.Key}");
        }
    }

    [GeneratedRegex("^```(?<lang>[a-z]*)\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CodeBlock();
}
