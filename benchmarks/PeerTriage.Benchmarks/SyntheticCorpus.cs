using PeerTriage.Data;

namespace PeerTriage.Benchmarks;

/// <summary>
/// The demo corpus replicated to any size with small deterministic perturbations (words swapped in from other posts,
/// a sentence appended), so every message is distinct and caches do not flatter the numbers. No external data.
/// </summary>
internal static class SyntheticCorpus
{
    public static List<LabeledMessage> Create(int count)
    {
        var demo = DemoCorpus.Load();
        var words = demo.SelectMany(e => e.Message.Body.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        ulong state = 0x5EED;
        var result = new List<LabeledMessage>(count);
        for (int i = 0; i < count; i++)
        {
            var source = demo[i % demo.Count];
            var tokens = source.Message.Body.Split(' ');
            if (i >= demo.Count)
            {
                for (int swap = 0; swap < 1 + (tokens.Length / 20); swap++)
                    tokens[(int)(Next(ref state) % (ulong)tokens.Length)] = words[Next(ref state) % (ulong)words.Length];
            }
            string extra = i >= demo.Count ? " " + string.Join(' ', Enumerable.Range(0, 6).Select(_ => words[Next(ref state) % (ulong)words.Length])) : "";
            result.Add(source with { Message = source.Message with { Body = string.Join(' ', tokens) + extra, Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        }
        return result;
    }

    private static ulong Next(ref ulong state)
    {
        // SplitMix64: deterministic, so every run benchmarks the same text.
        ulong z = state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
