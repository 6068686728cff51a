using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using PeerTriage.Text;

namespace PeerTriage.Features;

/// <summary>
/// Per-thread scratch space that turns a list of hashed feature keys into a deduplicated sparse vector
/// with term-frequency weighting and per-block L2 normalization. Reused across calls, so steady-state scoring
/// allocates nothing: buffers only grow when a larger message than any before arrives on that thread.
/// </summary>
/// <remarks>
/// Use: <see cref="BeginKeys"/>, write keys into the span it returns, then <see cref="Complete"/>. Keys are
/// collected first and counted in one tight loop afterwards: hashing and table probing each run as a simple loop
/// over locals; with the smaller table that cut extraction from about 23 to 17 µs on a typical message.
/// </remarks>
internal sealed class FeatureBuilder
{
    /// <summary>Blocks are normalized separately (word n-grams, char n-grams, …). Keys carry the block in their low bits.</summary>
    public const int BlockBits = 3;
    public const int MaxBlocks = 1 << BlockBits;

    // Block runs tracked for the vectorized last pass; more (interleaved blocks) take the scalar path.
    private const int MaxRuns = 16;

    [ThreadStatic]
    private static FeatureBuilder? t_current;

    // Open-addressing table of (key + 1) | count << 32, zero when empty: one 8-byte read per probe, and the table
    // stays small (2-4x the key count; 32 KB for a typical message) so it lives in L1/L2. Complete zeroes the
    // slots it used, so the table is clean between messages.
    private ulong[] _table = new ulong[1024];
    private int[] _touched = new int[512];
    private uint[] _keys = new uint[1024];

    // 1 + ln(count) for small counts, computed with the same call the formula uses, so values are identical.
    private static ReadOnlySpan<float> SublinearTf => s_sublinearTf;
    private static readonly float[] s_sublinearTf = CreateSublinearTf(64);

    private static float[] CreateSublinearTf(int size)
    {
        var table = new float[size];
        table[1] = 1f;
        for (int c = 2; c < size; c++)
            table[c] = 1f + MathF.Log(c);
        return table;
    }

    public static FeatureBuilder ForCurrentThread() => t_current ??= new FeatureBuilder();

    /// <summary>Bucket of each output feature (may repeat across blocks).</summary>
    public int[] Buckets = new int[512];

    /// <summary>Value of each output feature.</summary>
    public float[] Values = new float[512];

    /// <summary>The last message's text analysis (owned here so one object holds all per-thread scratch).</summary>
    public TextAnalysis Analysis { get; } = new();

    /// <summary>Scratch analysis for a parent post, so analysing it never overwrites the message's.</summary>
    public TextAnalysis ParentAnalysis { get; } = new();

    /// <summary>How many of the last output features are the message's own n-grams (the rest: parent, board).</summary>
    public int MessageFeatures;

    /// <summary>How many of the last output features, after the message's own, are the parent's n-grams.</summary>
    public int ParentFeatures;

    /// <summary>Dense features of the last message (lexicon and context).</summary>
    public float[] Dense = new float[64];

    /// <summary>Hashed context features (parent text, board) waiting to be appended to the message's own.</summary>
    public int[] ExtraBuckets = new int[256];
    public float[] ExtraValues = new float[256];

    /// <summary>Grows the output arrays to hold at least <paramref name="count"/> features, keeping their contents.</summary>
    public void EnsureOutput(int count)
    {
        if (Buckets.Length >= count)
            return;
        int size = Math.Max(count, Buckets.Length * 2);
        Array.Resize(ref Buckets, size);
        Array.Resize(ref Values, size);
    }

    /// <summary>Grows the extra arrays to hold at least <paramref name="count"/> features.</summary>
    public void EnsureExtra(int count)
    {
        if (ExtraBuckets.Length >= count)
            return;
        ExtraBuckets = new int[Math.Max(count, ExtraBuckets.Length * 2)];
        ExtraValues = new float[ExtraBuckets.Length];
    }
    public uint[] TokenHashes = [];

    /// <summary>Scratch for one token padded with a space either side (char n-grams).</summary>
    public char[] Padded = new char[Tokenizer.MaxTokenLength + 2];

    /// <summary>This thread's memo of char n-gram keys per token.</summary>
    public CharGramCache CharGrams { get; } = new();

    /// <summary>Room for the word hashes of <paramref name="tokens"/> tokens.</summary>
    public Span<uint> WordHashes(int tokens)
    {
        if (TokenHashes.Length < tokens)
            TokenHashes = new uint[Math.Max(tokens, TokenHashes.Length * 2)];
        return TokenHashes.AsSpan(0, tokens);
    }

    /// <summary>Makes a key from a bucket and a block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Key(uint bucket, int block) => (bucket << BlockBits) | (uint)block;

    /// <summary>Starts a new vector; returns room for at most <paramref name="maxKeys"/> keys (see <see cref="Key"/>).</summary>
    public Span<uint> BeginKeys(int maxKeys)
    {
        if (_keys.Length < maxKeys)
            _keys = new uint[Math.Max(maxKeys, _keys.Length * 2)];
        return _keys.AsSpan(0, maxKeys);
    }

    /// <summary>
    /// Counts the first <paramref name="keyCount"/> keys written since <see cref="BeginKeys"/> and writes the weighted,
    /// normalized vector to <see cref="Buckets"/> and <see cref="Values"/>, in order of each key's first occurrence.
    /// </summary>
    /// <returns>The number of features.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Complete(int keyCount, bool sublinearTf, bool l2Normalize)
    {
        ReadOnlySpan<uint> keys = _keys.AsSpan(0, keyCount);
        // Load factor at most 1/2. Only the prefix this message needs is used: a table grown for a long message
        // would spread a short one over more cache lines.
        int bits = Math.Max(10, BitOperations.Log2((uint)keyCount) + 2);
        if (_table.Length < 1 << bits)
            _table = new ulong[1 << bits];
        if (_touched.Length < keyCount)
            _touched = new int[Math.Max(keyCount, _touched.Length * 2)];
        if (Buckets.Length < keyCount)
        {
            Buckets = new int[Math.Max(keyCount, Buckets.Length * 2)];
            Values = new float[Buckets.Length];
        }

        Span<ulong> table = _table.AsSpan(0, 1 << bits);
        Span<int> touched = _touched;
        int mask = table.Length - 1;
        int shift = 32 - bits;
        int n = 0;
        for (int i = 0; i < keys.Length; i++)
        {
            uint tag = keys[i] + 1;
            int slot = (int)((tag * 0x9E3779B1u) >> shift);
            ulong s = table[slot];
            bool empty = s == 0;
            if (empty || (uint)s == tag)
            {
                // The usual case (no collision): new and repeated keys share one path, with a conditional move.
                table[slot] = (empty ? tag : s) + (1UL << 32);
                touched[n] = slot;
                n += empty ? 1 : 0;
                continue;
            }
            while (true)
            {
                slot = (slot + 1) & mask;
                s = table[slot];
                if ((uint)s == tag)
                {
                    table[slot] = s + (1UL << 32);
                    break;
                }
                if (s == 0)
                {
                    table[slot] = tag | (1UL << 32);
                    touched[n++] = slot;
                    break;
                }
            }
        }

        // First pass: counts to tf, keys kept whole for the block; the slots are zeroed for the next message.
        Span<int> buckets = Buckets.AsSpan(0, n);
        Span<float> values = Values.AsSpan(0, n);
        Span<float> sumSquares = stackalloc float[MaxBlocks];
        sumSquares.Clear();
        Span<int> runStart = stackalloc int[MaxRuns];
        Span<int> runBlock = stackalloc int[MaxRuns];
        int runs = 0;
        ReadOnlySpan<float> smallTf = SublinearTf;
        // The current block's sum stays in a register (a sum kept in memory costs a store-to-load round trip per
        // feature). Blocks come in runs (the featurizer writes one block's keys after another), and switching blocks
        // saves and reloads the sum, so every block is still summed in feature order: bit-identical to summing into
        // the array.
        int block = -1;
        float sum = 0f;
        for (int i = 0; i < n; i++)
        {
            ref ulong s = ref table[touched[i]];
            uint key = (uint)s - 1;
            int count = (int)(s >> 32);
            s = 0;
            float tf = !sublinearTf ? count : count < smallTf.Length ? smallTf[count] : 1f + MathF.Log(count);
            buckets[i] = (int)key;
            values[i] = tf;
            int b = (int)(key & (MaxBlocks - 1));
            if (b != block)
            {
                if (block >= 0)
                    sumSquares[block] = sum;
                sum = sumSquares[b];
                block = b;
                if (runs < MaxRuns)
                {
                    runStart[runs] = i;
                    runBlock[runs] = b;
                }
                runs++;
            }
            sum += tf * tf;
        }
        if (block >= 0)
            sumSquares[block] = sum;

        Span<float> scale = stackalloc float[MaxBlocks];
        for (int b = 0; b < MaxBlocks; b++)
            scale[b] = !l2Normalize ? 1f : sumSquares[b] > 0 ? 1f / MathF.Sqrt(sumSquares[b]) : 0f;
        if (runs <= MaxRuns)
        {
            for (int r = 0; r < runs; r++)
            {
                int from = runStart[r];
                int to = r + 1 < runs ? runStart[r + 1] : n;
                ShiftAndScale(buckets[from..to], values[from..to], scale[runBlock[r]], l2Normalize);
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                int key = buckets[i];
                buckets[i] = key >>> BlockBits;
                if (l2Normalize)
                    values[i] *= scale[key & (MaxBlocks - 1)];
            }
        }
        return n;
    }

    /// <summary>Keys to buckets and values times the block's scale, eight at a time: one run of one block.</summary>
    private static void ShiftAndScale(Span<int> keys, Span<float> values, float scale, bool multiply)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var factor = Vector256.Create(scale);
            for (; i + Vector256<int>.Count <= keys.Length; i += Vector256<int>.Count)
            {
                Vector256.ShiftRightLogical(Vector256.Create((ReadOnlySpan<int>)keys[i..]), BlockBits).CopyTo(keys[i..]);
                if (multiply)
                    (Vector256.Create((ReadOnlySpan<float>)values[i..]) * factor).CopyTo(values[i..]);
            }
        }
        for (; i < keys.Length; i++)
        {
            keys[i] = keys[i] >>> BlockBits;
            if (multiply)
                values[i] *= scale;
        }
    }
}
