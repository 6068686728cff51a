using System.Text.Json;
using PeerTriage.Responses;

namespace PeerTriage.Tests.Responses;

public class ResponseHealthTests
{
    private static readonly ResponseScheme Scheme = ResponseScheme.Epitome;
    private static readonly DateTimeOffset Monday = new(2024, 1, 1, 9, 0, 0, TimeSpan.Zero);

    private static ResponseHealthObservation Reply(int er, int ip, int ex, string? board = null, DateTimeOffset? at = null, AuthorRole role = AuthorRole.Unknown, string? who = null) =>
        new([er, ip, ex], board, at, role, who);

    [Test]
    public void Shares_count_replies_above_none_and_at_the_highest_level_per_cell()
    {
        var replies = new List<ResponseHealthObservation>();
        // Board "a": 20 replies, 10 with weak emotional reactions, 5 of those strong; board "b": 10 replies, none showing.
        for (int i = 0; i < 20; i++)
            replies.Add(Reply(i < 5 ? 2 : i < 10 ? 1 : 0, 0, i % 2 == 0 ? 2 : 0, board: "a"));
        for (int i = 0; i < 10; i++)
            replies.Add(Reply(0, 0, 0, board: "b"));

        var report = ResponseHealth.Compute(Scheme, replies);

        report.Overall.Replies.Should().Be(30);
        report.ByBoard.Select(c => c.Key).Should().Equal("a", "b");
        var a = report.ByBoard[0];
        a.Replies.Should().Be(20);
        a.Mechanisms[0].Should().Be(new MechanismShare("emotional-reactions", 10, 0.5, "strong", 5, 0.25));
        a.Mechanisms[1].Showing.Should().Be(0);
        a.Mechanisms[2].Should().Be(new MechanismShare("explorations", 10, 0.5, "strong", 10, 0.5));
        report.ByBoard[1].Mechanisms[0].Share.Should().Be(0);
        report.Overall.Mechanisms[0].Share.Should().BeApproximately(10 / 30.0, 1e-12);
        report.ByWeek.Should().BeEmpty("no reply has a time");
        report.ByRole.Should().BeEmpty("no reply has a known role");
        report.RespondersKnown.Should().BeFalse();
    }

    [Test]
    public void A_small_cell_is_suppressed_with_the_smallest_other_so_it_cannot_be_subtracted_from_the_total()
    {
        var replies = new List<ResponseHealthObservation>();
        replies.AddRange(Enumerable.Range(0, 30).Select(_ => Reply(1, 0, 0, board: "big")));
        replies.AddRange(Enumerable.Range(0, 12).Select(_ => Reply(0, 0, 0, board: "mid")));
        replies.AddRange(Enumerable.Range(0, 3).Select(_ => Reply(2, 2, 2, board: "small")));

        var report = ResponseHealth.Compute(Scheme, replies);

        var cells = report.ByBoard.ToDictionary(c => c.Key);
        cells["small"].Suppressed.Should().BeTrue();
        cells["small"].Replies.Should().BeNull();
        cells["small"].Mechanisms.Should().BeEmpty();
        cells["small"].SuppressedBecause.Should().Be("fewer than 10 replies");
        cells["mid"].Suppressed.Should().BeTrue("3 suppressed replies alone could be worked out as the total minus the rest");
        cells["mid"].SuppressedBecause.Should().Contain("cannot be worked out");
        cells["big"].Suppressed.Should().BeFalse();
        cells["big"].Replies.Should().Be(30);
    }

    [Test]
    public void Without_small_cells_nothing_is_suppressed()
    {
        var replies = Enumerable.Range(0, 40).Select(i => Reply(i % 3, 0, 0, board: i % 2 == 0 ? "x" : "y")).ToList();
        ResponseHealth.Compute(Scheme, replies).ByBoard.Should().OnlyContain(c => !c.Suppressed);
    }

    [Test]
    public void With_responder_ids_a_cell_of_few_people_is_suppressed_however_many_replies_it_has()
    {
        var replies = new List<ResponseHealthObservation>();
        replies.AddRange(Enumerable.Range(0, 40).Select(i => Reply(1, 0, 0, board: "busy", who: $"u{i % 8}")));
        replies.AddRange(Enumerable.Range(0, 40).Select(i => Reply(0, 0, 0, board: "quiet", who: $"v{i % 2}")));
        replies.AddRange(Enumerable.Range(0, 40).Select(i => Reply(0, 1, 0, board: "other", who: $"w{i % 9}")));

        var report = ResponseHealth.Compute(Scheme, replies, new ResponseHealthOptions { MinResponders = 5 });

        report.RespondersKnown.Should().BeTrue();
        var cells = report.ByBoard.ToDictionary(c => c.Key);
        cells["quiet"].SuppressedBecause.Should().Be("fewer than 5 distinct responders", "40 replies by 2 people would describe those 2 people");
        cells["busy"].Suppressed.Should().BeTrue("the smallest other cell is suppressed with it");
        cells["other"].Suppressed.Should().BeFalse();

        var lenient = ResponseHealth.Compute(Scheme, replies, new ResponseHealthOptions { MinResponders = 2 });
        lenient.ByBoard.Should().OnlyContain(c => !c.Suppressed);
    }

    [Test]
    public void Weeks_are_ISO_weeks_in_UTC_and_roles_are_named()
    {
        ResponseHealth.Week(new DateTimeOffset(2021, 1, 3, 23, 0, 0, TimeSpan.Zero)).Should().Be("2020-W53", "3 January 2021 is a Sunday of 2020's last ISO week");
        ResponseHealth.Week(new DateTimeOffset(2024, 1, 1, 0, 30, 0, TimeSpan.FromHours(2))).Should().Be("2023-W52", "00:30 at +02:00 is still Sunday in UTC");
        ResponseHealth.Week(Monday).Should().Be("2024-W01");

        var replies = new List<ResponseHealthObservation>();
        replies.AddRange(Enumerable.Range(0, 12).Select(i => Reply(1, 0, 0, at: Monday.AddDays(i % 7), role: AuthorRole.Peer)));
        replies.AddRange(Enumerable.Range(0, 12).Select(i => Reply(0, 0, 0, at: Monday.AddDays(7 + i % 7), role: AuthorRole.Moderator)));
        replies.AddRange(Enumerable.Range(0, 12).Select(_ => Reply(0, 0, 0)));

        var report = ResponseHealth.Compute(Scheme, replies);

        report.ByWeek.Select(c => (c.Key, c.Replies)).Should().Equal(("2024-W01", 12), ("2024-W02", 12), (ResponseHealth.NoValue, 12));
        report.ByRole.Select(c => (c.Key, c.Replies)).Should().Equal(("peer", 12), ("moderator", 12), ("unknown", 12));
        report.ByBoard.Should().BeEmpty();
    }

    [Test]
    public void Json_has_every_dimension_and_no_ids_and_text_is_a_markdown_table()
    {
        var replies = Enumerable.Range(0, 30).Select(i => Reply(i % 3, i % 2, 0, board: i < 25 ? "anxiety|support" : "tiny", who: $"secret-user-{i}")).ToList();
        var report = ResponseHealth.Compute(Scheme, replies);

        using var doc = JsonDocument.Parse(report.ToJson());
        var root = doc.RootElement;
        root.GetProperty("minReplies").GetInt32().Should().Be(10);
        root.GetProperty("respondersKnown").GetBoolean().Should().BeTrue();
        root.GetProperty("mechanisms").EnumerateArray().Select(m => m.GetProperty("name").GetString()).Should().Equal(Scheme.Mechanisms.Select(m => m.Name));
        root.GetProperty("overall").GetProperty("replies").GetInt32().Should().Be(30);
        root.GetProperty("overall").GetProperty("mechanisms").GetProperty("emotional-reactions").GetProperty("showing").GetInt32().Should().Be(20);
        var boards = root.GetProperty("byBoard").EnumerateArray().ToList();
        boards.Should().HaveCount(2);
        boards.Should().OnlyContain(b => b.GetProperty("suppressed").GetBoolean(), "the 5-reply cell and, with it, the only other one");
        boards.Should().OnlyContain(b => b.GetProperty("replies").ValueKind == JsonValueKind.Null);
        root.GetProperty("byWeek").GetArrayLength().Should().Be(0);
        report.ToJson().Should().NotContain("secret-user");

        string text = report.ToText();
        text.Should().Contain("| replies | emotional-reactions | interpretations | explorations |");
        text.Should().Contain("| 30 | 66.7% (33.3%) | 50.0% (0.0%) | 0.0% (0.0%) |");
        text.Should().Contain("| anxiety\\|support | suppressed |", "a pipe in a key is escaped in the table");
        text.Should().NotContain("secret-user");
    }

    [Test]
    public void Everything_is_suppressed_when_the_whole_set_is_small()
    {
        var report = ResponseHealth.Compute(Scheme, Enumerable.Range(0, 4).Select(_ => Reply(1, 1, 1, board: "a")));
        report.Overall.Suppressed.Should().BeTrue();
        report.ByBoard.Should().OnlyContain(c => c.Suppressed);
        ResponseHealth.Compute(Scheme, []).Overall.Suppressed.Should().BeTrue();
    }

    [Test]
    public void Bad_observations_and_options_are_refused_with_clear_messages()
    {
        var wrongCount = () => ResponseHealth.Compute(Scheme, [new ResponseHealthObservation([1, 0], null, null, AuthorRole.Peer, null)]);
        wrongCount.Should().Throw<ArgumentException>().WithMessage("Observation 0 has 2 levels; the scheme has 3 mechanisms*");
        var outOfRange = () => ResponseHealth.Compute(Scheme, [Reply(0, 3, 0)]);
        outOfRange.Should().Throw<ArgumentException>().WithMessage("*level 3 on 'interpretations'*");
        var minCell = () => ResponseHealth.Compute(Scheme, [], new ResponseHealthOptions { MinReplies = 0 });
        minCell.Should().Throw<ArgumentException>().WithMessage("MinReplies must be at least 1*");
    }

    [Test]
    public void A_model_assesses_records_and_the_report_counts_its_levels()
    {
        var examples = ResponseTestData.Examples(90);
        var model = ResponseModel.Train(examples, new ResponseTrainingOptions { Timestamp = DateTimeOffset.UnixEpoch });
        var records = examples.Where(e => e.Mechanism == ResponseScheme.Explorations)
            .Select((e, i) => new ResponseRecord(e.Pair with { Board = i % 2 == 0 ? "x" : "y" }, null, null, AuthorRole.Peer, null, i + 2, i + 1)).ToList();

        var report = ResponseHealth.Compute(model, records);

        report.Overall.Replies.Should().Be(90);
        Span<float> p = stackalloc float[3];
        int showing = 0;
        foreach (var r in records)
        {
            if (model.Assess(r.Pair, 2, p) > 0)
                showing++;
        }
        report.Overall.Mechanisms[2].Showing.Should().Be(showing);
        report.ByBoard.Select(c => c.Replies).Should().Equal(45, 45);
    }
}
