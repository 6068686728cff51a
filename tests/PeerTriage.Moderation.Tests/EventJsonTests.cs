using PeerTriage.Data;
using static PeerTriage.Moderation.Tests.Harness;

namespace PeerTriage.Moderation.Tests;

public sealed class EventJsonTests
{
    private static IEnumerable<ModerationEvent> EveryKind()
    {
        yield return new MessagePosted("e1", T(0), new ForumMessage("<p>hi \"there\"\nline 2 💙</p>")
        {
            Id = "m1", ThreadId = "t1", ParentId = "m0", AuthorId = "u1", AuthorRole = AuthorRole.Peer, Board = "b", Subject = "s", PostedAt = T(-1),
        });
        yield return new MessagePosted("e1b", T(0), new ForumMessage("") { Id = "m2" });
        yield return new ReplyPosted("e2", T(1), "m1", AuthorRole.Staff) { ReplierId = "s1", ReplyId = "m3" };
        yield return new MessageEdited("e3", T(2), "m1", "new") { Subject = "new subject" };
        yield return new MessageDeleted("e4", T(3), "m1");
        yield return new MessageResolved("e5", T(4), "m1") { ModeratorId = "mod" };
        yield return new MessageFlagged("e6", T(5), "m1") { FlaggerId = "u2", Reason = "worried" };
        yield return new LevelCorrected("e7", new DateTimeOffset(2026, 3, 2, 19, 0, 0, TimeSpan.FromHours(11)), "m1", "red") { ModeratorId = "mod" };
    }

    [Test]
    public void Every_event_kind_round_trips()
    {
        var events = EveryKind().ToList();
        var writer = new StringWriter();
        ModerationEventJson.Write(writer, events);
        string text = writer.ToString();
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(events.Count);
        var read = ModerationEventJson.Read(new StringReader(text)).ToList();
        read.Should().Equal(events);
    }

    [Test]
    public void The_documented_example_lines_parse()
    {
        var e = ModerationEventJson.Parse("""{"type":"posted","event_id":"e1","at":"2026-03-02T08:00:00","message":{"id":"m1","body":"text","author_role":"moderator"}}""");
        var posted = e.Should().BeOfType<MessagePosted>().Subject;
        posted.OccurredAt.Should().Be(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero), "a time without an offset is UTC");
        posted.Message.AuthorRole.Should().Be(AuthorRole.Moderator);
        posted.Message.PostedAt.Should().BeNull();
    }

    [TestCase("""{"type":"posted","event_id":"e1","at":"2026-03-02T08:00:00Z","message":{"body":"x"}}""", "'id'")]
    [TestCase("""{"type":"reply","event_id":"e1","at":"2026-03-02T08:00:00Z","message_id":"m1"}""", "'role'")]
    [TestCase("""{"type":"reply","event_id":"e1","at":"2026-03-02T08:00:00Z","message_id":"m1","role":"robot"}""", "robot")]
    [TestCase("""{"type":"launched","event_id":"e1","at":"2026-03-02T08:00:00Z"}""", "launched")]
    [TestCase("""{"type":"deleted","event_id":"e1","at":"yesterday","message_id":"m1"}""", "yesterday")]
    [TestCase("""{"type":"deleted","event_id":" ","at":"2026-03-02T08:00:00Z","message_id":"m1"}""", "event_id")]
    [TestCase("""{"type":"deleted","event_id":"e1","at":"2026-03-02T08:00:00Z","message_id":7}""", "message_id")]
    [TestCase("""{"type":"deleted",""", "JSON")]
    [TestCase("""[1,2]""", "object")]
    public void A_bad_line_names_the_file_line_and_problem(string bad, string expected)
    {
        string text = """{"type":"deleted","event_id":"e0","at":"2026-03-02T08:00:00Z","message_id":"m1"}""" + "\n\n" + bad + "\n";
        var act = () => ModerationEventJson.Read(new StringReader(text), "events.jsonl").ToList();
        act.Should().Throw<DataFormatException>().Where(e => e.Line == 3 && e.FilePath == "events.jsonl" && e.Message.Contains(expected));
    }

    [Test]
    public void With_a_bad_line_handler_bad_lines_are_reported_and_skipped_and_the_rest_is_read()
    {
        string good(string id) => $$"""{"type":"deleted","event_id":"{{id}}","at":"2026-03-02T08:00:00Z","message_id":"m1"}""";
        string text = string.Join("\n", good("e1"), "{\"type\":\"posted\", broken", "", good("e2"), "[1]", good("e3")) + "\n";
        var skipped = new List<DataFormatException>();
        var read = ModerationEventJson.Read(new StringReader(text), "events.jsonl", new DatasetReadOptions { OnBadRow = skipped.Add }).ToList();
        read.Select(e => e.EventId).Should().Equal("e1", "e2", "e3");
        skipped.Select(e => e.Line).Should().Equal(2, 5);
        skipped.Should().OnlyContain(e => e.FilePath == "events.jsonl");

        string path = Path.Combine(Path.GetTempPath(), "peertriage-events-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllText(path, text);
        try
        {
            skipped.Clear();
            ModerationEventJson.Read(path, new DatasetReadOptions { OnBadRow = skipped.Add }).Should().HaveCount(3);
            skipped.Should().HaveCount(2);
            ((Action)(() => ModerationEventJson.Read(path, DatasetReadOptions.Default).ToList())).Should().Throw<DataFormatException>().Where(e => e.Line == 2);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("""{"type":"posted", broken""", "invalid JSON at column 19: 'b' is an invalid start of a property name")]
    [TestCase("""{"body":"é" x}""", "invalid JSON at column 13: 'x' is invalid after a value")]
    [TestCase("""{"type":"deleted",""", "invalid JSON at column 18: Expected start of a property name or value, but instead reached end of data")]
    public void Invalid_json_is_described_by_column_without_the_parsers_byte_offsets(string bad, string expected)
    {
        var act = () => ModerationEventJson.Parse(bad);
        act.Should().Throw<FormatException>().Which.Message.Should().StartWith(expected).And.NotContainAny("LineNumber", "BytePositionInLine");
    }

    [Test]
    public void Event_constructors_refuse_blank_ids()
    {
        ((Action)(() => new MessageDeleted("", T(0), "m"))).Should().Throw<ArgumentException>();
        ((Action)(() => new MessageDeleted("e", T(0), " "))).Should().Throw<ArgumentException>();
        ((Action)(() => new MessagePosted("e", T(0), new ForumMessage("x")))).Should().Throw<ArgumentException>().WithMessage("*message.Id*");
        ((Action)(() => new LevelCorrected("e", T(0), "m", ""))).Should().Throw<ArgumentException>();
    }

    [Test]
    public void The_sample_day_replays_with_every_kind_of_event_and_no_invalid_input()
    {
        string path = Path.Combine(TestData.RepoRoot, "samples", "PeerTriage.ModeratorConsole", "synthetic-day.jsonl");
        var events = ModerationEventJson.Read(path).ToList();
        events.Select(e => e.GetType()).Distinct().Should().HaveCount(7);
        using var store = ModerationStore.CreateInMemory();
        var q = new ModerationQueue(store, new KeywordClassifier());
        var outcomes = events.Select(e => q.Apply(e).Outcome).ToList();
        outcomes.Should().NotContain([ApplyOutcome.Invalid, ApplyOutcome.EventIdConflict]);
        outcomes.Should().Contain([ApplyOutcome.Duplicate, ApplyOutcome.UnknownMessage], "the sample shows a redelivery and an unknown message");
    }
}
