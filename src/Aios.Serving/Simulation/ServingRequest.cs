namespace Aios.Serving.Simulation;

/// <summary>One inference request of a trace: when it arrives and how many tokens it reads and writes.</summary>
/// <param name="ArrivalTime">Seconds from the trace's first request (≥ 0).</param>
/// <param name="PromptTokens">The prompt (context) tokens the prefill reads (≥ 1).</param>
/// <param name="OutputTokens">The tokens the request generates, the first one by the prefill (≥ 1).</param>
public readonly record struct ServingRequest(double ArrivalTime, int PromptTokens, int OutputTokens);
