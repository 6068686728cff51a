using System.Text;
using PeerTriage.Responses;

namespace PeerTriage.Tests.Responses;

/// <summary>
/// The default response model on EPITOME (Reddit; ../shared/data/epitome), 5-fold stratified CV with seed 42, against
/// the bar: scikit-learn TF-IDF (word 1–2 + char 3–5) with class-balanced logistic regression on the response
/// text, macro-F1 over all levels 0.711 / 0.542 / 0.614. Skipped when ../shared is absent.
/// </summary>
[Category(TestData.RealData)]
public class EpitomeRealDataTests
{
    private static readonly (string Mechanism, string File, double Bar)[] s_mechanisms =
    [
        (ResponseScheme.EmotionalReactions, "emotional-reactions-reddit.csv", 0.711),
        (ResponseScheme.Interpretations, "interpretations-reddit.csv", 0.542),
        (ResponseScheme.Explorations, "explorations-reddit.csv", 0.614),
    ];

    [Test]
    public void The_default_beats_the_scikit_learn_macro_F1_on_every_mechanism()
    {
        var examples = new List<LabeledResponse>();
        foreach (var (mechanism, file, _) in s_mechanisms)
            examples.AddRange(Load(TestData.SharedFile("data/epitome/" + file), mechanism));
        var result = ResponseEvaluation.CrossValidate(examples, ResponseTrainingOptions.Default, folds: 5, seed: 42);
        foreach (var (mechanism, _, bar) in s_mechanisms)
        {
            var m = result[mechanism];
            TestContext.Out.WriteLine($"{mechanism}: accuracy {m.Accuracy:0.000}, macro-F1 {m.MacroF1:0.000} (bar {bar:0.000}); "
                + string.Join(", ", m.PerLevel.Select(l => $"{l.Level} F1 {l.F1:0.000} ({l.Support})")));
            m.Count.Should().Be(3084);
            m.MacroF1.Should().BeGreaterThan(bar, "{0} must beat scikit-learn's macro-F1", mechanism);
            m.Fold.Should().HaveCount(3084);
        }
    }

    /// <summary>EPITOME's columns: sp_id, rp_id, seeker_post, response_post, level (0/1/2), rationales.</summary>
    internal static List<LabeledResponse> Load(string path, string mechanism)
    {
        var rows = Csv(File.ReadAllText(path));
        rows[0].Take(5).Should().Equal("sp_id", "rp_id", "seeker_post", "response_post", "level");
        return [.. rows.Skip(1).Where(r => r.Length >= 5).Select((r, i) => new LabeledResponse(
            new ResponsePair(r[2], r[3]) { Id = r[1], SeekerPostId = r[0] }, mechanism, r[4]) { Source = $"{Path.GetFileName(path)} row {i + 2}" })];
    }

    private static List<string[]> Csv(string text)
    {
        var rows = new List<string[]>();
        var field = new StringBuilder();
        var row = new List<string>();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c != '"')
                    field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                    quoted = false;
            }
            else if (c == '"')
                quoted = true;
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else if (c != '\r')
                field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }
        return rows;
    }
}
