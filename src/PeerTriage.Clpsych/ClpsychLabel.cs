using System.Collections.ObjectModel;

namespace PeerTriage.Clpsych;

/// <summary>
/// A CLPsych 2016/2017 gold label: the coarse priority level (green, amber, red or crisis, the levels of
/// <see cref="PriorityScheme.Default"/>) and, when given, the fine label it refines.
/// </summary>
/// <remarks>
/// The twelve fine labels and their levels are:
/// green: allClear, followupBye, supporting;
/// amber: currentMildDistress, followupOk, pastDistress, underserved;
/// red: angryWithForumMember, angryWithReachout, currentAcuteDistress, followupWorse;
/// crisis: crisis.
/// Names are matched case-insensitively and stored in the canonical spelling above.
/// </remarks>
public sealed record ClpsychLabel
{
    private static readonly (string Fine, string Coarse)[] s_fine =
    [
        ("allClear", "green"), ("followupBye", "green"), ("supporting", "green"),
        ("currentMildDistress", "amber"), ("followupOk", "amber"), ("pastDistress", "amber"), ("underserved", "amber"),
        ("angryWithForumMember", "red"), ("angryWithReachout", "red"), ("currentAcuteDistress", "red"), ("followupWorse", "red"),
        ("crisis", "crisis"),
    ];

    /// <summary>The fine labels (canonical spelling) mapped to their coarse level, in the order listed on <see cref="ClpsychLabel"/>.</summary>
    public static IReadOnlyDictionary<string, string> FineLabels { get; } =
        new ReadOnlyDictionary<string, string>(s_fine.ToDictionary(f => f.Fine, f => f.Coarse, StringComparer.OrdinalIgnoreCase));

    /// <summary>The names of the fine labels in canonical spelling: green ones first, crisis last.</summary>
    public static IReadOnlyList<string> FineLabelNames { get; } = Array.AsReadOnly(s_fine.Select(f => f.Fine).ToArray());

    /// <summary>Creates a label.</summary>
    /// <param name="label">The coarse level: green, amber, red or crisis (case-insensitive).</param>
    /// <param name="fineLabel">One of the twelve fine labels (case-insensitive), which must belong to <paramref name="label"/>;
    /// null or blank for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="label"/> is null.</exception>
    /// <exception cref="ArgumentException">The label or fine label is unknown, or the fine label belongs to another level.</exception>
    public ClpsychLabel(string label, string? fineLabel = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        string? error = TryCreate(label, fineLabel, out var canonical, out var canonicalFine);
        if (error is not null)
            throw new ArgumentException(error, error.StartsWith("fine", StringComparison.Ordinal) ? nameof(fineLabel) : nameof(label));
        Label = canonical!;
        FineLabel = canonicalFine;
    }

    /// <summary>The coarse level in canonical (lower-case) spelling: green, amber, red or crisis.</summary>
    public string Label { get; }

    /// <summary>The fine label in canonical spelling, such as <c>currentMildDistress</c>, or null when not given.</summary>
    public string? FineLabel { get; }

    /// <summary>Validates and canonicalises; returns an error message, or null when valid.</summary>
    internal static string? TryCreate(string label, string? fineLabel, out string? canonical, out string? canonicalFine)
    {
        canonical = null;
        canonicalFine = null;
        var scheme = PriorityScheme.Default;
        if (!scheme.TryGetIndex(label, out int index))
            return $"label '{label.Trim()}' is not a CLPsych level ({scheme.Describe()})";
        canonical = scheme.NameOf(index);
        if (string.IsNullOrWhiteSpace(fineLabel))
            return null;
        string fine = fineLabel.Trim();
        if (!FineLabels.TryGetValue(fine, out string? coarse))
            return $"fine label '{fine}' is not one of the twelve CLPsych fine labels ({string.Join(", ", FineLabelNames)})";
        canonicalFine = FineLabelNames.First(f => f.Equals(fine, StringComparison.OrdinalIgnoreCase));
        if (!coarse.Equals(canonical, StringComparison.Ordinal))
            return $"fine label '{canonicalFine}' belongs to level '{coarse}', not '{canonical}'";
        return null;
    }
}
