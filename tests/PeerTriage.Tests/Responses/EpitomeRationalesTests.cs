using PeerTriage.Data;
using PeerTriage.Responses;

namespace PeerTriage.Tests.Responses;

public class EpitomeRationalesTests
{
    private static string[] Texts(string response, EpitomeRationaleSpans parsed) => parsed.Spans.Select(s => s.In(response)).ToArray();

    [Test]
    public void Pieces_split_at_bars_are_found_in_order_after_the_previous_one()
    {
        const string response = "I'm sorry. I'm sorry you feel alone. Do you have someone?";
        var parsed = EpitomeRationales.Parse(response, "I'm sorry| Do you have someone?|");
        // The second "I'm sorry" would be wrong for a first piece; the first occurrence is taken.
        parsed.Spans.Should().Equal(new CharSpan(0, 9), new CharSpan(37, 20));
        (parsed.Pieces, parsed.OutOfOrder, parsed.Complete).Should().Be((2, 0, true));
    }

    [Test]
    public void A_repeated_piece_takes_the_occurrence_after_the_previous_span()
    {
        const string response = "so sorry. hugs. so sorry.";
        EpitomeRationales.Parse(response, "so sorry|so sorry|").Spans.Should().Equal(new CharSpan(0, 8), new CharSpan(16, 8));
    }

    [Test]
    public void A_piece_found_only_earlier_is_taken_there_and_counted()
    {
        const string response = "hugs. so sorry.";
        var parsed = EpitomeRationales.Parse(response, "so sorry|hugs|");
        Texts(response, parsed).Should().Equal("so sorry", "hugs");
        parsed.OutOfOrder.Should().Be(1);
    }

    [Test]
    public void White_space_entities_and_the_deleted_reddit_words_are_forgiven()
    {
        const string response = "Stay safe &amp; warm <3.  You are   not alone on this subreddit, friend. Ask foring help &lt;3";
        var parsed = EpitomeRationales.Parse(response, " Stay safe & warm <3. You are not alone on this , friend.|Ask for ing help <3|");
        parsed.Complete.Should().BeTrue();
        Texts(response, parsed).Should().Equal(
            "Stay safe &amp; warm <3.  You are   not alone on this subreddit, friend.", "Ask foring help &lt;3");
    }

    [Test]
    public void A_piece_not_in_the_response_is_reported_not_thrown()
    {
        const string response = "I hope things get better.";
        var parsed = EpitomeRationales.Parse(response, "I hope|Things get better|better.|");
        parsed.Missing.Should().Equal(1); // case must match
        Texts(response, parsed).Should().Equal("I hope", "better.");
        parsed.Complete.Should().BeFalse();
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase(" | |")]
    public void A_blank_cell_has_no_pieces(string? cell)
    {
        var parsed = EpitomeRationales.Parse("anything", cell);
        (parsed.Pieces, parsed.Spans.Count, parsed.Missing.Count).Should().Be((0, 0, 0));
    }
}

/// <summary>The parser on the three EPITOME files under ../shared (read in place, never copied).</summary>
[Category(TestData.RealData)]
public class EpitomeRationalesRealDataTests
{
    [TestCase("emotional-reactions", 0)]
    [TestCase("interpretations", 0)]
    [TestCase("explorations", 0)]
    public void Nearly_every_epitome_rationale_is_found_in_its_response(string mechanism, int allowedMissing)
    {
        string path = TestData.SharedFile($"data/epitome/{mechanism}-reddit.csv");
        // The rationales cell is blank for most rows, which a label column refuses, so it is read as the subject field.
        var rows = DatasetReader.Read(path, new DatasetColumns { Text = "response_post", Label = "level", Subject = "rationales" }).ToList();
        var levels = rows.Select(r => r.Label).ToList();
        rows.Should().HaveCount(3_084);

        int pieces = 0, found = 0, outOfOrder = 0, rowsWithRationale = 0, emptyButEmpathic = 0;
        var wholeResponse = new List<RationaleExample>();
        var missing = new List<string>();
        for (int i = 0; i < rows.Count; i++)
        {
            string response = rows[i].Message.Body;
            var parsed = EpitomeRationales.Parse(response, rows[i].Message.Subject);
            pieces += parsed.Pieces;
            found += parsed.Spans.Count;
            outOfOrder += parsed.OutOfOrder;
            rowsWithRationale += parsed.Pieces > 0 ? 1 : 0;
            emptyButEmpathic += parsed.Pieces == 0 && levels[i] != "0" ? 1 : 0;
            missing.AddRange(parsed.Missing.Select(m => $"row {rows[i].RowNumber} piece {m}"));
            foreach (var span in parsed.Spans)
                span.End.Should().BeLessThanOrEqualTo(response.Length);
            // A reference point for rationale models: predict the whole response of every empathic row.
            if (levels[i] != "0")
                wholeResponse.Add(new RationaleExample(response, parsed.Spans, [new CharSpan(0, response.Length)]));
        }
        var baseline = RationaleMetrics.Evaluate(wholeResponse);
        TestContext.Out.WriteLine(
            $"{mechanism}: rows {rows.Count}, rows with rationale {rowsWithRationale}, empathic rows without one {emptyButEmpathic}, " +
            $"pieces {pieces}, found {found} ({100.0 * found / pieces:0.00}%), out of order {outOfOrder}, missing {pieces - found}: {string.Join("; ", missing)}");
        TestContext.Out.WriteLine(
            $"{mechanism}: whole-response baseline on the {wholeResponse.Count} rows with level > 0: token F1 macro {baseline.MacroF1:0.000} " +
            $"(micro {baseline.MicroF1:0.000}), IOU-F1 {baseline.IouF1:0.000}");

        (pieces - found).Should().BeLessThanOrEqualTo(allowedMissing);
        rowsWithRationale.Should().BeGreaterThan(400);
        baseline.MacroF1.Should().BeInRange(0, 1);
    }
}
