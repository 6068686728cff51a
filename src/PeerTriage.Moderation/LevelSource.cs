namespace PeerTriage.Moderation;

/// <summary>Where a message's level came from.</summary>
public enum LevelSource
{
    /// <summary>The classifier.</summary>
    Model = 0,

    /// <summary>A community flag raised it above the classifier's level.</summary>
    Flag = 1,

    /// <summary>A moderator's correction, which overrides the model and flags.</summary>
    Correction = 2,
}
