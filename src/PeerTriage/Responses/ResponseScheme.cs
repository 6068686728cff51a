namespace PeerTriage.Responses;

/// <summary>One mechanism a response can show, with its ordered levels (lowest = "does not show it").</summary>
/// <param name="Name">The mechanism's name, such as "emotional-reactions".</param>
/// <param name="Levels">Its levels, lowest first, such as none &lt; weak &lt; strong.</param>
public sealed record ResponseMechanism(string Name, PriorityScheme Levels)
{
    /// <summary>The mechanism's name, such as "emotional-reactions".</summary>
    /// <exception cref="ArgumentException">Null, empty or white space.</exception>
    public string Name { get; init; } = string.IsNullOrWhiteSpace(Name) ? throw new ArgumentException("A response mechanism needs a name.", nameof(Name)) : Name.Trim();

    /// <summary>Its levels, lowest first.</summary>
    /// <exception cref="ArgumentNullException">Null.</exception>
    public PriorityScheme Levels { get; init; } = Levels ?? throw new ArgumentNullException(nameof(Levels));

    /// <summary>A mechanism with the given levels, lowest first (at least two); "flagged" is every level above the lowest.</summary>
    /// <param name="name">The mechanism's name.</param>
    /// <param name="levels">Its levels, lowest first.</param>
    /// <exception cref="ArgumentException">The name is empty, or the levels are fewer than two, repeated or empty.</exception>
    public static ResponseMechanism Create(string name, params string[] levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.Length < 2)
            throw new ArgumentException($"Mechanism '{name}' needs at least two levels (for example none, weak, strong); it has {levels.Length}.", nameof(levels));
        return new ResponseMechanism(name, new PriorityScheme(levels, flaggedFrom: 1, urgentFrom: levels.Length - 1));
    }

    /// <summary>The EPITOME level scale: none &lt; weak &lt; strong.</summary>
    public static IReadOnlyList<string> EpitomeLevels { get; } = ["none", "weak", "strong"];
}

/// <summary>
/// The mechanisms a response model assesses, each trained as its own model. <see cref="Epitome"/> is the default:
/// EPITOME's three empathy mechanisms (Sharma et al. 2020).
/// </summary>
public sealed class ResponseScheme
{
    /// <summary>EPITOME's mechanisms: "emotional-reactions" (warmth, compassion, concern expressed to the seeker),
    /// "interpretations" (understanding of the seeker's feelings or experience) and "explorations" (questions that
    /// explore what the seeker has not said), each none &lt; weak &lt; strong.</summary>
    public static ResponseScheme Epitome { get; } = new(
    [
        ResponseMechanism.Create(EmotionalReactions, [.. ResponseMechanism.EpitomeLevels]),
        ResponseMechanism.Create(Interpretations, [.. ResponseMechanism.EpitomeLevels]),
        ResponseMechanism.Create(Explorations, [.. ResponseMechanism.EpitomeLevels]),
    ]);

    /// <summary>The name of EPITOME's emotional-reactions mechanism.</summary>
    public const string EmotionalReactions = "emotional-reactions";

    /// <summary>The name of EPITOME's interpretations mechanism.</summary>
    public const string Interpretations = "interpretations";

    /// <summary>The name of EPITOME's explorations mechanism.</summary>
    public const string Explorations = "explorations";

    /// <summary>The most mechanisms a scheme may have: 16 (a scoring call keeps every mechanism's probabilities on the stack).</summary>
    public const int MaxMechanisms = 16;

    private readonly ResponseMechanism[] _mechanisms;

    /// <summary>Creates a scheme.</summary>
    /// <param name="mechanisms">The mechanisms, in the order results list them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="mechanisms"/> or an item is null.</exception>
    /// <exception cref="ArgumentException">There are none, more than <see cref="MaxMechanisms"/>, or two share a name
    /// (compared case-insensitively).</exception>
    public ResponseScheme(IEnumerable<ResponseMechanism> mechanisms)
    {
        ArgumentNullException.ThrowIfNull(mechanisms);
        _mechanisms = [.. mechanisms];
        if (_mechanisms.Length == 0)
            throw new ArgumentException("A response scheme needs at least one mechanism.", nameof(mechanisms));
        if (_mechanisms.Length > MaxMechanisms)
            throw new ArgumentException($"A response scheme has at most {MaxMechanisms} mechanisms; got {_mechanisms.Length}.", nameof(mechanisms));
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < _mechanisms.Length; i++)
        {
            var m = _mechanisms[i] ?? throw new ArgumentNullException(nameof(mechanisms), $"Mechanism {i} is null.");
            if (!seen.Add(m.Name))
                throw new ArgumentException($"Two mechanisms are named '{m.Name}'; names must be distinct.", nameof(mechanisms));
        }
    }

    /// <summary>The mechanisms, in order.</summary>
    public IReadOnlyList<ResponseMechanism> Mechanisms => _mechanisms;

    /// <summary>How many mechanisms there are.</summary>
    public int Count => _mechanisms.Length;

    /// <summary>The index of a mechanism by name (case-insensitive), or -1.</summary>
    /// <param name="name">The mechanism's name.</param>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        for (int i = 0; i < _mechanisms.Length; i++)
        {
            if (string.Equals(_mechanisms[i].Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
                return i;
        }
        return -1;
    }

    /// <summary>The index of a mechanism by name (case-insensitive).</summary>
    /// <param name="name">The mechanism's name.</param>
    /// <exception cref="ArgumentException">No mechanism has that name; the message lists them.</exception>
    public int Require(string name)
    {
        int i = IndexOf(name);
        return i >= 0 ? i : throw new ArgumentException($"'{name}' is not a mechanism of this scheme ({Describe()}).", nameof(name));
    }

    /// <summary>A short description, such as "emotional-reactions (none &lt; weak &lt; strong), ...".</summary>
    public string Describe() => string.Join(", ", _mechanisms.Select(m => $"{m.Name} ({m.Levels.Describe()})"));

    /// <inheritdoc />
    public override string ToString() => Describe();
}

/// <summary>A response pair labelled for one mechanism (EPITOME ships one file per mechanism).</summary>
/// <param name="Pair">The pair.</param>
/// <param name="Mechanism">The mechanism the label is for; a name of the training scheme.</param>
/// <param name="Label">The level, a level name of that mechanism (such as "weak"), or its index as digits (EPITOME's 0, 1, 2).</param>
public sealed record LabeledResponse(ResponsePair Pair, string Mechanism, string Label)
{
    /// <summary>
    /// The fold group: examples with the same group share inner folds. It is also the author for the explanation
    /// vocabulary when the pair has no <see cref="ResponsePair.ResponderId"/> (an n-gram's text is kept only when at
    /// least <see cref="ResponseTrainingOptions.ExplanationMinAuthors"/> distinct authors wrote it). Default null: the
    /// pair's <see cref="ResponsePair.ResponderId"/>, else its <see cref="ResponsePair.Id"/>.
    /// </summary>
    public string? Group { get; init; }

    /// <summary>Where the example came from (such as "file.csv line 12"), for error messages; null when unknown.</summary>
    public string? Source { get; init; }

    internal string? EffectiveGroup => Group ?? Pair.ResponderId ?? Pair.Id;
}
