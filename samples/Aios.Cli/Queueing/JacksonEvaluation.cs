using Aios.Queueing.Networks;

namespace Aios.Cli.Queueing;

/// <summary>The answer to a <see cref="JacksonRequest"/>: the evaluated open network, or the error to report.</summary>
internal sealed record JacksonEvaluation(OpenJacksonNetworkResult? Result, string? Error)
{
    public static JacksonEvaluation Failed(string error) => new(null, error);
}
