using PeerTriage.Features;
using PeerTriage.Learning;

namespace PeerTriage.Tests.Learning;

public class TreeEnsembleTests
{
    // Node 0: z[0] <= 0.5 → node 1, else leaf 1. Node 1: z[2] <= -1 → leaf 0, else leaf 2.
    private static RegressionTree Tree() => new([0, 2], [0.5f, -1f], [1, ~0], [~1, ~2], [10.0, 20.0, 30.0]);

    private static TreeEnsemble Ensemble() => new(3, [0.25, -0.5], [[Tree(), Tree()], [new RegressionTree([], [], [], [], [7.0])]]);

    [TestCase(0.5f, -1f, 2 * 10.0 + 0.25)] // equal to both thresholds: left, left (FastTree's "value <= threshold goes left")
    [TestCase(0.4f, 3f, 2 * 30.0 + 0.25)]
    [TestCase(0.6f, -5f, 2 * 20.0 + 0.25)]
    public void Inputs_at_or_below_a_threshold_go_left(float z0, float z2, double expected)
    {
        Span<float> logits = stackalloc float[2];
        Ensemble().Evaluate([z0, 0f, z2], logits);
        logits[0].Should().Be((float)expected);
        logits[1].Should().Be((float)(7.0 - 0.5), "a tree of one leaf outputs its leaf");
    }

    [Test]
    public void Saabas_contributions_and_baseline_add_up_to_the_logit()
    {
        var ensemble = Ensemble();
        var random = new Random(3);
        Span<float> logits = stackalloc float[2];
        for (int i = 0; i < 200; i++)
        {
            float[] z = [(float)random.NextDouble(), (float)random.NextDouble(), (float)(random.NextDouble() * 4 - 2)];
            ensemble.Evaluate(z, logits);
            for (int c = 0; c < 2; c++)
            {
                var shares = new double[3];
                double baseline = ensemble.Contributions(c, z, shares);
                (baseline + shares.Sum()).Should().BeApproximately(logits[c], 1e-5);
                shares[1].Should().Be(0, "no node splits on input 1");
            }
        }
    }

    [Test]
    public void Evaluation_allocates_nothing()
    {
        var ensemble = Ensemble();
        float[] z = [0.1f, 0f, 2f];
        var logits = new float[2];
        ensemble.Evaluate(z, logits);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
            ensemble.Evaluate(z, logits);
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [TestCase(new[] { 0, 2 }, new[] { 1, ~0 }, new[] { ~1, ~2 }, 0.5f, "")]
    [TestCase(new[] { 0, 2 }, new[] { 0, ~0 }, new[] { ~1, ~2 }, 0.5f, "node 0 has child node 0")]
    [TestCase(new[] { 0, 2 }, new[] { 1, 0 }, new[] { ~1, ~2 }, 0.5f, "node 1 has child node 0")]
    [TestCase(new[] { 0, 2 }, new[] { 1, ~0 }, new[] { ~0, ~2 }, 0.5f, "leaf 0 has two parents")]
    [TestCase(new[] { 0, 2 }, new[] { 1, ~0 }, new[] { ~1, ~3 }, 0.5f, "node 1 has child leaf 3")]
    [TestCase(new[] { -1, 2 }, new[] { 1, ~0 }, new[] { ~1, ~2 }, 0.5f, "node 0 splits on feature -1")]
    [TestCase(new[] { 0, 2 }, new[] { 1, ~0 }, new[] { ~1, ~2 }, float.NaN, "node 0 has a threshold that is not a finite number")]
    public void Trees_are_checked(int[] feature, int[] left, int[] right, float threshold, string problem)
    {
        var build = () => new RegressionTree(feature, [threshold, 0f], left, right, [1.0, 2.0, 3.0]);
        if (problem.Length == 0)
            build.Should().NotThrow();
        else
            build.Should().Throw<ArgumentException>().WithMessage($"*{problem}*");
    }

    [Test]
    public void An_ensemble_refuses_a_tree_that_reads_past_its_input() =>
        new Action(() => _ = new TreeEnsemble(2, [0.0, 0.0], [[Tree()], []])).Should().Throw<ArgumentException>().WithMessage("*tests input 2*2 values*");
}
