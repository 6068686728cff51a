using PeerTriage.Features;
using PeerTriage.Learning;

namespace PeerTriage.Tests.Learning;

public class SoftmaxObjectiveTests
{
    private const double L2 = 0.3;

    // Classes 3 take the general loops, 4 the vectorized ones. Rows 40: one band and one row block; rows 600 with
    // tiny bands: all 16 bands and 2 row blocks, exercising the reductions.
    [TestCase(3, 40, 1_000_000)]
    [TestCase(4, 40, 1_000_000)]
    [TestCase(3, 600, 10)]
    [TestCase(4, 600, 10)]
    public void Gradient_matches_central_finite_differences(int classes, int rows, int minEntriesPerBand)
    {
        var (x, labels, rowWeights) = SmallProblem(rows, classes);
        var objective = new SoftmaxObjective(x, labels, rowWeights, classes, L2, maxDegreeOfParallelism: 2, minEntriesPerBand);
        objective.BandCount.Should().Be(rows == 40 ? 1 : SoftmaxObjective.MaxParts);
        objective.BlockCount.Should().Be(rows == 40 ? 1 : 2);

        var random = new Random(7);
        var point = Enumerable.Range(0, objective.Dimension).Select(_ => random.NextDouble() - 0.5).ToArray();
        var gradient = new double[objective.Dimension];
        Value(objective, point, gradient);

        // The derivative along coordinate i is ⟨g, e_i⟩ = (M g)_i.
        var derivative = new double[objective.Dimension];
        objective.Image(gradient, derivative);

        const double h = 1e-5;
        var scratch = new double[objective.Dimension];
        var coordinates = rows == 40 ? Enumerable.Range(0, objective.Dimension) : Enumerable.Range(0, objective.Dimension).Where(i => i % 17 == 0 || i >= rows * classes);
        foreach (int i in coordinates)
        {
            double saved = point[i];
            point[i] = saved + h;
            double up = Value(objective, point, scratch);
            point[i] = saved - h;
            double down = Value(objective, point, scratch);
            point[i] = saved;

            double numeric = (up - down) / (2 * h);
            derivative[i].Should().BeApproximately(numeric, 1e-8, $"coordinate {i} of {point.Length}");
        }
    }

    [TestCase(3)]
    [TestCase(4)]
    public void Value_and_weights_match_a_straightforward_dense_computation(int classes)
    {
        var (x, labels, rowWeights) = SmallProblem(40, classes);
        var objective = new SoftmaxObjective(x, labels, rowWeights, classes, L2, maxDegreeOfParallelism: 1, minEntriesPerBand: 10);
        var random = new Random(11);
        var point = Enumerable.Range(0, objective.Dimension).Select(_ => 2 * random.NextDouble() - 1).ToArray();

        // Dense reference: W = Xᵀ A over all columns (rows of weight 0 are not part of X), scores = X W + bias.
        int k = classes, n = x.Rows * k;
        var w = new double[x.Columns, k];
        for (int r = 0; r < x.Rows; r++)
        {
            if (rowWeights[r] == 0)
                continue;
            for (int j = x.RowStart[r]; j < x.RowStart[r + 1]; j++)
            {
                for (int c = 0; c < k; c++)
                    w[x.Indices[j], c] += x.Values[j] * point[r * k + c];
            }
        }
        double loss = 0, total = rowWeights.Sum(), squares = 0;
        for (int r = 0; r < x.Rows; r++)
        {
            var z = new double[k];
            for (int c = 0; c < k; c++)
                z[c] = point[n + c];
            for (int j = x.RowStart[r]; j < x.RowStart[r + 1]; j++)
            {
                for (int c = 0; c < k; c++)
                    z[c] += x.Values[j] * w[x.Indices[j], c];
            }
            loss += rowWeights[r] * (Math.Log(z.Sum(Math.Exp)) - z[labels[r]]);
        }
        foreach (double v in w)
            squares += v * v;

        Value(objective, point, new double[objective.Dimension]).Should().BeApproximately(loss / total + 0.5 * L2 * squares, 1e-12);

        double[] theta = objective.ToFeatureSpace(point);
        theta.Length.Should().Be((objective.UsedColumns.Length + 1) * k);
        for (int f = 0; f < objective.UsedColumns.Length; f++)
        {
            for (int c = 0; c < k; c++)
                theta[f * k + c].Should().BeApproximately(w[objective.UsedColumns[f], c], 1e-12);
        }
        theta[^k..].Should().Equal(point[n..]);
        objective.UsedColumns.Should().BeInAscendingOrder().And.OnlyContain(column => column < x.Columns - 3, "the last 3 columns are never used");
    }

    [Test]
    public void Softmax_is_stable_for_huge_scores()
    {
        // One column; row 0 has +1 (class 0), row 1 has −1 (class 1). A = [(1000, −1000), (0, 0)] gives W = (1000, −1000).
        var x = new SparseMatrix(1, [0, 1, 2], [0, 0], [1f, -1f]);
        var objective = new SoftmaxObjective(x, [0, 1], [1.0, 1.0], 2, 0, 1);
        double[] point = [1000, -1000, 0, 0, 0, 0];
        var gradient = new double[6];

        double value = Value(objective, point, gradient);

        value.Should().BeApproximately(0, 1e-12, "both rows are classified correctly with huge margins");
        gradient.Should().AllSatisfy(g => double.IsFinite(g).Should().BeTrue());
    }

    [Test]
    public void Image_is_bit_identical_for_one_or_two_threads()
    {
        var (x, labels) = SyntheticData.Generate(5, rows: 400, columns: 5000, classes: 4, entriesPerRow: 50, signal: 0.3);
        var weights = SoftmaxRegression.RowWeights(labels, Enumerable.Repeat(1.0, 400).ToArray(), 4, ClassWeighting.Balanced);
        var serial = new SoftmaxObjective(x, labels, weights, 4, 1e-3, 1, minEntriesPerBand: 1000);
        var parallel = new SoftmaxObjective(x, labels, weights, 4, 1e-3, 2, minEntriesPerBand: 1000);
        serial.BandCount.Should().Be(SoftmaxObjective.MaxParts);

        var random = new Random(3);
        var v = Enumerable.Range(0, serial.Dimension).Select(_ => random.NextDouble() - 0.5).ToArray();
        var m1 = new double[serial.Dimension];
        var m2 = new double[serial.Dimension];
        for (int repeat = 0; repeat < 5; repeat++)
        {
            serial.Image(v, m1);
            parallel.Image(v, m2);
            m2.AsSpan().SequenceEqual(m1).Should().BeTrue();
            parallel.ToFeatureSpace(v).AsSpan().SequenceEqual(serial.ToFeatureSpace(v)).Should().BeTrue();
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

    /// <summary>The objective at a point, computing the point's image first (as L-BFGS keeps it up to date).</summary>
    private static double Value(SoftmaxObjective objective, double[] point, double[] gradient)
    {
        var image = new double[point.Length];
        objective.Image(point, image);
        return objective.Evaluate(point, image, gradient);
    }

    /// <summary>Signed values, a repeated column within a row, an empty row, Balanced class weights times random sample weights, one row of weight 0.</summary>
    private static (SparseMatrix X, int[] Labels, double[] RowWeights) SmallProblem(int rows, int classes)
    {
        var random = new Random(1);
        const int columns = 15;
        var rowStart = new List<int> { 0 };
        var indices = new List<int>();
        var values = new List<float>();
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            labels[r] = r % 5 == 0 ? classes - 1 : random.Next(classes - 1); // the last class is rarer
            int entries = r == 5 ? 0 : random.Next(1, 6);
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
        var rowWeights = SoftmaxRegression.RowWeights(labels, sampleWeights, classes, ClassWeighting.Balanced);
        return (new SparseMatrix(columns, [.. rowStart], [.. indices], [.. values]), labels, rowWeights);
    }
}
