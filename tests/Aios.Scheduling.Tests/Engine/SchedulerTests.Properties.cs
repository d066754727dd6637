using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Scheduling.Tests.Engine;

public sealed partial class SchedulerTests
{
    [Property(MaxTest = 4000)]
    public Property Events_AnyPolicyClusterAndStream_LedgerInvariantsHoldAndEveryFittingJobFinishes() => EveryFittingJobFinishes(fractions: false);

    [Property(MaxTest = 2500)]
    public Property Events_FractionalAndWholeJobs_NoDeviceOverCommittedAndEveryFittingJobFinishes() => EveryFittingJobFinishes(fractions: true);

    [Property(MaxTest = 1000)]
    public Property Priority_FractionalAndWholeSingleReplicas_FirstFittingWaiterCouldNotHavePreemptedItsWayIn() => StrictPriorityHolds(fractions: true);

    [Property(MaxTest = 500)]
    public Property Events_SameFractionalScenarioTwice_IdenticalDecisions() => DecisionsRepeat(fractions: true);

    [Property(MaxTest = 2000)]
    public Property Events_SameScenarioTwice_IdenticalDecisions() => DecisionsRepeat(fractions: false);

    [Property(MaxTest = 3000)]
    public Property Priority_NoAgingSingleReplicas_FirstFittingWaiterCouldNotHavePreemptedItsWayIn() => StrictPriorityHolds(fractions: false);

    // Any policy, cluster and event stream (with shares of one GPU mixed in when asked): the audit's ledger invariants
    // hold after every event and every job that fits the empty cluster finishes.
    private static Property EveryFittingJobFinishes(bool fractions) => Prop.ForAll(
        SchedulerGenerators.Scenario(SchedulerGenerators.Policy(), fractions: fractions).ToArbitrary(),
        scenario =>
        {
            var audit = new SchedulerAudit(scenario);
            audit.AfterEvent.Add(CheckPriorityVictims);

            audit.Run();

            return audit.LiveJobs.Values.All(job => !audit.FitsEmptyCluster(job));
        });

    // Strict priority without aging, single-replica jobs: the first waiter that fits could not have preempted its way in.
    private static Property StrictPriorityHolds(bool fractions) => Prop.ForAll(
        SchedulerGenerators.Scenario(
            SchedulerGenerators.Policy().Select(p => SchedulingPolicy.Priority with { Backfill = p.Backfill, Placement = p.Placement }),
            singleReplica: true,
            noHostResources: true,
            quota: false,
            fractions: fractions).ToArbitrary(),
        scenario =>
        {
            var audit = new SchedulerAudit(scenario, options => options.AgingIntervalSeconds = double.PositiveInfinity);
            audit.AfterEvent.Add(CheckStrictPriority);

            audit.Run();

            return true;
        });

    // The same scenario run twice gives the same decisions, event for event.
    private static Property DecisionsRepeat(bool fractions) => Prop.ForAll(
        SchedulerGenerators.Scenario(SchedulerGenerators.Policy(), fractions: fractions).ToArbitrary(),
        scenario =>
        {
            var first = new SchedulerAudit(scenario);
            var second = new SchedulerAudit(scenario);

            first.Run();
            second.Run();

            return first.Transcript.SequenceEqual(second.Transcript);
        });

    [Property(MaxTest = 3000)]
    public Property Preemption_SrtfAndLas_NoVictimPreemptsItsPreemptorUnlessReRanked() => Prop.ForAll(
        SchedulerGenerators.Scenario(
            from p in SchedulerGenerators.Policy()
            from basePolicy in Gen.Elements(SchedulingPolicy.ShortestRemainingTime, SchedulingPolicy.LeastAttainedService, SchedulingPolicy.Heterogeneous)
            select basePolicy with { Backfill = p.Backfill, Placement = p.Placement }).ToArbitrary(),
        scenario =>
        {
            var audit = new SchedulerAudit(scenario, options => options.StarvationFactor = 0);

            audit.Run();

            double[] thresholds = [.. audit.Options.AttainedServiceThresholds];
            int ClassOf(double attained) => thresholds.Count(t => attained >= t);
            var pairs = audit.Preemptions;
            for (int later = 0; later < pairs.Count; later++)
            {
                for (int earlier = 0; earlier < later; earlier++)
                {
                    if (pairs[earlier].Cause == pairs[later].Victim && pairs[earlier].Victim == pairs[later].Cause)
                    {
                        // LAS re-ranks when the earlier cause crossed into a later service class; SRTF when the earlier
                        // victim ran elsewhere in between (restarted on another node that was then lost), so its remaining
                        // time shrank while it was away.
                        bool reRanked = scenario.Policy.Ordering switch
                        {
                            JobOrdering.LeastAttainedService => ClassOf(pairs[later].VictimAttained) > ClassOf(pairs[earlier].CauseAttained),
                            JobOrdering.ShortestRemainingTime => pairs[later].CauseAttained > pairs[earlier].VictimAttained,
                            _ => false,
                        };
                        audit.Check(reRanked, $"{pairs[later].Cause} preempts {pairs[later].Victim} at {pairs[later].Time}s, which preempted it at {pairs[earlier].Time}s");
                    }
                }
            }

            return true;
        });

    /// <summary>Under the priority ordering every preemption's victim has strictly lower base priority than its cause.</summary>
    private static void CheckPriorityVictims(SchedulerAudit audit)
    {
        if (audit.Scheduler.Policy.Ordering != JobOrdering.Priority || audit.Preemptions.Count == 0)
        {
            return;
        }

        var last = audit.Preemptions[^1];
        if (audit.LiveJobs.TryGetValue(last.Cause, out JobSpec? cause) && audit.LiveJobs.TryGetValue(last.Victim, out JobSpec? victim))
        {
            audit.Check(victim.Priority < cause.Priority, $"{last.Cause} (priority {cause.Priority}) preempted {last.Victim} (priority {victim.Priority})");
        }
    }

    /// <summary>
    /// The first waiting job in priority order that fits the empty cluster could not have started by preempting: no node
    /// has free devices plus those of preemptible, strictly lower-priority jobs held wholly on that node, of one accepted
    /// type, enough for it.
    /// </summary>
    private static void CheckStrictPriority(SchedulerAudit audit)
    {
        JobSpec? first = audit.LiveOrder
            .Select(id => audit.LiveJobs[id])
            .Where(job => !audit.Running.ContainsKey(job.Id) && audit.FitsEmptyCluster(job))
            .Select((job, index) => (job, index))
            .OrderByDescending(x => x.job.Priority)
            .ThenBy(x => x.index)
            .Select(x => x.job)
            .FirstOrDefault();
        if (first is null || first.Request.Gpus == 0 || first.Request.IsFractional)
        {
            return;   // a job of GPU shares never preempts
        }

        foreach (NodeSpec node in audit.UsableNodes().Where(n => SchedulerAudit.MayUse(first, n.Name)))
        {
            foreach (string? type in audit.AcceptedTypes(first))
            {
                int capacity = node.Devices.GetValueOrDefault(type!);
                if (capacity == 0)
                {
                    continue;
                }

                int used = 0, reclaimable = 0;
                foreach ((string id, PlacementSlice[] slices) in audit.Running)
                {
                    int here = slices.Where(s => s.Node == node.Name && s.DeviceType == type).Sum(s => s.Count);
                    used += here;
                    JobSpec job = audit.LiveJobs[id];
                    if (here > 0 && job.Preemptible && !job.Request.IsFractional && job.Priority < first.Priority && slices.All(s => s.Node == node.Name))
                    {
                        reclaimable += here;
                    }
                }

                // Devices shared by fractional replicas are in use and never reclaimed.
                used += audit.Running.Values.SelectMany(slices => slices).Where(s => s.Node == node.Name && s.DeviceType == type && s.SharedDevice is not null).Select(s => s.SharedDevice).Distinct().Count();
                audit.Check(capacity - used + reclaimable < first.Request.Gpus, $"{first.Id} (priority {first.Priority}, {first.Request.Gpus} GPUs) waits, yet {node.Name}/{type} has {capacity - used} free and {reclaimable} held by lower-priority preemptible jobs");
            }
        }
    }
}
