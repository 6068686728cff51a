using BenchmarkDotNet.Attributes;
using PeerTriage.Data;
using PeerTriage.Responses;

namespace PeerTriage.Benchmarks;

/// <summary>
/// Response assessment (issue 15) beside triage in one run: one typical (seeker post, reply) pair assessed for one
/// EPITOME mechanism (<see cref="AssessOneMechanism"/>) and for all three (<see cref="AssessAllMechanisms"/>) through
/// the allocation-free span overload, against <see cref="Triage"/>, the default triage model scoring the same reply
/// alone (the baseline, so Ratio is assessment time over triage time). The response model uses the default response
/// pipeline (response n-grams, the seeker post's n-grams, pair features) and is trained in setup on pairs derived from
/// the embedded demo corpus with synthetic labels (nothing from ../shared). The seeker post's features come from the
/// per-thread caches after the first call, as when a post's replies are assessed together.
/// </summary>
[MemoryDiagnoser]
public class ResponseScoringBenchmarks
{
    private const string Reply =
        "I'm so sorry you're going through this, that sounds exhausting. It sounds like you feel you have to hold "
        + "everything together on your own, and that's a lot for anyone. I've been there with exams too. What has helped "
        + "you get through bad nights before? Is there someone you could talk to this week?";

    private static readonly string[] s_moves =
    [
        "ok.", "that is hard.", "i'm so sorry, sending hugs.",
        "get some sleep.", "i get it.", "it sounds like you feel completely alone with this.",
        "", "why?", "what has helped you through nights like this before?",
    ];

    private TriageModel _triage = null!;
    private ResponseModel _responses = null!;
    private ForumMessage _message = null!;
    private ResponsePair _pair = null!;
    private readonly float[] _probabilities = new float[PriorityScheme.MaxLevels];
    private readonly int[] _levels = new int[3];
    private readonly float[] _all = new float[3 * PriorityScheme.MaxLevels];

    [GlobalSetup]
    public void Setup()
    {
        var corpus = DemoCorpus.Load();
        _triage = TriageModel.Train(corpus);
        // Demo posts as seeker posts and the start of other demo posts as replies, each followed by a move that sets
        // its synthetic labels: the moves of mechanism m at level l are s_moves[3m + l].
        var random = new Random(15);
        var examples = new List<LabeledResponse>();
        string[] levels = ["none", "weak", "strong"];
        string[] mechanisms = [ResponseScheme.EmotionalReactions, ResponseScheme.Interpretations, ResponseScheme.Explorations];
        for (int i = 0; i < 600; i++)
        {
            string seeker = corpus[random.Next(corpus.Count)].Message.Body;
            string other = corpus[random.Next(corpus.Count)].Message.Body;
            int[] level = [random.Next(3), random.Next(3), random.Next(3)];
            string reply = other[..Math.Min(other.Length, 120)] + " " + string.Join(" ", level.Select((l, m) => s_moves[(3 * m) + l]));
            var pair = new ResponsePair(seeker, reply) { Id = $"b{i}", ResponderId = $"peer{i % 40}" };
            for (int m = 0; m < 3; m++)
                examples.Add(new LabeledResponse(pair, mechanisms[m], levels[level[m]]));
        }
        _responses = ResponseModel.Train(examples);
        _message = new ForumMessage(Reply) { AuthorRole = AuthorRole.Peer };
        _pair = new ResponsePair(SampleTexts.For("typical"), Reply);
    }

    [Benchmark(Baseline = true)]
    public int Triage() => _triage.Triage(_message, null, _probabilities);

    [Benchmark]
    public int AssessOneMechanism() => _responses.Assess(_pair, 0, _probabilities);

    /// <summary>All three mechanisms through the all-mechanisms overload: the pair is featurized once.</summary>
    [Benchmark]
    public int AssessAllMechanisms()
    {
        _responses.Assess(_pair, _levels, _all);
        return _levels[0] + _levels[1] + _levels[2];
    }

    /// <summary>All three mechanisms one at a time: the pair is featurized three times (what the overload saves).</summary>
    [Benchmark]
    public int AssessAllMechanismsOneByOne()
    {
        int sum = 0;
        for (int m = 0; m < 3; m++)
            sum += _responses.Assess(_pair, m, _probabilities);
        return sum;
    }
}
