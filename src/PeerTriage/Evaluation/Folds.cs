namespace PeerTriage.Evaluation;

/// <summary>
/// Deterministic cross-validation fold assignment. Both methods return one fold index (0 .. folds − 1) per row and give
/// the same answer for the same input and seed on every platform (they use their own SplitMix64 generator, not
/// <see cref="Random"/>).
/// </summary>
public static class Folds
{
    /// <summary>
    /// Stratified assignment: the rows of each class are shuffled with the seed and dealt round-robin over the folds,
    /// the deal continuing from class to class, so every fold receives each class in proportion (within one row) and
    /// fold sizes differ by at most one.
    /// </summary>
    /// <param name="labels">The class of each row, such as a level index; any integers.</param>
    /// <param name="folds">The number of folds, at least 2 and at most the number of rows.</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <returns>The fold index of each row.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is less than 2 or more than the number of rows.</exception>
    public static int[] Stratified(ReadOnlySpan<int> labels, int folds, int seed)
    {
        CheckFolds(folds, labels.Length, nameof(folds));
        var byClass = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < labels.Length; i++)
        {
            if (!byClass.TryGetValue(labels[i], out var rows))
                byClass[labels[i]] = rows = [];
            rows.Add(i);
        }

        var rng = new SplitMix64(seed);
        var result = new int[labels.Length];
        int next = 0;
        foreach (var rows in byClass.Values)
        {
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows);
            rng.Shuffle(span);
            foreach (int row in span)
            {
                result[row] = next;
                next = next + 1 == folds ? 0 : next + 1;
            }
        }
        return result;
    }

    /// <summary>
    /// Grouped assignment, like scikit-learn's <c>GroupKFold</c>: distinct groups are ordered by size (largest first, ties
    /// broken by a seeded shuffle) and each is given to the fold with the fewest rows so far (ties to the lowest fold index).
    /// All rows of a group share one fold.
    /// </summary>
    /// <param name="groups">The group of each row, such as the author; compared ordinally (case-sensitive).</param>
    /// <param name="folds">The number of folds, at least 2, at most the number of rows and at most the number of distinct groups.</param>
    /// <param name="seed">The tie-breaking seed.</param>
    /// <returns>The fold index of each row.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="groups"/> or one of its elements is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is less than 2 or more than the number of rows.</exception>
    /// <exception cref="ArgumentException">There are fewer distinct groups than folds.</exception>
    public static int[] Grouped(IReadOnlyList<string> groups, int folds, int seed)
    {
        ArgumentNullException.ThrowIfNull(groups);
        CheckFolds(folds, groups.Count, nameof(folds));

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var sizes = new List<int>();
        var rowGroup = new int[groups.Count];
        for (int i = 0; i < groups.Count; i++)
        {
            string g = groups[i] ?? throw new ArgumentNullException(nameof(groups), $"Row {i} has no group (null).");
            if (!index.TryGetValue(g, out int gi))
            {
                gi = sizes.Count;
                index.Add(g, gi);
                sizes.Add(0);
            }
            sizes[gi]++;
            rowGroup[i] = gi;
        }
        if (sizes.Count < folds)
        {
            throw new ArgumentException(
                $"Cannot make {folds} grouped folds from {sizes.Count} distinct group(s); use at most {sizes.Count} folds.",
                nameof(groups));
        }

        var order = new int[sizes.Count];
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        var rng = new SplitMix64(seed);
        rng.Shuffle(order.AsSpan());
        // Stable sort by size, descending, keeps the shuffled order among equal sizes.
        var sorted = order.OrderByDescending(g => sizes[g]).ToArray();

        var load = new long[folds];
        var groupFold = new int[sizes.Count];
        foreach (int g in sorted)
        {
            int lightest = 0;
            for (int f = 1; f < folds; f++)
            {
                if (load[f] < load[lightest])
                    lightest = f;
            }
            groupFold[g] = lightest;
            load[lightest] += sizes[g];
        }

        var result = new int[groups.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = groupFold[rowGroup[i]];
        return result;
    }

    private static void CheckFolds(int folds, int rows, string paramName)
    {
        if (folds < 2)
            throw new ArgumentOutOfRangeException(paramName, folds, "Cross-validation needs at least 2 folds.");
        if (folds > rows)
            throw new ArgumentOutOfRangeException(paramName, folds, $"Cannot make {folds} folds from {rows} row(s); use at most {rows} folds.");
    }
}
