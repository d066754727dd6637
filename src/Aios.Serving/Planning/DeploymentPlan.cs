using System.Globalization;
using Aios.Scheduling.Engine;
using Aios.Serving.Simulation;

namespace Aios.Serving.Planning;

/// <summary>
/// The cheapest deployment the planner found: replicas of one profile with a batch limit, the queueing model's figures
/// that justify it, the same plan checked by the discrete-event replay, and where the scheduler placed the replicas.
/// </summary>
public sealed class DeploymentPlan
{
    internal DeploymentPlan(ServedModel model, LatencyObjective objective, double arrivalRate, ReplicaProfile profile, int batchLimit, ReplicaQueueModel queueModel, ReplicaQueuePrediction prediction, int candidates)
    {
        Model = model;
        Objective = objective;
        ArrivalRate = arrivalRate;
        Profile = profile;
        BatchLimit = batchLimit;
        QueueModel = queueModel;
        Prediction = prediction;
        CandidatesConsidered = candidates;
    }

    /// <summary>What the queueing figures assume, in one sentence (shown beside them).</summary>
    public const string ApproximationNote = "M/G/c by Allen-Cunneen over R x B batch slots (exact for B = 1 with exponential service; with batching it prices every step at a full batch and treats the KV cache through the mean request): checked by the replay below.";

    /// <summary>Gets the model.</summary>
    public ServedModel Model { get; }

    /// <summary>Gets the objective.</summary>
    public LatencyObjective Objective { get; }

    /// <summary>Gets the arrival rate planned for, requests per second.</summary>
    public double ArrivalRate { get; }

    /// <summary>Gets the replica profile (device type, devices per replica, throughput, price).</summary>
    public ReplicaProfile Profile { get; }

    /// <summary>Gets the replicas.</summary>
    public int Replicas => Prediction.Replicas;

    /// <summary>Gets the batch limit.</summary>
    public int BatchLimit { get; }

    /// <summary>Gets the queueing model of the replicas.</summary>
    public ReplicaQueueModel QueueModel { get; }

    /// <summary>Gets the model's prediction for the plan.</summary>
    public ReplicaQueuePrediction Prediction { get; }

    /// <summary>Gets what the model predicts with one replica fewer (null for a single replica): the figure that shows the plan is minimal.</summary>
    public ReplicaQueuePrediction? OneFewer { get; init; }

    /// <summary>Gets the price of the plan per hour.</summary>
    public double CostPerHour => Replicas * Profile.CostPerHour;

    /// <summary>Gets the devices the plan holds.</summary>
    public int Gpus => Replicas * Profile.GpusPerReplica;

    /// <summary>Gets how many (profile, batch limit) candidates were sized.</summary>
    public int CandidatesConsidered { get; }

    /// <summary>Gets the replay of the plan (static replicas) on the trace or on Poisson traffic at the planned rate; null when skipped.</summary>
    public ReplayResult? Replay { get; init; }

    /// <summary>Gets where the scheduler placed each replica (node, device type, devices); empty without an inventory.</summary>
    public IReadOnlyList<PlacementSlice> Placement { get; init; } = [];

    /// <summary>Gets whether the replay met the objective (null when there was no replay).</summary>
    public bool? ReplayMeetsObjective => Replay?.Meets(Objective);

    /// <summary>The plan in the fewest words, for manifest generation.</summary>
    /// <returns>The plan record.</returns>
    public ServingPlan ToServingPlan() => new(Model.Name, Profile.DeviceType, Profile.GpusPerReplica, Replicas, BatchLimit);

    /// <summary>Returns a one-line summary.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Model.Name}: {Replicas} x {Profile.GpusPerReplica} {Profile.DeviceType}, batch {BatchLimit}, ${CostPerHour:0.##}/h for {Objective} at {ArrivalRate:0.###}/s");
}
