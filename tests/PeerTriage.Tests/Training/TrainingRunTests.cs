using PeerTriage.Features;
using PeerTriage.Training;

namespace PeerTriage.Tests.Training;

/// <summary>How one training run splits its data (identical texts together) and reports its progress.</summary>
public class TrainingRunTests
{
    private sealed class Recorder : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Seen { get; } = [];

        public void Report(TrainingProgress value) => Seen.Add(value);
    }

    [Test]
    public void Stratified_inner_folds_keep_identical_texts_together_and_change_nothing_without_them()
    {
        var labels = Enumerable.Range(0, 200).Select(i => i % 4).ToArray();
        var rows = Enumerable.Range(0, 200).ToArray();
        var groups = new string?[200];
        var distinct = Enumerable.Range(0, 200).ToArray();
        FoldAssignment.Assign(labels, groups, rows, 5, 42, distinct).Should().Equal(FoldAssignment.Assign(labels, groups, rows, 5, 42));

        // Rows 10, 57 and 133 share a text, as do 3 and 4.
        var sameText = (int[])distinct.Clone();
        sameText[57] = sameText[133] = 10;
        sameText[4] = 3;
        var fold = FoldAssignment.Assign(labels, groups, rows, 5, 42, sameText);
        fold[57].Should().Be(fold[10]);
        fold[133].Should().Be(fold[10]);
        fold[4].Should().Be(fold[3]);
        var plain = FoldAssignment.Assign(labels, groups, rows, 5, 42);
        Enumerable.Range(0, 200).Count(i => fold[i] != plain[i]).Should().BeLessThanOrEqualTo(3, "only the copies move");
    }

    [Test]
    public void Grouped_inner_folds_merge_the_groups_that_share_a_text()
    {
        var labels = Enumerable.Range(0, 60).Select(i => i % 3).ToArray();
        var rows = Enumerable.Range(0, 60).ToArray();
        var groups = Enumerable.Range(0, 60).Select(i => (string?)$"author{i % 12}").ToArray();
        var distinct = Enumerable.Range(0, 60).ToArray();
        FoldAssignment.Assign(labels, groups, rows, 5, 7, distinct).Should().Equal(FoldAssignment.Assign(labels, groups, rows, 5, 7));

        var sameText = (int[])distinct.Clone();
        sameText[25] = 0; // author1's row 25 repeats author0's row 0
        var fold = FoldAssignment.Assign(labels, groups, rows, 5, 7, sameText);
        fold[25].Should().Be(fold[0]);
        for (int i = 0; i < 60; i++)
        {
            if (i % 12 is 0 or 1)
                fold[i].Should().Be(fold[0], "author0 and author1 became one group, so all their rows share a fold");
        }
        TrainingData.MergeGroupsOfSameText([.. groups.Select(g => g!)], rows, sameText).Distinct().Should().HaveCount(11);
    }

    [Test]
    public void Training_reports_each_phase_in_order_with_fold_counts_and_a_time_estimate()
    {
        var recorder = new Recorder();
        var options = new TriageTrainingOptions
        {
            Features = FeaturePipeline.NGramsOnly.WithNGrams(NGramOptions.Default with { HashBits = 14 }),
            TrainingProgress = recorder,
        };
        TriageModel.Train(TestData.Corpus, options);
        recorder.Seen.Select(p => (p.Phase, p.Step, p.Steps)).Should().Equal(
            (TrainingPhase.Featurizing, 0, 0),
            (TrainingPhase.InnerFold, 1, 5), (TrainingPhase.InnerFold, 2, 5), (TrainingPhase.InnerFold, 3, 5), (TrainingPhase.InnerFold, 4, 5), (TrainingPhase.InnerFold, 5, 5),
            (TrainingPhase.Decisions, 0, 0),
            (TrainingPhase.FinalFit, 0, 0), (TrainingPhase.FinalFit, 1, 1),
            (TrainingPhase.ExplanationVocabulary, 0, 0));
        recorder.Seen[0].Remaining.Should().BeNull("no fit has finished yet");
        recorder.Seen[1].Remaining.Should().NotBeNull();
        recorder.Seen[^2].Remaining.Should().Be(TimeSpan.Zero, "after the last fit nothing is left");
        recorder.Seen.Select(p => p.Elapsed).Should().BeInAscendingOrder();

        var context = new Recorder();
        TriageModel.Train(TestData.Corpus, options with { Features = FeaturePipeline.Default.WithNGrams(NGramOptions.Default with { HashBits = 14 }), TrainingProgress = context });
        context.Seen[0].Phase.Should().Be(TrainingPhase.ContextLevels);
        context.Seen.Count(p => p.Phase == TrainingPhase.ContextLevels && p.Step > 0).Should().Be(5);
        context.Seen[^2].Remaining.Should().Be(TimeSpan.Zero, "the estimate counts the context folds too");
    }
}
