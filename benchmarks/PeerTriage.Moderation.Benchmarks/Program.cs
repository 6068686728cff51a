using BenchmarkDotNet.Running;
using PeerTriage.Moderation.Benchmarks;

// dotnet run -c Release --project benchmarks/PeerTriage.Moderation.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/PeerTriage.Moderation.Benchmarks -- --check [events]
// dotnet run -c Release --project benchmarks/PeerTriage.Moderation.Benchmarks -- --writers [events per writer]
//   (1 and 4 concurrent writers, SQLite and PostgreSQL from PEERTRIAGE_TEST_POSTGRES; .ci/postgres starts one)
// The seeded 100,000-message store is built once and cached under PEERTRIAGE_BENCH_DIR (default: the temp folder).
if (args.Length > 0 && args[0] == "--check")
{
    IngestCheck.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000);
    return;
}
if (args.Length > 0 && args[0] == "--writers")
{
    WritersCheck.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3_000);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Forum).Assembly).Run(args);
