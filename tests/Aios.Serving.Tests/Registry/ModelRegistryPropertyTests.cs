using System.Buffers.Binary;
using Aios.Data.Synthetic;
using Aios.Serving.Registry;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Serving.Tests.Registry;

public sealed class ModelRegistryPropertyTests : IDisposable
{
    private static readonly string[] Dtypes = ["F64", "F32", "F16", "BF16", "I64", "I32", "I8", "U8", "BOOL", "F8_E4M3"];
    private readonly TemporaryFolder _folder = new();
    private readonly ModelRegistry _registry;
    private int _case;

    public ModelRegistryPropertyTests() => _registry = ModelRegistry.OpenOrCreate(_folder.Combine("store"), new ModelRegistryOptions { MaxDegreeOfParallelism = 2 });

    public void Dispose() => _folder.Dispose();

    /// <summary>1 to 8 tensors of random dtypes and shapes, up to 12 KiB each; every tensor non-empty and of fresh random bytes.</summary>
    private static Gen<List<SyntheticTensor>> TensorSets() =>
        from count in Gen.Choose(1, 8)
        from specs in Gen.ListOf(
            from dtype in Gen.Elements(Dtypes)
            from rows in Gen.Choose(1, 32)
            from columns in Gen.Choose(1, 48)
            from seed in Gen.Choose(0, int.MaxValue)
            select (dtype, rows, columns, seed), count)
        select specs.Select((s, i) => SyntheticSafetensors.Random($"t{i}", s.dtype, [s.rows, s.columns], s.seed)).ToList();

    private string Folder(List<SyntheticTensor> tensors, string? extra = null)
    {
        string folder = _folder.Combine("src", Interlocked.Increment(ref _case).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), SyntheticSafetensors.Write(tensors));
        if (extra is not null)
        {
            File.WriteAllText(Path.Combine(folder, "notes.txt"), extra);
        }

        return folder;
    }

    private static bool SameFiles(string expected, string actual) =>
        Directory.EnumerateFiles(expected).All(file => File.ReadAllBytes(file).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, Path.GetFileName(file)))))
        && Directory.EnumerateFiles(expected).Count() == Directory.EnumerateFiles(actual).Count();

    [Property(MaxTest = 300)]
    public Property RegisterThenExport_RandomTensorSets_SameBytesAndCounts() =>
        Prop.ForAll(TensorSets().ToArbitrary(), tensors =>
        {
            string source = Folder(tensors, "readme");
            string name = "m" + _case;
            ModelVersion version = _registry.RegisterAsync(source, new ModelRegistration { Name = name }, TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult().Version;
            string output = source + ".out";
            _registry.ExportAsync(name, output, cancellationToken: TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();
            return SameFiles(source, output)
                && version.ParameterCount == tensors.Sum(t => t.Shape[0] * t.Shape[1])
                && version.WeightBytes == tensors.Sum(t => (long)t.Data.Length)
                && version.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal).SequenceEqual(tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        });

    [Property(MaxTest = 250)]
    public Property RegisterAsync_ChangingKOfNTensors_StoresExactlyThoseTensorsAnew() =>
        Prop.ForAll(TensorSets().ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (tensors, seed) =>
        {
            var random = new Random(seed);
            string name = "k" + _case;
            CancellationToken token = TestContext.Current.CancellationToken;
            _registry.RegisterAsync(Folder(tensors), new ModelRegistration { Name = name }, token).AsTask().GetAwaiter().GetResult();
            int[] changed = [.. Enumerable.Range(0, tensors.Count).Where(_ => random.Next(3) == 0)];
            var next = new List<SyntheticTensor>(tensors);
            foreach (int index in changed)
            {
                next[index] = SyntheticSafetensors.Random(tensors[index].Name, tensors[index].Dtype, tensors[index].Shape, random.Next());
            }

            ModelRegistrationResult second = _registry.RegisterAsync(Folder(next), new ModelRegistration { Name = name, ParentVersion = 1 }, token).AsTask().GetAwaiter().GetResult();
            ModelDiff diff = _registry.DiffAsync(name + "@1", name + "@2", token).AsTask().GetAwaiter().GetResult();
            return (second.NewBytes == changed.Sum(i => (long)tensors[i].Data.Length)).Label($"new bytes {second.NewBytes}")
                .And(diff.Changed.Count == changed.Length && diff.Unchanged == tensors.Count - changed.Length)
                .And(diff.BytesNew == second.NewBytes);
        });

    /// <summary>Hostile files: a registration either succeeds (the mutation kept the file valid) or fails with a clear error and leaves the store exactly as it was.</summary>
    [Property(MaxTest = 250)]
    public Property RegisterAsync_MutatedFile_SucceedsWholeOrChangesNothing() =>
        Prop.ForAll(TensorSets().ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (tensors, seed) =>
        {
            var random = new Random(seed);
            CancellationToken token = TestContext.Current.CancellationToken;
            using var store = new TemporaryFolder();
            ModelRegistry registry = ModelRegistry.OpenOrCreate(store.Path);
            registry.RegisterAsync(Folder(tensors[..1]), new ModelRegistration { Name = "m" }, token).AsTask().GetAwaiter().GetResult();
            byte[] file = SyntheticSafetensors.Write(tensors);
            int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
            switch (random.Next(5))
            {
                case 0:
                    file = file[..random.Next(file.Length)];
                    break;
                case 1:
                    file[random.Next(headerEnd)] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    BinaryPrimitives.WriteInt64LittleEndian(file, random.Next(4) == 0 ? long.MaxValue : random.Next(file.Length + 64));
                    break;
                case 3:
                    file = [.. file, .. new byte[random.Next(1, 9)]];
                    break;
                default:
                    file[random.Next(file.Length)] ^= 0xFF;
                    break;
            }

            string folder = Folder([]);
            File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), file);
            SortedDictionary<string, string> before = TemporaryFolder.Snapshot(store.Path);
            try
            {
                ModelVersion version = registry.RegisterAsync(folder, new ModelRegistration { Name = "m" }, token).AsTask().GetAwaiter().GetResult().Version;
                registry.ExportAsync("m@2", folder + ".out", cancellationToken: token).AsTask().GetAwaiter().GetResult();
                return (version.Version == 2 && SameFiles(folder, folder + ".out")).Label("accepted");
            }
            catch (SafetensorsFormatException exception)
            {
                return (exception.File == "model.safetensors" && before.SequenceEqual(TemporaryFolder.Snapshot(store.Path))
                    && registry.ListAsync(token).AsTask().GetAwaiter().GetResult().Single().LatestVersion == 1).Label("refused: " + exception.Problem);
            }
        });
}
