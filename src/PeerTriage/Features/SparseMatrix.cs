namespace PeerTriage.Features;

/// <summary>
/// A read-only sparse matrix in compressed sparse row (CSR) form; each row is one document.
/// Row <c>r</c> holds the entries <c>RowStart[r] .. RowStart[r + 1] - 1</c> of <see cref="Indices"/> and <see cref="Values"/>.
/// A column may repeat within a row; repeated entries simply add up.
/// </summary>
/// <remarks>The arrays are taken over without copying; callers must not change them afterwards.</remarks>
internal sealed class SparseMatrix
{
    public SparseMatrix(int columns, int[] rowStart, int[] indices, float[] values)
    {
        ArgumentNullException.ThrowIfNull(rowStart);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (rowStart.Length == 0)
            throw new ArgumentException("rowStart needs rows + 1 entries, so at least one.", nameof(rowStart));
        if (indices.Length != values.Length)
            throw new ArgumentException($"indices has {indices.Length} entries but values has {values.Length}.", nameof(values));
        if (rowStart[0] != 0 || rowStart[^1] != indices.Length)
            throw new ArgumentException(
                $"rowStart must begin at 0 and end at the number of entries ({indices.Length}); got {rowStart[0]} .. {rowStart[^1]}.",
                nameof(rowStart));
        for (int r = 1; r < rowStart.Length; r++)
        {
            if (rowStart[r] < rowStart[r - 1])
                throw new ArgumentException($"rowStart must not decrease; row {r - 1} starts at {rowStart[r - 1]} but ends at {rowStart[r]}.", nameof(rowStart));
        }
        for (int j = 0; j < indices.Length; j++)
        {
            if ((uint)indices[j] >= (uint)columns)
                throw new ArgumentException($"Entry {j} has column {indices[j]}, outside [0, {columns}).", nameof(indices));
            if (!float.IsFinite(values[j]))
                throw new ArgumentException($"Entry {j} has a non-finite value ({values[j]}).", nameof(values));
        }

        Columns = columns;
        RowStart = rowStart;
        Indices = indices;
        Values = values;
    }

    public int Rows => RowStart.Length - 1;

    public int Columns { get; }

    public int[] RowStart { get; }

    public int[] Indices { get; }

    public float[] Values { get; }

    /// <summary>Number of stored entries.</summary>
    public int NonZeros => Indices.Length;

    /// <summary>A new matrix made of the given rows, in the given order (repeats allowed), e.g. for cross-validation folds.</summary>
    public SparseMatrix SelectRows(ReadOnlySpan<int> rows)
    {
        long total = 0;
        foreach (int r in rows)
        {
            if ((uint)r >= (uint)Rows)
                throw new ArgumentOutOfRangeException(nameof(rows), r, $"Row index must be in [0, {Rows}).");
            total += RowStart[r + 1] - RowStart[r];
        }
        if (total > Array.MaxLength)
            throw new ArgumentException($"The selection has {total} entries, more than an array can hold.", nameof(rows));

        var rowStart = new int[rows.Length + 1];
        var indices = new int[total];
        var values = new float[total];
        int at = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            int start = RowStart[rows[i]], length = RowStart[rows[i] + 1] - start;
            Array.Copy(Indices, start, indices, at, length);
            Array.Copy(Values, start, values, at, length);
            at += length;
            rowStart[i + 1] = at;
        }
        return new SparseMatrix(Columns, rowStart, indices, values);
    }

    /// <summary>
    /// This matrix with a row-major dense block appended as columns <see cref="Columns"/> .. <see cref="Columns"/> + width − 1;
    /// zero dense values are not stored.
    /// </summary>
    public SparseMatrix AppendDense(float[] dense, int width)
    {
        if (dense.Length != (long)Rows * width)
            throw new ArgumentException($"The dense block has {dense.Length} values; {Rows} rows × {width} columns were expected.", nameof(dense));
        var rowStart = new int[Rows + 1];
        long total = NonZeros;
        foreach (float v in dense)
            total += v != 0 ? 1 : 0;
        if (total > Array.MaxLength)
            throw new ArgumentException($"The result has {total} entries, more than an array can hold.", nameof(dense));
        var indices = new int[total];
        var values = new float[total];
        int at = 0;
        for (int r = 0; r < Rows; r++)
        {
            int start = RowStart[r], length = RowStart[r + 1] - start;
            Array.Copy(Indices, start, indices, at, length);
            Array.Copy(Values, start, values, at, length);
            at += length;
            for (int j = 0; j < width; j++)
            {
                float v = dense[r * width + j];
                if (v != 0)
                {
                    indices[at] = Columns + j;
                    values[at++] = v;
                }
            }
            rowStart[r + 1] = at;
        }
        return new SparseMatrix(Columns + width, rowStart, indices, values);
    }

    /// <summary>A row-major dense matrix in CSR form (zeros are not stored).</summary>
    public static SparseMatrix FromDense(float[] dense, int rows, int width) =>
        new SparseMatrix(0, new int[rows + 1], [], []).AppendDense(dense, width);
}
