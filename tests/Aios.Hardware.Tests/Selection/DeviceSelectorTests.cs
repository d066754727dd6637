using Aios.Hardware.Selection;
using Aios.Hardware.Static;

namespace Aios.Hardware.Tests.Selection;

public sealed class DeviceSelectorTests
{
    private const string ComputeCapability = "gpu.nvidia.com/computeCapability";

    private static DeviceId Id(string key) => new("static", key);

    private static Device Gpu(string key, long? memoryGiB = 80, string? computeCapability = "8.0", DeviceHealth? health = null, long? computeUnits = null)
    {
        var capacities = new Dictionary<string, long>();
        if (memoryGiB is { } memory)
        {
            capacities[CapacityNames.MemoryBytes] = memory << 30;
        }

        if (computeUnits is { } units)
        {
            capacities[CapacityNames.ComputeUnits] = units;
        }

        var attributes = new Dictionary<string, DeviceAttribute>();
        if (computeCapability is not null)
        {
            attributes[ComputeCapability] = DeviceAttribute.FromVersion(Version.Parse(computeCapability));
        }

        return new Device
        {
            Id = Id(key),
            Kind = DeviceKind.Gpu,
            Vendor = "NVIDIA",
            Name = $"GPU {key}",
            Capacities = capacities,
            Attributes = attributes,
            Health = health ?? DeviceHealth.Healthy,
        };
    }

    private static Device Cpu(string key) => new() { Id = Id(key), Kind = DeviceKind.Cpu, Vendor = "AMD", Name = "EPYC" };

    private static DeviceInventory Inventory(IEnumerable<Device> devices, IEnumerable<DeviceLink>? links = null) => new(devices, [], links);

    [Fact]
    public void Select_OfKind_RejectsOtherKindsWithAReason()
    {
        DeviceSelection selection = new DeviceSelector().OfKind(DeviceKind.Gpu).Select(Inventory([Cpu("c"), Gpu("g")]));

        Assert.Equal(Id("g"), Assert.Single(selection.Matches).Device.Id);
        DeviceRejection rejection = Assert.Single(selection.Rejected);
        Assert.Equal(Id("c"), rejection.Device.Id);
        Assert.Equal(["kind cpu is not gpu"], rejection.Reasons);
    }

    [Fact]
    public void Select_OfSeveralKinds_NamesThemAll()
    {
        DeviceSelection selection = new DeviceSelector().OfKind(DeviceKind.Gpu, DeviceKind.Accelerator).Select(Inventory([Cpu("c")]));

        Assert.Equal(["kind cpu is not one of gpu, accelerator"], Assert.Single(selection.Rejected).Reasons);
    }

    [Fact]
    public void Select_CapacityBelowMinimum_SaysBothFigures()
    {
        DeviceSelection selection = new DeviceSelector().WithCapacityAtLeast(CapacityNames.MemoryBytes, 40L << 30).Select(Inventory([Gpu("small", 16), Gpu("big", 80), Gpu("exact", 40)]));

        Assert.Equal([Id("big"), Id("exact")], selection.Matches.Select(m => m.Device.Id));
        Assert.Equal(["memoryBytes 17179869184 < 42949672960"], Assert.Single(selection.Rejected).Reasons);
    }

    [Fact]
    public void Select_CapacityNotReported_Rejects()
    {
        DeviceSelection selection = new DeviceSelector().WithCapacityAtLeast(CapacityNames.MemoryBytes, 1).Select(Inventory([Gpu("g", memoryGiB: null)]));

        Assert.Equal(["memoryBytes is not reported (needs >= 1)"], Assert.Single(selection.Rejected).Reasons);
    }

    [Fact]
    public void Select_VersionAtLeast_ComparesVersionsNotText()
    {
        DeviceSelection selection = new DeviceSelector().WithVersionAtLeast(ComputeCapability, new Version(8, 0))
            .Select(Inventory([Gpu("volta", computeCapability: "7.5"), Gpu("hopper", computeCapability: "9.0"), Gpu("ampere", computeCapability: "8.6"), Gpu("none", computeCapability: null)]));

        Assert.Equal([Id("ampere"), Id("hopper")], selection.Matches.Select(m => m.Device.Id));
        Assert.Equal(["gpu.nvidia.com/computeCapability is not reported (needs >= 8.0)"], selection.Rejected[0].Reasons);
        Assert.Equal(["gpu.nvidia.com/computeCapability 7.5 < 8.0"], selection.Rejected[1].Reasons);
    }

    [Fact]
    public void Select_VersionAtLeastOnANonVersion_Rejects()
    {
        Device device = Gpu("g", computeCapability: null) with { Attributes = new Dictionary<string, DeviceAttribute> { [ComputeCapability] = DeviceAttribute.FromInteger(80) } };

        DeviceSelection selection = new DeviceSelector().WithVersionAtLeast(ComputeCapability, new Version(8, 0)).Select(Inventory([device]));

        Assert.Equal(["gpu.nvidia.com/computeCapability = 80 is not a version"], Assert.Single(selection.Rejected).Reasons);
    }

    [Fact]
    public void Select_AttributeEquals_MatchesTypeAndValue()
    {
        const string Name = "x/arch";
        Device hopper = Gpu("h") with { Attributes = new Dictionary<string, DeviceAttribute> { [Name] = DeviceAttribute.FromString("hopper") } };
        Device ampere = Gpu("a") with { Attributes = new Dictionary<string, DeviceAttribute> { [Name] = DeviceAttribute.FromString("ampere") } };
        Device bare = Gpu("b", computeCapability: null);

        DeviceSelection selection = new DeviceSelector().WithAttributeEquals(Name, DeviceAttribute.FromString("hopper")).Select(Inventory([hopper, ampere, bare]));

        Assert.Equal(Id("h"), Assert.Single(selection.Matches).Device.Id);
        Assert.Equal(["x/arch = ampere, not hopper"], selection.Rejected[0].Reasons);
        Assert.Equal(["x/arch is not reported (needs hopper)"], selection.Rejected[1].Reasons);
    }

    [Fact]
    public void Select_AttributePredicate_UsesTheDescription()
    {
        DeviceSelection selection = new DeviceSelector()
            .WithAttribute(ComputeCapability, value => value.TryGetVersion(out Version? v) && v.Major == 9, "a Hopper compute capability")
            .Select(Inventory([Gpu("a", computeCapability: "8.0"), Gpu("h", computeCapability: "9.0")]));

        Assert.Equal(Id("h"), Assert.Single(selection.Matches).Device.Id);
        Assert.Equal(["gpu.nvidia.com/computeCapability = 8.0 does not satisfy a Hopper compute capability"], Assert.Single(selection.Rejected).Reasons);
    }

    [Fact]
    public void Select_Where_UsesTheDescription()
    {
        DeviceSelection selection = new DeviceSelector().Where(d => d.Vendor == "AMD", "an AMD device").Select(Inventory([Gpu("g"), Cpu("c")]));

        Assert.Equal(["does not satisfy an AMD device"], Assert.Single(selection.Rejected).Reasons);
    }

    [Fact]
    public void Select_ByDefault_RejectsUnavailableButKeepsDegraded()
    {
        DeviceInventory inventory = Inventory([Gpu("lost", health: DeviceHealth.Unavailable("GPU fell off the bus")), Gpu("hot", health: DeviceHealth.Degraded("thermal"))]);

        DeviceSelection selection = new DeviceSelector().Select(inventory);
        DeviceSelection anyHealth = new DeviceSelector().Healthy(false).Select(inventory);

        Assert.Equal(Id("hot"), Assert.Single(selection.Matches).Device.Id);
        Assert.Equal(["unavailable: GPU fell off the bus"], Assert.Single(selection.Rejected).Reasons);
        Assert.Equal(2, anyHealth.Matches.Count);
    }

    [Fact]
    public void Select_SeveralFailedPredicates_GivesOneReasonEachInOrder()
    {
        DeviceSelection selection = new DeviceSelector()
            .OfKind(DeviceKind.Gpu)
            .WithCapacityAtLeast(CapacityNames.MemoryBytes, 40L << 30)
            .WithVersionAtLeast(ComputeCapability, new Version(8, 0))
            .Select(Inventory([Gpu("old", memoryGiB: 16, computeCapability: "7.0", health: DeviceHealth.Unavailable("lost"))]));

        Assert.Equal(["unavailable: lost", "memoryBytes 17179869184 < 42949672960", "gpu.nvidia.com/computeCapability 7.0 < 8.0"], Assert.Single(selection.Rejected).Reasons);
    }

    [Fact]
    public void Select_PreferMoreMemory_RanksByMemoryThenId()
    {
        DeviceSelection selection = new DeviceSelector().Prefer(DevicePreference.MoreMemory).Select(Inventory([Gpu("c", 40), Gpu("b", 80), Gpu("a", 40), Gpu("d", 20)]));

        Assert.Equal(["b", "a", "c", "d"], selection.Matches.Select(m => m.Device.Id.Key));
        Assert.Equal([1.0, 0.5, 0.5, 0.25], selection.Matches.Select(m => m.Score));
        Assert.Equal(Id("b"), Assert.Single(selection.Chosen).Id);
        Assert.Equal(1.0, selection.ChosenScore);
    }

    [Fact]
    public void Select_WeightedPreferences_AddUp()
    {
        DeviceSelection selection = new DeviceSelector()
            .Prefer(DevicePreference.MoreMemory, 1)
            .Prefer(DevicePreference.MoreComputeUnits, 2)
            .Prefer(DevicePreference.AttributeEquals(ComputeCapability, DeviceAttribute.FromVersion(new Version(9, 0))), 3)
            .Select(Inventory([Gpu("a", 80, "8.0", computeUnits: 108), Gpu("h", 40, "9.0", computeUnits: 132)]));

        Assert.Equal(["h", "a"], selection.Matches.Select(m => m.Device.Id.Key));
        Assert.Equal(0.5 + 2 + 3, selection.Matches[0].Score, 12);
        Assert.Equal(1 + (2 * 108.0 / 132), selection.Matches[1].Score, 12);
    }

    [Fact]
    public void Select_NoPreferences_RanksById()
    {
        DeviceSelection selection = new DeviceSelector().Select(Inventory([Gpu("b"), Gpu("c"), Gpu("a")]));

        Assert.Equal(["a", "b", "c"], selection.Matches.Select(m => m.Device.Id.Key));
        Assert.All(selection.Matches, m => Assert.Equal(0, m.Score));
    }

    [Fact]
    public void Select_Partitions_AreCandidatesOnlyWhenAsked()
    {
        Device gpu = Gpu("g") with { Partitions = [Gpu("g-mig0", 40) with { Parent = Id("g") }] };
        DeviceInventory inventory = Inventory([gpu]);

        DeviceSelection whole = new DeviceSelector().Select(inventory);
        DeviceSelection withPartitions = new DeviceSelector().IncludePartitions().WithCapacityAtLeast(CapacityNames.MemoryBytes, 40L << 30).Select(inventory);

        Assert.Equal([Id("g")], whole.Matches.Select(m => m.Device.Id));
        Assert.Equal([Id("g"), Id("g-mig0")], withPartitions.Matches.Select(m => m.Device.Id));
    }

    [Fact]
    public void Select_CountOfNVLinkPeers_ChoosesTheLinkedIsland()
    {
        StaticDeviceProvider provider = StaticDeviceProvider.FromJson("""
            {"cluster": {"nodes": 1, "node": {"gpus": [
              {"model": "a100", "count": 4, "memoryBytes": "80Gi"},
              {"model": "a100", "count": 4, "memoryBytes": "80Gi", "link": "directFabric"}]}}}
            """);
        DeviceInventory inventory = Inventory(provider.Devices, provider.Links);

        DeviceSelection selection = new DeviceSelector().OfKind(DeviceKind.Gpu).Prefer(DevicePreference.CloseLinks).Count(4).Select(inventory);

        Assert.True(selection.IsSatisfied);
        Assert.Equal(["node-00/gpu-4", "node-00/gpu-5", "node-00/gpu-6", "node-00/gpu-7"], selection.Chosen.Select(d => d.Id.Key));
        Assert.Equal(0.9, selection.ChosenScore, 12);
    }

    [Fact]
    public void Select_CountAcrossNodes_KeepsTheGroupOnOneNode()
    {
        StaticDeviceProvider provider = StaticDeviceProvider.FromJson("""
            {"cluster": {"nodes": 3, "node": {"gpus": [{"model": "h100", "count": 2, "memoryBytes": "80Gi"}]}}}
            """);
        DeviceInventory inventory = Inventory(provider.Devices.Where(d => d.Id.Key != "node-00/gpu-1"), provider.Links.Where(l => l.First.Key != "node-00/gpu-1" && l.Second.Key != "node-00/gpu-1"));

        DeviceSelection selection = new DeviceSelector().Count(2).Select(inventory);

        Assert.Equal(["node-01/gpu-0", "node-01/gpu-1"], selection.Chosen.Select(d => d.Id.Key));
    }

    [Fact]
    public void Select_CountWithScores_TradesMemoryAgainstLinks()
    {
        Device[] devices = [Gpu("a", 80), Gpu("b", 80), Gpu("c", 40), Gpu("d", 40)];
        DeviceLink[] links = [new(Id("c"), Id("d"), LinkKind.DirectFabric)];
        DeviceInventory inventory = Inventory(devices, links);

        DeviceSelection memoryFirst = new DeviceSelector().Prefer(DevicePreference.MoreMemory, 10).Count(2).Select(inventory);
        DeviceSelection linksFirst = new DeviceSelector().Prefer(DevicePreference.MoreMemory, 0.1).Prefer(DevicePreference.CloseLinks, 10).Count(2).Select(inventory);

        Assert.Equal(["a", "b"], memoryFirst.Chosen.Select(d => d.Id.Key));
        Assert.Equal(["c", "d"], linksFirst.Chosen.Select(d => d.Id.Key));
        Assert.Equal(10.0, memoryFirst.ChosenScore, 12);
        Assert.Equal(0.05 + 9, linksFirst.ChosenScore, 12);
    }

    [Fact]
    public void Select_CountOfPartitions_NeverPairsAPartitionWithItsParent()
    {
        Device gpu = Gpu("g") with { Partitions = [Gpu("g-0", 40) with { Parent = Id("g") }, Gpu("g-1", 40) with { Parent = Id("g") }] };
        DeviceInventory inventory = Inventory([gpu, Gpu("other")]);

        DeviceSelection selection = new DeviceSelector().IncludePartitions().Count(2).Select(inventory);
        DeviceSelection three = new DeviceSelector().IncludePartitions().Count(3).Select(inventory);

        Assert.Equal(["g-0", "g-1"], selection.Chosen.Select(d => d.Id.Key));
        Assert.DoesNotContain(three.Chosen, d => d.Id == Id("g"));
        Assert.Equal(["g-0", "g-1", "other"], three.Chosen.Select(d => d.Id.Key));
    }

    [Fact]
    public void Select_CountOnlyOfAParentAndItsPartition_IsNotSatisfied()
    {
        Device gpu = Gpu("g") with { Partitions = [Gpu("g-0", 40) with { Parent = Id("g") }] };

        DeviceSelection selection = new DeviceSelector().IncludePartitions().Count(2).Select(Inventory([gpu]));

        Assert.False(selection.IsSatisfied);
        Assert.Empty(selection.Chosen);
    }

    [Fact]
    public void Select_MoreRequestedThanMatch_IsNotSatisfied()
    {
        DeviceSelection selection = new DeviceSelector().Count(3).Select(Inventory([Gpu("a"), Gpu("b")]));

        Assert.False(selection.IsSatisfied);
        Assert.Empty(selection.Chosen);
        Assert.Equal(0, selection.ChosenScore);
        Assert.Equal(3, selection.RequestedCount);
        Assert.Equal(2, selection.Matches.Count);
    }

    [Fact]
    public void Select_ManyCandidates_FindsAFabricIslandGreedily()
    {
        StaticDeviceProvider provider = StaticDeviceProvider.FromJson("""
            {"cluster": {"nodes": 6, "node": {"gpus": [{"model": "h100", "count": 8, "link": "directFabric"}]}}}
            """);
        DeviceInventory inventory = Inventory(provider.Devices, provider.Links);

        DeviceSelection selection = new DeviceSelector().Count(8).Select(inventory);

        Assert.True(selection.IsSatisfied);
        Assert.All(selection.Chosen, d => Assert.StartsWith("node-00/", d.Id.Key, StringComparison.Ordinal));
        Assert.Equal(0.9, selection.ChosenScore, 12);
    }

    [Fact]
    public void Select_ShuffledInventory_GivesTheSameResult()
    {
        Device[] devices = [.. Enumerable.Range(0, 12).Select(i => Gpu($"g{i:D2}", 16 * (1 + (i % 3))))];
        DeviceLink[] links = [new(Id("g01"), Id("g04"), LinkKind.DirectFabric), new(Id("g04"), Id("g07"), LinkKind.SamePcieSwitch)];
        DeviceSelector selector = new DeviceSelector().Prefer(DevicePreference.MoreMemory).Count(3);

        DeviceSelection first = selector.Select(Inventory(devices, links));
        DeviceSelection second = selector.Select(Inventory(devices.Reverse(), links.Reverse()));

        Assert.Equal(first.Matches, second.Matches);
        Assert.Equal(first.Chosen, second.Chosen);
        Assert.Equal(first.Rejected, second.Rejected);
    }

    [Fact]
    public void Builders_InvalidArguments_Throw()
    {
        var selector = new DeviceSelector();

        Assert.Throws<ArgumentNullException>(() => selector.OfKind(null!));
        Assert.Throws<ArgumentException>(() => selector.OfKind());
        Assert.Throws<ArgumentException>(() => selector.OfKind((DeviceKind)42));
        Assert.Throws<ArgumentOutOfRangeException>(() => selector.WithCapacityAtLeast(CapacityNames.MemoryBytes, -1));
        Assert.Throws<ArgumentException>(() => selector.WithCapacityAtLeast(" ", 1));
        Assert.Throws<ArgumentNullException>(() => selector.WithAttribute("x/y", null!));
        Assert.Throws<ArgumentException>(() => selector.WithAttribute("x/y", _ => true, ""));
        Assert.Throws<ArgumentNullException>(() => selector.WithVersionAtLeast("x/y", null!));
        Assert.Throws<ArgumentException>(() => selector.WithAttributeEquals("", DeviceAttribute.FromInteger(1)));
        Assert.Throws<ArgumentNullException>(() => selector.Where(null!, "x"));
        Assert.Throws<ArgumentNullException>(() => selector.Prefer(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => selector.Prefer(DevicePreference.MoreMemory, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => selector.Prefer(DevicePreference.MoreMemory, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => selector.Count(0));
        Assert.Throws<ArgumentNullException>(() => selector.Select(null!));
        Assert.Throws<ArgumentException>(() => DevicePreference.MoreCapacity(""));
        Assert.Throws<ArgumentException>(() => DevicePreference.AttributeEquals(" ", default));
    }

    [Fact]
    public void DevicePreference_Description_SaysWhatItPrefers()
    {
        Assert.Equal("more memoryBytes", DevicePreference.MoreMemory.ToString());
        Assert.Equal("more computeUnits", DevicePreference.MoreComputeUnits.Description);
        Assert.Equal("x/y = 5", DevicePreference.AttributeEquals("x/y", DeviceAttribute.FromInteger(5)).Description);
        Assert.Contains("close links", DevicePreference.CloseLinks.Description, StringComparison.Ordinal);
    }
}
