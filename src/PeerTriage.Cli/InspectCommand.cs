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
            string? option = parse.GetValue(model) is null ? null : "--model";
            if (Cli.IsResponseModel(file))
            {
                // A response model (peertriage responses train): its card lists every mechanism's model.
                var responses = ResponsesData.LoadModel(option ?? "model", file);
                Console.Out.WriteLine($"{file.Name}: {file.Length:N0} bytes");
                Console.Out.Write(responses.ToModelCard());
                Console.Out.WriteLine();
                return 0;
            }
            var triage = Cli.LoadModel(option, file);
            Console.Out.WriteLine($"{file.Name}: {file.Length:N0} bytes");
            Console.Out.Write(triage.ToModelCard());
            if (triage.Info.Metrics is { } metrics)
                DecisionCli.WarnFloods(metrics.Shares(triage.Scheme), triage.Scheme, triage.Policy, DecisionPolicyKind.RecallTargets, triage.RecallTargets, "out of fold on its training data");
            return 0;
        });
        return command;
    }
}
