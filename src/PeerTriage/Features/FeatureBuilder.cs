using System.Numerics;
using System.Runtime.CompilerServices;

namespace PeerTriage.Features;

/// <summary>
/// Per-thread scratch space that turns a stream of hashed feature keys into a deduplicated sparse vector
/// with term-frequency weighting and per-block L2 normalization. Reused across calls, so steady-state scoring
/// allocates nothing: buffers only grow when a larger message than any before arrives on that thread.
/// </summary>
internal sealed class FeatureBuilder
{
    /// <summary>Blocks are normalized separately (word n-grams, char n-grams, …). Keys carry the block in their low bits.</summary>
    public const int BlockBits = 3;
    public const int MaxBlocks = 1 << BlockBits;

    [ThreadStatic]
    private static FeatureBuilder? t_current;

    // Open-addressing table; a slot is live only when its stamp equals _stamp, so clearing is O(1).
    private int[] _slotKey = new int[1024];
    private int[] _slotStamp = new int[1024];
    private int[] _slotCount = new int[1024];
    private int[] _touched = new int[512];
    private int _touchedCount;
    private int _stamp;
    private int _mask = 1023;

    public static FeatureBuilder ForCurrentThread() => t_current ??= new FeatureBuilder();

    /// <summary>Bucket of each output feature (may repeat across blocks).</summary>
    public int[] Buckets = new int[512];

    /// <summary>Value of each output feature.</summary>
    public float[] Values = new float[512];

    /// <summary>Text-analysis buffers, owned here so one object holds all per-thread scratch.</summary>
    public char[] Raw = [];
    public char[] Normalized = [];
    public char[] TokenText = [];
    public Text.Token[] Tokens = [];
    public uint[] TokenHashes = [];

    public void EnsureText(int maxTextLength, int maxTokens)
    {
        if (Raw.Length < maxTextLength)
        {
            Raw = new char[maxTextLength];
            Normalized = new char[maxTextLength];
            // Placeholders such as "<user>" can be longer than what they replace.
            TokenText = new char[maxTextLength * 2];
        }
        if (Tokens.Length < maxTokens)
        {
            Tokens = new Text.Token[maxTokens];
            TokenHashes = new uint[maxTokens];
        }
    }

    /// <summary>Starts a new vector that will receive at most <paramref name="maxKeys"/> keys.</summary>
    public void Begin(int maxKeys)
    {
        int needed = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1024, maxKeys * 2));
        if (needed > _slotKey.Length)
        {
            _slotKey = new int[needed];
            _slotStamp = new int[needed];
            _slotCount = new int[needed];
            _stamp = 0;
        }
        _mask = _slotKey.Length - 1;
        if (_touched.Length < maxKeys)
            _touched = new int[Math.Max(maxKeys, _touched.Length * 2)];
        _touchedCount = 0;
        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_slotStamp);
            _stamp = 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int bucket, int block)
    {
        int key = (bucket << BlockBits) | block;
        int slot = (int)(((uint)key * 0x9E3779B1u) >> 7) & _mask;
        while (true)
        {
            if (_slotStamp[slot] != _stamp)
            {
                _slotStamp[slot] = _stamp;
                _slotKey[slot] = key;
                _slotCount[slot] = 1;
                _touched[_touchedCount++] = slot;
                return;
            }
            if (_slotKey[slot] == key)
            {
                _slotCount[slot]++;
                return;
            }
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>Writes the weighted, normalized vector to <see cref="Buckets"/> and <see cref="Values"/>.</summary>
    /// <returns>The number of features.</returns>
    public int Complete(bool sublinearTf, bool l2Normalize)
    {
        int n = _touchedCount;
        if (Buckets.Length < n)
        {
            Buckets = new int[Math.Max(n, Buckets.Length * 2)];
            Values = new float[Buckets.Length];
        }
        Span<float> sumSquares = stackalloc float[MaxBlocks];
        sumSquares.Clear();
        for (int i = 0; i < n; i++)
        {
            int slot = _touched[i];
            int count = _slotCount[slot];
            float tf = count == 1 ? 1f : sublinearTf ? 1f + MathF.Log(count) : count;
            int key = _slotKey[slot];
            Buckets[i] = key >>> BlockBits;
            Values[i] = tf;
            sumSquares[key & (MaxBlocks - 1)] += tf * tf;
        }
        if (l2Normalize)
        {
            Span<float> scale = stackalloc float[MaxBlocks];
            for (int b = 0; b < MaxBlocks; b++)
                scale[b] = sumSquares[b] > 0 ? 1f / MathF.Sqrt(sumSquares[b]) : 0f;
            for (int i = 0; i < n; i++)
                Values[i] *= scale[_slotKey[_touched[i]] & (MaxBlocks - 1)];
        }
        return n;
    }
}
