namespace Aios.Queueing.Simulation;

/// <summary>The raw totals of one class over one batch, from which every ratio estimate is formed.</summary>
internal struct BatchTotals
{
    /// <summary>∫ number in system dt over the batch.</summary>
    public double AreaInSystem;

    /// <summary>∫ number waiting dt over the batch.</summary>
    public double AreaWaiting;

    /// <summary>∫ number of busy servers dt over the batch.</summary>
    public double AreaBusy;

    /// <summary>Jobs completed in the batch.</summary>
    public double Completions;

    /// <summary>The sum of their response times.</summary>
    public double ResponseSum;

    /// <summary>The sum of their waiting times.</summary>
    public double WaitingSum;

    /// <summary>How many of them waited.</summary>
    public double Waited;

    /// <summary>Arrivals in the batch, blocked or not.</summary>
    public double Arrivals;

    /// <summary>Arrivals turned away in the batch.</summary>
    public double Blocked;

    public void Add(in BatchTotals other)
    {
        AreaInSystem += other.AreaInSystem;
        AreaWaiting += other.AreaWaiting;
        AreaBusy += other.AreaBusy;
        Completions += other.Completions;
        ResponseSum += other.ResponseSum;
        WaitingSum += other.WaitingSum;
        Waited += other.Waited;
        Arrivals += other.Arrivals;
        Blocked += other.Blocked;
    }
}
