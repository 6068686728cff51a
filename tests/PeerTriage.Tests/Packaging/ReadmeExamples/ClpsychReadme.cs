// The example in src/PeerTriage.Clpsych/README.md (the package page on NuGet), compiled here so that it always matches
// the public API. PackageReadmeTests checks that the README shows exactly these lines. Never called.
using PeerTriage;
using PeerTriage.Clpsych;
using PeerTriage.Evaluation;

namespace ReadmeExamples;

internal static class ClpsychReadme
{
    public static void Example()
    {
        // README-BEGIN
        // A folder holding posts/, labels.tsv and author_rankings.tsv. The export's XML is read safely (no DTDs, size limits).
        ClpsychForum train = ClpsychForum.Load("clpsych17/train");
        TriageModel model = TriageModel.Train(train.LabeledMessages()); // rows grouped by author, labels green..crisis

        ClpsychForum test = ClpsychForum.Load("clpsych17/test", new ClpsychLoadOptions { LabelsFile = null });
        ClpsychSubmission.Write("run1.tsv", test.Posts.Select(p => (p.Id!, model.Triage(p).Level))); // id<TAB>level

        TriageEvaluation scores = ClpsychSubmission.Score(PriorityScheme.Default, "test-gold.tsv", "run1.tsv");
        Console.WriteLine(scores.ToText()); // the official macro-F1, flagged and urgent
        // README-END
    }
}
