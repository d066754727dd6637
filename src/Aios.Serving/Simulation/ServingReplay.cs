using Aios.Serving.Autoscaling;

namespace Aios.Serving.Simulation;

/// <summary>
/// Replays a request trace through continuously batched LLM replicas (Yu et al., Orca, OSDI'22: iteration-level
/// scheduling; Kwon et al., vLLM, SOSP'23), in discrete events.
/// </summary>
/// <remarks>
/// <para>Requests wait in one first-come-first-served queue. At the start of each iteration a ready replica admits the
/// queue's head while it has a batch slot and KV-cache room for the request's prompt and output tokens (the whole
/// sequence is reserved at admission, so nothing is preempted later; vLLM allocates pages as tokens are generated and
/// preempts when it runs out, which this model does not reproduce). An iteration runs the prefill of the requests admitted
/// in it (prompt tokens / prefill rate) and one decode step of the others (t(b) = a + c·b); the admitted requests get
/// their first token at its end (time to first token = wait + that iteration), the others one token each. A request that
/// could never fit in a replica's KV cache is rejected (its latencies are +∞).</para>
/// <para>Replicas asked for by the autoscaler serve after the profile's cold start; replicas it releases first cancel any
/// still starting, then drain (take no new requests, finish their batch) before they stop. Device-hours count from
/// the request to start until release. The autoscaler sees only a <see cref="DeploymentMonitor"/>'s observations, every
/// <see cref="Autoscaler.PeriodSeconds"/>. The loop allocates only per replica started and per window.</para>
/// </remarks>
public static class ServingReplay
{
    /// <summary>Replays a trace.</summary>
    /// <param name="trace">The requests.</param>
    /// <param name="options">The replicas, batch limit and autoscaler. They are copied now.</param>
    /// <returns>What the replay measured.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid (the message names it and its valid range).</exception>
    public static ReplayResult Run(RequestTrace trace, ReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(options);
        OptionsValidation.ThrowIfInvalid(options.GetErrors());
        return new ReplayEngine(trace, options.Snapshot()).Run();
    }
}
