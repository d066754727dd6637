namespace Aios.Scheduling.Engine;

/// <summary>
/// Where a job would go, as found by the placement search: the device type (−1 for replicas that need no devices), the
/// replicas placed, the devices they take and the allocation entries. A value: nothing is taken until the scheduler
/// starts the job on it, and a later search does not change it.
/// </summary>
internal readonly record struct Placement(int Type, int Replicas, long Gpus, AllocationEntry[] Entries);
