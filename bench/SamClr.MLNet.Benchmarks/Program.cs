using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(SamClr.MLNet.Benchmarks.CropResizeBenchmarks).Assembly).Run(args);
