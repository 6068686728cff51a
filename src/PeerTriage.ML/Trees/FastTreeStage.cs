using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using PeerTriage.Learning;
using CoreTree = PeerTriage.Learning.RegressionTree;
using MlTree = Microsoft.ML.Trainers.FastTree.RegressionTree;

namespace PeerTriage.ML.Trees;

/// <summary>
/// A boosted-tree second stage trained by ML.NET FastTree: for each level, a binary FastTree (that level versus all
/// others) on the stacked input [ln text probabilities, lexicon and thread-context features]. The trees are exported
/// into the core's <see cref="TreeEnsemble"/>, so the trained model is saved in the <c>.ptm</c> file and scored by the
/// core package alone (allocation-free, Native-AOT-safe); ML.NET is needed only to train.
/// </summary>
/// <remarks>
/// Use it as <c>new TriageTrainingOptions { Features = pipeline with { TwoStage = true }, SecondStage = new FastTreeStage() }</c>.
/// A level's logit is FastTree's raw (uncalibrated) score of its binary model: the sum of its trees' outputs. Rows are
/// weighted by their level's class weight (<see cref="SecondStageTrainingSet.ClassWeights"/>). Training runs on one
/// thread with the training seed, so the same data and options give the same trees, and the same model file bytes.
/// Calibration (temperature) and the decision policy are fitted on the trees' inner out-of-fold predictions by the core.
/// </remarks>
public sealed class FastTreeStage : SecondStageLearner
{
    /// <summary>Creates the stage.</summary>
    /// <param name="options">FastTree's settings; null for <see cref="FastTreeStageOptions.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public FastTreeStage(FastTreeStageOptions? options = null)
    {
        Options = options ?? FastTreeStageOptions.Default;
        Options.Validate();
        Settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["mode"] = "one-versus-all binary",
            ["numberOfTrees"] = Options.NumberOfTrees.ToString(CultureInfo.InvariantCulture),
            ["numberOfLeaves"] = Options.NumberOfLeaves.ToString(CultureInfo.InvariantCulture),
            ["learningRate"] = Options.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            ["minimumExampleCountPerLeaf"] = Options.MinimumExampleCountPerLeaf.ToString(CultureInfo.InvariantCulture),
            ["trainer"] = "Microsoft.ML.FastTree " + typeof(FastTreeBinaryTrainer).Assembly.GetName().Version?.ToString(3),
        };
    }

    /// <summary>The stage's FastTree settings.</summary>
    public FastTreeStageOptions Options { get; }

    /// <summary>"fasttree".</summary>
    public override string Kind => "fasttree";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The logit given to a level that has no training rows: it is then predicted with probability near 0.</summary>
    internal const double AbsentLevelBias = -20;

    /// <inheritdoc />
    public override TreeEnsemble Fit(SecondStageTrainingSet data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var ml = new MLContext(seed: data.Seed);
        var bias = new double[data.Classes];
        var trees = new IReadOnlyList<CoreTree>[data.Classes];
        var labels = data.Labels.Span;
        for (int c = 0; c < data.Classes; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool any = false;
            foreach (int label in labels)
                any |= label == c;
            if (!any)
            {
                bias[c] = AbsentLevelBias;
                trees[c] = [];
                continue;
            }
            var model = FitLevel(ml, data, c);
            (trees[c], bias[c]) = Export(model.TrainedTreeEnsemble);
        }
        return new TreeEnsemble(data.Inputs, bias, trees);
    }

    /// <summary>Trains the binary FastTree of level <paramref name="level"/> against all others.</summary>
    internal FastTreeBinaryModelParameters FitLevel(MLContext ml, SecondStageTrainingSet data, int level)
    {
        var view = ToDataView(ml, data, level);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            ExampleWeightColumnName = nameof(Row.Weight),
            NumberOfTrees = Options.NumberOfTrees,
            NumberOfLeaves = Options.NumberOfLeaves,
            LearningRate = Options.LearningRate,
            MinimumExampleCountPerLeaf = Options.MinimumExampleCountPerLeaf,
            NumberOfThreads = 1,
            Seed = data.Seed,
        });
        return trainer.Fit(view).Model.SubModel;
    }

    /// <summary>The rows of <paramref name="data"/> as an ML.NET data view: label "is level <paramref name="level"/>", weight its class weight.</summary>
    internal static IDataView ToDataView(MLContext ml, SecondStageTrainingSet data, int level)
    {
        var features = data.Features.Span;
        var labels = data.Labels.Span;
        var weights = data.ClassWeights.Span;
        var rows = new Row[data.Rows];
        for (int r = 0; r < rows.Length; r++)
        {
            rows[r] = new Row
            {
                Features = features.Slice(r * data.Inputs, data.Inputs).ToArray(),
                Label = labels[r] == level,
                Weight = (float)weights[labels[r]],
            };
        }
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.Inputs);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }

    /// <summary>
    /// FastTree's trees in the core's layout, and the ensemble's bias. A tree's output is its tree weight × its leaf value
    /// (the weight is 1 for FastTree's boosting, which keeps the exported leaves bit-identical); a tree without splits
    /// outputs 0 in ML.NET whatever its leaf holds, and is exported so.
    /// </summary>
    /// <exception cref="NotSupportedException">A tree has a categorical split (the stacked input has none).</exception>
    internal static (CoreTree[] Trees, double Bias) Export(TreeEnsemble<MlTree> ensemble)
    {
        var result = new CoreTree[ensemble.Trees.Count];
        for (int t = 0; t < result.Length; t++)
        {
            var tree = ensemble.Trees[t];
            double weight = ensemble.TreeWeights[t];
            if (tree.NumberOfNodes == 0)
            {
                result[t] = new CoreTree([], [], [], [], [0.0]);
                continue;
            }
            if (tree.CategoricalSplitFlags.Any(f => f))
                throw new NotSupportedException($"Tree {t} has a categorical split; the tree stage exports numerical splits only.");
            var leaves = tree.LeafValues.Select(v => weight == 1 ? v : weight * v).ToArray();
            result[t] = new CoreTree([.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds], [.. tree.LeftChild], [.. tree.RightChild], leaves);
        }
        return (result, ensemble.Bias);
    }

    /// <summary>One training row as ML.NET reads it.</summary>
    internal sealed class Row
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Weight { get; set; }
    }
}
