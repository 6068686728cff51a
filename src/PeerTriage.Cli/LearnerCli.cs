using System.CommandLine;
using PeerTriage.Features;
using PeerTriage.ML.Trees;

namespace PeerTriage.Cli;

/// <summary>
/// --learner and the FastTree options of <c>train</c> and <c>evaluate</c>: the second stage's learner, linear (the
/// default) or fasttree (PeerTriage.ML's boosted trees; the model it writes still loads and scores with the core alone).
/// </summary>
internal sealed class LearnerCli
{
    public Option<string> Learner { get; } = Cli.OneOf(new Option<string>("--learner")
    {
        Description = "Learner of the model: linear (default) or fasttree (a boosted-tree second stage trained by ML.NET FastTree over the "
            + "text model's out-of-fold probabilities and the lexicon and context features; implies two-stage).",
        DefaultValueFactory = _ => "linear",
    }, "linear", "fasttree");

    public Option<int?> Trees { get; } = Cli.Check(new Option<int?>("--trees")
    {
        Description = $"With --learner fasttree: trees per level, 1 to 10000. [default: {FastTreeStageOptions.Default.NumberOfTrees}]",
    }, v => v is >= 1 and <= 10_000, "must be between 1 and 10000");

    public Option<int?> Leaves { get; } = Cli.Check(new Option<int?>("--leaves")
    {
        Description = $"With --learner fasttree: leaves per tree, 2 to 1024. [default: {FastTreeStageOptions.Default.NumberOfLeaves}]",
    }, v => v is >= 2 and <= 1_024, "must be between 2 and 1024");

    public Option<double?> LearningRate { get; } = Cli.Check(new Option<double?>("--learning-rate")
    {
        Description = $"With --learner fasttree: the boosting learning rate, above 0 and at most 1. [default: {FastTreeStageOptions.Default.LearningRate}]",
    }, v => v is > 0 and <= 1, "must be above 0 and at most 1");

    public IEnumerable<Option> All => [Learner, Trees, Leaves, LearningRate];

    /// <summary>The training options with the chosen learner: for fasttree, a two-stage pipeline and a <see cref="FastTreeStage"/>.</summary>
    public TriageTrainingOptions Apply(ParseResult parse, TriageTrainingOptions options)
    {
        bool fastTree = parse.GetValue(Learner) == "fasttree";
        string[] given = [.. new (Option Option, bool Given)[]
        {
            (Trees, parse.GetValue(Trees) is not null), (Leaves, parse.GetValue(Leaves) is not null), (LearningRate, parse.GetValue(LearningRate) is not null),
        }.Where(o => o.Given).Select(o => o.Option.Name)];
        if (!fastTree)
        {
            if (given.Length > 0)
                throw new CliException($"{given[0]} applies to --learner fasttree only; add --learner fasttree, or leave {given[0]} out.");
            return options;
        }
        FeaturePipeline pipeline = options.Features;
        if (pipeline.Lexicons is null && pipeline.Context is null)
            throw new CliException("--learner fasttree reads lexicon or context features beside the text model's probabilities; use --features with lexicons or context (for example --features default).");
        var d = FastTreeStageOptions.Default;
        var stage = new FastTreeStage(new FastTreeStageOptions
        {
            NumberOfTrees = parse.GetValue(Trees) ?? d.NumberOfTrees,
            NumberOfLeaves = parse.GetValue(Leaves) ?? d.NumberOfLeaves,
            LearningRate = parse.GetValue(LearningRate) ?? d.LearningRate,
        });
        return options with { Features = pipeline with { TwoStage = true }, SecondStage = stage };
    }
}
