using ScottPlot;

namespace PeerTriage.Analytics.Reports;

/// <summary>
/// Colours for charts, as "#RRGGBB": the usual traffic-light colours for the triage levels, and a colour-blind-safe
/// palette for anything else.
/// </summary>
public static class ChartColors
{
    // Okabe–Ito: distinguishable with the common colour-vision deficiencies.
    private static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

    /// <summary>The <paramref name="index"/>-th colour of the categorical palette (it repeats after 8).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static string Categorical(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return Palette[index % Palette.Length];
    }

    /// <summary>
    /// The colour of a triage level by name: green, amber, red and crisis get their own colours; any other name gets
    /// <see cref="Categorical"/> of <paramref name="index"/>.
    /// </summary>
    /// <param name="level">The level's name.</param>
    /// <param name="index">The level's index in its scheme, for names without a colour of their own.</param>
    public static string Level(string level, int index) => level?.ToLowerInvariant() switch
    {
        "green" => "#4CAF50",
        "amber" => "#FFB300",
        "red" => "#E53935",
        "crisis" => "#6A1B9A",
        _ => Categorical(index),
    };

    /// <summary>Parses "#RRGGBB"; throws naming the chart field when it is not.</summary>
    internal static Color Parse(string hex, string where)
    {
        if (hex is null || hex.Length != 7 || hex[0] != '#' || !hex.AsSpan(1).ToString().All(Uri.IsHexDigit))
            throw new ArgumentException($"{where}: colour '{hex}' is not #RRGGBB.");
        return Color.FromHex(hex);
    }
}
