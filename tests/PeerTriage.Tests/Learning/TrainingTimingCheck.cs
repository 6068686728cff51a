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
        var used = new SoftmaxObjective(x, labels, new double[x.Rows].Select(_ => 1.0).ToArray(), 4, options.L2, 1).UsedColumns.Length;
        var train = Stopwatch.StartNew();
        var model = SoftmaxRegression.Fit(x, labels, 4, options);
        train.Stop();

        var predict = Stopwatch.StartNew();
        var predicted = SyntheticData.Predict(model, x);
        predict.Stop();
        double accuracy = predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;

        TestContext.Out.WriteLine(
            $"{x.Rows} docs × {x.NonZeros / x.Rows} nnz × 4 classes, {used} used of {x.Columns} columns: " +
            $"fit {train.Elapsed.TotalSeconds:F2} s ({model.Iterations} iterations, converged {model.Converged}, objective {model.Objective:F5}), " +
            $"predict {predict.Elapsed.TotalSeconds:F2} s, data {generate.Elapsed.TotalSeconds:F2} s, training accuracy {accuracy:F3}");
    }
}
