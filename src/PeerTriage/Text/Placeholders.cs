namespace PeerTriage.Text;

/// <summary>
/// Token texts that stand in for personal details. The original text they replace is never written to the token
/// buffer.
/// </summary>
internal static class Placeholders
{
    /// <summary>A URL: "http://...", "https://...", "www...." or a bare domain with a common top-level domain.</summary>
    public const string Url = "<url>";

    /// <summary>An e-mail address.</summary>
    public const string Email = "<email>";

    /// <summary>A phone number: 7 or more digits, possibly separated by spaces, dashes, dots or parentheses,
    /// optionally led by '+'.</summary>
    public const string Phone = "<phone>";

    /// <summary>A user mention such as "@name".</summary>
    public const string Mention = "<user>";
}
