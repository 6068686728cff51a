namespace PeerTriage.ForumSample.Tests;

/// <summary>
/// Messages the demo model puts at each level (checked where used: a test first asserts the level it relies on, so a
/// retrained demo model fails clearly instead of silently testing something else).
/// </summary>
internal static class Texts
{
    public const string Crisis = "i cant do this anymore, i have a plan to end it tonight";
    public const string Red = "my stepdad hits me when he's been drinking and mum pretends it doesn't happen";
    public const string Amber = "I've been feeling really low and anxious lately and can't sleep, not sure who to talk to";
    public const string Green = "chem exam tomorrow and I am so stressed, who else is cramming at 1am";
    public const string Green2 = "hi everyone, I'm new here, I like drawing frogs and bad reality tv";

    public const string ScriptXss = "<script>alert('xss-script')</script> hello";
    public const string ImgXss = "<img src=x onerror=\"alert('xss-img')\"> hi";
    public const string UrlXss = "javascript:alert('xss-url')";
}
