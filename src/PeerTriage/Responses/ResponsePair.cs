namespace PeerTriage.Responses;

/// <summary>
/// A seeker's post and one response to it: what response assessment reads. The response is featurized as the message
/// and the seeker post as its parent (its n-grams in their own hashed namespace), with pair features between the two.
/// </summary>
/// <remarks>
/// Both texts may be forum HTML or plain text. A pair builds its message view (two <see cref="ForumMessage"/>s and a
/// <see cref="ThreadContext"/>) once, on first use, and keeps it: assessing the same pair again allocates nothing.
/// </remarks>
public sealed record ResponsePair
{
    /// <summary>The longest text accepted for either side, in chars: 65,536. Featurization reads at most
    /// <see cref="Features.NGramOptions.MaxTextLength"/> chars of it anyway; longer input is almost certainly a mistake.</summary>
    public const int MaxTextLength = 65_536;

    private readonly string _seekerPost = "";
    private readonly string _response = "";
    private View? _view;

    /// <summary>Creates a pair.</summary>
    /// <param name="seekerPost">The post being answered; empty when unknown.</param>
    /// <param name="response">The response.</param>
    /// <exception cref="ArgumentNullException">A text is null.</exception>
    /// <exception cref="ArgumentException">A text is longer than <see cref="MaxTextLength"/>.</exception>
    public ResponsePair(string seekerPost, string response)
    {
        SeekerPost = seekerPost;
        Response = response;
    }

    /// <summary>The post being answered (HTML or plain text); empty when unknown.</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    /// <exception cref="ArgumentException">Longer than <see cref="MaxTextLength"/>.</exception>
    public string SeekerPost
    {
        get => _seekerPost;
        init
        {
            _seekerPost = Check(value, nameof(SeekerPost));
            _view = null;
        }
    }

    /// <summary>The response (HTML or plain text).</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    /// <exception cref="ArgumentException">Longer than <see cref="MaxTextLength"/>.</exception>
    public string Response
    {
        get => _response;
        init
        {
            _response = Check(value, nameof(Response));
            _view = null;
        }
    }

    /// <summary>An identifier of the pair (such as EPITOME's response id); null when none. Never read by the model.</summary>
    public string? Id { get; init; }

    /// <summary>Who wrote the response; null when unknown. Used to group training folds and for the K-distinct-authors
    /// rule of explanation vocabularies (see <see cref="LabeledResponse.Group"/>); never read as a feature.</summary>
    public string? ResponderId { get; init; }

    /// <summary>The seeker post's identifier; null when none. Never read as a feature.</summary>
    public string? SeekerPostId { get; init; }

    /// <summary>The board or community; null when unknown. Read only by pipelines with board context (off by default).</summary>
    public string? Board { get; init; }

    /// <summary>When the response was posted; null when unknown. Never read by the default pipeline.</summary>
    public DateTimeOffset? PostedAt { get; init; }

    /// <summary>The response as the triage engine's message.</summary>
    internal ForumMessage Message => (_view ??= new View(this)).Message;

    /// <summary>The seeker post as the response's thread context (the parent).</summary>
    internal ThreadContext Context => (_view ??= new View(this)).Context;

    // Records copy fields in `with`: a copy must not keep the view of its original's texts.
    private ResponsePair(ResponsePair original)
    {
        _seekerPost = original._seekerPost;
        _response = original._response;
        Id = original.Id;
        ResponderId = original.ResponderId;
        SeekerPostId = original.SeekerPostId;
        Board = original.Board;
        PostedAt = original.PostedAt;
    }

    /// <inheritdoc />
    public bool Equals(ResponsePair? other) =>
        other is not null && _seekerPost == other._seekerPost && _response == other._response && Id == other.Id && ResponderId == other.ResponderId
        && SeekerPostId == other.SeekerPostId && Board == other.Board && PostedAt == other.PostedAt;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_seekerPost, _response, Id, ResponderId, SeekerPostId, Board, PostedAt);

    /// <summary>The pair's id and text lengths; never the texts themselves, so logs carry no message text.</summary>
    public override string ToString() => $"ResponsePair {{ Id = {Id}, SeekerPost = {_seekerPost.Length} chars, Response = {_response.Length} chars }}";

    private static string Check(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length > MaxTextLength)
            throw new ArgumentException($"{name} is {value.Length:N0} chars long; a response pair accepts at most {MaxTextLength:N0} chars per text.", name);
        return value;
    }

    private sealed class View
    {
        public View(ResponsePair pair)
        {
            var seeker = new ForumMessage(pair._seekerPost) { Id = pair.SeekerPostId, Board = pair.Board };
            Message = new ForumMessage(pair._response) { Id = pair.Id, AuthorId = pair.ResponderId, Board = pair.Board, ParentId = pair.SeekerPostId, PostedAt = pair.PostedAt };
            Context = new ThreadContext(seeker);
        }

        public ForumMessage Message { get; }

        public ThreadContext Context { get; }
    }
}
