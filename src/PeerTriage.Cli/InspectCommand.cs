using System.CommandLine;
using PeerTriage.Decisions;

namespace PeerTriage.Cli;

internal static class InspectCommand
{
    public static Command Create()
    {
        // Positional as before, or --model like every other command.
        var positional = new Argument<FileInfo?>("model") { Description = "Trained model (.ptm); or give it with --model.", Arity = ArgumentArity.ZeroOrOne };
        var model = new Option<FileInfo?>("--model", "-m") { Description = "Trained model (.ptm)." };
        var command = new Command("inspect", "Print a model's card: scheme, features, thresholds, calibration, training summary and metrics.") { positional, model };
        command.SetAction(parse =>
        {
            var file = (parse.GetValue(positional), parse.GetValue(model)) switch
            {
                ({ } a, { } b) when a.FullName != b.FullName => throw new CliException($"give the model once: {a.Name} and --model {b.Name} differ."),
                ({ } a, _) => a,
                (null, { } b) => b,
                _ => throw new CliException("give the model to inspect: peertriage inspect --model MODEL (or peertriage inspect MODEL)."),
            };
            var triage = Cli.LoadModel(parse.GetValue(model) is null ? null : "--model", file);
            Console.Out.WriteLine($"{file.Name}: {file.Length:N0} bytes");
            Console.Out.Write(triage.ToModelCard());
            if (triage.Info.Metrics is { } metrics)
                DecisionCli.WarnFloods(metrics.Shares(triage.Scheme), triage.Scheme, triage.Policy, DecisionPolicyKind.RecallTargets, triage.RecallTargets, "out of fold on its training data");
            return 0;
        });
        return command;
    }
}
