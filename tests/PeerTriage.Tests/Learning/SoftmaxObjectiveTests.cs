using PeerTriage.Learning;

namespace PeerTriage.Tests.Learning;

public class SoftmaxObjectiveTests
{
    private const double L2 = 0.3;

    [TestCase(1_000_000)] // one chunk
    [TestCase(10)]        // many chunks, exercising the local column maps and the reduction
    public void Gradient_matches_central_finite_differences(int minEntriesPerChunk)
    {
        var (x, labels, rowWeights) = SmallProblem();
        var objective = new SoftmaxObjective(x, labels, rowWeights, 3, L2, maxDegreeOfParallelism: 2, minEntriesPerChunk);
        if (minEntriesPerChunk == 10)
            objective.ChunkCount.Should().BeGreaterThan(4);

        var random = new Random(7);
        var theta = Enumerable.Range(0, objective.Dimension).Select(_ => random.NextDouble() - 0.5).ToArray();
        var gradient = new double[objective.Dimension];
        objective.Evaluate(theta, gradient);

        const double h = 1e-5;
        var scratch = new double[objective.Dimension];
        for (int i = 0; i < theta.Length; i++)
        {
            double saved = theta[i];
            theta[i] = saved + h;
            double up = objective.Evaluate(theta, scratch);
            theta[i] = saved - h;
            double down = objective.Evaluate(theta, scratch);
            theta[i] = saved;

            double numeric = (up - down) / (2 * h);
            gradient[i].Should().BeApproximately(numeric, 1e-8, $"component {i} of {theta.Length}");
        }
    }

    [Test]
    public void Value_matches_a_straightforward_dense_computation()
    {
        var (x, labels, rowWeights) = SmallProblem();
        var objective = new SoftmaxObjective(x, labels, rowWeights, 3, L2, maxDegreeOfParallelism: 1, minEntriesPerChunk: 10);
        var random = new Random(11);
        var theta = Enumerable.Range(0, objective.Dimension).Select(_ => 2 * random.NextDouble() - 1).ToArray();

        // Dense reference: weights indexed by compact feature, then biases.
        int k = 3, features = objective.UsedColumns.Length;
        double loss = 0, total = rowWeights.Sum();
        for (int r = 0; r < x.Rows; r++)
        {
            var z = new double[k];
            for (int c = 0; c < k; c++)
                z[c] = theta[features * k + c];
            for (int j = x.RowStart[r]; j < x.RowStart[r + 1]; j++)
            {
                int f = Array.IndexOf(objective.UsedColumns, x.Indices[j]);
                for (int c = 0; c < k; c++)
                    z[c] += x.Values[j] * theta[f * k + c];
            }
            double logSum = Math.Log(z.Sum(Math.Exp));
            loss += rowWeights[r] * (logSum - z[labels[r]]);
        }
        double penalty = 0.5 * L2 * theta.Take(features * k).Sum(w => w * w);

        objective.Evaluate(theta, new double[objective.Dimension]).Should().BeApproximately(loss / total + penalty, 1e-12);
    }

    [Test]
    public void Softmax_is_stable_for_huge_scores()
    {
        var x = new SparseMatrix(1, [0, 1, 2], [0, 0], [1f, -1f]);
        var objective = new SoftmaxObjective(x, [0, 1], [1.0, 1.0], 2, 0, 1);
        double[] theta = [1000, -1000, 0, 0]; // scores ±1000: exp would overflow without the shift
        var gradient = new double[4];

        double value = objective.Evaluate(theta, gradient);

        value.Should().BeApproximately(0, 1e-12, "both rows are classified correctly with huge margins");
        gradient.Should().AllSatisfy(g => double.IsFinite(g).Should().BeTrue());
    }

    [Test]
    public void Evaluation_is_bit_identical_for_one_or_two_threads()
    {
        var (x, labels) = SyntheticData.Generate(5, rows: 400, columns: 5000, classes: 4, entriesPerRow: 50, signal: 0.3);
        var weights = SoftmaxRegression.RowWeights(labels, Enumerable.Repeat(1.0, 400).ToArray(), 4, ClassWeighting.Balanced);
        var serial = new SoftmaxObjective(x, labels, weights, 4, 1e-3, 1, minEntriesPerChunk: 1000);
        var parallel = new SoftmaxObjective(x, labels, weights, 4, 1e-3, 2, minEntriesPerChunk: 1000);
        serial.ChunkCount.Should().Be(SoftmaxObjective.MaxChunks);

        var random = new Random(3);
        var theta = Enumerable.Range(0, serial.Dimension).Select(_ => random.NextDouble() - 0.5).ToArray();
        var g1 = new double[serial.Dimension];
        var g2 = new double[serial.Dimension];
        for (int repeat = 0; repeat < 5; repeat++)
        {
            serial.Evaluate(theta, g1).Should().Be(parallel.Evaluate(theta, g2));
            g2.Should().Equal(g1);
        }
    }

    [Test]
    public void Rejects_labels_and_weights_that_do_not_fit()
    {
        var x = new SparseMatrix(2, [0, 1, 2], [0, 1], [1f, 1f]);
        FluentActions.Invoking(() => new SoftmaxObjective(x, [0, 2], [1.0, 1.0], 2, 0, 1))
            .Should().Throw<ArgumentException>().WithMessage("*Label 2*");
        FluentActions.Invoking(() => new SoftmaxObjective(x, [0, 1], [1.0], 2, 0, 1))
            .Should().Throw<ArgumentException>().WithMessage("*2 labels*");
        FluentActions.Invoking(() => new SoftmaxObjective(x, [0, 1], [0.0, 0.0], 2, 0, 1))
            .Should().Throw<ArgumentException>().WithMessage("*positive*");
    }

    /// <summary>40 rows, 3 classes, signed values, a repeated column within a row, Balanced class weights times random sample weights, one row of weight 0.</summary>
    private static (SparseMatrix X, int[] Labels, double[] RowWeights) SmallProblem()
    {
        var random = new Random(1);
        const int rows = 40, columns = 15;
        var rowStart = new List<int> { 0 };
        var indices = new List<int>();
        var values = new List<float>();
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            labels[r] = r % 5 == 0 ? 2 : random.Next(2); // class 2 is rarer
            int entries = random.Next(1, 6);
            for (int e = 0; e < entries; e++)
            {
                indices.Add(random.Next(columns - 3)); // the last 3 columns are never used
                values.Add((float)(2 * random.NextDouble() - 1));
            }
            if (r == 3)
            {
                indices.Add(indices[^1]); // a duplicate column
                values.Add(0.25f);
            }
            rowStart.Add(indices.Count);
        }
        var sampleWeights = Enumerable.Range(0, rows).Select(r => r == 7 ? 0 : 0.5 + random.NextDouble()).ToArray();
        var rowWeights = SoftmaxRegression.RowWeights(labels, sampleWeights, 3, ClassWeighting.Balanced);
        return (new SparseMatrix(columns, [.. rowStart], [.. indices], [.. values]), labels, rowWeights);
    }
}
