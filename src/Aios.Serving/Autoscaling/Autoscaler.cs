namespace Aios.Serving.Autoscaling;

/// <summary>
/// A policy that sets a deployment's replica count from what a live system sees: every <see cref="PeriodSeconds"/> it
/// is shown one <see cref="DeploymentObservation"/> (from a <see cref="DeploymentMonitor"/>) and returns the replicas
/// it wants. Create one with <see cref="Static"/>, <see cref="Hpa"/>, <see cref="Kpa"/> or <see cref="Aios"/>.
/// </summary>
/// <remarks>An autoscaler keeps state between observations (windows, stabilisation); use one instance per deployment.</remarks>
public abstract class Autoscaler
{
    /// <summary>Gets the policy's name (<c>static</c>, <c>hpa</c>, <c>kpa</c>, <c>aios</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Gets how often the policy observes and decides, in seconds.</summary>
    public abstract double PeriodSeconds { get; }

    /// <summary>Gets the replicas the deployment starts with.</summary>
    public abstract int InitialReplicas { get; }

    /// <summary>
    /// Gets the mean queueing delay the policy's model predicts for its last decision, in seconds, or NaN when it has no
    /// model. The host passes it to <see cref="DeploymentMonitor.SetPredictedWait"/> for the drift signal.
    /// </summary>
    public virtual double PredictedWaitSeconds => double.NaN;

    /// <summary>Decides the replicas the deployment should have after <paramref name="observation"/>.</summary>
    /// <param name="observation">What the monitor saw over the last period.</param>
    /// <returns>The desired replicas (≥ 0; the deployment clamps to its own bounds).</returns>
    public abstract int Recommend(in DeploymentObservation observation);

    /// <summary>A policy that always wants <paramref name="replicas"/> (provisioning for the peak).</summary>
    /// <param name="replicas">The replicas: ≥ 1.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="replicas"/> is below 1.</exception>
    public static Autoscaler Static(int replicas) => new StaticAutoscaler(replicas);

    /// <summary>The Kubernetes Horizontal Pod Autoscaler's rules on the replicas' busy fraction (see <see cref="HpaOptions"/>).</summary>
    /// <param name="options">The options; null for Kubernetes' defaults. They are copied now.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static Autoscaler Hpa(HpaOptions? options = null) => new HpaAutoscaler(options ?? new HpaOptions());

    /// <summary>The Knative Pod Autoscaler's rules on concurrency (see <see cref="KpaOptions"/>).</summary>
    /// <param name="options">The options; null for Knative's defaults. They are copied now.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static Autoscaler Kpa(KpaOptions? options = null) => new KpaAutoscaler(options ?? new KpaOptions());

    /// <summary>The Aios autoscaler: re-plans each period from the queueing model of the replicas (see <see cref="AiosAutoscalerOptions"/>).</summary>
    /// <param name="options">The options: the model's inputs are required. They are copied now.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static Autoscaler Aios(AiosAutoscalerOptions options) => new AiosAutoscaler(options);
}
