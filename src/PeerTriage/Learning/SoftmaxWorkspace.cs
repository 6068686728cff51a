using PeerTriage.Features;

namespace PeerTriage.Learning;

/// <summary>
/// The large scratch arrays of a fit, shared by successive fits on one matrix: the inner folds, then the final fit.
/// </summary>
/// <remarks>
/// A fit on the C-SSRS posts needs about 90 MB of scratch: the column-major copy of the matrix, the L-BFGS vectors and
/// the feature and band buffers. Allocated per fit, it is garbage a moment later, and the collector let several fits'
/// worth pile up before collecting: training peaked at three to five times the memory it used. Arrays grow and never
/// shrink, so they may be longer than asked for; callers use only the length they asked for, and must not expect
/// zeros. One fit at a time.
/// </remarks>
internal sealed class SoftmaxWorkspace
{
    private readonly int _expectedEntries;
    private readonly int _expectedScores; // rows × classes
    private readonly int _classes;
    private int[]? _featureOfColumn, _entryRow, _chunkFeature, _chunkBandFeature, _chunkRow;
    private float[]? _entryValue, _chunkValue, _weights;
    private double[]? _featureVector;
    private readonly List<double[]> _bandScores = [];
    private readonly List<double[]> _vectors = [];

    /// <summary>A workspace that allocates what each fit asks for, then reuses it.</summary>
    public SoftmaxWorkspace()
    {
    }

    /// <summary>
    /// A workspace for fits with <paramref name="classes"/> classes on rows of <paramref name="x"/>, each row at most
    /// once: its first arrays are sized for a fit on every row, so later, larger fits need not grow them.
    /// </summary>
    public SoftmaxWorkspace(SparseMatrix x, int classes)
    {
        ArgumentNullException.ThrowIfNull(x);
        _expectedEntries = x.NonZeros;
        _classes = classes;
        _expectedScores = (int)Math.Min(Array.MaxLength / 2 - classes, (long)x.Rows * classes);
    }

    public int[] FeatureOfColumn(int length) => Grow(ref _featureOfColumn, length);

    public int[] EntryRow(int length) => Grow(ref _entryRow, length, _expectedEntries);

    public float[] EntryValue(int length) => Grow(ref _entryValue, length, _expectedEntries);

    public int[] ChunkFeature(int length) => Grow(ref _chunkFeature, length);

    public int[] ChunkBandFeature(int length) => Grow(ref _chunkBandFeature, length);

    public int[] ChunkRow(int length) => Grow(ref _chunkRow, length);

    public float[] ChunkValue(int length) => Grow(ref _chunkValue, length);

    public double[] FeatureVector(int length) => Grow(ref _featureVector, length);

    /// <summary>Compact single-precision weights, for predictions straight after a fit.</summary>
    public float[] Weights(int length) => Grow(ref _weights, length);

    public double[] BandScores(int band, int length) => Grow(_bandScores, band, length, _expectedScores);

    /// <summary>L-BFGS vector <paramref name="index"/>: [coordinates | image], each (rows + 1) × classes.</summary>
    public double[] Vector(int index, int length) => Grow(_vectors, index, length, 2 * (_expectedScores + _classes));

    private static double[] Grow(List<double[]> slots, int index, int length, int atLeast)
    {
        while (slots.Count <= index)
            slots.Add([]);
        var slot = slots[index];
        var result = Grow(ref slot, length, atLeast);
        slots[index] = result;
        return result;
    }

    // A quarter more than the last size: folds of slightly different sizes then share one array.
    private static T[] Grow<T>(ref T[]? slot, int length, int atLeast = 0)
    {
        if (slot is null || slot.Length < length)
        {
            long grown = slot is null ? 0 : slot.Length + (long)slot.Length / 4;
            slot = new T[(int)Math.Min(Array.MaxLength, Math.Max(length, Math.Max(atLeast, grown)))];
        }
        return slot;
    }
}
