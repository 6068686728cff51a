using System.Reflection;
using System.Text;
using PublicApiGenerator;

namespace PeerTriage.TestSupport;

/// <summary>
/// Pins the public API of a published assembly: PublicApiGenerator writes it as C# declarations, and the text must equal
/// <c>ASSEMBLY.approved.txt</c> in the calling test project's folder. An intentional change: rerun with
/// <c>PEERTRIAGE_APPROVE_API=1</c>, which rewrites the approved file, and review its diff like any other code change.
/// </summary>
public static class ApiApproval
{
    /// <summary>The environment variable that, set to 1, writes the approved file instead of comparing with it.</summary>
    public const string ApproveVariable = "PEERTRIAGE_APPROVE_API";

    private const int MaxDiffLines = 60;

    /// <summary>Fails unless the public API of <paramref name="assembly"/> equals its approved file (or writes that file when approving).</summary>
    public static void Verify(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        string name = assembly.GetName().Name!;
        string project = TestProjectDirectory();
        string approvedPath = Path.Combine(project, name + ".approved.txt");
        string receivedPath = Path.Combine(project, name + ".received.txt");
        string actual = Generate(assembly);

        if (Environment.GetEnvironmentVariable(ApproveVariable) == "1")
        {
            File.WriteAllText(approvedPath, actual, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Delete(receivedPath);
            TestContext.Out.WriteLine($"{ApproveVariable}=1: wrote {approvedPath}; review it with git diff before committing.");
            return;
        }

        string relative = Path.GetRelativePath(TestData.RepoRoot, approvedPath);
        string howToApprove =
            $"If the change is intended, approve it: {ApproveVariable}=1 dotnet test --filter \"FullyQualifiedName~PublicApi\", " +
            $"then review its diff (git diff) and commit {relative}.";
        if (!File.Exists(approvedPath))
        {
            File.WriteAllText(receivedPath, actual);
            Assert.Fail($"{relative} does not exist: the public API of {name} has not been approved yet.\n{howToApprove}");
        }

        string approved = File.ReadAllText(approvedPath).ReplaceLineEndings("\n");
        if (approved == actual)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(
            $"The public API of {name} differs from {relative} ('-' approved, '+' now):\n" +
            Diff(approved.Split('\n'), actual.Split('\n')) +
            $"\nThe whole API as it is now: {receivedPath}\n{howToApprove}");
    }

    /// <summary>The public API of <paramref name="assembly"/> as PublicApiGenerator writes it, with \n line ends.</summary>
    public static string Generate(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        // Assembly attributes (InternalsVisibleTo, TargetFramework) are left out: they are not API a user compiles against.
        string api = assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false });
        api = api.ReplaceLineEndings("\n");
        return api.EndsWith('\n') ? api : api + "\n";
    }

    /// <summary>The folder of the test project that is running: the first one holding a .csproj above the test's output folder.</summary>
    private static string TestProjectDirectory()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && dir.GetFiles("*.csproj").Length == 0)
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException(
            $"No .csproj above {TestContext.CurrentContext.TestDirectory}: the approved API files live in the test project's folder, " +
            "so run the tests from their usual output folder (no dotnet test --output).");
    }

    /// <summary>A line diff in the manner of diff -u (hunks with one line of context), cut after <see cref="MaxDiffLines"/> lines.</summary>
    internal static string Diff(string[] before, string[] after)
    {
        int prefix = 0;
        while (prefix < before.Length && prefix < after.Length && before[prefix] == after[prefix])
            prefix++;
        int suffix = 0;
        while (suffix < before.Length - prefix && suffix < after.Length - prefix && before[^(suffix + 1)] == after[^(suffix + 1)])
            suffix++;
        int n = before.Length - prefix - suffix, m = after.Length - prefix - suffix;

        // Edit script over the differing middle: ' ' kept, '-' removed, '+' added, each with its line.
        var script = new List<(char Op, string Line, int BeforeLine)>();
        if ((long)n * m <= 16_000_000)
        {
            var lcs = new int[n + 1, m + 1];
            for (int i = n - 1; i >= 0; i--)
            {
                for (int j = m - 1; j >= 0; j--)
                    lcs[i, j] = before[prefix + i] == after[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
            int a = 0, b = 0;
            while (a < n || b < m)
            {
                if (a < n && b < m && before[prefix + a] == after[prefix + b])
                {
                    script.Add((' ', before[prefix + a], prefix + a + 1));
                    a++;
                    b++;
                }
                else if (b < m && (a == n || lcs[a, b + 1] >= lcs[a + 1, b]))
                {
                    script.Add(('+', after[prefix + b], prefix + a + 1));
                    b++;
                }
                else
                {
                    script.Add(('-', before[prefix + a], prefix + a + 1));
                    a++;
                }
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
                script.Add(('-', before[prefix + i], prefix + i + 1));
            for (int j = 0; j < m; j++)
                script.Add(('+', after[prefix + j], prefix + n + 1));
        }

        var text = new StringBuilder();
        int written = 0, lastShown = -2;
        for (int k = 0; k < script.Count && written < MaxDiffLines; k++)
        {
            bool near = script[k].Op != ' ' || (k > 0 && script[k - 1].Op != ' ') || (k + 1 < script.Count && script[k + 1].Op != ' ');
            if (!near)
                continue;
            if (k != lastShown + 1)
                text.Append("@@ approved line ").Append(script[k].BeforeLine).Append(" @@\n");
            text.Append(script[k].Op).Append(' ').Append(script[k].Line).Append('\n');
            lastShown = k;
            written++;
        }
        int changed = script.Count(s => s.Op != ' ');
        int shown = script.Take(lastShown + 1).Count(s => s.Op != ' ');
        if (shown < changed)
            text.Append("... and ").Append(changed - shown).Append(" more changed lines\n");
        return text.ToString();
    }
}
