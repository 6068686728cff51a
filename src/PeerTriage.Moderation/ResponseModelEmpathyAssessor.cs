using PeerTriage.Responses;

namespace PeerTriage.Moderation;

/// <summary>
/// The library's response-assessment model (<see cref="ResponseModel"/>) as the queue's
/// <see cref="IReplyEmpathyAssessor"/>: a reply shows empathy when the model puts it above "none" on at least one
/// mechanism (<see cref="ResponseModel.ShowsEmpathy"/>).
/// </summary>
/// <remarks>
/// <para>The seeker side of the pair is the post's subject and body (the subject first, on its own line, when there is
/// one), as a Reddit seeker post in EPITOME is its title and text; the response side is the reply's body only (a reply's
/// subject is usually a copy of the post's). Both may be forum HTML: the model strips tags and drops quoted blocks, so a
/// reply that quotes the post is judged on its own words.</para>
/// <para>Long text is cut, never refused: each side is cut to <see cref="ResponsePair.MaxTextLength"/> chars (without
/// splitting a surrogate pair) before it is paired. The model reads at most
/// <see cref="PeerTriage.Features.NGramOptions.MaxTextLength"/> chars of plain text of each anyway, so a forum post long
/// enough to be cut is judged on the same words it would have been.</para>
/// <para>Thread-safe (the model is immutable; each call builds its own pair) and silent: it logs nothing and keeps no
/// text. It judges one reply to route one post; never use its answers to rate the peer who wrote the reply.</para>
/// </remarks>
public sealed class ResponseModelEmpathyAssessor : IReplyEmpathyAssessor
{
    /// <summary>Adapts a trained response model.</summary>
    /// <param name="model">The model, for example <c>ResponseModel.Load("responses.ptm")</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    public ResponseModelEmpathyAssessor(ResponseModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
    }

    /// <summary>The model that judges the replies.</summary>
    public ResponseModel Model { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="post"/> or <paramref name="reply"/> is null.</exception>
    public bool ShowsEmpathy(ForumMessage post, ForumMessage reply)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(reply);
        return Model.ShowsEmpathy(PairOf(post, reply));
    }

    /// <summary>The pair the model reads for a post and a reply (seeker text: subject and body; response: body; both cut).</summary>
    internal static ResponsePair PairOf(ForumMessage post, ForumMessage reply)
    {
        string seeker = string.IsNullOrWhiteSpace(post.Subject) ? post.Body : post.Subject + "\n" + post.Body;
        return new ResponsePair(Cut(seeker), Cut(reply.Body));
    }

    /// <summary>The text, cut to <see cref="ResponsePair.MaxTextLength"/> chars without leaving half a surrogate pair.</summary>
    internal static string Cut(string text)
    {
        if (text.Length <= ResponsePair.MaxTextLength)
            return text;
        int length = ResponsePair.MaxTextLength;
        if (char.IsHighSurrogate(text[length - 1]))
            length--;
        return text[..length];
    }
}
