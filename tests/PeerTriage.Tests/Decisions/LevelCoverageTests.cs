using PeerTriage.Decisions;

namespace PeerTriage.Tests.Decisions;

/// <summary>Threshold fitting when a level has too few examples (the decision side of <c>Training/LevelCoverageTests</c>).</summary>
public class LevelCoverageTests
{
    [Test]
    public void Threshold_fitting_falls_back_to_the_median_for_a_boundary_with_too_few_positives()
    {
        // 100 negatives and 1 positive of level 1 whose out-of-fold probability is tiny, as when its fold never saw the level.
        int n = 101;
        var p = new float[n * 2];
        var gold = new int[n];
        for (int i = 0; i < n; i++)
        {
            float s = i == 0 ? 1e-6f : 0.01f + (0.3f * i / n);
            gold[i] = i == 0 ? 1 : 0;
            p[i * 2] = 1 - s;
            p[i * 2 + 1] = s;
        }

        var (fitted, _) = DecisionFitter.FitThresholds(p, gold, 2, [double.NaN, 0.9]);
        fitted.Thresholds[1].Should().BeLessThanOrEqualTo(1e-6f, "the target alone reaches down to the one positive");

        var (guarded, fits) = DecisionFitter.FitThresholds(p, gold, 2, [double.NaN, 0.9], minPositives: 5);
        guarded.Thresholds[1].Should().Be(DecisionFitter.MaxThreshold);
        fits[0].Recall.Should().Be(0);
    }
}
