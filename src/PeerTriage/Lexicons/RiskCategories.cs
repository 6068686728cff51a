namespace PeerTriage.Lexicons;

/// <summary>The categories of <see cref="BuiltInLexicons.Risk"/>, in the lexicon's (and the feature vector's) order.</summary>
public static class RiskCategories
{
    /// <summary>Thoughts of or wishes for death or suicide ("want to die", "kms", "unalive myself").</summary>
    public const string SuicidalIdeation = "suicidal_ideation";

    /// <summary>Non-suicidal self-injury ("cut myself", "self harm", "sh").</summary>
    public const string SelfHarm = "self_harm";

    /// <summary>Vague references to a plan, method or means ("a plan", "pills", "rope", "bridge").</summary>
    public const string PlanMeans = "plan_means";

    /// <summary>Saying goodbye, finality, putting affairs in order ("goodbye everyone", "giving away my").</summary>
    public const string FarewellFinality = "farewell_finality";

    /// <summary>Hopelessness and entrapment ("no way out", "whats the point", "cant go on").</summary>
    public const string Hopelessness = "hopelessness";

    /// <summary>Perceived burdensomeness and worthlessness ("better off without me", "worthless").</summary>
    public const string BurdenWorthlessness = "burden_worthlessness";

    /// <summary>Abuse, violence and threats, suffered or aimed at others ("hits me", "abused", "kys").</summary>
    public const string AbuseViolence = "abuse_violence";

    /// <summary>Alcohol and drug use ("drunk", "relapsed", "got high").</summary>
    public const string SubstanceUse = "substance_use";

    /// <summary>Asking for or pointing to help ("need help", "talk to someone", "helpline").</summary>
    public const string HelpSeeking = "help_seeking";

    /// <summary>Protective signals: coping, gratitude, improvement, reasons to live ("feeling better", "thank you").</summary>
    public const string Protective = "protective";

    /// <summary>All risk categories in order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        SuicidalIdeation, SelfHarm, PlanMeans, FarewellFinality, Hopelessness, BurdenWorthlessness, AbuseViolence,
        SubstanceUse, HelpSeeking, Protective,
    ];
}
