namespace Aios.Scheduling.Model;

/// <summary>A queue (tenant) in the scheduler's hierarchy: its weight for fair share and its GPU quota.</summary>
/// <remarks>
/// <para>Jobs are submitted to leaf queues. A queue's usage is that of all queues below it. Quota is counted in GPUs,
/// the resource AI clusters ration; the fair-share ordering weighs every resource (GPUs, CPU cores, memory) by Dominant
/// Resource Fairness.</para>
/// <para><see cref="GuaranteedGpus"/> is the queue's own share: while it uses less, its jobs may reclaim it from queues
/// that borrowed it. A queue may use more than its guarantee (borrow idle quota of others) up to
/// <see cref="BorrowingLimit"/> GPUs beyond it; it lends at most <see cref="LendingLimit"/> GPUs of its unused guarantee.
/// Null limits mean unlimited.</para>
/// </remarks>
public sealed record QueueSpec
{
    /// <summary>The name of the queue jobs go to when they name none, created on demand as a child of the root.</summary>
    public const string DefaultName = "default";

    /// <summary>Creates a queue.</summary>
    /// <param name="name">The queue's name, unique in the hierarchy; not empty.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    public QueueSpec(string name)
    {
        Name = name;
    }

    /// <summary>Gets the queue's name.</summary>
    public string Name
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value, nameof(Name));
            field = value;
        }
    } = "";

    /// <summary>Gets the parent queue's name, or null for a child of the root.</summary>
    public string? Parent { get; init; }

    /// <summary>Gets the fair-share weight; finite and &gt; 0, default 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not finite and positive.</exception>
    public double Weight
    {
        get;
        init
        {
            Guard.FinitePositive(value, nameof(Weight));
            field = value;
        }
    } = 1;

    /// <summary>Gets the guaranteed GPUs (≥ 0, default 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public long GuaranteedGpus
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value, nameof(GuaranteedGpus));
            field = value;
        }
    }

    /// <summary>Gets how many GPUs beyond its guarantee the queue may use (≥ 0), or null for no limit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public long? BorrowingLimit
    {
        get;
        init
        {
            Guard.NonNegativeOrNull(value, nameof(BorrowingLimit));

            field = value;
        }
    }

    /// <summary>Gets how many GPUs of its unused guarantee the queue lends to others (≥ 0), or null for all of it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public long? LendingLimit
    {
        get;
        init
        {
            Guard.NonNegativeOrNull(value, nameof(LendingLimit));

            field = value;
        }
    }
}
