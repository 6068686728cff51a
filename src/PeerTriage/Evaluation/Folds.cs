using PeerTriage.Training;

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
    public static int[] Stratified(ReadOnlySpan<int> labels, int folds, int seed) => FoldAssignment.Stratified(labels, folds, seed);

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
    public static int[] Grouped(IReadOnlyList<string> groups, int folds, int seed) => FoldAssignment.Grouped(groups, folds, seed);
}
