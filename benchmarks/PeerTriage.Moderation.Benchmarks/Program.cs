using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/PeerTriage.Moderation.Benchmarks -- --filter '*'
// The seeded 100,000-message store is built once and cached under PEERTRIAGE_BENCH_DIR (default: the temp folder).
BenchmarkSwitcher.FromAssembly(typeof(PeerTriage.Moderation.Benchmarks.Forum).Assembly).Run(args);
