using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Aios.Data.Caching;
using Aios.Data.Chunking;
using Aios.Data.Reading;
using Aios.Data.Sampling;
using Aios.Data.Storage;
using Aios.Hardware;
using Aios.Hardware.Resources;
using Aios.Hardware.Selection;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Aios.Scheduling.Simulation;
using Aios.Scheduling.Traces;
using Aios.Serving.Registry;

namespace Aios.Docs.Tests;

/// <summary>
/// The public surface of every package under src/, by reflection. A record's generated <c>ToString</c> prints a
/// collection member as its type name (<c>System.Collections.Generic.List`1[…]</c>); every public record that holds a
/// collection writes its own <c>PrintMembers</c> and has a sample here whose text is checked.
/// </summary>
public sealed class PublicSurfaceTests
{
    private const int MaxPrintedLength = 4000;

    private static readonly ContentId SampleId = ContentId.Compute("sample"u8);

    private static readonly byte[] SampleSafetensorsFile = Aios.Data.Synthetic.SyntheticSafetensors.Write(
        [.. Enumerable.Range(0, 20).Select(i => Aios.Data.Synthetic.SyntheticSafetensors.Random($"t{i}", "F16", [2, 3], i))], new Dictionary<string, string> { ["format"] = "pt" });

    private static readonly SafetensorsHeader SampleSafetensors = SafetensorsHeader.Parse(SampleSafetensorsFile, SampleSafetensorsFile.Length, "sample.safetensors");

    private static readonly ModelVersion SampleModel = new()
    {
        Name = "m",
        Version = 2,
        ParentVersion = 1,
        RegisteredAt = DateTimeOffset.UnixEpoch,
        Id = SampleId,
        Manifest = SampleId,
        Files = [new ModelFile("model.safetensors", 1 << 20, true)],
        Tensors = [.. Enumerable.Range(0, 300).Select(i => new ModelTensor("model.safetensors", $"t{i}", "BF16", [64], i * 128L, 128, SampleId))],
        ParameterCount = 19_200,
        WeightBytes = 38_400,
        TotalBytes = 1 << 20,
        BytesByDtype = new Dictionary<string, long> { ["BF16"] = 38_400 },
        Labels = new Dictionary<string, string> { ["team"] = "nlp" },
        Architecture = new ModelArchitecture("llama", "LlamaForCausalLM", 32, 4096, 32, 8, 128, "bfloat16"),
        Aliases = ["production"],
    };

    private static readonly Device SampleDevice = new()
    {
        Id = new DeviceId("static", "gpu0"),
        Kind = DeviceKind.Gpu,
        Vendor = "NVIDIA",
        Name = "A100",
        Attributes = new Dictionary<string, DeviceAttribute> { ["model"] = DeviceAttribute.FromString("a100") },
        Capacities = new Dictionary<string, long> { ["memory"] = 80L << 30 },
        Topology = new DeviceTopology { NumaNode = 0, CpuSet = [0, 1, 2, 3] },
    };

    private static readonly PlacementSlice[] SamplePlacement = [new("node-1", "a100", 8, 1), new("node-2", "v100", 4, 2)];

    private static readonly JobSpec SampleJob = new("job-1", 2, new ReplicaRequest(4) { DeviceTypes = ["a100", "v100"] })
    {
        Throughputs = new Dictionary<string, double> { ["v100"] = 1, ["a100"] = 2.5 },
    };

    /// <summary>A sample of each public record that holds a collection (and of a few that hold such a record).</summary>
    private static readonly Dictionary<Type, object> Samples = new[]
    {
        (object)new ManifestFile("a/b.bin", 3 << 20, [.. Enumerable.Range(0, 48).Select(_ => new ManifestChunk(SampleId, 65536))]),
        new DatasetPackResult(SampleId, 2, 100, 3, 3, 90, 3, 90) { Skipped = [new SkippedFile("link", "a symbolic link")] },
        new StoreVerification(10, [new CorruptObject(SampleId, "chunks/ab/cd", "checksum")], 1, [], [new MissingChunk(SampleId, "a/b.bin", SampleId)], 0),
        new DatasetManifest { Chunking = "fixed(65536)", Files = [.. Enumerable.Range(0, 1000).Select(i => new ManifestFile($"f{i}", 4, [new ManifestChunk(SampleId, 4)]))] },
        new ContentChunk(0, new byte[1 << 20]),
        new DatasetChunkData(new DatasetChunk(0, "a/b.bin", 0, 3, SampleId), 0, new SamplerPosition(0, 0), new byte[3]),
        new DatasetRangeData(new DatasetRange("a/b.bin", 0, 3), 0, new byte[3]),
        new CacheSimulation(CachePolicy.Lru, 1024, 100, 40, 5, [0.25, 0.5, 0.75]),
        new TierChunk(new byte[1 << 20], new byte[100]),
        new TierChunk([]),
        new SimulationResult
        {
            PolicyName = "las",
            Policy = SchedulingPolicy.LeastAttainedService,
            UtilizationOverTime = [.. Enumerable.Range(0, 100_000).Select(i => new UtilizationSample(i, 1, 0.5))],
        },
        new SimulationEvent(1.5, SimulationEventKind.Start, "job-1", SamplePlacement),
        SampleJob,
        new JobSpec("job-2", 1, new ReplicaRequest(1)),
        new NodeSpec("node-1", new Dictionary<string, int> { ["v100"] = 4, ["a100"] = 8 }) { DeviceMemoryBytes = new Dictionary<string, long> { ["a100"] = 80L << 30 } },
        new TraceJob("job-1", 0, 8) { Throughputs = new Dictionary<string, double> { ["a100"] = 2, ["k80"] = 0.5 } },
        new ReplicaRequest(2) { DeviceTypes = ["a100"], Nodes = ["node-1", "node-2"] },
        new SchedulingDecision(DecisionKind.Start, "job-1", DateTimeOffset.UnixEpoch, SamplePlacement),
        new JobStatus { Job = SampleJob, Phase = JobPhase.Running, SubmitTime = DateTimeOffset.UnixEpoch, Placement = SamplePlacement },
        SchedulingPolicy.Heterogeneous,
        new SimulationJob(SampleJob, 0),
        SampleDevice,
        new DeviceTopology { NumaNode = 1, PciBusId = "0000:17:00.0", CpuSet = [.. Enumerable.Range(0, 128)], Socket = 0 },
        new ProviderDiscovery
        {
            Available = true,
            Devices = [SampleDevice],
            Links = [new DeviceLink(SampleDevice.Id, SampleDevice.Id, LinkKind.Self)],
            Exception = new InvalidOperationException("sample"),
        },
        new NodeResources { Node = "node-1", Models = [new ModelResources("a100", DeviceKind.Gpu, 8, 80L << 30, 640L << 30, 864)] },
        new DeviceRejection(SampleDevice, ["too little memory", "wrong vendor"]),
        new DeviceMatch(SampleDevice, 1),
        new Aios.Scheduling.Kubernetes.InventoryNode("node-1", new NodeSpec("node-1", new Dictionary<string, int> { ["a100"] = 8 }), null)
        {
            DeviceResources = new Dictionary<string, string> { ["nvidia.com/gpu"] = "a100" },
        },
        new Aios.Scheduling.Kubernetes.NodeUsage("node-1", 3, 12.5, 96L << 30, new Dictionary<string, long> { ["a100"] = 5, ["nvidia.com/mig-1g.10gb"] = 0 }),
        SampleSafetensors,
        new SafetensorsTensor("w", "BF16", [4096, 4096], 0, 33_554_432),
        new ModelTensor("model.safetensors", "w", "BF16", [4096, 4096], 1024, 33_554_432, SampleId),
        SampleModel,
        new ModelRegistrationResult(SampleModel, 3550, 109, 8_128_512, 8_135_488) { Skipped = [new SkippedFile("link", "a symbolic link")] },
        new ModelDiff("m@1", "m@2", ["a"], ["b"], [.. Enumerable.Range(0, 40).Select(i => $"layer.{i}")], 79, ["config.json"], 100, 10),
        new ModelSummary("m", 2, new Dictionary<string, int> { ["production"] = 2 }),
        new ModelVerification("m@2", 3, 3550, ["chunk x is corrupt"]),
        new Aios.Scheduling.Kubernetes.PodJob("ml/train", [.. Enumerable.Range(0, 100).Select(i => $"ml/train-{i}")], new JobSpec("ml/train", 100, new ReplicaRequest(1)), null),
        new Aios.Scheduling.Optimization.ThroughputJob("train", new Dictionary<string, double> { ["k80"] = 1.5, ["v100"] = 6 }) { ScaleFactor = 4, RemainingSteps = 10_000 },
        new Aios.Scheduling.Optimization.RoundJob("train", 0, 2, 10_000, new Dictionary<string, double> { ["k80"] = 1.5, ["v100"] = 6 }) { UnconsolidatedThroughputs = new Dictionary<string, double> { ["v100"] = 5 }, JobType = "ResNet-18 (batch size 16)" },
        new Aios.Scheduling.Optimization.RoundSimulationResult
        {
            PolicyName = "gavel-las",
            Jobs = 2,
            Completed = 2,
            UtilizationOverTime = [new UtilizationSample(0, 3600, 0.5)],
            QueueLengthOverTime = [new QueueLengthSample(0, 3600, 1)],
            Outcomes = [new Aios.Scheduling.Optimization.RoundJobOutcome("a", 0, 0, 100, 1), new Aios.Scheduling.Optimization.RoundJobOutcome("b", 0, 360, 720, 1)],
        },
    }.GroupBy(sample => sample.GetType()).ToDictionary(group => group.Key, group => group.First());

    private static readonly string[] TypeNameTexts = ["System.Collections", "`1[", "`2[", "System.Byte[]", "System.String[]", "System.Int32[]", "System.Double[]", "System.ReadOnlyMemory", "System.Memory"];

    public static TheoryData<string> PublicRecords()
    {
        var data = new TheoryData<string>();
        foreach (Type type in PublicRecordTypes())
        {
            if (CollectionMembers(type).Any() || Samples.ContainsKey(type))
            {
                data.Add(type.FullName!);
            }
        }

        return data;
    }

    [Fact]
    public void PublicRecords_AreFound_InEveryPackage()
    {
        Type[] records = [.. PublicRecordTypes()];

        Assert.Contains(typeof(SchedulingPolicy), records);
        Assert.Contains(typeof(DatasetChunkData), records);
        Assert.Contains(typeof(Aios.Queueing.MM1Queue), records);
        Assert.Contains(typeof(Aios.Serving.Planning.ServingPlan), records);
        Assert.DoesNotContain(typeof(Aios.Scheduling.Engine.Scheduler), records);
        Assert.DoesNotContain(typeof(ContentId), records);
    }

    [Theory]
    [MemberData(nameof(PublicRecords))]
    public void ToString_PublicRecordHoldingACollection_PrintsContentsNotTypeNames(string typeName)
    {
        Type type = PublicRecordTypes().Single(t => t.FullName == typeName);
        string[] collections = [.. CollectionMembers(type).Select(member => member.Name)];

        Assert.True(Samples.TryGetValue(type, out object? sample), $"{type.FullName} holds collections ({string.Join(", ", collections)}): write its PrintMembers and add a sample for {type.Name} to {nameof(PublicSurfaceTests)}.{nameof(Samples)}.");
        Assert.True(collections.Length == 0 || IsUserWritten(type, "ToString", Type.EmptyTypes) || IsUserWritten(type, "PrintMembers", [typeof(StringBuilder)]), $"{type.FullName} holds collections ({string.Join(", ", collections)}) but prints them with the generated PrintMembers: write one.");

        string text = sample.ToString()!;

        Assert.All(TypeNameTexts, typeText => Assert.DoesNotContain(typeText, text, StringComparison.Ordinal));
        Assert.DoesNotMatch(@"\w\[\]", text);
        Assert.InRange(text.Length, 1, MaxPrintedLength);
        if (IsUserWritten(type, "PrintMembers", [typeof(StringBuilder)]) && !IsUserWritten(type, "ToString", Type.EmptyTypes))
        {
            Assert.All(PrintedMembers(type), member => Assert.Contains($"{member.Name} = ", text, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Samples_AreAllPublicRecords()
    {
        Type[] records = [.. PublicRecordTypes()];

        Assert.All(Samples.Keys, type => Assert.Contains(type, records));
    }

    [Fact]
    public void ToString_Collections_PrintAsListsDictionariesAndByteCounts()
    {
        Assert.Equal("NodeSpec { Name = node-1, Devices = { a100: 8, v100: 4 }, CpuCores = 0, MemoryBytes = 0, TopologyGroup = , DeviceMemoryBytes = { a100: 85899345920 }, TotalDevices = 12 }", Samples[typeof(NodeSpec)].ToString());
        Assert.Equal("DeviceRejection { Device = static:gpu0 Gpu A100, Reasons = [too little memory, wrong vendor] }", Samples[typeof(DeviceRejection)].ToString());
        Assert.Equal("TierChunk { Content = 1048576 bytes, Image = 100 bytes }", Samples[typeof(TierChunk)].ToString());
        Assert.Equal("DeviceTopology { NumaNode = 1, PciBusId = 0000:17:00.0, CpuSet = [0, 1, 2, 3, 4, 5, 6, 7, … (128 items)], Socket = 0 }", Samples[typeof(DeviceTopology)].ToString());
        Assert.Contains("HitRatePerEpoch = [0.25, 0.5, 0.75], HitRate = 0.4 }", Samples[typeof(CacheSimulation)].ToString(), StringComparison.Ordinal);
        Assert.Contains("Exception = InvalidOperationException: sample,", Samples[typeof(ProviderDiscovery)].ToString(), StringComparison.Ordinal);
    }

    private static IEnumerable<Type> PublicRecordTypes()
    {
        foreach (string project in Directory.EnumerateDirectories(Path.Combine(SnippetSource.RepositoryRoot, "src")).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(project);
            if (!File.Exists(Path.Combine(project, name + ".csproj")))
            {
                continue;
            }

            foreach (Type type in Assembly.Load(new AssemblyName(name)).GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
            {
                if (IsRecord(type))
                {
                    yield return type;
                }
            }
        }
    }

    /// <summary>
    /// A record class has the compiler's <c>&lt;Clone&gt;$</c> method (the one <c>with</c> calls); a record struct has
    /// none, so it is known by <c>PrintMembers(StringBuilder)</c>, which only records have, beside its <c>==</c>.
    /// </summary>
    private static bool IsRecord(Type type) =>
        type.IsClass
            ? type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null
            : type.IsValueType
                && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly, [typeof(StringBuilder)]) is { ReturnType: var returnType } && returnType == typeof(bool)
                && type.GetMethod("op_Equality", BindingFlags.Public | BindingFlags.Static, [type, type]) is not null;

    /// <summary>The members a record's generated <c>PrintMembers</c> prints: public instance properties and fields.</summary>
    private static IEnumerable<MemberInfo> PrintedMembers(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0 && property.GetMethod is { IsPublic: true })
            .Cast<MemberInfo>()
            .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance));

    private static IEnumerable<MemberInfo> CollectionMembers(Type type) =>
        PrintedMembers(type).Where(member => IsCollection(member is PropertyInfo property ? property.PropertyType : ((FieldInfo)member).FieldType));

    private static bool IsCollection(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type != typeof(string)
            && (type.IsArray
                || typeof(IEnumerable).IsAssignableFrom(type)
                || (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
                    && (definition == typeof(ReadOnlyMemory<>) || definition == typeof(Memory<>) || definition == typeof(ArraySegment<>))));
    }

    private static bool IsUserWritten(Type type, string name, Type[] parameters) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly, parameters) is { } method
            && !method.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);
}
