using System.Globalization;
using PeerTriage.Learning;

namespace PeerTriage.TestSupport;

/// <summary>
/// A tiny deterministic <see cref="SecondStageLearner"/> for tests of the core's tree stage without ML.NET: per level,
/// one tree of two splits (its own text log-probability at the median, then the first dense feature at the median of
/// the rows that went left), leaves the level's weighted share minus its prior.
/// </summary>
public sealed class StumpLearner : SecondStageLearner
{
    /// <inheritdoc />
    public override string Kind => "test-stumps";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["depth"] = "2" };

    /// <summary>How many times <see cref="Fit"/> ran.</summary>
    public int Fits { get; private set; }

    /// <inheritdoc />
    public override TreeEnsemble Fit(SecondStageTrainingSet data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        Fits++;
        int k = data.Classes, w = data.Inputs, n = data.Rows;
        var x = data.Features.ToArray();
        var y = data.Labels.ToArray();
        var cw = data.ClassWeights.ToArray();
        var bias = new double[k];
        var trees = new List<RegressionTree>[k];
        double total = 0;
        for (int r = 0; r < n; r++)
            total += cw[y[r]];
        for (int c = 0; c < k; c++)
        {
            double prior = 0;
            for (int r = 0; r < n; r++)
                prior += y[r] == c ? cw[c] : 0;
            prior /= total;
            bias[c] = Math.Log(Math.Max(prior, 1e-6));
            int f0 = c, f1 = w > k ? k : (c + 1) % k;
            var all = Enumerable.Range(0, n).ToArray();
            float t0 = Median(all.Select(r => x[r * w + f0]).ToArray());
            var left = all.Where(r => x[r * w + f0] <= t0).ToArray();
            float t1 = left.Length == 0 ? 0 : Median(left.Select(r => x[r * w + f1]).ToArray());
            double Share(IEnumerable<int> rows)
            {
                double a = 0, b = 0;
                foreach (int r in rows)
                {
                    b += cw[y[r]];
                    a += y[r] == c ? cw[y[r]] : 0;
                }
                return b == 0 ? 0 : 2 * (a / b - prior);
            }
            var leaves = new[]
            {
                Share(left.Where(r => x[r * w + f1] <= t1)),
                Share(all.Where(r => x[r * w + f0] > t0)),
                Share(left.Where(r => x[r * w + f1] > t1)),
            };
            trees[c] = [new RegressionTree([f0, f1], [t0, t1], [1, ~0], [~1, ~2], leaves)];
        }
        return new TreeEnsemble(w, bias, trees);
    }

    private static float Median(float[] values)
    {
        Array.Sort(values);
        return values.Length == 0 ? 0 : values[values.Length / 2];
    }

    /// <summary>The settings as text, for messages.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind} ({Settings.Count} settings)");
}
