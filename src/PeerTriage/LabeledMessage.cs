namespace PeerTriage;

/// <summary>A message with its gold priority label, used for training and evaluation.</summary>
/// <param name="Message">The message.</param>
/// <param name="Label">The level name; it must belong to the scheme it is trained or scored with.</param>
public sealed record LabeledMessage(ForumMessage Message, string Label)
{
    /// <summary>Cross-validation group, such as the author; rows of one group never straddle folds. Optional.</summary>
    public string? Group { get; init; }

    /// <summary>
    /// What was known about the message's thread and author when it was written, used by context features; null when
    /// unknown. <see cref="ThreadContexts.Attach"/> fills it in from the examples themselves. Optional.
    /// </summary>
    public ThreadContext? Context { get; init; }

    /// <summary>Where the row came from, such as <c>posts.csv:42</c>, for error messages. Optional.</summary>
    public string? Source { get; init; }

    /// <summary>What keeps rows in one fold: the group, else the author; null when neither is known.</summary>
    internal string? FoldGroup => Group ?? Message.AuthorId;

    /// <summary>Who wrote the message, for explanations and history: the author, else the group.</summary>
    internal string? Author => Message.AuthorId ?? Group;
}
