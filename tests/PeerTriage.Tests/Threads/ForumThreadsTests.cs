namespace PeerTriage.Tests.Threads;

public class ForumThreadsTests
{
    private static readonly DateTimeOffset T0 = new(2015, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private static ForumMessage M(string? id, string? parent = null, string? thread = "t", int? minute = null) =>
        new($"body of {id}")
        {
            Id = id,
            ParentId = parent,
            ThreadId = thread,
            PostedAt = minute is { } m ? T0.AddMinutes(m) : null,
        };

    [Test]
    public void Context_holds_only_earlier_posts_never_a_later_reply()
    {
        var root = M("root", minute: 0);
        var a = M("a", "root", minute: 10);
        var b = M("b", "a", minute: 20);
        var c = M("c", "root", minute: 5);
        var threads = new ForumThreads([b, a, c, root]); // input order deliberately scrambled

        var ctx = threads.ContextOf(a);
        ctx.EarlierPosts.Should().Equal(root, c);
        ctx.EarlierPosts.Should().NotContain(b);
        ctx.Parent.Should().BeSameAs(root);

        threads.ContextOf(b).EarlierPosts.Should().Equal(root, c, a);
        threads.ContextOf(b).Parent.Should().BeSameAs(a);
        threads.ContextOf(root).Should().BeSameAs(ThreadContext.None);
        foreach (var m in threads.Messages)
        {
            threads.ContextOf(m).EarlierPosts.Where(e => e.PostedAt >= m.PostedAt).Should().BeEmpty("nothing posted later is known");
            threads.ContextOf(m).EarlierPosts.Should().NotContain(m);
        }
    }

    [Test]
    public void Position_follows_time_then_input_order_and_equals_the_earlier_post_count()
    {
        var root = M("r", minute: 0);
        var x = M("x", "r", minute: 7);
        var y = M("y", "r", minute: 7); // same time as x, later in the input
        var z = M("z", "r", minute: 3);
        var threads = new ForumThreads([root, x, y, z]);

        threads.PositionOf(root).Should().Be(0);
        threads.PositionOf(z).Should().Be(1);
        threads.PositionOf(x).Should().Be(2);
        threads.PositionOf(y).Should().Be(3);
        threads.ContextOf(y).EarlierPosts.Should().Equal(root, z, x);
        threads.ContextOf(x).EarlierPosts.Should().NotContain(y, "equal times are ordered by input order");
        foreach (var m in threads.Messages)
            threads.ContextOf(m).EarlierPosts.Count.Should().Be(threads.PositionOf(m));
        threads.ThreadOf(x).Should().Equal(root, z, x, y);
    }

    [Test]
    public void A_post_without_a_time_comes_after_the_posts_before_it_in_the_input()
    {
        var root = M("r", minute: 0);
        var late = M("late", "r", minute: 30);
        var untimed = M("u", "r", minute: null);
        var after = M("after", "r", minute: 40);
        var earlyButLast = M("e", "r", minute: 10);
        var threads = new ForumThreads([root, late, untimed, after, earlyButLast]);

        threads.ThreadOf(root).Should().Equal(root, earlyButLast, late, untimed, after);
        threads.ContextOf(untimed).EarlierPosts.Should().Equal(root, earlyButLast, late);
    }

    [Test]
    public void Depth_and_root_follow_parent_links()
    {
        var root = M("r", minute: 0);
        var a = M("a", "r", minute: 1);
        var b = M("b", "a", minute: 2);
        var c = M("c", "b", minute: 3);
        var threads = new ForumThreads([c, b, a, root]);

        threads.DepthOf(root).Should().Be(0);
        threads.DepthOf(a).Should().Be(1);
        threads.DepthOf(b).Should().Be(2);
        threads.DepthOf(c).Should().Be(3);
        threads.RootOf(c).Should().BeSameAs(root);
        threads.RootOf(root).Should().BeSameAs(root);
        threads.ThreadCount.Should().Be(1);
    }

    [Test]
    public void Missing_thread_id_falls_back_to_the_thread_of_an_ancestor_or_the_root()
    {
        var root = M("r", thread: null, minute: 0);
        var a = M("a", "r", thread: null, minute: 1);
        var b = M("b", "a", thread: null, minute: 2);
        var tagged = M("t1", thread: "T", minute: 0);
        var child = M("t2", "t1", thread: null, minute: 1);
        var threads = new ForumThreads([b, root, a, child, tagged]);

        threads.ThreadIdOf(b).Should().Be("r");
        threads.ThreadIdOf(a).Should().Be("r");
        threads.ThreadIdOf(child).Should().Be("T");
        threads.ContextOf(b).EarlierPosts.Should().Equal(root, a);
        threads.ContextOf(child).Parent.Should().BeSameAs(tagged);
        threads.ThreadCount.Should().Be(2);
    }

    [Test]
    public void Thread_ids_and_root_ids_share_one_namespace()
    {
        var root = M("100", thread: "100", minute: 0);
        var untagged = M("101", "100", thread: null, minute: 1);
        var threads = new ForumThreads([root, untagged]);

        threads.ThreadIdOf(untagged).Should().Be("100");
        threads.PositionOf(untagged).Should().Be(1);
    }

    [Test]
    public void Missing_parent_counts_as_one_link_and_has_no_root_or_context_parent()
    {
        var orphan1 = M("o1", "gone", thread: null, minute: 0);
        var orphan2 = M("o2", "gone", thread: null, minute: 5);
        var reply = M("o3", "o1", thread: null, minute: 9);
        var threads = new ForumThreads([orphan1, orphan2, reply]);

        threads.DepthOf(orphan1).Should().Be(1);
        threads.DepthOf(reply).Should().Be(2);
        threads.RootOf(orphan1).Should().BeNull();
        threads.RootOf(reply).Should().BeNull();
        threads.ContextOf(orphan2).Parent.Should().BeNull();
        threads.ThreadIdOf(orphan2).Should().Be("gone", "siblings of a missing post stay together");
        threads.ContextOf(reply).EarlierPosts.Should().Equal(orphan1, orphan2);
        threads.ContextOf(reply).Parent.Should().BeSameAs(orphan1);
    }

    [Test, CancelAfter(10_000)]
    public void Two_message_cycle_terminates_with_documented_values()
    {
        var a = M("a", "b", thread: null, minute: 0);
        var b = M("b", "a", thread: null, minute: 1);
        var tail = M("c", "a", thread: null, minute: 2);
        var threads = new ForumThreads([a, b, tail]);

        threads.DepthOf(a).Should().Be(1);
        threads.DepthOf(b).Should().Be(1);
        threads.DepthOf(tail).Should().Be(2);
        threads.RootOf(a).Should().BeNull();
        threads.RootOf(tail).Should().BeNull();
        threads.ThreadIdOf(a).Should().Be("a", "a cycle without thread ids is named after its first member in the input");
        threads.ThreadIdOf(b).Should().Be("a");
        threads.ThreadIdOf(tail).Should().Be("a");
        threads.ContextOf(a).Parent.Should().BeNull("its parent b was posted later");
        threads.ContextOf(b).Parent.Should().BeSameAs(a);
        threads.ContextOf(tail).EarlierPosts.Should().Equal(a, b);
    }

    [Test]
    public void Self_parent_is_a_cycle_of_one()
    {
        var self = M("s", "s", thread: null, minute: 0);
        var threads = new ForumThreads([self]);

        threads.DepthOf(self).Should().Be(0);
        threads.RootOf(self).Should().BeNull();
        threads.ContextOf(self).Parent.Should().BeNull();
        threads.ThreadIdOf(self).Should().Be("s");
    }

    [Test]
    public void Cycle_members_inherit_the_nearest_thread_id_on_the_cycle()
    {
        // parent links: a -> b -> c -> a; only c has a thread id.
        var a = M("a", "b", thread: null, minute: 0);
        var b = M("b", "c", thread: null, minute: 1);
        var c = M("c", "a", thread: "T", minute: 2);
        var threads = new ForumThreads([a, b, c]);

        threads.ThreadIdOf(a).Should().Be("T");
        threads.ThreadIdOf(b).Should().Be("T");
        threads.ThreadIdOf(c).Should().Be("T");
        threads.DepthOf(a).Should().Be(2);
    }

    [Test, CancelAfter(20_000)]
    public void Long_chains_and_long_cycles_are_linear_and_do_not_overflow_the_stack()
    {
        const int n = 200_000;
        var chain = new ForumMessage[n];
        for (int i = 0; i < n; i++)
            chain[i] = M($"m{i}", i == 0 ? null : $"m{i - 1}", thread: null, minute: i);
        var threads = new ForumThreads(chain.Reverse());
        threads.DepthOf(chain[^1]).Should().Be(n - 1);
        threads.RootOf(chain[^1]).Should().BeSameAs(chain[0]);
        threads.PositionOf(chain[^1]).Should().Be(n - 1);

        var cycle = new ForumMessage[n];
        for (int i = 0; i < n; i++)
            cycle[i] = M($"c{i}", $"c{(i + 1) % n}", thread: null, minute: i);
        var cyclic = new ForumThreads(cycle);
        cyclic.DepthOf(cycle[123]).Should().Be(n - 1);
        cyclic.RootOf(cycle[123]).Should().BeNull();
        cyclic.ThreadCount.Should().Be(1);
    }

    [Test]
    public void Context_parent_is_null_for_a_parent_in_another_thread_or_posted_later()
    {
        var other = M("o", thread: "X", minute: 0);
        var crossThread = M("x", "o", thread: "Y", minute: 1);
        var skewedParent = M("p", thread: "Z", minute: 50);
        var skewedChild = M("k", "p", thread: "Z", minute: 10);
        var threads = new ForumThreads([other, crossThread, skewedParent, skewedChild]);

        threads.ContextOf(crossThread).Parent.Should().BeNull();
        threads.DepthOf(crossThread).Should().Be(1);
        threads.ContextOf(skewedChild).Parent.Should().BeNull("the parent's time is after the child's");
        threads.ContextOf(skewedChild).EarlierPosts.Should().BeEmpty();
        threads.DepthOf(skewedChild).Should().Be(1);
    }

    [Test]
    public void Messages_are_found_by_reference_or_by_id()
    {
        var root = M("r", minute: 0);
        var reply = M("a", "r", minute: 1);
        var threads = new ForumThreads([root, reply]);

        var copy = reply with { Body = "edited" };
        threads.Contains(copy).Should().BeTrue();
        threads.PositionOf(copy).Should().Be(1);
        threads.Contains(M("zzz")).Should().BeFalse();
        var act = () => threads.ContextOf(M("zzz"));
        act.Should().Throw<ArgumentException>().WithMessage("*'zzz'*not part*");
        var nul = () => threads.DepthOf(null!);
        nul.Should().Throw<ArgumentNullException>();
    }

    [Test]
    public void Message_without_any_id_forms_its_own_thread()
    {
        var lone1 = new ForumMessage("one");
        var lone2 = new ForumMessage("two");
        var threads = new ForumThreads([lone1, lone2]);

        threads.ThreadCount.Should().Be(2);
        threads.ThreadIdOf(lone1).Should().BeNull();
        threads.PositionOf(lone2).Should().Be(0);
        threads.ContextOf(lone2).EarlierPosts.Should().BeEmpty();
        threads.RootOf(lone1).Should().BeSameAs(lone1);
    }

    [Test]
    public void Duplicate_ids_and_null_items_are_rejected()
    {
        var dup = () => new ForumThreads([M("a", minute: 0), M("a", minute: 1)]);
        dup.Should().Throw<ArgumentException>().WithMessage("*'a'*twice*");
        var same = M(null, minute: 0);
        var twice = () => new ForumThreads([same, same]);
        twice.Should().Throw<ArgumentException>().WithMessage("*twice*");
        var nul = () => new ForumThreads([M("a"), null!]);
        nul.Should().Throw<ArgumentNullException>();
    }

    [Test]
    public void Earlier_posts_view_is_read_only_and_bounded()
    {
        var root = M("r", minute: 0);
        var a = M("a", "r", minute: 1);
        var b = M("b", "r", minute: 2);
        var threads = new ForumThreads([root, a, b]);

        var earlier = threads.ContextOf(a).EarlierPosts;
        earlier.Should().NotBeAssignableTo<IList<ForumMessage>>();
        earlier.Count.Should().Be(1);
        var outOfRange = () => earlier[1];
        outOfRange.Should().Throw<ArgumentOutOfRangeException>("the later post b must not be reachable");
    }
}
