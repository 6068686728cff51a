namespace PeerTriage.Learning;

/// <summary>
/// The extensibility point for a two-stage model's second stage: set <see cref="TriageTrainingOptions.SecondStage"/> to
/// an instance, and training hands it the stacked out-of-fold matrix instead of fitting the linear second stage.
/// PeerTriage.ML's <c>FastTreeStage</c> is one (ML.NET FastTree); the core never depends on such a package.
/// </summary>
/// <remarks>
/// <para>Training calls <see cref="Fit"/> once per inner fold (on the rows outside the fold, so that the out-of-fold
/// predictions the calibration and the decision policy are fitted on come from trees that did not see the row) and
/// once on all rows for the final model. Each call must be deterministic for the same input and seed, and may run on
/// any thread.</para>
/// <para>The ensemble it returns is saved in the model file's tree section; the file records <see cref="Kind"/> and
/// <see cref="Settings"/> so a model card can say how the stage was trained.</para>
/// </remarks>
public abstract class SecondStageLearner
{
    /// <summary>A short lowercase name of the learner, recorded in the model file (for example "fasttree").</summary>
    public abstract string Kind { get; }

    /// <summary>The learner's settings as name → invariant-culture text, recorded in the model file. Default: none.</summary>
    public virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    /// <summary>Fits the second stage.</summary>
    /// <param name="data">The stacked training rows, their levels, and the class weights the linear stage would use.</param>
    /// <param name="cancellationToken">Stops the fit.</param>
    /// <returns>An ensemble with <see cref="TreeEnsemble.Classes"/> equal to <see cref="SecondStageTrainingSet.Classes"/>
    /// and <see cref="TreeEnsemble.Inputs"/> equal to <see cref="SecondStageTrainingSet.Inputs"/>.</returns>
    public abstract TreeEnsemble Fit(SecondStageTrainingSet data, CancellationToken cancellationToken);
}

/// <summary>What a <see cref="SecondStageLearner"/> is trained on.</summary>
/// <remarks>
/// Row r's input is <c>Features[r * Inputs .. (r + 1) * Inputs)</c>: first the natural log of each level's text
/// probability (out of fold, clipped below at 1e-6, exactly as scoring computes it), then the dense features (lexicons,
/// thread context) in the order of <see cref="TriageModel.DenseFeatureNames"/>. Rows that are context-free copies of
/// others (thread-context dropout) are included, with their originals' labels. Holds no message text.
/// </remarks>
public sealed class SecondStageTrainingSet
{
    internal SecondStageTrainingSet(int classes, int inputs, float[] features, int[] labels, double[] classWeights, int seed)
    {
        Classes = classes;
        Inputs = inputs;
        Features = features;
        Labels = labels;
        ClassWeights = classWeights;
        Seed = seed;
    }

    /// <summary>The number of levels.</summary>
    public int Classes { get; }

    /// <summary>The number of values per row: <see cref="Classes"/> + the number of dense features.</summary>
    public int Inputs { get; }

    /// <summary>The number of rows.</summary>
    public int Rows => Labels.Length;

    /// <summary>The stacked inputs, row-major (<see cref="Rows"/> × <see cref="Inputs"/>).</summary>
    public ReadOnlyMemory<float> Features { get; }

    /// <summary>The level index of each row.</summary>
    public ReadOnlyMemory<int> Labels { get; }

    /// <summary>
    /// The weight of each level that the linear stage would use (<see cref="TriageTrainingOptions.ClassWeighting"/>):
    /// with balanced weighting, rows / (levels present × rows of the level); otherwise 1. A learner should weigh a row
    /// by its level's weight.
    /// </summary>
    public ReadOnlyMemory<double> ClassWeights { get; }

    /// <summary>The seed to use (<see cref="TriageTrainingOptions.Seed"/>).</summary>
    public int Seed { get; }
}
