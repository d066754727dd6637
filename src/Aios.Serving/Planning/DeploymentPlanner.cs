using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Aios.Serving.Simulation;

namespace Aios.Serving.Planning;

/// <summary>
/// Finds the cheapest deployment that meets a latency objective: for every replica profile (derived from the device
/// profiles for 1, 2, 4, 8 devices per replica, or measured) and batch limit it sizes the fewest replicas with the
/// queueing model (<see cref="ReplicaQueueModel"/>), keeps those the inventory can hold, takes the cheapest (then the
/// lowest predicted latency), places its replicas with the Aios.Scheduling engine, and replays it.
/// </summary>
public static class DeploymentPlanner
{
    /// <summary>Plans a deployment.</summary>
    /// <param name="request">What to plan for. It is copied now.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request is invalid (the message names the field).</exception>
    /// <exception cref="InvalidOperationException">No candidate meets the objective (the message says why).</exception>
    public static DeploymentPlan Plan(DeploymentPlanRequest request) =>
        TryPlan(request, out DeploymentPlan? plan, out string? reason) ? plan : throw new InvalidOperationException(reason);

    /// <summary>Plans a deployment, or returns false with the reason when no candidate meets the objective.</summary>
    /// <param name="request">What to plan for. It is copied now.</param>
    /// <param name="plan">The plan, when one exists.</param>
    /// <param name="reason">Why there is none, otherwise.</param>
    /// <returns>Whether a plan exists.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request is invalid (the message names the field).</exception>
    public static bool TryPlan(DeploymentPlanRequest request, [NotNullWhen(true)] out DeploymentPlan? plan, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(request);
        OptionsValidation.ThrowIfInvalid(request.GetErrors());
        DeploymentPlanRequest r = request.Snapshot();
        ServedModel model = r.Model!;
        LatencyObjective objective = r.Objective!.Value;
        TokenDistribution prompt = r.PromptTokens ?? TokenDistribution.PromptsOf(r.Trace!);
        TokenDistribution output = r.OutputTokens ?? TokenDistribution.OutputsOf(r.Trace!);
        double rate = r.Rate ?? Math.Max(r.Trace!.PeakRate(r.PeakWindowSeconds), r.Trace.MeanRate);
        var candidates = new List<(ReplicaQueueModel Model, int Batch, ReplicaQueuePrediction Prediction, double Cost)>();
        int considered = 0;
        var reasons = new List<string>();
        foreach (ReplicaProfile profile in Profiles(r, model, prompt, output, reasons))
        {
            int lastEffective = 0;
            foreach (int batch in r.BatchLimits.Order())
            {
                var queueModel = new ReplicaQueueModel(profile, batch, prompt, output);
                if (queueModel.EffectiveBatch == lastEffective || batch > profile.MaxBatchSize)
                {
                    continue;
                }

                lastEffective = queueModel.EffectiveBatch;
                considered++;
                long available = r.Inventory is null ? long.MaxValue : r.Inventory.CountOf(profile.DeviceType) / profile.GpusPerReplica;
                int most = (int)Math.Min(r.MaxReplicas, available);
                if (most < 1)
                {
                    continue;
                }

                if (queueModel.TryMinimumReplicas(objective, rate, r.ArrivalScv, most, out int replicas))
                {
                    ReplicaQueuePrediction prediction = queueModel.Predict(objective, rate, replicas, r.ArrivalScv);
                    candidates.Add((queueModel, queueModel.EffectiveBatch, prediction, replicas * profile.CostPerHour));
                }
            }
        }

        candidates.Sort((x, y) =>
        {
            int byCost = x.Cost.CompareTo(y.Cost);
            if (byCost != 0) { return byCost; }
            int byLatency = x.Prediction.ObjectiveValueSeconds.CompareTo(y.Prediction.ObjectiveValueSeconds);
            return byLatency != 0 ? byLatency : (x.Prediction.Replicas * x.Model.Profile.GpusPerReplica).CompareTo(y.Prediction.Replicas * y.Model.Profile.GpusPerReplica);
        });

        foreach ((ReplicaQueueModel queueModel, int batch, ReplicaQueuePrediction prediction, _) in candidates)
        {
            IReadOnlyList<PlacementSlice> placement = [];
            if (r.Inventory is not null && !TryPlace(r.Inventory, model.Name, queueModel.Profile, prediction.Replicas, out placement))
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{prediction.Replicas} x {queueModel.Profile.GpusPerReplica} {queueModel.Profile.DeviceType} do not fit on the inventory's nodes"));
                continue;
            }

            ReplayResult? replay = null;
            if (r.Trace is not null || r.ReplayCheckSeconds > 0)
            {
                RequestTrace traffic = r.Trace ?? PoissonTraffic.Generate(rate, r.ReplayCheckSeconds, prompt, output, r.Seed);
                replay = ServingReplay.Run(traffic, new ReplayOptions { Profile = queueModel.Profile, BatchLimit = batch, Replicas = prediction.Replicas });
            }

            plan = new DeploymentPlan(model, objective, rate, queueModel.Profile, batch, queueModel, prediction, considered)
            {
                OneFewer = prediction.Replicas > 1 ? queueModel.Predict(objective, rate, prediction.Replicas - 1, r.ArrivalScv) : null,
                Replay = replay,
                Placement = placement,
            };
            reason = null;
            return true;
        }

        plan = null;
        reason = candidates.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"no replica profile meets {objective} at {rate:G6} requests/s (sized {considered} candidates: a prefill alone may exceed the bound, or more than {r.MaxReplicas} replicas or the inventory's devices would be needed){(reasons.Count > 0 ? "; " + string.Join("; ", reasons) : "")}.")
            : $"every plan that meets {objective} fails to place: {string.Join("; ", reasons)}.";
        return false;
    }

    private static IEnumerable<ReplicaProfile> Profiles(DeploymentPlanRequest request, ServedModel model, TokenDistribution prompt, TokenDistribution output, List<string> reasons)
    {
        if (request.Profiles is { Count: > 0 } measured)
        {
            foreach (ReplicaProfile profile in measured)
            {
                yield return profile;
            }

            yield break;
        }

        double meanContext = prompt.Mean + (output.Mean / 2);
        foreach (DeviceProfile device in request.Devices ?? DeviceProfiles.Defaults)
        {
            if (request.Inventory is not null && request.Inventory.CountOf(device.DeviceType) == 0)
            {
                continue;
            }

            bool fitted = false;
            foreach (int gpus in request.GpusPerReplica.Order())
            {
                if (ReplicaProfile.TryDerive(model, device, gpus, meanContext, out ReplicaProfile? profile))
                {
                    fitted = true;
                    yield return profile;
                }
            }

            if (!fitted)
            {
                reasons.Add($"{model.Name} does not fit on up to {request.GpusPerReplica.Max()} {device.DeviceType}");
            }
        }
    }

    /// <summary>Places the replicas on the inventory with the scheduler: each replica is a job of N devices of the type.</summary>
    private static bool TryPlace(ClusterSpec inventory, string modelName, ReplicaProfile profile, int replicas, out IReadOnlyList<PlacementSlice> placement)
    {
        var scheduler = new Scheduler(inventory);
        var slices = new List<PlacementSlice>(replicas);
        for (int i = 0; i < replicas; i++)
        {
            string id = string.Create(CultureInfo.InvariantCulture, $"{modelName}-{i}");
            var job = new JobSpec(id, 1, new ReplicaRequest(profile.GpusPerReplica) { DeviceTypes = [profile.DeviceType] }) { Preemptible = false };
            bool started = false;
            foreach (SchedulingDecision decision in scheduler.Submit(job))
            {
                if (decision.Kind == DecisionKind.Start && decision.JobId == id)
                {
                    slices.AddRange(decision.Placement);
                    started = true;
                }
            }

            if (!started)
            {
                placement = [];
                return false;
            }
        }

        placement = slices;
        return true;
    }
}
