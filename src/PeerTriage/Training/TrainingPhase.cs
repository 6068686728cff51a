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
