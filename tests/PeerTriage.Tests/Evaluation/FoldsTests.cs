using PeerTriage.Evaluation;
using PeerTriage.Training;

namespace PeerTriage.Tests.Evaluation;

public class FoldsTests
{
    private static int[] ShuffledLabels(params int[] countsPerClass)
    {
        var labels = countsPerClass.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();
        new Random(123).Shuffle(labels);
        return labels;
    }

    [Test]
    public void Stratified_gives_every_fold_each_class_in_proportion()
    {
        var labels = ShuffledLabels(50, 30, 20);
        var folds = Folds.Stratified(labels, 5, seed: 1);

        folds.Should().HaveCount(100);
        for (int f = 0; f < 5; f++)
        {
            var inFold = Enumerable.Range(0, 100).Where(i => folds[i] == f).Select(i => labels[i]).ToList();
            inFold.Count(l => l == 0).Should().Be(10);
            inFold.Count(l => l == 1).Should().Be(6);
            inFold.Count(l => l == 2).Should().Be(4);
        }
    }

    [TestCase(3, 7, 11, 2, 3)]
    [TestCase(4, 1, 1, 1, 9)]
    [TestCase(10, 23, 5, 0, 4)]
    public void Stratified_counts_per_class_and_fold_sizes_are_within_one(int k, int c0, int c1, int c2, int c3)
    {
        int[] counts = [c0, c1, c2, c3];
        var labels = ShuffledLabels(counts);
        for (int seed = 0; seed < 5; seed++)
        {
            var folds = Folds.Stratified(labels, k, seed);
            folds.Should().OnlyContain(f => f >= 0 && f < k);
            var sizes = Enumerable.Range(0, k).Select(f => folds.Count(x => x == f)).ToArray();
            (sizes.Max() - sizes.Min()).Should().BeLessThanOrEqualTo(1);
            for (int c = 0; c < counts.Length; c++)
            {
                var perFold = Enumerable.Range(0, k).Select(f => Enumerable.Range(0, labels.Length).Count(i => labels[i] == c && folds[i] == f)).ToArray();
                perFold.Min().Should().BeGreaterThanOrEqualTo(counts[c] / k);
                perFold.Max().Should().BeLessThanOrEqualTo((counts[c] + k - 1) / k);
            }
        }
    }

    [Test]
    public void Stratified_is_deterministic_and_seed_dependent()
    {
        var labels = ShuffledLabels(40, 30, 20, 10);
        Folds.Stratified(labels, 5, 42).Should().Equal(Folds.Stratified(labels, 5, 42));
        Folds.Stratified(labels, 5, 42).Should().NotEqual(Folds.Stratified(labels, 5, 43));
    }

    [Test]
    public void Assignments_are_pinned_across_releases()
    {
        // A change here means fold assignments (and so reported cross-validation scores) changed between versions.
        Folds.Stratified([0, 0, 0, 1, 1, 1, 0, 1], 2, seed: 7).Should().Equal(0, 0, 1, 1, 0, 0, 1, 1);
        Folds.Grouped(["a", "b", "c", "d", "e", "a", "c"], 3, seed: 7).Should().Equal(1, 2, 0, 0, 2, 1, 0);
    }

    [Test]
    public void Generator_is_the_reference_splitmix64()
    {
        // Reference outputs of SplitMix64 (Vigna's splitmix64.c) from state 1234567.
        var rng = SplitMix64.FromState(1234567);
        rng.NextUInt64().Should().Be(6457827717110365317UL);
        rng.NextUInt64().Should().Be(3203168211198807973UL);
        rng.NextUInt64().Should().Be(9817491932198370423UL);
    }

    [Test]
    public void Generator_bounded_values_stay_in_range_and_cover_it()
    {
        var rng = new SplitMix64(3);
        var seen = new bool[7];
        for (int i = 0; i < 1000; i++)
        {
            int v = rng.NextInt(7);
            v.Should().BeInRange(0, 6);
            seen[v] = true;
        }
        seen.Should().OnlyContain(b => b);
    }

    private static string[] RandomGroups(int seed, out int distinct)
    {
        var rng = new Random(seed);
        distinct = rng.Next(5, 40);
        var rows = new List<string>();
        for (int g = 0; g < distinct; g++)
        {
            int size = rng.Next(1, 25);
            for (int j = 0; j < size; j++)
                rows.Add($"user-{g}");
        }
        var arr = rows.ToArray();
        rng.Shuffle(arr);
        return arr;
    }

    [Test]
    public void Grouped_never_splits_a_group_across_folds([Range(0, 24)] int seed)
    {
        var groups = RandomGroups(seed, out int distinct);
        int k = Math.Min(5, distinct);

        var folds = Folds.Grouped(groups, k, seed);

        folds.Should().HaveCount(groups.Length);
        folds.Should().OnlyContain(f => f >= 0 && f < k);
        var foldsPerGroup = groups.Zip(folds).GroupBy(p => p.First).Select(g => g.Select(p => p.Second).Distinct().Count());
        foldsPerGroup.Should().OnlyContain(n => n == 1);
        folds.Distinct().Should().HaveCount(k, "every fold gets at least one group");
    }

    [Test]
    public void Grouped_balances_like_group_kfold()
    {
        // Sizes a:5, b:3, c:2, d:2. a -> fold 0 (5); b -> fold 1 (3); the first of c/d -> fold 1 (5); the other -> fold 0 (tie, lowest).
        string[] groups = ["a", "b", "c", "d", "a", "a", "b", "c", "d", "a", "b", "a"];
        for (int seed = 0; seed < 10; seed++)
        {
            var folds = Folds.Grouped(groups, 2, seed);
            folds[0].Should().Be(0);
            folds[1].Should().Be(1);
            folds[2].Should().NotBe(folds[3], "c and d go to different folds");
            folds.Count(f => f == 0).Should().Be(7);
            folds.Count(f => f == 1).Should().Be(5);
        }
    }

    [Test]
    public void Grouped_is_deterministic_and_seed_dependent()
    {
        var groups = Enumerable.Range(0, 200).Select(i => $"g{i % 60}").ToArray(); // 60 groups, sizes 3 and 4: many ties
        Folds.Grouped(groups, 5, 1).Should().Equal(Folds.Grouped(groups, 5, 1));
        Folds.Grouped(groups, 5, 1).Should().NotEqual(Folds.Grouped(groups, 5, 2));
    }

    [Test]
    public void Grouped_needs_at_least_as_many_groups_as_folds()
    {
        FluentActions.Invoking(() => Folds.Grouped(["a", "a", "b", "b", "b"], 3, 0))
            .Should().Throw<ArgumentException>().WithMessage("*3 grouped folds from 2 distinct group*");
        FluentActions.Invoking(() => Folds.Grouped(["a", null!, "b"], 2, 0)).Should().Throw<ArgumentNullException>();
    }

    [TestCase(1)]
    [TestCase(0)]
    [TestCase(-3)]
    [TestCase(6)]
    public void Fold_count_must_be_between_two_and_the_row_count(int k)
    {
        FluentActions.Invoking(() => Folds.Stratified([0, 1, 0, 1, 0], k, 0)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Folds.Grouped(["a", "b", "c", "d", "e"], k, 0)).Should().Throw<ArgumentException>();
    }
}
