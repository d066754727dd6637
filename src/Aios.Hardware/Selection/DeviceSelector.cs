using System.Globalization;

namespace Aios.Hardware.Selection;

/// <summary>
/// Selects devices from an inventory by predicates (kind, capacities, attributes, health) and ranks the matches by
/// weighted preferences; for a request of several devices it chooses the group that scores best together, preferring
/// devices linked closely to each other. Built fluently, for example
/// <c>new DeviceSelector().OfKind(DeviceKind.Gpu).WithCapacityAtLeast(CapacityNames.MemoryBytes, 40L &lt;&lt; 30).Prefer(DevicePreference.MoreMemory).Count(4)</c>.
/// </summary>
/// <remarks>
/// <para>
/// The model is the device request of Kubernetes Dynamic Resource Allocation: predicates over typed attributes and
/// capacities select devices; here every predicate is evaluated on every candidate, so a rejected device carries one
/// reason per predicate it failed. Unavailable devices are rejected unless <see cref="Healthy(bool)"/> is turned off;
/// degraded devices pass.
/// </para>
/// <para>
/// A device's score is Σ weightᵢ × termᵢ with each term in [0, 1] (<see cref="DevicePreference"/>). For a request of
/// n &gt; 1 devices, a group's score is the mean score of its devices plus the link weight (1, or the weight given with
/// <see cref="DevicePreference.CloseLinks"/>) times the mean closeness of its pairs, from <see cref="DeviceInventory.GetLink"/>:
/// the same device 1, <see cref="LinkKind.DirectFabric"/> 0.9, <see cref="LinkKind.SamePcieSwitch"/> 0.7,
/// <see cref="LinkKind.SameHostBridge"/> 0.5, <see cref="LinkKind.SameNumaNode"/> 0.4, <see cref="LinkKind.CrossSocket"/> 0.2,
/// <see cref="LinkKind.Unknown"/> 0 (the order of hwloc's and NVML's topology levels, nearest first). A partition is
/// never grouped with its own parent. Every group is tried when there are at most 20 000 of them; beyond that the
/// group is built greedily from each match not yet taken into an earlier seed's group, adding the device that raises the
/// group score most.
/// </para>
/// <para>Results are deterministic: ties in score are broken by device id (ordinal), and groups by their ids in rank order.
/// Configure a selector on one thread; once configured, <see cref="Select(DeviceInventory)"/> only reads it and may run concurrently.</para>
/// </remarks>
public sealed class DeviceSelector
{
    private const int ExhaustiveGroupLimit = 20_000;

    private readonly List<Func<Device, string?>> _predicates = [];
    private readonly List<(DevicePreference Preference, double Weight)> _preferences = [];
    private bool _requireHealthy = true;
    private bool _includePartitions;
    private int _count = 1;
    private double _linkWeight = 1;

    /// <summary>Requires one of the given kinds.</summary>
    /// <param name="kinds">The accepted kinds; at least one.</param>
    /// <returns>This selector.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="kinds"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="kinds"/> is empty or holds an undefined kind.</exception>
    public DeviceSelector OfKind(params DeviceKind[] kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        if (kinds.Length == 0 || Array.Exists(kinds, kind => !Enum.IsDefined(kind)))
        {
            throw new ArgumentException("At least one defined device kind is required.", nameof(kinds));
        }

        DeviceKind[] accepted = [.. kinds];
        string names = accepted.Length == 1 ? KindName(accepted[0]) : "one of " + string.Join(", ", Array.ConvertAll(accepted, KindName));
        _predicates.Add(device => Array.IndexOf(accepted, device.Kind) >= 0 ? null : $"kind {KindName(device.Kind)} is not {names}");
        return this;
    }

    /// <summary>Requires a capacity of at least a minimum; a device that does not report the capacity fails.</summary>
    /// <param name="capacity">The capacity name, such as <see cref="CapacityNames.MemoryBytes"/>.</param>
    /// <param name="minimum">The smallest accepted value, zero or more.</param>
    /// <returns>This selector.</returns>
    /// <exception cref="ArgumentException"><paramref name="capacity"/> is <see langword="null"/>, empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minimum"/> is negative.</exception>
    public DeviceSelector WithCapacityAtLeast(string capacity, long minimum)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(minimum);
        string minimumText = minimum.ToString(CultureInfo.InvariantCulture);
        _predicates.Add(device =>
            !device.TryGetCapacity(capacity, out long value) ? $"{capacity} is not reported (needs >= {minimumText})"
            : value >= minimum ? null
            : $"{capacity} {value.ToString(CultureInfo.InvariantCulture)} < {minimumText}");
        return this;
    }

    /// <summary>Requires an attribute that satisfies a predicate; a device without the attribute fails.</summary>
    /// <param name="name">The attribute's qualified name.</param>
    /// <param name="predicate">The test of the attribute's value.</param>
    /// <param name="description">What the predicate requires, for rejection reasons, such as <c>a Hopper architecture</c>.</param>
    /// <returns>This selector.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="description"/> is <see langword="null"/>, empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is <see langword="null"/>.</exception>
    public DeviceSelector WithAttribute(string name, Func<DeviceAttribute, bool> predicate, string description = "the predicate")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        _predicates.Add(device =>
            !device.TryGetAttribute(name, out DeviceAttribute value) ? $"{name} is not reported (needs {description})"
            : predicate(value) ? null
            : $"{name} = {value} does not satisfy {description}");
        return this;
    }

    /// <summary>Requires an attribute equal to a value (same type and value); a device without the attribute fails.</summary>
    /// <param name="name">The attribute's qualified name.</param>
    /// <param name="value">The required value.</param>
    /// <returns>This selector.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is <see langword="null"/>, empty or white space.</exception>
    public DeviceSelector WithAttributeEquals(string name, DeviceAttribute value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _predicates.Add(device =>
            !device.TryGetAttribute(name, out DeviceAttribute actual) ? $"{name} is not reported (needs {value})"
            : actual == value ? null
            : $"{name} = {actual}, not {value}");
        return this;
    }

    /// <summary>Requires a version attribute of at least a minimum (such as a compute capability); a device without it, or with a non-version value, fails.</summary>
    /// <param name="name">The attribute's qualified name, such as <c>gpu.nvidia.com/computeCapability</c>.</param>
    /// <param name="minimum">The smallest accepted version.</param>
    /// <returns>This selector.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is <see langword="null"/>, empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="minimum"/> is <see langword="null"/>.</exception>
    public DeviceSelector WithVersionAtLeast(string name, Version minimum)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(minimum);
        _predicates.Add(device =>
        {
            if (!device.TryGetAttribute(name, out DeviceAttribute value))
            {
                return $"{name} is not reported (needs >= {minimum})";
            }

            if (!value.TryGetVersion(out Version? version))
            {
                return $"{name} = {value} is not a version";
            }

            return version >= minimum ? null : $"{name} {version} < {minimum}";
        });
        return this;
    }

    /// <summary>Requires any condition on the whole device.</summary>
    /// <param name="predicate">The test.</param>
    /// <param name="description">What the predicate requires, for rejection reasons.</param>
    /// <returns>This selector.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="description"/> is <see langword="null"/>, empty or white space.</exception>
    public DeviceSelector Where(Func<Device, bool> predicate, string description)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        _predicates.Add(device => predicate(device) ? null : $"does not satisfy {description}");
        return this;
    }

    /// <summary>Turns the health requirement on or off. It is on by default: unavailable devices are rejected (degraded ones pass).</summary>
    /// <param name="required">Whether unavailable devices are rejected.</param>
    /// <returns>This selector.</returns>
    public DeviceSelector Healthy(bool required = true)
    {
        _requireHealthy = required;
        return this;
    }

    /// <summary>Makes partitions (MIG instances, sub-devices) candidates alongside whole devices. Off by default.</summary>
    /// <param name="include">Whether partitions are candidates.</param>
    /// <returns>This selector.</returns>
    public DeviceSelector IncludePartitions(bool include = true)
    {
        _includePartitions = include;
        return this;
    }

    /// <summary>Adds a weighted scoring term; <see cref="DevicePreference.CloseLinks"/> instead sets the weight of the link term of a group's score.</summary>
    /// <param name="preference">The preference.</param>
    /// <param name="weight">Its weight, finite and positive (1 by default).</param>
    /// <returns>This selector.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="preference"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="weight"/> is not finite or not positive.</exception>
    public DeviceSelector Prefer(DevicePreference preference, double weight = 1)
    {
        ArgumentNullException.ThrowIfNull(preference);
        if (!double.IsFinite(weight) || weight <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "The weight must be finite and positive.");
        }

        if (preference.Kind == DevicePreference.PreferenceKind.CloseLinks)
        {
            _linkWeight = weight;
        }
        else
        {
            _preferences.Add((preference, weight));
        }

        return this;
    }

    /// <summary>Asks for several devices that together score best (1 by default).</summary>
    /// <param name="count">The number of devices, at least 1.</param>
    /// <returns>This selector.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public DeviceSelector Count(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _count = count;
        return this;
    }

    /// <summary>Applies the selector to an inventory.</summary>
    /// <param name="inventory">The inventory.</param>
    /// <returns>The ranked matches, the rejections with their reasons, and the chosen devices.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inventory"/> is <see langword="null"/>.</exception>
    public DeviceSelection Select(DeviceInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        IEnumerable<Device> candidates = _includePartitions ? inventory.AllDevices : inventory.Devices;
        var matched = new List<Device>();
        var rejected = new List<DeviceRejection>();
        foreach (Device device in candidates)
        {
            List<string>? reasons = null;
            if (_requireHealthy && device.Health.Status == HealthStatus.Unavailable)
            {
                (reasons ??= []).Add($"unavailable: {device.Health.Reason ?? "no reason given"}");
            }

            foreach (Func<Device, string?> predicate in _predicates)
            {
                if (predicate(device) is { } reason)
                {
                    (reasons ??= []).Add(reason);
                }
            }

            if (reasons is null)
            {
                matched.Add(device);
            }
            else
            {
                rejected.Add(new DeviceRejection(device, reasons));
            }
        }

        rejected.Sort((a, b) => string.CompareOrdinal(a.Device.Id.ToString(), b.Device.Id.ToString()));
        List<DeviceMatch> matches = Score(matched);
        (IReadOnlyList<Device> chosen, double chosenScore) = Choose(inventory, matches);
        return new DeviceSelection(matches, rejected, _count, chosen, chosenScore);
    }

    private List<DeviceMatch> Score(List<Device> matched)
    {
        var scores = new double[matched.Count];
        foreach ((DevicePreference preference, double weight) in _preferences)
        {
            if (preference.Kind == DevicePreference.PreferenceKind.Capacity)
            {
                long largest = 0;
                foreach (Device device in matched)
                {
                    largest = Math.Max(largest, Capacity(device, preference.Name));
                }

                for (int i = 0; i < matched.Count && largest > 0; i++)
                {
                    scores[i] += weight * ((double)Capacity(matched[i], preference.Name) / largest);
                }
            }
            else
            {
                for (int i = 0; i < matched.Count; i++)
                {
                    if (matched[i].TryGetAttribute(preference.Name, out DeviceAttribute value) && value == preference.Value)
                    {
                        scores[i] += weight;
                    }
                }
            }
        }

        var matches = new List<DeviceMatch>(matched.Count);
        for (int i = 0; i < matched.Count; i++)
        {
            matches.Add(new DeviceMatch(matched[i], scores[i]));
        }

        matches.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Device.Id.ToString(), b.Device.Id.ToString()));
        return matches;
    }

    private (IReadOnlyList<Device> Chosen, double Score) Choose(DeviceInventory inventory, List<DeviceMatch> matches)
    {
        if (matches.Count < _count)
        {
            return ([], 0);
        }

        if (_count == 1)
        {
            return ([matches[0].Device], matches[0].Score);
        }

        var search = new GroupSearch(inventory, matches, _count, _linkWeight);
        return search.Run(Combinations(matches.Count, _count) <= ExhaustiveGroupLimit);
    }

    private static double Combinations(int n, int k)
    {
        double result = 1;
        for (int i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }

    private static long Capacity(Device device, string name) => device.TryGetCapacity(name, out long value) ? value : 0;

    private static string KindName(DeviceKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Finds the group of n matches with the best group score, exhaustively or greedily.</summary>
    private sealed class GroupSearch(DeviceInventory inventory, List<DeviceMatch> matches, int count, double linkWeight)
    {
        private readonly double[]?[] _closeness = new double[]?[matches.Count];
        private readonly int _pairs = count * (count - 1) / 2;
        private int[]? _best;
        private double _bestScore = double.NegativeInfinity;

        public (IReadOnlyList<Device> Chosen, double Score) Run(bool exhaustive)
        {
            if (exhaustive)
            {
                Enumerate(new int[count], 0, 0);
            }
            else
            {
                // A match already taken into an earlier seed's group would mostly rebuild that group; skipping it keeps
                // the search near one greedy pass per island (node) instead of one per device.
                var grouped = new bool[matches.Count];
                for (int seed = 0; seed < matches.Count; seed++)
                {
                    if (!grouped[seed])
                    {
                        Greedy(seed, grouped);
                    }
                }
            }

            if (_best is null)
            {
                return ([], 0);
            }

            var chosen = new Device[count];
            for (int i = 0; i < count; i++)
            {
                chosen[i] = matches[_best[i]].Device;
            }

            return (chosen, _bestScore);
        }

        private void Enumerate(int[] group, int position, int start)
        {
            if (position == count)
            {
                Consider(group);
                return;
            }

            for (int i = start; i <= matches.Count - (count - position); i++)
            {
                group[position] = i;
                Enumerate(group, position + 1, i + 1);
            }
        }

        private void Greedy(int seed, bool[] grouped)
        {
            var group = new List<int>(count) { seed };
            var linkSum = new double[matches.Count];
            var used = new bool[matches.Count];
            used[seed] = true;
            AddRow(seed, linkSum);
            while (group.Count < count)
            {
                int next = -1;
                double nextGain = double.NegativeInfinity;
                for (int c = 0; c < matches.Count; c++)
                {
                    if (used[c] || !Compatible(group, c))
                    {
                        continue;
                    }

                    double gain = (matches[c].Score / count) + (linkWeight * linkSum[c] / _pairs);
                    if (gain > nextGain)
                    {
                        next = c;
                        nextGain = gain;
                    }
                }

                if (next < 0)
                {
                    return;
                }

                group.Add(next);
                used[next] = true;
                AddRow(next, linkSum);
            }

            foreach (int member in group)
            {
                grouped[member] = true;
            }

            int[] sorted = [.. group];
            Array.Sort(sorted);
            Consider(sorted);
        }

        private void AddRow(int member, double[] linkSum)
        {
            double[] row = Row(member);
            for (int c = 0; c < linkSum.Length; c++)
            {
                linkSum[c] += row[c];
            }
        }

        private bool Compatible(List<int> group, int candidate)
        {
            foreach (int member in group)
            {
                if (double.IsNaN(Row(member)[candidate]))
                {
                    return false;
                }
            }

            return true;
        }

        private void Consider(int[] group)
        {
            double scoreSum = 0;
            double linkSum = 0;
            for (int i = 0; i < group.Length; i++)
            {
                scoreSum += matches[group[i]].Score;
                double[] row = Row(group[i]);
                for (int j = i + 1; j < group.Length; j++)
                {
                    double closeness = row[group[j]];
                    if (double.IsNaN(closeness))
                    {
                        return;
                    }

                    linkSum += closeness;
                }
            }

            double score = (scoreSum / count) + (linkWeight * linkSum / _pairs);

            // Groups are considered in rank order (indices ascending), so keeping the first of equal scores breaks ties by rank, then id.
            if (score > _bestScore || (score == _bestScore && _best is not null && Precedes(group, _best)))
            {
                _bestScore = score;
                _best = [.. group];
            }
        }

        private static bool Precedes(int[] group, int[] best)
        {
            for (int i = 0; i < group.Length; i++)
            {
                if (group[i] != best[i])
                {
                    return group[i] < best[i];
                }
            }

            return false;
        }

        /// <summary>The closeness of one match to every other, computed once; NaN marks a partition paired with its own ancestor.</summary>
        private double[] Row(int member)
        {
            if (_closeness[member] is { } cached)
            {
                return cached;
            }

            var row = new double[matches.Count];
            Device device = matches[member].Device;
            for (int other = 0; other < row.Length; other++)
            {
                Device peer = matches[other].Device;
                row[other] = other == member ? 1
                    : IsAncestor(device, peer) || IsAncestor(peer, device) ? double.NaN
                    : Closeness(inventory.GetLink(device.Id, peer.Id));
            }

            _closeness[member] = row;
            return row;
        }

        private bool IsAncestor(Device ancestor, Device device)
        {
            while (device.Parent is { } parent)
            {
                if (parent == ancestor.Id)
                {
                    return true;
                }

                if (!inventory.TryGetDevice(parent, out Device? next))
                {
                    return false;
                }

                device = next;
            }

            return false;
        }

        private static double Closeness(LinkKind link) => link switch
        {
            LinkKind.Self => 1.0,
            LinkKind.DirectFabric => 0.9,
            LinkKind.SamePcieSwitch => 0.7,
            LinkKind.SameHostBridge => 0.5,
            LinkKind.SameNumaNode => 0.4,
            LinkKind.CrossSocket => 0.2,
            _ => 0.0,
        };
    }
}
