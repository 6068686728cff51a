using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(PeerTriage.Benchmarks.ScoringBenchmarks).Assembly).Run(args);
