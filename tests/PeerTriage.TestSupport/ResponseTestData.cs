using PeerTriage.Features;
using PeerTriage.Responses;

namespace PeerTriage.TestSupport;

/// <summary>
/// A small synthetic response set written for the tests (no real posts): seeker posts from templates, and replies
/// built from parts that show each EPITOME mechanism strongly, weakly or not at all, labelled accordingly.
/// </summary>
public static class ResponseTestData
{
    /// <summary>The seeker posts the examples draw from.</summary>
    public static IReadOnlyList<string> SeekerPosts => s_seeker;

    private static readonly string[] s_seeker =
    [
        "I lost my job last week and I can't stop crying. I feel like a failure.",
        "My partner left and the house is so quiet. I don't know how to get through the nights.",
        "Exams are in two weeks and I haven't slept properly in days, my chest feels tight all the time.",
        "I moved to a new city and I have no friends here. Weekends are the worst.",
        "My dad is in hospital again and nobody in my family talks about it.",
        "I keep messing up at work and my boss noticed. I feel worthless.",
    ];

    private static readonly string[][] s_emotional =
    [
        ["Ok.", "Noted.", "Right."],
        ["That is hard.", "Sorry.", "That sucks."],
        ["I'm so sorry you are going through this, sending hugs.", "Oh no, I am so sorry, that breaks my heart.", "So sorry to hear this, my heart goes out to you."],
    ];

    private static readonly string[][] s_interpretation =
    [
        ["Get a new hobby.", "Go for a run.", "Everyone has bad weeks."],
        ["I understand.", "I get it.", "Makes sense."],
        ["It sounds like you feel completely alone with this.", "I've been there too, it felt like the ground was gone.", "You must feel exhausted and scared."],
    ];

    private static readonly string[][] s_exploration =
    [
        ["", "", ""],
        ["Why?", "Really?", "And then?"],
        ["What has helped you get through nights like this before?", "How are you feeling about talking to them?", "Do you have someone you can call tonight?"],
    ];

    private static readonly string[] s_levels = ["none", "weak", "strong"];

    /// <summary><paramref name="count"/> pairs, each labelled on all three mechanisms (so 3 × count examples).</summary>
    public static IReadOnlyList<LabeledResponse> Examples(int count = 180, int seed = 7)
    {
        var random = new Random(seed);
        var result = new List<LabeledResponse>();
        for (int i = 0; i < count; i++)
        {
            int e = i % 3, p = (i / 3) % 3, x = (i / 9) % 3;
            string reply = string.Join(" ", new[] { s_emotional[e][random.Next(3)], s_interpretation[p][random.Next(3)], s_exploration[x][random.Next(3)] }.Where(s => s.Length > 0));
            var pair = new ResponsePair(s_seeker[random.Next(s_seeker.Length)], reply) { Id = $"r{i}", ResponderId = $"peer{i % 12}" };
            result.Add(new LabeledResponse(pair, ResponseScheme.EmotionalReactions, s_levels[e]) { Source = $"synthetic {i}" });
            result.Add(new LabeledResponse(pair, ResponseScheme.Interpretations, s_levels[p]) { Source = $"synthetic {i}" });
            result.Add(new LabeledResponse(pair, ResponseScheme.Explorations, s_levels[x]) { Source = $"synthetic {i}" });
        }
        return result;
    }

    /// <summary>Fast options for tests: a small hash table, authors K = 2, fixed timestamp.</summary>
    public static ResponseTrainingOptions Options { get; } = ResponseTrainingOptions.Default with
    {
        Features = ResponseTrainingOptions.DefaultPipeline.WithNGrams(NGramOptions.Default with { HashBits = 14 }),
        ExplanationMinAuthors = 2,
        Timestamp = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static readonly Lazy<ResponseModel> s_model = new(() => ResponseModel.Train(Examples(), Options));

    /// <summary>A model trained once on <see cref="Examples"/> with <see cref="Options"/>.</summary>
    public static ResponseModel Model => s_model.Value;

    /// <summary>The bytes of <paramref name="model"/> saved to memory.</summary>
    public static byte[] Save(ResponseModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }
}
