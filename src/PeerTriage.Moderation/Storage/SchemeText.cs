using System.Globalization;

namespace PeerTriage.Moderation.Storage;

/// <summary>
/// How a store records its priority scheme (levels are stored as numbers, so the scheme is fixed per store):
/// <c>green,amber,red,crisis;flagged=1;urgent=2</c>.
/// </summary>
internal static class SchemeText
{
    public static string Describe(PriorityScheme scheme) =>
        string.Join(",", scheme.Levels.Select(l => l.ToLowerInvariant())) +
        string.Create(CultureInfo.InvariantCulture, $";flagged={scheme.FlaggedFrom};urgent={scheme.UrgentFrom}");

    /// <exception cref="ModerationStoreException">The text is not one <see cref="Describe"/> wrote.</exception>
    public static PriorityScheme Parse(string text)
    {
        string[] parts = text.Split(';');
        if (parts.Length == 3 && parts[1].StartsWith("flagged=", StringComparison.Ordinal) && parts[2].StartsWith("urgent=", StringComparison.Ordinal)
            && int.TryParse(parts[1].AsSpan("flagged=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int flagged)
            && int.TryParse(parts[2].AsSpan("urgent=".Length), NumberStyles.None, CultureInfo.InvariantCulture, out int urgent))
        {
            try
            {
                return new PriorityScheme(parts[0].Split(','), flagged, urgent);
            }
            catch (ArgumentException)
            {
                // reported below
            }
        }
        throw new ModerationStoreException($"The store's recorded scheme '{text}' is not one this library wrote; the store is damaged.");
    }
}
