namespace Aios.Scheduling.Engine;

/// <summary>
/// An ordering of jobs (the policy's <see cref="JobOrdering"/>), chosen once when the scheduler is created: the order key
/// of a waiting job, and which running jobs a waiting one outranks for <see cref="PreemptionRule.LowerRank"/>.
/// </summary>
/// <remarks>Keys are smaller-first and never change while a job waits; ties go by <see cref="JobOrderComparer"/>.</remarks>
internal abstract class JobOrder
{
    /// <summary>Gets whether a running job keeps the rank it had while waiting, so running jobs can be kept sorted by it.</summary>
    public virtual bool FixedRank => true;

    /// <summary>Gets whether a victim must also have a strictly lower base priority than its preemptor.</summary>
    public virtual bool VictimNeedsLowerPriority => false;

    /// <summary>Gets whether waiting jobs are kept per leaf queue and a pass goes queue by queue (fair share).</summary>
    public virtual bool ByQueue => false;

    /// <summary>Gets whether <see cref="SetKey"/> reads the job's best rate (the scheduler computes it first).</summary>
    public virtual bool KeyNeedsRates => false;

    /// <summary>The ordering of <paramref name="policy"/> with the settings it reads from <paramref name="options"/>.</summary>
    public static JobOrder Create(SchedulingPolicy policy, SchedulerOptions options) => policy.Ordering switch
    {
        JobOrdering.Fifo => new FifoOrder(),
        JobOrdering.Priority => new PriorityOrder(options.AgingIntervalSeconds),
        JobOrdering.FairShare => new FairShareOrder(options.AgingIntervalSeconds),
        JobOrdering.LeastAttainedService => new LeastAttainedServiceOrder(options.AttainedServiceThresholds, options.StarvationFactor),
        JobOrdering.ShortestRemainingTime => new ShortestRemainingTimeOrder(),
        JobOrdering.FinishTimeFairness => new FinishTimeFairnessOrder(),
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy.Ordering, "Unknown ordering."),
    };

    /// <summary>Sets what the ordering fixes when a job arrives, <paramref name="jobsPresent"/> jobs already there.</summary>
    public virtual void Admit(JobRecord job, long capacityGpus, int jobsPresent)
    {
    }

    /// <summary>Sets the order key of a job about to wait, at <paramref name="now"/>.</summary>
    public abstract void SetKey(JobRecord job, double now);

    /// <summary>Whether the waiting <paramref name="job"/> ranks strictly above the running <paramref name="running"/>, so it may preempt it.</summary>
    public virtual bool Outranks(JobRecord job, JobRecord running, double now) => JobOrderComparer.Instance.Compare(running, job) > 0;

    /// <summary>Orders running jobs least important first (before the tie by submission).</summary>
    public virtual int CompareVictims(JobRecord x, JobRecord y, double now) => JobOrderComparer.Instance.Compare(y, x);
}

/// <summary>First come, first served.</summary>
internal sealed class FifoOrder : JobOrder
{
    public override void SetKey(JobRecord job, double now)
    {
        job.Key = job.SubmitTime;
        job.SecondaryKey = 0;
    }
}

/// <summary>Strict priority with linear aging: one level per aging interval τ of waiting.</summary>
internal class PriorityOrder(double agingSeconds) : JobOrder
{
    private readonly double _agingSeconds = agingSeconds;

    public override bool VictimNeedsLowerPriority => true;

    public override void SetKey(JobRecord job, double now)
    {
        // Effective priority p + (now − submit)/τ orders two jobs the same way at every instant as −p + submit/τ.
        job.Key = -job.Spec.Priority + (double.IsFinite(_agingSeconds) ? job.SubmitTime / _agingSeconds : 0);
        job.SecondaryKey = job.SubmitTime;
    }

    public override bool Outranks(JobRecord job, JobRecord running, double now) =>
        running.Spec.Priority < job.Spec.Priority && base.Outranks(job, running, now);
}

/// <summary>Hierarchical weighted DRF between queues; priority with aging within a queue.</summary>
internal sealed class FairShareOrder(double agingSeconds) : PriorityOrder(agingSeconds)
{
    public override bool ByQueue => true;
}

/// <summary>Tiresias's discretized two-dimensional least-attained-service (Gu et al., NSDI 2019), with starvation promotion.</summary>
internal sealed class LeastAttainedServiceOrder(IReadOnlyList<double> thresholds, double starvationFactor) : JobOrder
{
    /// <summary>Gets the class thresholds in GPU-seconds, ascending.</summary>
    public IReadOnlyList<double> Thresholds { get; } = thresholds;

    /// <summary>Gets how many times its run time a job waits before it is promoted to class 0 (0: never).</summary>
    public double StarvationFactor { get; } = starvationFactor;

    public override bool FixedRank => false;

    /// <summary>The class of an attained service: how many thresholds it has reached.</summary>
    public int ClassOf(double attained)
    {
        int level = 0;
        while (level < Thresholds.Count && attained >= Thresholds[level])
        {
            level++;
        }

        return level;
    }

    public override void SetKey(JobRecord job, double now)
    {
        // FIFO by arrival within a class; a job promoted for starving queues from its promotion, so it goes ahead of
        // every job that arrives later without pushing back the short jobs already waiting.
        job.Key = ClassOf(job.ClassAttainedAtStart);
        job.SecondaryKey = Math.Max(job.SubmitTime, job.PromotedAt);
    }

    public override bool Outranks(JobRecord job, JobRecord running, double now) =>
        ClassOf(running.ClassAttainedAt(now)) > ClassOf(job.ClassAttainedAtStart);

    public override int CompareVictims(JobRecord x, JobRecord y, double now) => y.ClassAttainedAt(now).CompareTo(x.ClassAttainedAt(now));
}

/// <summary>Shortest remaining time first: work left at the job's best rate, plus a restart it still has to pay.</summary>
internal sealed class ShortestRemainingTimeOrder : JobOrder
{
    public override bool FixedRank => false;

    public override bool KeyNeedsRates => true;

    public override void SetKey(JobRecord job, double now)
    {
        job.Key = job.RemainingAt(now);
        job.SecondaryKey = job.SubmitTime;
    }

    public override bool Outranks(JobRecord job, JobRecord running, double now) =>
        running.RankRemainingAt(now) > job.RankRemainingAt(now) + running.Spec.RestartOverhead;

    public override int CompareVictims(JobRecord x, JobRecord y, double now) => y.RankRemainingAt(now).CompareTo(x.RankRemainingAt(now));
}

/// <summary>Finish-time fairness (Mahajan et al., NSDI 2020): earliest ideal finish first, fixed when the job arrives.</summary>
internal sealed class FinishTimeFairnessOrder : JobOrder
{
    public override void Admit(JobRecord job, long capacityGpus, int jobsPresent)
    {
        // Themis's ideal: the job alone on 1/N of the cluster, N the jobs present when it arrives.
        double alone = job.BestRate > 0 ? 1 / job.BestRate : double.PositiveInfinity;
        double share = Math.Max(1, capacityGpus) / (double)(jobsPresent + 1);
        job.SecondaryKey = job.SubmitTime;
        job.Key = job.SubmitTime + (alone * Math.Max(1, job.Spec.TotalGpus / share));
    }

    public override void SetKey(JobRecord job, double now)
    {
        // Fixed at admission.
    }
}
