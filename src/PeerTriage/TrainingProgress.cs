namespace PeerTriage;

/// <summary>A phase of <see cref="TriageModel.Train"/>, in the order they run.</summary>
public enum TrainingPhase
{
    /// <summary>Context pipelines only: an n-gram cross-validation predicts the levels that thread context reads.</summary>
    ContextLevels = 0,

    /// <summary>Turning every message into features.</summary>
    Featurizing = 1,

    /// <summary>One fit of the inner cross-validation whose out-of-fold predictions calibrate and fit the decisions.</summary>
    InnerFold = 2,

    /// <summary>Calibration (temperature) and the decision thresholds, on the out-of-fold predictions.</summary>
    Decisions = 3,

    /// <summary>The fit on all the training data: the model's weights.</summary>
    FinalFit = 4,

    /// <summary>Counting which n-grams enough distinct authors wrote to be named in explanations.</summary>
    ExplanationVocabulary = 5,
}

/// <summary>Where training is: the phase, the step within it, time so far and an estimate of the time left.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="Step">0 when the phase starts; then the fits of the phase done so far (inner folds, or 1 for the final fit).</param>
/// <param name="Steps">0 when the phase starts; then how many fits the phase has.</param>
/// <param name="Elapsed">Time since training started.</param>
/// <param name="Remaining">
/// Estimated time left, from the average time of the fits done so far (each inner fold and the final fit are counted as
/// one fit each); null until a fit has finished.
/// </param>
public sealed record TrainingProgress(TrainingPhase Phase, int Step, int Steps, TimeSpan Elapsed, TimeSpan? Remaining);
