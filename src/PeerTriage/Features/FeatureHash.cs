using System.Runtime.CompilerServices;

namespace PeerTriage.Features;

/// <summary>
/// The string-free hashing used by the featurizer. Hash values are part of the model file format:
/// changing anything here changes every trained model, so it needs a format version bump.
/// </summary>
internal static class FeatureHash
{
    private const uint FnvPrime = 16777619;

    public const uint WordSeed = 0x9747B28C;
    public const uint CharSeed = 0x5BD1E995;

    /// <summary>FNV-1a over UTF-16 code units, finished with a murmur3 avalanche.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Text(ReadOnlySpan<char> text, uint seed)
    {
        uint h = seed;
        for (int i = 0; i < text.Length; i++)
            h = (h ^ text[i]) * FnvPrime;
        return Finish(h);
    }

    /// <summary>Folds one more value into a running hash (order-sensitive).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Step(uint h, uint value) => (h ^ value) * FnvPrime;

    /// <summary>Combines a word n-gram's running hash with the next token's hash.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Combine(uint running, uint next) => Finish((running * 0x9E3779B1u) ^ next);

    /// <summary>murmur3's fmix32: spreads entropy to the low bits that pick the bucket.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Finish(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }
}
