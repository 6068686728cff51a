using PeerTriage.Features;

namespace PeerTriage.Tests.Features;

/// <summary>
/// The per-thread cache of parent-post features: a reply gets exactly the features a fresh featurization of its parent
/// gives, whether the cache hits or misses, and an edited parent (same id, new text) is never served stale features.
/// </summary>
public class ParentFeatureCacheTests
{
    private static readonly ForumMessage Parent = new("I have been feeling hopeless for weeks and I do not know who to tell.") { Id = "p1" };
    private static readonly ForumMessage Reply = new("I'm sorry you feel this way, you are not alone. Can you talk to someone today?") { Id = "r1" };

    private static PipelineFeaturizer NewFeaturizer() => new(FeaturePipeline.Default, PriorityScheme.Default);

    private static (int[] Buckets, float[] Values, float[] Dense) Features(PipelineFeaturizer featurizer, ForumMessage reply, ForumMessage parent)
    {
        var builder = FeatureBuilder.ForCurrentThread();
        int n = featurizer.Extract(reply, new ThreadContext(parent, [parent]), builder);
        return (builder.Buckets.AsSpan(0, n).ToArray(), builder.Values.AsSpan(0, n).ToArray(), builder.Dense.AsSpan(0, featurizer.DenseCount).ToArray());
    }

    private static void ShouldEqual((int[] Buckets, float[] Values, float[] Dense) actual, (int[] Buckets, float[] Values, float[] Dense) expected)
    {
        actual.Buckets.Should().Equal(expected.Buckets);
        actual.Values.Should().Equal(expected.Values);
        actual.Dense.Should().Equal(expected.Dense);
    }

    private static long Misses => ParentFeatureCache.ForCurrentThread().Misses;

    [Test]
    public void A_second_reply_to_the_same_parent_hits_and_gets_the_same_features()
    {
        var featurizer = NewFeaturizer();
        var first = Features(featurizer, Reply, Parent);
        long misses = Misses;
        var second = Features(featurizer, Reply, Parent);
        Misses.Should().Be(misses, "the parent was featurized once");
        ShouldEqual(second, first);
        ShouldEqual(second, Features(NewFeaturizer(), Reply, Parent));
    }

    [Test]
    public void Equal_text_in_another_string_instance_hits()
    {
        var featurizer = NewFeaturizer();
        Features(featurizer, Reply, Parent);
        var copy = Parent with { Body = new string(Parent.Body.AsSpan()) };
        var expected = Features(NewFeaturizer(), Reply, Parent);
        long misses = Misses;
        var actual = Features(featurizer, Reply, copy);
        Misses.Should().Be(misses);
        ShouldEqual(actual, expected);
    }

    [Test]
    public void An_edited_parent_with_the_same_id_misses_and_gets_its_new_features()
    {
        var featurizer = NewFeaturizer();
        var before = Features(featurizer, Reply, Parent);
        var edited = Parent with { Body = Parent.Body.Replace("hopeless", "better", StringComparison.Ordinal) };
        long misses = Misses;
        var after = Features(featurizer, Reply, edited);
        Misses.Should().Be(misses + 1);
        ShouldEqual(after, Features(NewFeaturizer(), Reply, edited));
        after.Buckets.Should().NotEqual(before.Buckets);
        var subject = Parent with { Subject = "a new subject" };
        misses = Misses;
        Features(featurizer, Reply, subject);
        Misses.Should().Be(misses + 1, "the subject is part of the key too");
    }

    [Test]
    public void Another_featurizer_never_reads_this_ones_entries()
    {
        var a = NewFeaturizer();
        var b = new PipelineFeaturizer(FeaturePipeline.Default with { Context = ContextFeatureOptions.Default with { ParentTextWeight = 0.25f } }, PriorityScheme.Default);
        Features(a, Reply, Parent);
        long misses = Misses;
        var fromB = Features(b, Reply, Parent);
        Misses.Should().Be(misses + 1);
        ShouldEqual(fromB, Features(new PipelineFeaturizer(b.Pipeline, PriorityScheme.Default), Reply, Parent));
    }

    [Test]
    public void Evicted_parents_are_featurized_again_correctly()
    {
        var featurizer = NewFeaturizer();
        var parents = Enumerable.Range(0, 10 * ParentFeatureCache.Slots)
            .Select(i => new ForumMessage($"parent number {i}: I feel {(i % 2 == 0 ? "hopeless" : "okay")} today") { Id = "p" + i }).ToList();
        var expected = parents.Select(p => Features(NewFeaturizer(), Reply, p)).ToList();
        foreach (var p in parents)
            Features(featurizer, Reply, p);
        long misses = Misses;
        for (int i = 0; i < parents.Count; i++)
            ShouldEqual(Features(featurizer, Reply, parents[i]), expected[i]);
        (Misses - misses).Should().BeGreaterThan(parents.Count - ParentFeatureCache.Slots - 1, "at most one slot's worth can still be cached");
    }

    [Test]
    public void Many_threads_get_the_features_a_fresh_featurizer_gives()
    {
        var featurizer = NewFeaturizer();
        var parents = Enumerable.Range(0, 24).Select(i => new ForumMessage($"thread {i} opener: things are {(i % 3 == 0 ? "really bad" : "fine")}") { Id = "t" + (i % 12) }).ToList();
        var replies = Enumerable.Range(0, 40).Select(i => new ForumMessage($"reply {i}: hang in there, it gets better {i}")).ToList();
        var expected = new (int[], float[], float[])[parents.Count, replies.Count];
        for (int p = 0; p < parents.Count; p++)
        {
            for (int r = 0; r < replies.Count; r++)
                expected[p, r] = Features(NewFeaturizer(), replies[r], parents[p]);
        }
        int failures = 0;
        Parallel.For(0, 20_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            int p = (i * 7919) % parents.Count, r = (i * 104729) % replies.Count;
            var actual = Features(featurizer, replies[r], parents[p]);
            var (buckets, values, dense) = expected[p, r];
            if (!actual.Buckets.SequenceEqual(buckets) || !actual.Values.SequenceEqual(values) || !actual.Dense.SequenceEqual(dense))
                Interlocked.Increment(ref failures);
        });
        failures.Should().Be(0);
    }

    [Test]
    public void Replies_allocate_nothing_in_steady_state_whether_the_parent_hits_or_misses()
    {
        var model = TestData.DemoModel;
        var parents = Enumerable.Range(0, 3 * ParentFeatureCache.Slots).Select(i => new ForumMessage($"parent {i}: " + Parent.Body) { Id = "s" + i }).ToList();
        var contexts = parents.Select(p => new ThreadContext(p, [p])).ToList();
        var probabilities = new float[PriorityScheme.MaxLevels];
        for (int i = 0; i < 200; i++)
            model.Triage(Reply, contexts[i % contexts.Count], probabilities);
        long misses = Misses;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 2_000; i++)
            model.Triage(Reply, contexts[(i / 3) % contexts.Count], probabilities);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().Be(0);
        Misses.Should().BeGreaterThan(misses, "the loop also misses");
    }
}
