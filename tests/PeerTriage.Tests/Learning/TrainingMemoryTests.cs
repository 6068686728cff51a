using PeerTriage.Features;
using PeerTriage.Learning;
using PeerTriage.Training;

namespace PeerTriage.Tests.Learning;

/// <summary>
/// Training's memory: fits read their rows in place and share their scratch arrays, without changing a bit of the
/// result. The allocation tests run single-threaded, so the current thread's allocation counter sees all of it.
/// </summary>
public class TrainingMemoryTests
{
    // More entries than one chunk of the column-major copy (2^18), so the chunked split is exercised too.
    private static (SparseMatrix X, int[] Labels) Problem() =>
        SyntheticData.Generate(21, rows: 4000, columns: 1 << 14, classes: 4, entriesPerRow: 200, signal: 0.3, [0.4, 0.3, 0.2, 0.1]);

    private static readonly SoftmaxOptions Options = new() { L2 = 1e-3, MaxIterations = 40, MaxDegreeOfParallelism = 2 };

    [Test]
    public void A_fit_on_selected_rows_equals_a_fit_on_a_copy_of_them_bit_for_bit()
    {
        var (x, labels) = Problem();
        int[] rows = [.. Enumerable.Range(0, x.Rows).Where(r => r % 5 != 2).Reverse(), 7, 7, 11];
        int[] y = [.. rows.Select(r => labels[r])];

        var inPlace = SoftmaxRegression.Fit(x, rows, y, 4, Options);
        var copied = SoftmaxRegression.Fit(x.SelectRows(rows), y, 4, Options);

        SyntheticData.SameBits(inPlace.Weights, copied.Weights).Should().BeTrue();
        SyntheticData.SameBits(inPlace.Bias, copied.Bias).Should().BeTrue();
        inPlace.Objective.Should().Be(copied.Objective);
        inPlace.Iterations.Should().Be(copied.Iterations);
    }

    [Test]
    public void Fits_that_share_a_workspace_give_the_bits_of_fresh_fits()
    {
        var (x, labels) = Problem();
        var workspace = new SoftmaxWorkspace(x, 4);
        int[] all = [.. Enumerable.Range(0, x.Rows)];
        // Folds of different sizes, then every row: stale contents of a larger earlier fit must not leak into the next.
        foreach (int[] rows in new[] { all.Where(r => r % 3 != 0).ToArray(), all.Where(r => r % 7 == 0).ToArray(), all })
        {
            int[] y = [.. rows.Select(r => labels[r])];
            var shared = SoftmaxRegression.Fit(x, rows, y, 4, Options, workspace: workspace);
            var fresh = SoftmaxRegression.Fit(x, rows, y, 4, Options);
            SyntheticData.SameBits(shared.Weights, fresh.Weights).Should().BeTrue();
            SyntheticData.SameBits(shared.Bias, fresh.Bias).Should().BeTrue();
        }
    }

    [Test]
    public void Fit_and_predict_scores_like_a_full_fit_bit_for_bit()
    {
        var (x, labels) = Problem();
        int[] train = [.. Enumerable.Range(0, x.Rows).Where(r => r % 5 != 0)];
        int[] test = [.. Enumerable.Range(0, x.Rows).Where(r => r % 5 == 0)];
        int[] y = [.. train.Select(r => labels[r])];

        var model = SoftmaxRegression.Fit(x, train, y, 4, Options);
        var expected = new float[test.Length * 4];
        SoftmaxRegression.PredictProbabilities(model, x, test, expected);
        var workspace = new SoftmaxWorkspace(x, 4);
        for (int pass = 0; pass < 2; pass++)
        {
            var actual = new float[test.Length * 4];
            SoftmaxRegression.FitAndPredict(x, train, y, 4, Options, test, actual, workspace: workspace);
            SyntheticData.SameBits(actual, expected).Should().BeTrue("pass {0}", pass);
        }
    }

    [Test]
    public void A_fit_with_a_warm_workspace_allocates_a_small_fraction_of_the_matrix()
    {
        var (x, labels) = Problem();
        var options = Options with { MaxIterations = 5, MaxDegreeOfParallelism = 1 };
        int[] train = [.. Enumerable.Range(0, x.Rows).Where(r => r % 5 != 0)];
        int[] test = [.. Enumerable.Range(0, x.Rows).Where(r => r % 5 == 0)];
        int[] y = [.. train.Select(r => labels[r])];
        var probabilities = new float[test.Length * 4];
        var workspace = new SoftmaxWorkspace(x, 4);
        SoftmaxRegression.FitAndPredict(x, train, y, 4, options, test, probabilities, workspace: workspace);

        long before = GC.GetAllocatedBytesForCurrentThread();
        SoftmaxRegression.FitAndPredict(x, train, y, 4, options, test, probabilities, workspace: workspace);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A copy of the rows, the column-major copy or the L-BFGS vectors would each be more than this; what is left
        // grows with the rows and the used columns only.
        long matrixBytes = x.NonZeros * 8L;
        allocated.Should().BeLessThan(matrixBytes / 4);
    }

    [Test]
    public void Inner_folds_share_one_workspace()
    {
        var (x, labels) = Problem();
        var options = new TriageTrainingOptions { MaxIterations = 5, MaxDegreeOfParallelism = 1 };
        int[] rows = [.. Enumerable.Range(0, x.Rows)];
        var groups = new string?[x.Rows];
        var probabilities = new float[800 * 4];
        long before = GC.GetAllocatedBytesForCurrentThread();
        SoftmaxRegression.FitAndPredict(x, rows[800..], labels[800..], 4, ModelFitter.ToSoftmaxOptions(options), rows[..800], probabilities);
        long oneFit = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        ModelFitter.OutOfFold(x, labels, groups, rows, options, CancellationToken.None);
        long fiveFolds = GC.GetAllocatedBytesForCurrentThread() - before;

        // The first fold sizes the scratch for every row (about 1.3 fits), the others add little; scratch of their
        // own would cost about five fits.
        fiveFolds.Should().BeLessThan(5 * oneFit / 2);
    }

    [Test]
    public void A_one_stage_matrix_is_built_combined_and_matches_the_hashed_matrix_with_the_dense_columns_appended()
    {
        var ngrams = NGramOptions.Default with { HashBits = 12 };
        var messages = TestData.Corpus.Select(e => e.Message).Take(300).ToList();
        var oneStage = new PipelineFeaturizer(FeaturePipeline.Default.WithNGrams(ngrams), PriorityScheme.Default)
            .FeaturizeAll(messages, null, 2, CancellationToken.None);
        var twoStage = new PipelineFeaturizer(FeaturePipeline.Default.WithNGrams(ngrams) with { TwoStage = true }, PriorityScheme.Default)
            .FeaturizeAll(messages, null, 2, CancellationToken.None);

        var appended = twoStage.Sparse.AppendDense(twoStage.Dense, twoStage.DenseCount);
        Same(oneStage.Combined, appended);
        Same(oneStage.Sparse, twoStage.Sparse);
        oneStage.Rows.Should().Be(messages.Count);
    }

    private static void Same(SparseMatrix a, SparseMatrix b)
    {
        a.Columns.Should().Be(b.Columns);
        a.RowStart.Should().Equal(b.RowStart);
        a.Indices.Should().Equal(b.Indices);
        SyntheticData.SameBits(a.Values, b.Values).Should().BeTrue();
    }
}
