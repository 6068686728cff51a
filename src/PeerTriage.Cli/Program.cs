using System.CommandLine;
using PeerTriage.Cli;

var verbose = new Option<bool>("--verbose") { Description = "Print full exception details on errors.", Recursive = true };
var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not print progress to stderr.", Recursive = true };
var root = new RootCommand("PeerTriage: triage peer-support forum messages (green, amber, red, crisis).")
{
    verbose,
    quiet,
    TrainCommand.Create(quiet),
    EvaluateCommand.Create(quiet),
    ScoreCommand.Create(quiet),
    ExplainCommand.Create(quiet),
    InspectCommand.Create(),
    QueueCommand.Create(quiet),
    ResponsesCommand.Create(quiet),
    AnalyzeCommand.Create(quiet),
};

var parse = root.Parse(args);
// One line and a pointer to --help, instead of System.CommandLine's error followed by the whole help text.
if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
{
    Console.Error.WriteLine($"peertriage: error: {ParseErrors.Describe(parse)} (see {ParseErrors.CommandPath(parse)} --help)");
    return 2;
}
try
{
    return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is not OutOfMemoryException)
{
    var inner = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e;
    if (parse.GetValue(verbose))
        Console.Error.WriteLine(inner.ToString());
    else
        Console.Error.WriteLine($"peertriage: error: {Cli.Describe(inner)}");
    return inner is OperationCanceledException ? 130 : 1;
}
