namespace PeerTriage.Benchmarks;

/// <summary>Synthetic messages of fixed length classes for the benchmarks.</summary>
internal static class SampleTexts
{
    private const string Short = "feeling really low tonight, can't sleep and don't want to talk to anyone :( ";

    private const string Typical =
        "I don't really know where to start. Things have been getting worse since the start of term, I can't focus in " +
        "class and I've stopped replying to my friends because I just don't have the energy. My mum keeps asking what's " +
        "wrong and I say I'm fine but I'm not. Some nights I lie awake for hours thinking everyone would be better off " +
        "without me around, and then I feel guilty for even thinking that. I tried the breathing thing someone posted " +
        "here and it helped a bit. I just wanted to write it down somewhere. Has anyone else felt like this, and did it " +
        "get better? Thanks for reading, sorry it's so long. ";

    // Distinct text, not the typical message repeated: repeats would shrink the feature set and flatter the long case.
    private static readonly Lazy<string> Long = new(() =>
    {
        var text = new System.Text.StringBuilder(Typical);
        foreach (var example in PeerTriage.Data.DemoCorpus.Load())
        {
            if (text.Length >= 4_000)
                break;
            text.Append(example.Message.Body).Append(' ');
        }
        return text.ToString();
    });

    public static string For(string length) => length switch
    {
        "short" => Short,
        "typical" => Typical,
        "long" => Long.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(length), length, "Use short, typical or long."),
    };
}
