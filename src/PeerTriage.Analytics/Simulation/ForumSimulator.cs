using System.Globalization;
using PeerTriage.Analytics.Responsiveness;

namespace PeerTriage.Analytics.Simulation;

/// <summary>
/// Generates a forum with known moderator behaviour, for tests and demos of <see cref="ResponsivenessStudy"/>: peers post
/// at rates that follow the hour of day, start threads or reply to recent messages, at levels drawn from a mix;
/// moderators on shift reply with a probability and a log-normal latency per level, changed by planted factors at the
/// triage launch and again at training.
/// </summary>
/// <remarks>
/// Ids: peers' messages <c>p1</c>, <c>p2</c>, …, moderators' replies <c>r1</c>, …, threads <c>t1</c>, …, authors
/// <c>u…</c> and <c>mod…</c>. Times are whole seconds, UTC. Peers' messages carry their level; moderators' replies none.
/// No text. The same options give the same posts (<see cref="Random"/> with a seed is stable across runs and platforms).
/// </remarks>
public static class ForumSimulator
{
    private const int RecentMessages = 100;

    /// <summary>Generates the forum.</summary>
    /// <param name="options">The forum; null for <see cref="SimulationOptions.Default"/>.</param>
    /// <returns>Every message, in posting order (equal times: peers' messages in creation order, then replies).</returns>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public static IReadOnlyList<ForumPost> Generate(SimulationOptions? options = null)
    {
        options ??= SimulationOptions.Default;
        Validate(options);
        var scheme = options.Scheme;
        var random = new Random(options.Seed);
        double[] mix = Cumulative(options.LevelMix);
        double weightSum = options.HourlyWeights.Sum();
        double[] perHour = [.. options.HourlyWeights.Select(w => options.PeerMessagesPerDay * w / weightSum)];
        var launch = Factors(options.LaunchEffects, scheme, nameof(SimulationOptions.LaunchEffects));
        var training = Factors(options.TrainingEffects, scheme, nameof(SimulationOptions.TrainingEffects));

        var peers = new List<ForumPost>();
        var replies = new List<ForumPost>();
        var recent = new ForumPost[RecentMessages];
        int recentCount = 0, threads = 0;
        long endTicks = options.End.UtcTicks;
        for (var hour = Floor(options.Start); hour < options.End; hour = hour.AddHours(1))
        {
            int arrivals = Poisson(random, perHour[hour.Hour]);
            var seconds = new int[arrivals];
            for (int k = 0; k < arrivals; k++)
                seconds[k] = random.Next(3600);
            Array.Sort(seconds);
            foreach (int s in seconds)
            {
                var at = hour.AddSeconds(s);
                if (at < options.Start || at >= options.End)
                    continue;
                int level = Draw(random, mix);
                string author = recentCount > 0 && random.NextDouble() < options.RepeatAuthorShare
                    ? recent[(recentCount - 1 - random.Next(Math.Min(3, recentCount))) % RecentMessages].AuthorId!
                    : "u" + ((int)(options.Peers * random.NextDouble() * random.NextDouble())).ToString(CultureInfo.InvariantCulture);
                string id = "p" + (peers.Count + 1).ToString(CultureInfo.InvariantCulture);
                string thread;
                string? parent = null;
                if (recentCount > 0 && random.NextDouble() < options.PeerReplyShare)
                {
                    var replied = recent[random.Next(Math.Min(recentCount, RecentMessages))];
                    parent = replied.Id;
                    thread = replied.ThreadId!;
                }
                else
                    thread = "t" + (++threads).ToString(CultureInfo.InvariantCulture);
                var post = new ForumPost(id, AuthorRole.Peer, at) { ThreadId = thread, ParentId = parent, AuthorId = author, Level = scheme.NameOf(level) };
                peers.Add(post);
                recent[recentCount++ % RecentMessages] = post;

                // The moderators' answer, with the effects in force when the message was posted.
                var (response, latency) = (options.ResponseProbability[level], options.MedianLatencyMinutes[level]);
                if (at >= options.LaunchDate)
                {
                    response *= launch[level].Response;
                    latency *= launch[level].Latency;
                }
                if (at >= options.TrainingDate)
                {
                    response *= training[level].Response;
                    latency *= training[level].Latency;
                }
                double u = random.NextDouble(), z = Normal(random);
                if (u >= Math.Min(1, response))
                    continue;
                double minutes = latency * Math.Exp(options.LatencySigma * z);
                var replyAt = OnDuty(at.AddSeconds(Math.Max(1, Math.Round(minutes * 60))), options, random);
                if (replyAt.UtcTicks >= endTicks)
                    continue;
                string moderator = "mod" + (random.Next(options.Moderators) + 1).ToString(CultureInfo.InvariantCulture);
                replies.Add(new ForumPost("r" + (replies.Count + 1).ToString(CultureInfo.InvariantCulture), AuthorRole.Moderator, replyAt)
                {
                    ThreadId = thread,
                    ParentId = id,
                    AuthorId = moderator,
                });
            }
        }

        var all = new List<ForumPost>(peers.Count + replies.Count);
        all.AddRange(peers);
        all.AddRange(replies);
        var keys = new (long, int)[all.Count];
        for (int i = 0; i < keys.Length; i++)
            keys[i] = (all[i].PostedAt.UtcTicks, i);
        Array.Sort(keys);
        var result = new ForumPost[all.Count];
        for (int i = 0; i < result.Length; i++)
            result[i] = all[keys[i].Item2];
        return Array.AsReadOnly(result);
    }

    private static DateTimeOffset Floor(DateTimeOffset t)
    {
        var u = t.ToUniversalTime();
        return new DateTimeOffset(u.Year, u.Month, u.Day, u.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>The reply time moved to the next shift when moderators are off duty then.</summary>
    private static DateTimeOffset OnDuty(DateTimeOffset at, SimulationOptions options, Random random)
    {
        int start = options.DutyStartHour, end = options.DutyEndHour;
        if (start == end)
            return at;
        int h = at.UtcDateTime.Hour;
        bool onDuty = start < end ? h >= start && h < end : h >= start || h < end;
        if (onDuty)
            return at;
        var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
        var shift = day.AddHours(start);
        if (shift <= at)
            shift = shift.AddDays(1);
        return shift.AddSeconds(random.Next(1, 30 * 60));
    }

    private static int Poisson(Random random, double lambda)
    {
        if (lambda <= 0)
            return 0;
        if (lambda > 30)
            return Math.Max(0, (int)Math.Round(lambda + (Math.Sqrt(lambda) * Normal(random))));
        // Knuth: multiply uniforms until the product drops below e^-λ.
        double limit = Math.Exp(-lambda), product = random.NextDouble();
        int k = 0;
        while (product > limit)
        {
            k++;
            product *= random.NextDouble();
        }
        return k;
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Normal(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static double[] Cumulative(IReadOnlyList<double> weights)
    {
        double sum = weights.Sum(), running = 0;
        var c = new double[weights.Count];
        for (int i = 0; i < c.Length; i++)
        {
            running += weights[i] / sum;
            c[i] = running;
        }
        c[^1] = 1;
        return c;
    }

    private static int Draw(Random random, double[] cumulative)
    {
        double u = random.NextDouble();
        int i = 0;
        while (i < cumulative.Length - 1 && u >= cumulative[i])
            i++;
        return i;
    }

    private static (double Response, double Latency)[] Factors(IReadOnlyList<LevelEffect> effects, PriorityScheme scheme, string option)
    {
        var f = new (double, double)[scheme.Count];
        Array.Fill(f, (1.0, 1.0));
        foreach (var e in effects)
        {
            if (e is null || !scheme.TryGetIndex(e.Level ?? "", out int l))
                throw new ArgumentException($"SimulationOptions.{option} names '{e?.Level}', which is not a level of the scheme ({scheme.Describe()}).", "options");
            if (!(e.ResponseFactor >= 0) || !(e.LatencyFactor > 0) || double.IsInfinity(e.ResponseFactor) || double.IsInfinity(e.LatencyFactor))
                throw new ArgumentException($"SimulationOptions.{option}: the factors for '{e.Level}' must be finite, the response factor ≥ 0 and the latency factor > 0.", "options");
            f[l] = (f[l].Item1 * e.ResponseFactor, f[l].Item2 * e.LatencyFactor);
        }
        return f;
    }

    private static void Validate(SimulationOptions o)
    {
        ArgumentNullException.ThrowIfNull(o.Scheme, nameof(SimulationOptions.Scheme));
        int levels = o.Scheme.Count;
        if (o.End <= o.Start)
            throw new ArgumentException("SimulationOptions.End must come after Start.", nameof(o));
        if (!(o.PeerMessagesPerDay > 0) || double.IsInfinity(o.PeerMessagesPerDay))
            throw new ArgumentException("SimulationOptions.PeerMessagesPerDay must be a positive number.", nameof(o));
        if (o.HourlyWeights is not { Count: 24 } w || w.Any(x => !(x >= 0) || double.IsInfinity(x)) || w.Sum() <= 0)
            throw new ArgumentException("SimulationOptions.HourlyWeights needs 24 finite, non-negative weights, not all zero.", nameof(o));
        Check(o.LevelMix, nameof(SimulationOptions.LevelMix), x => x >= 0 && !double.IsInfinity(x), "finite and non-negative");
        if (o.LevelMix.Sum() <= 0)
            throw new ArgumentException("SimulationOptions.LevelMix must not be all zero.", nameof(o));
        Check(o.ResponseProbability, nameof(SimulationOptions.ResponseProbability), x => x is >= 0 and <= 1, "between 0 and 1");
        Check(o.MedianLatencyMinutes, nameof(SimulationOptions.MedianLatencyMinutes), x => x > 0 && !double.IsInfinity(x), "positive");
        if (!(o.LatencySigma >= 0) || double.IsInfinity(o.LatencySigma))
            throw new ArgumentException("SimulationOptions.LatencySigma must be finite and non-negative.", nameof(o));
        if (o.DutyStartHour is < 0 or > 23 || o.DutyEndHour is < 0 or > 23)
            throw new ArgumentException("SimulationOptions.DutyStartHour and DutyEndHour must be hours from 0 to 23.", nameof(o));
        if (o.Moderators < 1 || o.Peers < 1)
            throw new ArgumentException("SimulationOptions.Moderators and Peers must be at least 1.", nameof(o));
        if (o.RepeatAuthorShare is < 0 or > 1 || double.IsNaN(o.RepeatAuthorShare))
            throw new ArgumentException("SimulationOptions.RepeatAuthorShare must be between 0 and 1.", nameof(o));
        if (o.PeerReplyShare is < 0 or > 1 || double.IsNaN(o.PeerReplyShare))
            throw new ArgumentException("SimulationOptions.PeerReplyShare must be between 0 and 1.", nameof(o));
        ArgumentNullException.ThrowIfNull(o.LaunchEffects, nameof(SimulationOptions.LaunchEffects));
        ArgumentNullException.ThrowIfNull(o.TrainingEffects, nameof(SimulationOptions.TrainingEffects));

        void Check(IReadOnlyList<double>? values, string name, Func<double, bool> ok, string what)
        {
            if (values is null || values.Count != levels || !values.All(ok))
                throw new ArgumentException($"SimulationOptions.{name} needs one value per level ({levels}: {o.Scheme.Describe()}), each {what}.", nameof(o));
        }
    }
}
