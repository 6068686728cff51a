using System.CommandLine;
using PeerTriage.Decisions;

namespace PeerTriage.Cli;

internal static class InspectCommand
{
    public static Command Create()
    {
        var model = new Argument<FileInfo>("model") { Description = "Trained model (.ptm)." };
        var command = new Command("inspect", "Print a model's card: scheme, features, thresholds, calibration, training summary and metrics.") { model };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(model)!;
            var triage = TriageModel.Load(file.FullName);
            Console.Out.WriteLine($"{file.Name}: {file.Length:N0} bytes");
            Console.Out.Write(triage.ToModelCard());
            if (triage.Info.Metrics is { } metrics)
                DecisionCli.WarnFloods(metrics.Shares(triage.Scheme), triage.Scheme, triage.Policy, DecisionPolicyKind.RecallTargets, triage.RecallTargets, "out of fold on its training data");
            return 0;
        });
        return command;
    }
}
