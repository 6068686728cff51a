using System.Runtime.InteropServices;
using PeerTriage.Features;
using PeerTriage.Learning;

namespace PeerTriage.Tests.Learning;

/// <summary>Seeded synthetic sparse classification problems.</summary>
internal static class SyntheticData
{
    /// <summary>
    /// Rows with <paramref name="entriesPerRow"/> entries each. An entry is, with probability <paramref name="signal"/>,
    /// one of the row's class's <paramref name="signalColumns"/> indicative columns, otherwise a column from a skewed
    /// (Zipf-like) distribution over all columns. Rows are L2-normalized, like tf-idf vectors.
    /// </summary>
    public static (SparseMatrix X, int[] Labels) Generate(int seed, int rows, int columns, int classes, int entriesPerRow,
        double signal, double[]? priors = null, int signalColumns = 20)
    {
        var random = new Random(seed);
        priors ??= Enumerable.Repeat(1.0 / classes, classes).ToArray();
        var indicative = new int[classes][];
        for (int c = 0; c < classes; c++)
            indicative[c] = Enumerable.Range(0, signalColumns).Select(_ => random.Next(columns)).ToArray();

        var labels = new int[rows];
        var rowStart = new int[rows + 1];
        var indices = new int[rows * entriesPerRow];
        var values = new float[rows * entriesPerRow];
        for (int r = 0; r < rows; r++)
        {
            labels[r] = Sample(random, priors);
            double norm = 0;
            for (int e = 0; e < entriesPerRow; e++)
            {
                int j = r * entriesPerRow + e;
                indices[j] = random.NextDouble() < signal
                    ? indicative[labels[r]][random.Next(signalColumns)]
                    : (int)(columns * Math.Pow(random.NextDouble(), 3)); // skewed: low columns are common
                values[j] = (float)(0.5 + random.NextDouble());
                norm += values[j] * values[j];
            }
            for (int e = 0; e < entriesPerRow; e++)
                values[r * entriesPerRow + e] /= (float)Math.Sqrt(norm);
            rowStart[r + 1] = (r + 1) * entriesPerRow;
        }
        return (new SparseMatrix(columns, rowStart, indices, values), labels);
    }

    public static int[] Predict(SoftmaxSolution model, SparseMatrix x)
    {
        var p = new float[x.Rows * model.Classes];
        SoftmaxRegression.PredictProbabilities(model, x, p);
        var predicted = new int[x.Rows];
        for (int r = 0; r < x.Rows; r++)
        {
            var row = p.AsSpan(r * model.Classes, model.Classes);
            predicted[r] = row.IndexOf(MaxOf(row));
        }
        return predicted;
    }

    /// <summary>Bitwise equality (unlike ==, tells −0 from +0 and compares NaN payloads).</summary>
    public static bool SameBits(float[] a, float[] b) =>
        MemoryMarshal.AsBytes(a.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.AsSpan()));

    private static float MaxOf(ReadOnlySpan<float> values)
    {
        float max = values[0];
        foreach (float v in values)
            max = Math.Max(max, v);
        return max;
    }

    private static int Sample(Random random, double[] priors)
    {
        double u = random.NextDouble();
        for (int c = 0; c < priors.Length - 1; c++)
        {
            u -= priors[c];
            if (u < 0)
                return c;
        }
        return priors.Length - 1;
    }
}
