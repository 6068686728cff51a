namespace PeerTriage.Training;

/// <summary>
/// A tiny deterministic pseudo-random generator (SplitMix64, Steele, Lea and Flood 2014), so that fold assignments
/// stay identical across .NET versions and platforms, unlike <see cref="Random"/> whose algorithm may change.
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(int seed)
    {
        // Spread small seeds apart before the first step.
        _state = unchecked((ulong)(uint)seed * 0xD1B54A32D192ED03UL + 0x2545F4914F6CDD1DUL);
    }

    /// <summary>Starts from a raw state, without mixing the seed (for checking against published test vectors).</summary>
    public static SplitMix64 FromState(ulong state) => new() { _state = state };

    public ulong NextUInt64()
    {
        unchecked
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias.</summary>
    public int NextInt(int bound)
    {
        if (bound <= 1)
            return 0;
        ulong b = (ulong)bound;
        ulong limit = ulong.MaxValue - (ulong.MaxValue % b);
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);
        return (int)(r % b);
    }

    /// <summary>Fisher–Yates shuffle.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
