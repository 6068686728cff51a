namespace PeerTriage.Training;

/// <summary>
/// The fold rules: stratified and grouped assignment (the public <see cref="Evaluation.Folds"/> delegates here), and the
/// one rule that picks between them for a set of rows (<see cref="Assign"/>), used by training's inner folds and by
/// cross-validation's outer folds alike.
/// </summary>
internal static class FoldAssignment
{
    /// <summary>
    /// Folds for <paramref name="rows"/> (indices into <paramref name="labels"/> and <paramref name="groups"/>): grouped
    /// when groups are given and every row has one, stratified by label otherwise. With <paramref name="sameText"/> (a key
    /// per row, equal for identical texts), identical texts share a fold: grouped, by merging the groups they join;
    /// stratified, by following the first row of their text.
    /// </summary>
    /// <remarks>
    /// <c>fallBack</c> says what happens when the groups cannot make the folds. True (training's inner folds): stratified
    /// folds when a row has no group or there are fewer groups than folds, since a model must train on whatever data it
    /// is given. False (cross-validation asked for grouped folds): the caller has checked that every row has a group,
    /// and too few groups throw, because silently ungrouped folds would overstate its figures.
    /// </remarks>
    public static int[] Assign(int[] labels, string?[]? groups, int[] rows, int folds, int seed, int[]? sameText = null, bool fallBack = true)
    {
        var g = groups is null ? null : new string[rows.Length];
        for (int i = 0; i < rows.Length && g is not null; i++)
        {
            string? group = groups![rows[i]];
            if (group is null && !fallBack)
                throw new ArgumentException($"Row {rows[i]} has no group.", nameof(groups));
            if (group is null)
                g = null;
            else
                g[i] = group;
        }
        if (g is not null && sameText is not null)
            g = TrainingData.MergeGroupsOfSameText(g, rows, sameText);
        if (g is not null && (!fallBack || g.Distinct(StringComparer.Ordinal).Count() >= folds))
            return Grouped(g, folds, seed);
        var y = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++)
            y[i] = labels[rows[i]];
        int[] fold = Stratified(y, folds, seed);
        if (sameText is not null)
        {
            var first = new Dictionary<int, int>();
            for (int i = 0; i < rows.Length; i++)
            {
                if (!first.TryAdd(sameText[rows[i]], i))
                    fold[i] = fold[first[sameText[rows[i]]]];
            }
        }
        return fold;
    }

    /// <inheritdoc cref="Evaluation.Folds.Stratified"/>
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

    /// <inheritdoc cref="Evaluation.Folds.Grouped"/>
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
