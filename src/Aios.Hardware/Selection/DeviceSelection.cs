namespace Aios.Hardware.Selection;

/// <summary>The outcome of <see cref="DeviceSelector.Select(DeviceInventory)"/>: ranked matches, rejections with reasons, and the chosen devices.</summary>
public sealed class DeviceSelection
{
    internal DeviceSelection(IReadOnlyList<DeviceMatch> matches, IReadOnlyList<DeviceRejection> rejected, int requestedCount, IReadOnlyList<Device> chosen, double chosenScore)
    {
        Matches = matches;
        Rejected = rejected;
        RequestedCount = requestedCount;
        Chosen = chosen;
        ChosenScore = chosenScore;
    }

    /// <summary>Gets the devices that satisfy every predicate, best first: by score (descending), then by id (ordinal).</summary>
    public IReadOnlyList<DeviceMatch> Matches { get; }

    /// <summary>Gets the devices that failed at least one predicate, ordered by id (ordinal).</summary>
    public IReadOnlyList<DeviceRejection> Rejected { get; }

    /// <summary>Gets how many devices were asked for (<see cref="DeviceSelector.Count(int)"/>, 1 by default).</summary>
    public int RequestedCount { get; }

    /// <summary>
    /// Gets the devices chosen for the request, <see cref="RequestedCount"/> of them, best first; empty when too few
    /// matches could be combined. For one device it is the best match; for several, the group with the best group score.
    /// </summary>
    public IReadOnlyList<Device> Chosen { get; }

    /// <summary>Gets whether <see cref="Chosen"/> holds the requested number of devices.</summary>
    public bool IsSatisfied => Chosen.Count == RequestedCount;

    /// <summary>
    /// Gets the score of the chosen group: the mean score of its devices plus, for several devices, the link weight times
    /// the mean closeness of its pairs (see <see cref="DeviceSelector"/>); 0 when nothing was chosen.
    /// </summary>
    public double ChosenScore { get; }
}
