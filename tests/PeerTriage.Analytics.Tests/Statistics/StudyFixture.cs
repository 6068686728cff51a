using System.Globalization;

namespace PeerTriage.Analytics.Tests.Statistics;

/// <summary>
/// The fixed synthetic study table Fixtures/study.csv (300 rows, generated once with a seeded generator): period (0
/// prelaunch, 1 postlaunch, 2 post-training) with its two dummies, two counts, a continuous load, a binary outcome
/// and a skewed positive latency. The reference values pinned in the tests were computed from this file with
/// statsmodels 0.13.5 / scipy 1.10.1 / numpy 1.24.2 (Debian bookworm packages).
/// </summary>
internal static class StudyFixture
{
    public static readonly string[] Predictors = ["postlaunch", "posttraining", "peer_msgs", "mod_authors", "load"];

    private static readonly Lazy<Row[]> s_rows = new(Load);

    public static IReadOnlyList<Row> Rows => s_rows.Value;

    public static double[][] X => [.. Rows.Select(r => new[] { r.Postlaunch, r.Posttraining, r.PeerMsgs, r.ModAuthors, r.Load })];

    public static bool[] Responded => [.. Rows.Select(r => r.Responded)];

    public static double[] Latency => [.. Rows.Select(r => r.Latency)];

    /// <summary>Relative tolerance 1e-6 with an absolute floor of 1e-12 for values near 0.</summary>
    public static void ShouldMatch(this double actual, double expected, string what, double relative = 1e-6) =>
        Math.Abs(actual - expected).Should().BeLessThanOrEqualTo((relative * Math.Abs(expected)) + 1e-12, $"{what}: {actual:R} vs reference {expected:R}");

    private static Row[] Load()
    {
        var path = Path.Combine(TestData.RepoRoot, "tests", "PeerTriage.Analytics.Tests", "Statistics", "Fixtures", "study.csv");
        var lines = File.ReadAllLines(path);
        var rows = new Row[lines.Length - 1];
        for (var i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            double D(int k) => double.Parse(f[k], CultureInfo.InvariantCulture);
            rows[i - 1] = new Row((int)D(0), D(1), D(2), D(3), D(4), D(5), f[6] == "1", D(7));
        }

        return rows;
    }

    internal sealed record Row(int Period, double Postlaunch, double Posttraining, double PeerMsgs, double ModAuthors, double Load, bool Responded, double Latency);
}
