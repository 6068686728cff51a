// The example in src/PeerTriage/README.md (the package page on NuGet), compiled here so that it always matches the
// public API. PackageReadmeTests checks that the README shows exactly these lines. Never called.
using PeerTriage;
using PeerTriage.Data;

namespace ReadmeExamples;

internal static class PeerTriageReadme
{
    public static void Example()
    {
        // README-BEGIN
        // Labelled posts from a CSV, TSV or JSON Lines file. The author column lets explanations name phrases that at least
        // 5 distinct authors wrote; without it, explanations name no words. (DemoCorpus.Load() gives a small synthetic set.)
        IReadOnlyList<LabeledMessage> data = DatasetReader.LoadLabeled(
            "posts.csv", new DatasetColumns { Text = "body", Label = "label", AuthorId = "author" }, PriorityScheme.Default);

        TriageModel model = TriageModel.Train(data);
        model.Save("forum.ptm"); // later: TriageModel.Load("forum.ptm")

        var post = new ForumMessage("<p>i can't do this anymore</p>") { AuthorRole = AuthorRole.Peer };
        TriageResult result = model.Triage(post);
        Console.WriteLine($"{result.Level} urgent={result.IsUrgent} p(crisis)={result.ProbabilityOf("crisis"):0.00}");
        Console.WriteLine(model.Explain(post).ToText());
        // README-END
    }
}
