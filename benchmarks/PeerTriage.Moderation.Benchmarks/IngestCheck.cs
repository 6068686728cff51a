using System.Diagnostics;

namespace PeerTriage.Moderation.Benchmarks;

/// <summary>
/// A plain timing run next to the BenchmarkDotNet ones: applies N events to a copy of the 100,000-message store and
/// reports wall time and this process's CPU time. On a machine shared with other work, wall time includes waiting
/// for a core; CPU time does not (and does not include waiting for fsync either).
/// </summary>
internal static class IngestCheck
{
    public static void Run(int events)
    {
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores; seeding or reusing the 100,000-message store...");
        _ = Forum.SeededSqlite();
        foreach (string store in new[] { "sqlite-normal", "sqlite-full", "memory" })
        {
            var bench = new IngestBenchmarks { Store = store, Classifier = "fast" };
            bench.Setup();
            try
            {
                bench.ApplyEvents(); // warm-up: JIT, page cache
                int batches = Math.Max(1, events / 1_000);
                var process = Process.GetCurrentProcess();
                var cpu0 = process.TotalProcessorTime;
                var wall = Stopwatch.StartNew();
                for (int b = 0; b < batches; b++)
                    bench.ApplyEvents();
                wall.Stop();
                process.Refresh();
                double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
                int n = batches * 1_000;
                Console.WriteLine($"{store,-14} {n:N0} events: wall {wall.Elapsed.TotalSeconds:0.00} s = {n / wall.Elapsed.TotalSeconds:N0} events/s; " +
                    $"CPU {cpu:0.00} s = {n / cpu:N0} events per CPU-second");
            }
            finally
            {
                bench.Cleanup();
            }
        }
    }
}
