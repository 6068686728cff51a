using PeerTriage.Features;
using PeerTriage.Learning;

namespace PeerTriage.Tests.Learning;

public class SoftmaxRegressionTests
{
    [Test]
    public void Learns_a_separable_sparse_problem()
    {
        var (x, labels) = SyntheticData.Generate(1, rows: 800, columns: 4096, classes: 4, entriesPerRow: 30, signal: 0.3);

        var model = SoftmaxRegression.Fit(x, labels, 4, new SoftmaxOptions());

        Accuracy(SyntheticData.Predict(model, x), labels).Should().BeGreaterThan(0.97);
        model.Converged.Should().BeTrue();
        model.Iterations.Should().BeInRange(2, 299);
        model.Weights.Length.Should().Be(4096 * 4);

        // Also generalizes to fresh rows drawn from the same classes (same seed → same indicative columns).
        var (fresh, freshLabels) = SyntheticData.Generate(1, rows: 1600, columns: 4096, classes: 4, entriesPerRow: 30, signal: 0.3);
        Accuracy(SyntheticData.Predict(model, fresh.SelectRows([.. Enumerable.Range(800, 800)])), freshLabels[800..]).Should().BeGreaterThan(0.9);
    }

    [Test]
    public void Reported_objective_matches_the_returned_weights()
    {
        var (x, labels) = SyntheticData.Generate(9, rows: 300, columns: 2000, classes: 4, entriesPerRow: 20, signal: 0.3, [0.4, 0.3, 0.2, 0.1]);
        var options = new SoftmaxOptions { L2 = 1e-3 };

        var model = SoftmaxRegression.Fit(x, labels, 4, options);

        // Recompute (Σ w_i·CE_i)/(Σ w_i) + (λ/2)‖W‖² from the stored weights, with Balanced class weights.
        var rowWeights = SoftmaxRegression.RowWeights(labels, Enumerable.Repeat(1.0, x.Rows).ToArray(), 4, ClassWeighting.Balanced);
        var p = new float[x.Rows * 4];
        SoftmaxRegression.PredictProbabilities(model, x, p);
        double loss = Enumerable.Range(0, x.Rows).Sum(r => rowWeights[r] * -Math.Log(p[r * 4 + labels[r]])) / rowWeights.Sum();
        double penalty = 0.5 * options.L2 * model.Weights.Sum(w => (double)w * w);
        model.Objective.Should().BeApproximately(loss + penalty, 1e-5 * model.Objective);
    }

    [Test]
    public void A_sample_weight_of_two_equals_a_duplicated_row()
    {
        var (x, labels) = SyntheticData.Generate(10, rows: 200, columns: 500, classes: 3, entriesPerRow: 10, signal: 0.3);
        var weights = Enumerable.Range(0, 200).Select(r => r % 3 == 0 ? 2.0 : 1.0).ToArray();
        int[] order = [.. Enumerable.Range(0, 200), .. Enumerable.Range(0, 200).Where(r => r % 3 == 0)];
        var options = new SoftmaxOptions { ClassWeighting = ClassWeighting.None, L2 = 1e-3, Tolerance = 1e-10, MaxIterations = 1000 };

        var weighted = SoftmaxRegression.Fit(x, labels, weights, 3, options);
        var duplicated = SoftmaxRegression.Fit(x.SelectRows(order), [.. order.Select(r => labels[r])], 3, options);

        weighted.Converged.Should().BeTrue();
        duplicated.Converged.Should().BeTrue();
        weighted.Objective.Should().BeApproximately(duplicated.Objective, 1e-9);
        for (int i = 0; i < weighted.Weights.Length; i++)
            weighted.Weights[i].Should().BeApproximately(duplicated.Weights[i], 1e-4f);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Huge_L2_shrinks_weights_to_zero_and_probabilities_to_the_weighted_priors(bool balanced)
    {
        var weighting = balanced ? ClassWeighting.Balanced : ClassWeighting.None;
        double[] priors = [0.6, 0.3, 0.1];
        var (x, labels) = SyntheticData.Generate(2, rows: 1000, columns: 500, classes: 3, entriesPerRow: 10, signal: 0.5, priors);

        var model = SoftmaxRegression.Fit(x, labels, 3, new SoftmaxOptions { L2 = 1e4, ClassWeighting = weighting, Tolerance = 1e-9 });

        model.Weights.Should().AllSatisfy(w => Math.Abs(w).Should().BeLessThan(1e-4f));
        double[] expected = weighting == ClassWeighting.Balanced
            ? [1 / 3.0, 1 / 3.0, 1 / 3.0]
            : [.. Enumerable.Range(0, 3).Select(c => labels.Count(l => l == c) / 1000.0)];
        var p = new float[x.Rows * 3];
        SoftmaxRegression.PredictProbabilities(model, x, p);
        for (int r = 0; r < x.Rows; r++)
        {
            for (int c = 0; c < 3; c++)
                p[r * 3 + c].Should().BeApproximately((float)expected[c], 1e-3f);
        }
    }

    [Test]
    public void Balanced_weighting_raises_recall_of_a_rare_class()
    {
        double[] priors = [0.92, 0.08];
        var (all, labels) = SyntheticData.Generate(3, rows: 6000, columns: 2000, classes: 2, entriesPerRow: 12, signal: 0.08, priors);
        var train = all.SelectRows([.. Enumerable.Range(0, 3000)]);
        var test = all.SelectRows([.. Enumerable.Range(3000, 3000)]);
        var options = new SoftmaxOptions { L2 = 1e-2 };

        double none = RareRecall(SoftmaxRegression.Fit(train, labels[..3000], 2, options with { ClassWeighting = ClassWeighting.None }));
        double balanced = RareRecall(SoftmaxRegression.Fit(train, labels[..3000], 2, options with { ClassWeighting = ClassWeighting.Balanced }));

        TestContext.Out.WriteLine($"rare-class recall: None {none:F3}, Balanced {balanced:F3}");
        balanced.Should().BeGreaterThan(none + 0.2);

        double RareRecall(SoftmaxSolution model)
        {
            var predicted = SyntheticData.Predict(model, test);
            var rare = Enumerable.Range(0, 3000).Where(i => labels[3000 + i] == 1).ToArray();
            return rare.Count(i => predicted[i] == 1) / (double)rare.Length;
        }
    }

    [Test]
    public void Training_is_bit_identical_across_runs_and_degrees_of_parallelism()
    {
        // 600,000 entries and 12,000 rows: all 16 feature bands and row blocks are used.
        var (x, labels) = SyntheticData.Generate(4, rows: 12_000, columns: 1 << 16, classes: 4, entriesPerRow: 50, signal: 0.1);
        var options = new SoftmaxOptions { MaxIterations = 15, Tolerance = 0 };

        var first = SoftmaxRegression.Fit(x, labels, 4, options with { MaxDegreeOfParallelism = 2 });
        var again = SoftmaxRegression.Fit(x, labels, 4, options with { MaxDegreeOfParallelism = 2 });
        var serial = SoftmaxRegression.Fit(x, labels, 4, options with { MaxDegreeOfParallelism = 1 });

        var objective = new SoftmaxObjective(x, labels, new double[x.Rows].Select(_ => 1.0).ToArray(), 4, 0, 1);
        objective.BandCount.Should().Be(SoftmaxObjective.MaxParts);
        objective.BlockCount.Should().Be(SoftmaxObjective.MaxParts);
        first.Iterations.Should().Be(15);
        first.Weights.Count(w => w != 0).Should().BeGreaterThan(10_000);
        SyntheticData.SameBits(again.Weights, first.Weights).Should().BeTrue();
        SyntheticData.SameBits(again.Bias, first.Bias).Should().BeTrue();
        SyntheticData.SameBits(serial.Weights, first.Weights).Should().BeTrue("1 and 2 threads must agree bit for bit");
        SyntheticData.SameBits(serial.Bias, first.Bias).Should().BeTrue();
        serial.Objective.Should().Be(first.Objective);
    }

    [Test]
    public void Unused_columns_get_exactly_zero_weight()
    {
        // Columns 0..99 occur; 100..199 occur only in a row of sample weight 0; 200..299 never occur.
        var (x, labels) = SyntheticData.Generate(5, rows: 300, columns: 100, classes: 3, entriesPerRow: 8, signal: 0.5);
        var rowStart = x.RowStart.Append(x.NonZeros + 100).ToArray();
        var indices = x.Indices.Concat(Enumerable.Range(100, 100)).ToArray();
        var values = x.Values.Concat(Enumerable.Repeat(1f, 100)).ToArray();
        var wide = new SparseMatrix(300, rowStart, indices, values);
        var sampleWeights = Enumerable.Repeat(1.0, 301).ToArray();
        sampleWeights[300] = 0;

        var model = SoftmaxRegression.Fit(wide, [.. labels, 1], sampleWeights, 3, new SoftmaxOptions());

        model.Features.Should().Be(300);
        model.Weights.Length.Should().Be(900);
        model.Weights.Skip(100 * 3).Should().AllSatisfy(w => w.Should().Be(0f));
        model.Weights.Take(100 * 3).Count(w => w != 0).Should().BeGreaterThan(250);
    }

    [Test]
    public void Probabilities_are_a_distribution_for_every_row()
    {
        var (x, labels) = SyntheticData.Generate(6, rows: 300, columns: 1000, classes: 5, entriesPerRow: 20, signal: 0.4);
        var model = SoftmaxRegression.Fit(x, labels, 5, new SoftmaxOptions { L2 = 1e-6 });
        var empty = new SparseMatrix(1000, [0, 0], [], []); // a row with no features gets the bias alone
        var p = new float[x.Rows * 5];
        var q = new float[5];

        SoftmaxRegression.PredictProbabilities(model, x, p);
        SoftmaxRegression.PredictProbabilities(model, empty, q);

        for (int r = 0; r < x.Rows; r++)
        {
            var row = p.AsSpan(r * 5, 5).ToArray();
            row.Should().AllSatisfy(v => v.Should().BeInRange(0f, 1f));
            row.Sum().Should().BeApproximately(1f, 1e-5f);
        }
        q.Sum().Should().BeApproximately(1f, 1e-5f);
    }

    [Test]
    public void A_class_without_examples_does_not_break_training()
    {
        var (x, labels) = SyntheticData.Generate(7, rows: 300, columns: 500, classes: 3, entriesPerRow: 10, signal: 0.5);

        var model = SoftmaxRegression.Fit(x, labels, 4, new SoftmaxOptions()); // class 3 never occurs

        model.Weights.Should().AllSatisfy(w => float.IsFinite(w).Should().BeTrue());
        model.Bias.Should().AllSatisfy(b => float.IsFinite(b).Should().BeTrue());
        var p = new float[x.Rows * 4];
        SoftmaxRegression.PredictProbabilities(model, x, p);
        Enumerable.Range(0, x.Rows).Max(r => p[r * 4 + 3]).Should().BeLessThan(0.01f);
        Accuracy(SyntheticData.Predict(model, x), labels).Should().BeGreaterThan(0.9);
    }

    [Test]
    public void Rejects_invalid_input_with_clear_messages()
    {
        var x = new SparseMatrix(4, [0, 1, 2, 3], [0, 1, 2], [1f, 1f, 1f]);
        var ok = new SoftmaxOptions();

        Fit(() => SoftmaxRegression.Fit(x, [0, 1], 2, ok)).WithMessage("*3 rows but there are 2 labels*");
        Fit(() => SoftmaxRegression.Fit(x, [0, 1, 0], 1, ok)).WithMessage("*at least 2 classes*");
        Fit(() => SoftmaxRegression.Fit(x, [0, 1, 2], 2, ok)).WithMessage("*Label 2 of row 2 is outside ?0, 2)*");
        Fit(() => SoftmaxRegression.Fit(x, [0, -1, 1], 2, ok)).WithMessage("*Label -1*");
        Fit(() => SoftmaxRegression.Fit(x, [0, 1, 0], [1.0, 1.0], 2, ok)).WithMessage("*2 sample weights*");
        Fit(() => SoftmaxRegression.Fit(x, [0, 1, 0], [1.0, -1.0, 1.0], 2, ok)).WithMessage("*Sample weight -1 of row 1*");
        Fit(() => SoftmaxRegression.Fit(x, [0, 1, 0], [0.0, 0.0, 0.0], 2, ok)).WithMessage("*All sample weights are zero*");
        Fit(() => SoftmaxRegression.Fit(x, [0, 1, 0], 2, ok with { L2 = -1 })).WithMessage("*L2*");
        Fit(() => SoftmaxRegression.Fit(x, [0, 1, 0], 2, ok with { History = 0 })).WithMessage("*History*");
        Fit(() => SoftmaxRegression.Fit(x, [0, 1, 0], 2, ok with { MaxDegreeOfParallelism = 0 })).WithMessage("*MaxDegreeOfParallelism*");
        Fit(() => SoftmaxRegression.Fit(new SparseMatrix(4, [0], [], []), [], 2, ok)).WithMessage("*no rows*");

        var model = SoftmaxRegression.Fit(x, [0, 1, 0], 2, ok);
        Fit(() => SoftmaxRegression.PredictProbabilities(model, x, new float[5])).WithMessage("*3 × 2*");
        Fit(() => SoftmaxRegression.PredictProbabilities(model, new SparseMatrix(5, [0], [], []), Span<float>.Empty)).WithMessage("*4 features*5 columns*");

        static FluentAssertions.Specialized.ExceptionAssertions<ArgumentException> Fit(Action act) => act.Should().Throw<ArgumentException>();
    }

    [Test]
    public void Cancellation_throws_OperationCanceledException()
    {
        var (x, labels) = SyntheticData.Generate(8, rows: 500, columns: 2000, classes: 3, entriesPerRow: 20, signal: 0.2);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        FluentActions.Invoking(() => SoftmaxRegression.Fit(x, labels, 3, new SoftmaxOptions(), cancellationToken: cancelled.Token))
            .Should().Throw<OperationCanceledException>();

        // Cancelled mid-training: the token is checked every iteration.
        using var cts = new CancellationTokenSource();
        int last = 0;
        var progress = new SynchronousProgress(i =>
        {
            last = i;
            if (i == 2)
                cts.Cancel();
        });
        FluentActions.Invoking(() => SoftmaxRegression.Fit(x, labels, 3, new SoftmaxOptions { Tolerance = 0 }, progress, cts.Token))
            .Should().Throw<OperationCanceledException>();
        last.Should().Be(2);
    }

    private static double Accuracy(int[] predicted, int[] labels) =>
        predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
