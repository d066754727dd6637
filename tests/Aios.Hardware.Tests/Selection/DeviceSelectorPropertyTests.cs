using Aios.Hardware.Selection;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Hardware.Tests.Selection;

/// <summary>Invariants of <see cref="DeviceSelector"/> over random inventories and random requests, checked against an independent oracle.</summary>
public sealed class DeviceSelectorPropertyTests
{
    private const string ComputeCapability = "gpu.nvidia.com/computeCapability";

    /// <summary>A random request: the predicates to apply, and the inventory to apply them to.</summary>
    public sealed record SelectionCase(
        Device[] Devices,
        DeviceLink[] Links,
        DeviceKind? Kind,
        long? MinimumMemory,
        Version? MinimumComputeCapability,
        bool RequireHealthy,
        bool IncludePartitions,
        int Count)
    {
        public override string ToString() =>
            $"{Devices.Length} devices [{string.Join("; ", Devices.Select(Describe))}], kind {Kind}, memory >= {MinimumMemory}, cc >= {MinimumComputeCapability}, healthy {RequireHealthy}, partitions {IncludePartitions}, count {Count}";

        private static string Describe(Device d) =>
            $"{d.Id.Key} {d.Kind} {d.Health.Status} mem {(d.TryGetCapacity(CapacityNames.MemoryBytes, out long m) ? m : -1)} cc {(d.TryGetAttribute(ComputeCapability, out DeviceAttribute a) ? a : "-")} parts {d.Partitions.Count}";
    }

    private static Gen<Device> Devices(string key, bool partitions) =>
        from kind in Gen.Elements(DeviceKind.Cpu, DeviceKind.Gpu, DeviceKind.Gpu, DeviceKind.Accelerator, DeviceKind.Fpga)
        from memory in Gen.Frequency((1, Gen.Constant<long?>(null)), (4, Gen.Choose(0, 8).Select(x => (long?)(x * (10L << 30)))))
        from capability in Gen.Frequency(
            (1, Gen.Constant<DeviceAttribute?>(null)),
            (1, Gen.Choose(0, 100).Select(x => (DeviceAttribute?)DeviceAttribute.FromInteger(x))),
            (4, Gen.Elements("6.0", "7.0", "7.5", "8.0", "8.6", "9.0").Select(v => (DeviceAttribute?)DeviceAttribute.FromVersion(Version.Parse(v)))))
        from health in Gen.Elements(DeviceHealth.Healthy, DeviceHealth.Healthy, DeviceHealth.Degraded("hot"), DeviceHealth.Unavailable("lost"))
        from partitionCount in partitions ? Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 3))) : Gen.Constant(0)
        select Make(key, kind, memory, capability, health, partitionCount);

    private static Device Make(string key, DeviceKind kind, long? memory, DeviceAttribute? capability, DeviceHealth health, int partitionCount)
    {
        var id = new DeviceId("static", key);
        var capacities = memory is { } m ? new Dictionary<string, long> { [CapacityNames.MemoryBytes] = m } : [];
        var attributes = capability is { } c ? new Dictionary<string, DeviceAttribute> { [ComputeCapability] = c } : [];
        Device[] partitions = [.. Enumerable.Range(0, partitionCount).Select(i => new Device
        {
            Id = new DeviceId("static", $"{key}-p{i}"),
            Kind = kind,
            Vendor = "V",
            Name = "partition",
            Parent = id,
            Capacities = memory is { } whole ? new Dictionary<string, long> { [CapacityNames.MemoryBytes] = whole / (i + 2) } : [],
            Attributes = attributes,
            Health = i == 1 ? DeviceHealth.Unavailable("partition lost") : DeviceHealth.Healthy,
        })];
        return new Device { Id = id, Kind = kind, Vendor = "V", Name = "device", Capacities = capacities, Attributes = attributes, Health = health, Partitions = partitions };
    }

    private static readonly Arbitrary<SelectionCase> Cases = Arb.From(
        from count in Gen.Choose(0, 14)
        from devices in Gen.CollectToArray(Enumerable.Range(0, count), i => Devices($"d{i:D2}", partitions: true))
        from linkSeeds in Gen.ArrayOf(Gen.Zip(Gen.Zip(Gen.Choose(0, 13), Gen.Choose(0, 13)), Gen.Elements(LinkKind.DirectFabric, LinkKind.SamePcieSwitch, LinkKind.CrossSocket)), 10)
        from kind in Gen.Frequency((1, Gen.Constant<DeviceKind?>(null)), (2, Gen.Elements<DeviceKind?>(DeviceKind.Gpu, DeviceKind.Cpu, DeviceKind.Accelerator)))
        from minimumMemory in Gen.Frequency((1, Gen.Constant<long?>(null)), (2, Gen.Choose(0, 9).Select(x => (long?)(x * (10L << 30)))))
        from minimumCapability in Gen.Frequency((1, Gen.Constant<Version?>(null)), (2, Gen.Elements("7.0", "8.0", "8.6").Select(v => (Version?)Version.Parse(v))))
        from requireHealthy in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from includePartitions in Gen.Elements(true, false)
        from requested in Gen.Choose(1, 4)
        let deviceArray = devices.ToArray()
        let links = linkSeeds.Where(l => l.Item1.Item1 < count && l.Item1.Item2 < count && l.Item1.Item1 != l.Item1.Item2)
            .Select(l => new DeviceLink(deviceArray[l.Item1.Item1].Id, deviceArray[l.Item1.Item2].Id, l.Item2)).ToArray()
        select new SelectionCase(deviceArray, links, kind, minimumMemory, minimumCapability, requireHealthy, includePartitions, requested));

    private static DeviceSelector Selector(SelectionCase testCase)
    {
        var selector = new DeviceSelector().Healthy(testCase.RequireHealthy).IncludePartitions(testCase.IncludePartitions).Count(testCase.Count).Prefer(DevicePreference.MoreMemory);
        if (testCase.Kind is { } kind)
        {
            selector.OfKind(kind);
        }

        if (testCase.MinimumMemory is { } memory)
        {
            selector.WithCapacityAtLeast(CapacityNames.MemoryBytes, memory);
        }

        if (testCase.MinimumComputeCapability is { } capability)
        {
            selector.WithVersionAtLeast(ComputeCapability, capability);
        }

        return selector;
    }

    /// <summary>The oracle: how many of the case's predicates a device fails, computed without the selector.</summary>
    private static int FailedPredicates(SelectionCase testCase, Device device)
    {
        int failed = 0;
        if (testCase.RequireHealthy && device.Health.Status == HealthStatus.Unavailable)
        {
            failed++;
        }

        if (testCase.Kind is { } kind && device.Kind != kind)
        {
            failed++;
        }

        if (testCase.MinimumMemory is { } minimum && !(device.TryGetCapacity(CapacityNames.MemoryBytes, out long memory) && memory >= minimum))
        {
            failed++;
        }

        if (testCase.MinimumComputeCapability is { } capability
            && !(device.TryGetAttribute(ComputeCapability, out DeviceAttribute value) && value.TryGetVersion(out Version? version) && version >= capability))
        {
            failed++;
        }

        return failed;
    }

    private static IEnumerable<Device> Candidates(SelectionCase testCase) =>
        testCase.IncludePartitions ? testCase.Devices.SelectMany(d => new[] { d }.Concat(d.Partitions)) : testCase.Devices;

    [Property(MaxTest = 5000)]
    public Property Select_AnyInventory_MatchesSatisfyEveryPredicateAndRejectionsFailOnePerReason() => Prop.ForAll(Cases, testCase =>
    {
        DeviceSelection selection = Selector(testCase).Select(new DeviceInventory(testCase.Devices, [], testCase.Links));

        Assert.All(selection.Matches, match => Assert.Equal(0, FailedPredicates(testCase, match.Device)));
        Assert.All(selection.Rejected, rejection =>
        {
            Assert.NotEmpty(rejection.Reasons);
            Assert.Equal(FailedPredicates(testCase, rejection.Device), rejection.Reasons.Count);
        });
        Assert.Equal(
            Candidates(testCase).Select(d => d.Id).OrderBy(id => id.ToString(), StringComparer.Ordinal),
            selection.Matches.Select(m => m.Device.Id).Concat(selection.Rejected.Select(r => r.Device.Id)).OrderBy(id => id.ToString(), StringComparer.Ordinal));
    });

    [Property(MaxTest = 3000)]
    public Property Select_AnyInventory_RanksByScoreThenIdAndChoosesDistinctMatches() => Prop.ForAll(Cases, testCase =>
    {
        DeviceSelection selection = Selector(testCase).Select(new DeviceInventory(testCase.Devices, [], testCase.Links));

        for (int i = 1; i < selection.Matches.Count; i++)
        {
            DeviceMatch previous = selection.Matches[i - 1];
            DeviceMatch current = selection.Matches[i];
            Assert.True(
                previous.Score > current.Score || (previous.Score == current.Score && string.CompareOrdinal(previous.Device.Id.ToString(), current.Device.Id.ToString()) < 0),
                $"{previous} ranked before {current}");
            Assert.InRange(current.Score, 0, 1);
        }

        for (int i = 1; i < selection.Rejected.Count; i++)
        {
            Assert.True(string.CompareOrdinal(selection.Rejected[i - 1].Device.Id.ToString(), selection.Rejected[i].Device.Id.ToString()) < 0);
        }

        Assert.True(selection.Chosen.Count == 0 || selection.Chosen.Count == testCase.Count);
        Assert.Equal(selection.Chosen.Count, selection.Chosen.Select(d => d.Id).Distinct().Count());
        Assert.All(selection.Chosen, device => Assert.Contains(selection.Matches, m => m.Device.Id == device.Id));
        Assert.All(selection.Chosen, device => Assert.DoesNotContain(selection.Chosen, other => other.Id == device.Parent));
        if (selection.Matches.Count >= testCase.Count && testCase.Count == 1)
        {
            Assert.Equal(selection.Matches[0].Device, Assert.Single(selection.Chosen));
        }
    });
}
