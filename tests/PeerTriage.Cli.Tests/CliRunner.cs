using System.Diagnostics;

namespace PeerTriage.Cli.Tests;

/// <summary>Runs the real peertriage CLI as a child process, as scripts would.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    /// <summary>The tool's assembly, copied beside the tests by the project reference.</summary>
    public static string Dll => Path.Combine(TestContext.CurrentContext.TestDirectory, "PeerTriage.Cli.dll");

    public static Result Run(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        return Wait(info, $"peertriage {string.Join(' ', args)}");
    }

    /// <summary>Starts <paramref name="info"/> (with both outputs redirected) and waits for it, failing the test after 3 minutes.</summary>
    public static Result Wait(ProcessStartInfo info, string what)
    {
        ArgumentNullException.ThrowIfNull(info);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{what} did not finish in 3 minutes.");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }
}
