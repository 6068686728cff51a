namespace PeerTriage.Responses;

/// <summary>
/// Which columns (CSV/TSV header names, or JSON Lines property names) of a file of (seeker post, response) pairs hold
/// which fields, for <see cref="ResponseDataset"/>.
/// </summary>
/// <remarks>
/// Names match as in <see cref="Data.DatasetColumns"/>: exactly first, then case-insensitively; every column named here
/// must be in a CSV or TSV header (a misspelt name fails loudly); a JSON property that is absent or <c>null</c> is missing.
/// Blank values of the optional columns become null.
/// </remarks>
public sealed record ResponseDatasetColumns
{
    /// <summary>The seeker post's text. Default <c>seeker_post</c> (EPITOME's name). Required in every row; an empty
    /// text is allowed (the seeker post is then unknown), a missing one is an error.</summary>
    public string SeekerPost { get; init; } = "seeker_post";

    /// <summary>The response's text. Default <c>response_post</c> (EPITOME's name). Required in every row; an empty
    /// text is allowed, a missing one is an error.</summary>
    public string Response { get; init; } = "response_post";

    /// <summary>The gold level column. Default null: the data is unlabelled. When set, every row needs a non-blank
    /// label: a level name of its mechanism (case-insensitive) or the level's index as digits (EPITOME's 0, 1, 2).</summary>
    public string? Label { get; init; }

    /// <summary>The column naming the mechanism a row's label is for. Default null: the caller names one mechanism for
    /// the whole file (EPITOME ships one file per mechanism).</summary>
    public string? Mechanism { get; init; }

    /// <summary>The response id column. Default null: each row's id is its 1-based data row number. When set, ids must
    /// be non-blank and unique in the file.</summary>
    public string? Id { get; init; }

    /// <summary>The seeker post's id column (<see cref="ResponsePair.SeekerPostId"/>). Default null.</summary>
    public string? SeekerPostId { get; init; }

    /// <summary>The fold group column (<see cref="LabeledResponse.Group"/>), such as the responder or the thread.
    /// Default null: the responder, else the response id.</summary>
    public string? Group { get; init; }

    /// <summary>The column identifying who wrote the response (<see cref="ResponsePair.ResponderId"/>). Default null.</summary>
    public string? Responder { get; init; }

    /// <summary>The board (sub-forum) column (<see cref="ResponsePair.Board"/>). Default null.</summary>
    public string? Board { get; init; }

    /// <summary>The replier's role column (peer, moderator, staff or unknown, or a synonym, as
    /// <see cref="AuthorRoles.TryParse"/> reads it); an unrecognised role is an error. Default null.</summary>
    public string? ReplierRole { get; init; }

    /// <summary>When the response was posted, in ISO 8601 (<see cref="Data.DatasetColumns.PostedAt"/>'s formats; no
    /// offset means UTC). Default null.</summary>
    public string? PostedAt { get; init; }

    /// <summary>EPITOME's files: <c>seeker_post</c>, <c>response_post</c>, the label <c>level</c>, the seeker post's id
    /// <c>sp_id</c>, and the response id <c>rp_id</c> as the group (it repeats on 61 of each file's 3,084 rows, so it
    /// cannot be a unique id; as the group, the repeats share folds). The <c>rationales</c> column is not read.</summary>
    public static ResponseDatasetColumns Epitome { get; } = new() { Label = "level", SeekerPostId = "sp_id", Group = "rp_id" };
}
