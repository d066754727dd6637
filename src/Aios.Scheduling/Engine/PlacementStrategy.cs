namespace Aios.Scheduling.Engine;

/// <summary>How a job's replicas are put on nodes.</summary>
public enum PlacementStrategy
{
    /// <summary>Best fit: each replica goes to the pool with the fewest free devices that holds it, keeping whole nodes free for large jobs.</summary>
    BinPack,

    /// <summary>Worst fit: replicas go to the pools with the most free devices, one replica per node while nodes last.</summary>
    Spread,

    /// <summary>Keep a gang inside one node when it fits, else inside one topology group (the fullest that holds it), else on the fewest nodes.</summary>
    Topology,
}
