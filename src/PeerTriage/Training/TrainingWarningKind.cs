namespace PeerTriage;

/// <summary>What a training warning is about.</summary>
public enum TrainingWarningKind
{
    /// <summary>No example has an author, so the explanation vocabulary (phrases from at least K authors) is empty.</summary>
    NoAuthors = 0,

    /// <summary>Several rows have the same text; they were kept in the same inner fold so they cannot inflate the model card.</summary>
    DuplicateTexts = 1,

    /// <summary>
    /// A recall target was fitted on fewer than <see cref="Decisions.DecisionOptions.MinRowsForRecallTarget"/> rows at or
    /// above its level, or missed on the out-of-fold predictions: on new data its recall may land far from the target.
    /// </summary>
    UnreliableRecallTarget = 2,
}
