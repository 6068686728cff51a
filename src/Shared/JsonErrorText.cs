using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PeerTriage.Shared;

/// <summary>
/// Invalid JSON described for people. Compiled into each package that reads JSON Lines (linked source, not a public
/// API, so the packages need not match versions).
/// </summary>
internal static class JsonErrorText
{
    /// <summary>
    /// The parser's reason without its "LineNumber: 0 | BytePositionInLine: 18" tail, which counts from 0 and in bytes;
    /// the position is given as a 1-based character column of <paramref name="json"/> instead.
    /// </summary>
    public static string Describe(string json, JsonException e)
    {
        string reason = e.Message;
        foreach (string marker in (ReadOnlySpan<string>)[" Path:", " LineNumber:"])
        {
            int at = reason.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
                reason = reason[..at];
        }
        reason = reason.Trim().TrimEnd('.');
        if (e.LineNumber != 0 || e.BytePositionInLine is not long position)
            return $"invalid JSON: {reason}";
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        int column = Encoding.UTF8.GetCharCount(bytes, 0, (int)Math.Min(position, bytes.Length)) + 1;
        return string.Create(CultureInfo.InvariantCulture, $"invalid JSON at column {column}: {reason}");
    }
}
