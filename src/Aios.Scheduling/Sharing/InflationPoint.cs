namespace Aios.Scheduling.Sharing;

/// <summary>One point of an inflation curve: how much GPU capacity is unallocated once a given share of it has arrived as requests.</summary>
/// <param name="ArrivedShare">The GPU demand of all pods submitted so far (placed or not) as a share of the cluster's GPU capacity.</param>
/// <param name="UnallocatedShare">The unallocated share of the cluster's GPU capacity.</param>
/// <param name="FailedPods">The pods that could not be placed so far.</param>
public readonly record struct InflationPoint(double ArrivedShare, double UnallocatedShare, int FailedPods);
