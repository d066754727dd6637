using Aios.Data.Storage;
using Aios.Serving.Registry;
using BenchmarkDotNet.Attributes;

namespace Aios.Benchmarks.Serving;

/// <summary>
/// Registering a 257 MiB model (<see cref="RegistryBenchmarkData"/>) into an empty store, and its second version (4 of
/// 83 tensors changed) into a store holding the first, against <see cref="DatasetPacker.PackAsync"/> (what
/// <c>aios data pack</c> runs) on the same folders. Both hash, compress-check and write every chunk on the processor
/// count's threads. Throughput = 257 MiB / mean. The bytes each stores anew: <c>-- registry-dedup</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class RegistryBenchmarks
{
    private RegistryBenchmarkData _data = null!;
    private string _store = "";

    [GlobalSetup]
    public void Setup() => _data = new RegistryBenchmarkData();

    [GlobalCleanup]
    public void Cleanup() => _data.Dispose();

    [IterationSetup(Targets = [nameof(RegisterBase), nameof(PackBase)])]
    public void EmptyStore() => Replace(_data.NewStore());

    [IterationSetup(Target = nameof(RegisterSecondVersion))]
    public void StoreWithRegisteredBase()
    {
        Replace(_data.NewStore());
        ModelRegistry.OpenOrCreate(_store).RegisterAsync(_data.Base, new ModelRegistration { Name = "m" }).AsTask().GetAwaiter().GetResult();
    }

    [IterationSetup(Target = nameof(PackSecondVersion))]
    public void StoreWithPackedBase()
    {
        Replace(_data.NewStore());
        DatasetPacker.PackAsync(ChunkStore.OpenOrCreate(_store), _data.Base).AsTask().GetAwaiter().GetResult();
    }

    private void Replace(string store)
    {
        if (_store.Length > 0 && Directory.Exists(_store))
        {
            Directory.Delete(_store, recursive: true);
        }

        _store = store;
    }

    [Benchmark(Description = "registry: register base (257 MiB)")]
    public async Task<long> RegisterBase() =>
        (await ModelRegistry.OpenOrCreate(_store).RegisterAsync(_data.Base, new ModelRegistration { Name = "m" })).NewBytes;

    [Benchmark(Description = "registry: register version 2 (4/83 tensors changed)")]
    public async Task<long> RegisterSecondVersion() =>
        (await ModelRegistry.OpenOrCreate(_store).RegisterAsync(_data.Tuned, new ModelRegistration { Name = "m", ParentVersion = 1 })).NewBytes;

    [Benchmark(Baseline = true, Description = "data pack: base (257 MiB)")]
    public async Task<long> PackBase() => (await DatasetPacker.PackAsync(ChunkStore.OpenOrCreate(_store), _data.Base)).NewStoredBytes;

    [Benchmark(Description = "data pack: version 2")]
    public async Task<long> PackSecondVersion() => (await DatasetPacker.PackAsync(ChunkStore.OpenOrCreate(_store), _data.Tuned)).NewStoredBytes;
}
