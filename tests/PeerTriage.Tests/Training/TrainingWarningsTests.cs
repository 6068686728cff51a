using PeerTriage.Decisions;
using PeerTriage.Features;
using PeerTriage.Training;

namespace PeerTriage.Tests.Training;

/// <summary>Training says what it could not do: no authors, duplicate texts, a recall target on too few rows.</summary>
public class TrainingWarningsTests
{
    private static readonly TriageTrainingOptions Small = new() { Features = FeaturePipeline.NGramsOnly.WithNGrams(NGramOptions.Default with { HashBits = 14 }) };

    private static LabeledMessage WithoutAuthor(LabeledMessage e) =>
        new(new ForumMessage(e.Message.Body) { Id = e.Message.Id }, e.Label);

    [Test]
    public void Training_without_authors_warns_that_explanations_will_name_no_words_and_the_warning_survives_save_and_load()
    {
        var model = TriageModel.Train(TestData.Corpus.Select(WithoutAuthor).ToList(), Small);
        var warning = model.Info.Warnings.Should().ContainSingle(w => w.Kind == TrainingWarningKind.NoAuthors).Subject;
        warning.Message.Should().Contain("explanations will name no words").And.Contain("5 distinct authors");
        model.ToModelCard().Should().Contain("warning: No training example has an author");

        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        TriageModel.Load(stream).Info.Warnings.Should().Equal(model.Info.Warnings);

        TriageModel.Train(TestData.Corpus, Small).Info.Warnings.Should().NotContain(w => w.Kind == TrainingWarningKind.NoAuthors,
            "the control: the demo corpus has authors");
    }

    [Test]
    public void Duplicate_texts_are_counted()
    {
        var rows = TestData.Corpus.ToList();
        rows.Add(rows[3] with { });
        rows.Add(rows[10] with { Message = new ForumMessage(rows[10].Message.Body) { Id = "copy", AuthorId = "someone-else" } });
        var model = TriageModel.Train(rows, Small);
        model.Info.Warnings.Should().ContainSingle(w => w.Kind == TrainingWarningKind.DuplicateTexts).Which.Count.Should().Be(2 + TrainingData.DuplicateTextCount(TestData.Corpus));
        TrainingData.SameTextAs(rows)[^1].Should().Be(10);
    }

    [Test]
    public void A_recall_target_on_few_rows_warns_naming_the_level_and_its_count()
    {
        // Keep 12 crisis rows: enough to fit a threshold (≥ 5 inner folds), far too few to trust it.
        int kept = 0;
        var rows = TestData.Corpus.Where(e => e.Label != "crisis" || ++kept <= 12).ToList();
        var options = Small with { Decision = new DecisionOptions { RecallTargets = new Dictionary<string, double> { ["crisis"] = 0.9 } } };
        var model = TriageModel.Train(rows, options);
        var warning = model.Info.Warnings.Should().ContainSingle(w => w.Kind == TrainingWarningKind.UnreliableRecallTarget).Subject;
        warning.Level.Should().Be("crisis");
        warning.Count.Should().Be(12);
        warning.Target.Should().Be(0.9);
        warning.Message.Should().Contain("crisis=0.90").And.Contain("12 training rows");

        TriageModel.Train(rows, Small).Info.Warnings.Should().NotContain(w => w.Kind == TrainingWarningKind.UnreliableRecallTarget,
            "without a crisis target there is nothing to warn about");
    }
}
