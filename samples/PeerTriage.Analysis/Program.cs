// The responsiveness study on a simulated forum: ten months of messages with planted effects (at the launch of triage
// red messages are answered 1.2 x as often and 5 x faster, crisis 2 x faster; after training amber is answered 1.2 x as
// often and faster), analysed as the published deployment was, and written as a self-contained HTML report.
//
//   dotnet run --project samples/PeerTriage.Analysis -- --out report.html [--json report.json] [--csv forum.csv]
//       [--per-day 60] [--seed 1]
//
// --csv also writes the simulated export, which `peertriage analyze responsiveness --posts forum.csv ...` reads.
using System.Diagnostics;
using System.Globalization;
using PeerTriage.Analytics.Reports;
using PeerTriage.Analytics.Responsiveness;
using PeerTriage.Analytics.Simulation;

string? outPath = null, jsonPath = null, csvPath = null;
double perDay = SimulationOptions.Default.PeerMessagesPerDay;
int seed = SimulationOptions.Default.Seed;
try
{
    for (int i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw Usage($"{args[i]} needs a value.");
        switch (args[i])
        {
            case "--out": outPath = Next(); break;
            case "--json": jsonPath = Next(); break;
            case "--csv": csvPath = Next(); break;
            case "--per-day": perDay = double.TryParse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0 ? d : throw Usage("--per-day must be a positive number."); break;
            case "--seed": seed = int.TryParse(Next(), CultureInfo.InvariantCulture, out var s) ? s : throw Usage("--seed must be a whole number."); break;
            case "--help" or "-h": Console.WriteLine(Usage("").Message.TrimStart()); return 0;
            default: throw Usage($"unknown argument '{args[i]}'.");
        }
    }
    if (outPath is null)
        throw Usage("--out is required.");
}
catch (ArgumentException e)
{
    // A mistake in the arguments: one line, no stack trace.
    Console.Error.WriteLine($"PeerTriage.Analysis: {e.Message}");
    return 2;
}

var clock = Stopwatch.StartNew();
var simulation = SimulationOptions.Default with { Seed = seed, PeerMessagesPerDay = perDay };
var forum = ForumSimulator.Generate(simulation);
Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] simulated {forum.Count:N0} messages, {simulation.Start:yyyy-MM-dd} to {simulation.End:yyyy-MM-dd}");
if (csvPath is not null)
{
    using var writer = new StreamWriter(csvPath);
    ForumExport.WriteCsv(writer, forum);
}

// The paper's periods: triage launched on 2016-08-05, moderators were trained on 2016-11-27.
var options = new ResponsivenessOptions { Boundaries = [simulation.LaunchDate, simulation.TrainingDate] };
var result = ResponsivenessStudy.Run(forum, options);
Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] ran the study and fitted {result.Models.Count(m => m.Logistic is not null) + result.Models.Count(m => m.Linear is not null)} of {result.Models.Count * 2} regressions");
ResponsivenessReport.Build(result, $"simulated forum (seed {seed})").Save(outPath);
if (jsonPath is not null)
    File.WriteAllText(jsonPath, result.ToJson());
Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,5:0.0}s] wrote {outPath}{(jsonPath is null ? "" : " and " + jsonPath)}");

// The planted effects, as the study sees them.
foreach (var model in result.Models)
{
    if (model.Linear is { } linear)
    {
        var post = linear["period_postlaunch"];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{model.Level,-7} latency x {Math.Exp(post.Estimate):0.00} after launch (95% CI {Math.Exp(post.Lower):0.00} to {Math.Exp(post.Upper):0.00}, p = {post.P:0.####})"));
    }
    else
        Console.WriteLine($"{model.Level,-7} {model.LinearError}");
}
return 0;

static ArgumentException Usage(string message) =>
    new($"{message} Usage: PeerTriage.Analysis --out report.html [--json report.json] [--csv forum.csv] [--per-day 60] [--seed 1]");
