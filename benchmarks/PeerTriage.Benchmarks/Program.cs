using BenchmarkDotNet.Running;

// Exit code 1 when a benchmark failed to build or run, so CI's dry run catches a broken suite; numbers never fail it.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(PeerTriage.Benchmarks.ScoringBenchmarks).Assembly).Run(args);
bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
