using System.Text.Json;
using System.Text.Json.Serialization;
using PeerTriage.Analytics.Statistics;

namespace PeerTriage.Analytics.Responsiveness;

/// <summary>
/// The outcome of a <see cref="ResponsivenessStudy"/> run: Tables 2–4, Figure 1's weekly counts and the regression inputs.
/// Holds no message text and no message ids.
/// </summary>
/// <remarks>Tables list their cells level by level (the scheme's order), period by period within a level.</remarks>
public sealed class ResponsivenessResult
{
    private readonly double[][][] _latencies; // [level][period] sorted minutes

    internal ResponsivenessResult(StudyInputs inputs, string[] levels, StudyPeriod[] periods, VolumeCell[] volume, ResponseRatioCell[] ratios,
        LatencyCell[] latencies, LatencyChange[] changes, WeekCount[] weeks, RegressionInput[] logistic, RegressionInput[] linear,
        double[][][] latencySamples, LevelModels[] models, PeriodComparison[] comparisons, double alpha, PercentileDefinition percentiles)
    {
        PercentileDefinition = percentiles;
        Models = Array.AsReadOnly(models);
        Comparisons = Array.AsReadOnly(comparisons);
        Alpha = alpha;
        Inputs = inputs;
        Levels = Array.AsReadOnly(levels);
        Periods = Array.AsReadOnly(periods);
        Volume = Array.AsReadOnly(volume);
        ResponseRatios = Array.AsReadOnly(ratios);
        Latencies = Array.AsReadOnly(latencies);
        LatencyChanges = Array.AsReadOnly(changes);
        Weeks = Array.AsReadOnly(weeks);
        LogisticInputs = Array.AsReadOnly(logistic);
        LinearInputs = Array.AsReadOnly(linear);
        RegressionInputs = Array.AsReadOnly(Array.ConvertAll(logistic, l =>
            new RegressionInputSummary(l.Level, l.Rows.Length, Array.Find(linear, x => x.Level == l.Level)!.Rows.Length, l.Names)));
        _latencies = latencySamples;
    }

    /// <summary>What went in.</summary>
    public StudyInputs Inputs { get; }

    /// <summary>The levels, lowest first.</summary>
    public IReadOnlyList<string> Levels { get; }

    /// <summary>The periods, in time order.</summary>
    public IReadOnlyList<StudyPeriod> Periods { get; }

    /// <summary>Table 2: peers' messages per level and period, n (%).</summary>
    public IReadOnlyList<VolumeCell> Volume { get; }

    /// <summary>Table 3: the response ratio per level and period.</summary>
    public IReadOnlyList<ResponseRatioCell> ResponseRatios { get; }

    /// <summary>Table 4: latency median and IQR per level and period, in minutes.</summary>
    public IReadOnlyList<LatencyCell> Latencies { get; }

    /// <summary>Table 4's changes per level: between consecutive periods, then first to last when there are more than two.</summary>
    public IReadOnlyList<LatencyChange> LatencyChanges { get; }

    /// <summary>Figure 1: peers' messages per ISO week and level, every week from the first message's to the last's.</summary>
    public IReadOnlyList<WeekCount> Weeks { get; }

    /// <summary>The activity variable names (<see cref="ActivityVariables.Names"/>).</summary>
    public IReadOnlyList<string> ActivityVariables => Responsiveness.ActivityVariables.Names;

    /// <summary>The regression inputs' sizes per level (the data themselves are not in the JSON).</summary>
    public IReadOnlyList<RegressionInputSummary> RegressionInputs { get; }

    /// <summary>Per level (the scheme's order), the fitted regressions and normality tests, or why they could not be fitted.
    /// Empty when <see cref="ResponsivenessOptions.FitModels"/> is false.</summary>
    public IReadOnlyList<LevelModels> Models { get; }

    /// <summary>The planned pairwise comparisons: per level, every pair of periods (earlier first), judged at <see cref="Alpha"/>.</summary>
    public IReadOnlyList<PeriodComparison> Comparisons { get; }

    /// <summary>How the quartiles were computed (<see cref="ResponsivenessOptions.Percentiles"/>); described in <see cref="StudyInputs.Percentiles"/>.</summary>
    internal PercentileDefinition PercentileDefinition { get; }

    /// <summary>The adjusted alpha of the comparisons (<see cref="ResponsivenessOptions.Alpha"/>).</summary>
    public double Alpha { get; }

    /// <summary>Per level, the logistic regression of response on period and activity.</summary>
    [JsonIgnore]
    public IReadOnlyList<RegressionInput> LogisticInputs { get; }

    /// <summary>Per level, the linear regression of ln(latency in minutes) on period and activity.</summary>
    [JsonIgnore]
    public IReadOnlyList<RegressionInput> LinearInputs { get; }

    /// <summary>The latencies, in minutes and ascending, of a level's responded messages in a period (for box plots).</summary>
    /// <param name="level">The level's name.</param>
    /// <param name="period">The period's name.</param>
    /// <exception cref="ArgumentException">The level or the period is not in the result.</exception>
    public IReadOnlyList<double> GetLatencies(string level, string period)
    {
        ArgumentNullException.ThrowIfNull(level);
        ArgumentNullException.ThrowIfNull(period);
        int l = IndexOf(Levels, level);
        if (l < 0)
            throw new ArgumentException($"'{level}' is not a level of the study ({string.Join(", ", Levels)}).", nameof(level));
        int p = -1;
        for (int i = 0; i < Periods.Count && p < 0; i++)
            p = string.Equals(Periods[i].Name, period, StringComparison.OrdinalIgnoreCase) ? i : -1;
        if (p < 0)
            throw new ArgumentException($"'{period}' is not a period of the study ({string.Join(", ", Periods.Select(x => x.Name))}).", nameof(period));
        return Array.AsReadOnly(_latencies[l][p]);

        static int IndexOf(IReadOnlyList<string> names, string name)
        {
            for (int i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
                    return i;
            }
            return -1;
        }
    }

    /// <summary>The result as indented JSON (camelCase names; undefined numbers are null, and a model that could not be
    /// fitted is null beside its error). No text, no ids.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, StudyJsonContext.Default.ResponsivenessResult);

    /// <summary>Writes <see cref="ToJson"/>'s JSON, UTF-8, to a stream, which is not closed.</summary>
    /// <param name="stream">Where to write.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public void WriteJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        JsonSerializer.Serialize(stream, this, StudyJsonContext.Default.ResponsivenessResult);
    }
}

/// <summary>Source-generated JSON for study results: no reflection, trimming-safe.</summary>
// Named literals only as a guard: fitted models hold finite numbers, but an odds ratio can overflow to infinity.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ResponsivenessResult))]
internal sealed partial class StudyJsonContext : JsonSerializerContext;
