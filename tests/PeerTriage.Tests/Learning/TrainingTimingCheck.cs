using System.Diagnostics;
using PeerTriage.Learning;

namespace PeerTriage.Tests.Learning;

/// <summary>Manual speed check, not part of the normal run: <c>dotnet test --filter "Name~Timing"</c> runs explicit tests by name.</summary>
[Explicit("Timing check; run by hand.")]
public class TrainingTimingCheck
{
    [Test]
    public void Timing_10k_documents_1500_entries_4_classes()
    {
        var generate = Stopwatch.StartNew();
        var (x, labels) = SyntheticData.Generate(42, rows: 10_000, columns: 1 << 20, classes: 4, entriesPerRow: 1500, signal: 0.02,
            priors: [0.55, 0.25, 0.15, 0.05], signalColumns: 200);
        generate.Stop();

        var options = new SoftmaxOptions { MaxDegreeOfParallelism = 2 };
        int used = x.Indices.Distinct().Count();
        SoftmaxSolution model = null!;
        var train = Stopwatch.StartNew();
        foreach (int threads in new[] { 2, 1, 2, 1, 2 })
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            train.Restart();
            model = SoftmaxRegression.Fit(x, labels, 4, options with { MaxDegreeOfParallelism = threads });
            train.Stop();
            TestContext.Out.WriteLine($"fit with {threads} thread(s): {train.Elapsed.TotalSeconds:F2} s wall, " +
                $"{(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s CPU; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        }

        var predict = Stopwatch.StartNew();
        var predicted = SyntheticData.Predict(model, x);
        predict.Stop();
        double accuracy = predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;

        TestContext.Out.WriteLine(
            $"{x.Rows} docs × {x.NonZeros / x.Rows} nnz × 4 classes, {used} used of {x.Columns} columns: " +
            $"fit {train.Elapsed.TotalSeconds:F2} s ({model.Iterations} iterations, converged {model.Converged}, objective {model.Objective:F5}), " +
            $"predict {predict.Elapsed.TotalSeconds:F2} s, data {generate.Elapsed.TotalSeconds:F2} s, training accuracy {accuracy:F3}");

        // Breakdown: setup, cheap evaluations, the sparse passes (Image) and the rest (L-BFGS vector work).
        var total = Stopwatch.StartNew();
        var weights = SoftmaxRegression.RowWeights(labels, new double[x.Rows].Select(_ => 1.0).ToArray(), 4, options.ClassWeighting);
        var objective = new Timed(new SoftmaxObjective(x, labels, weights, 4, options.L2, options.MaxDegreeOfParallelism));
        double setup = total.Elapsed.TotalSeconds;
        var result = new Lbfgs().Minimize(new double[objective.Dimension], objective);
        total.Stop();
        TestContext.Out.WriteLine(
            $"breakdown: total {total.Elapsed.TotalSeconds:F2} s = setup {setup:F2} s + {result.Evaluations} evaluations {objective.Evaluating.Elapsed.TotalSeconds:F2} s " +
            $"+ {objective.Images} images {objective.Imaging.Elapsed.TotalSeconds:F2} s + L-BFGS rest " +
            $"{total.Elapsed.TotalSeconds - setup - objective.Evaluating.Elapsed.TotalSeconds - objective.Imaging.Elapsed.TotalSeconds:F2} s; {result}");
    }

    private sealed class Timed(ILbfgsObjective inner) : ILbfgsObjective
    {
        public Stopwatch Evaluating { get; } = new();
        public Stopwatch Imaging { get; } = new();
        public int Images { get; private set; }
        public int Dimension => inner.Dimension;

        public double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> image, Span<double> gradient)
        {
            Evaluating.Start();
            double value = inner.Evaluate(x, image, gradient);
            Evaluating.Stop();
            return value;
        }

        public void Image(ReadOnlySpan<double> v, Span<double> image)
        {
            Imaging.Start();
            inner.Image(v, image);
            Imaging.Stop();
            Images++;
        }
    }
}
