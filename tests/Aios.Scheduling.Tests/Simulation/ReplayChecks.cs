using Aios.Scheduling.Simulation;

namespace Aios.Scheduling.Tests.Simulation;

/// <summary>Replays an event log: no node over capacity, no start of a running job, every job finishing exactly once.</summary>
internal static class ReplayChecks
{
    public static void AssertConsistent(IReadOnlyList<SimulationEvent> events, int perNode, int expectedJobs)
    {
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        var running = new Dictionary<string, SimulationEvent>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        double last = double.NegativeInfinity;
        foreach (SimulationEvent e in events)
        {
            Assert.True(e.Time >= last, $"events out of time order at job {e.JobId}");
            last = e.Time;
            switch (e.Kind)
            {
                case SimulationEventKind.Start:
                    Assert.False(running.ContainsKey(e.JobId), $"job {e.JobId} started while running at t={e.Time}");
                    Assert.NotEmpty(e.Placement);
                    foreach (Aios.Scheduling.Engine.PlacementSlice slice in e.Placement)
                    {
                        used[slice.Node] = used.GetValueOrDefault(slice.Node) + slice.Count;
                        Assert.True(used[slice.Node] <= perNode, $"node {slice.Node} over-allocated at t={e.Time}");
                    }

                    running[e.JobId] = e;
                    break;
                case SimulationEventKind.Preempt:
                case SimulationEventKind.Finish:
                    if (running.Remove(e.JobId, out SimulationEvent start))
                    {
                        foreach (Aios.Scheduling.Engine.PlacementSlice slice in start.Placement)
                        {
                            used[slice.Node] -= slice.Count;
                        }
                    }
                    else
                    {
                        Assert.Fail($"job {e.JobId} {e.Kind} at t={e.Time} while not running");
                    }

                    if (e.Kind == SimulationEventKind.Finish)
                    {
                        Assert.True(finished.Add(e.JobId), $"job {e.JobId} finished twice");
                    }

                    break;
            }
        }

        Assert.Equal(expectedJobs, finished.Count);
        Assert.Empty(running);
    }
}
