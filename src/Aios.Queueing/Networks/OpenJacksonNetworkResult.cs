namespace Aios.Queueing.Networks;

/// <summary>The steady-state figures of an <see cref="OpenJacksonNetwork"/>, per station and for the whole network.</summary>
public sealed class OpenJacksonNetworkResult
{
    internal OpenJacksonNetworkResult(
        IReadOnlyList<JacksonStationResult> stations,
        double throughput,
        double meanNumberInNetwork,
        double meanSojournTime,
        bool isStable)
    {
        Stations = stations;
        Throughput = throughput;
        MeanNumberInNetwork = meanNumberInNetwork;
        MeanSojournTime = meanSojournTime;
        IsStable = isStable;
    }

    /// <summary>The figures of each station, in the order of <see cref="OpenJacksonNetwork.Stations"/>.</summary>
    public IReadOnlyList<JacksonStationResult> Stations { get; }

    /// <summary>
    /// Σγᵢ, the rate at which jobs enter the network; in steady state also the rate at which they leave.
    /// When the network is unstable this is the offered rate, not an achieved one.
    /// </summary>
    public double Throughput { get; }

    /// <summary>L = ΣLᵢ, the mean number of jobs in the network; infinite when <see cref="IsStable"/> is false.</summary>
    public double MeanNumberInNetwork { get; }

    /// <summary>W = L/Σγ, the mean time from entering to leaving the network (Little's law), equal to Σ Vᵢ·Wᵢ; infinite when <see cref="IsStable"/> is false.</summary>
    public double MeanSojournTime { get; }

    /// <summary>Whether every station is stable (λᵢ &lt; cᵢμᵢ), so that the network has a steady state.</summary>
    public bool IsStable { get; }
}
