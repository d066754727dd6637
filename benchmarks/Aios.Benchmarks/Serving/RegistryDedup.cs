using System.Globalization;
using Aios.Data.Storage;
using Aios.Serving.Registry;

namespace Aios.Benchmarks.Serving;

/// <summary>
/// <c>-- registry-dedup</c>: what registering (and packing) the second version of <see cref="RegistryBenchmarkData"/>
/// stores anew, as a markdown table (sizes, not timings).
/// </summary>
internal static class RegistryDedup
{
    public static void Run()
    {
        using var data = new RegistryBenchmarkData();
        string registryStore = data.NewStore();
        ModelRegistry registry = ModelRegistry.OpenOrCreate(registryStore);
        ModelRegistrationResult first = registry.RegisterAsync(data.Base, new ModelRegistration { Name = "m" }).AsTask().GetAwaiter().GetResult();
        ModelRegistrationResult second = registry.RegisterAsync(data.Tuned, new ModelRegistration { Name = "m", ParentVersion = 1 }).AsTask().GetAwaiter().GetResult();
        ChunkStore packStore = ChunkStore.OpenOrCreate(data.NewStore());
        DatasetPackResult packFirst = DatasetPacker.PackAsync(packStore, data.Base).AsTask().GetAwaiter().GetResult();
        DatasetPackResult packSecond = DatasetPacker.PackAsync(packStore, data.Tuned).AsTask().GetAwaiter().GetResult();
        long bytes = second.Version.TotalBytes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model: {data.Tensors} tensors, {bytes:N0} bytes; version 2 changes {RegistryBenchmarkData.ChangedTensors.Length} tensors ({100.0 * RegistryBenchmarkData.ChangedTensors.Length / data.Tensors:F1} %), {data.ChangedBytes:N0} bytes ({100.0 * data.ChangedBytes / bytes:F2} %)"));
        Console.WriteLine();
        Console.WriteLine("| ingest | version 1: chunks, new bytes stored | version 2: chunks, new chunks | version 2: new content bytes | new bytes stored (files) | share of the version's bytes |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| registry (tensor boundaries + CDC within) | {first.Chunks:N0}, {first.NewStoredBytes:N0} | {second.Chunks:N0}, {second.NewChunks:N0} | {second.NewBytes:N0} | {second.NewStoredBytes:N0} | {100.0 * second.NewStoredBytes / bytes:F2} % |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| data pack (CDC over the file) | {packFirst.Chunks:N0}, {packFirst.NewStoredBytes:N0} | {packSecond.Chunks:N0}, {packSecond.NewChunks:N0} | – | {packSecond.NewStoredBytes:N0} | {100.0 * packSecond.NewStoredBytes / bytes:F2} % |"));
        Directory.Delete(registryStore, recursive: true);
        Directory.Delete(packStore.Root, recursive: true);
    }
}
