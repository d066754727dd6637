using Aios.Queueing.Networks;

namespace Aios.Cli.Queueing;

/// <summary>The answer to an <see cref="MvaRequest"/>: the solved closed network, or the error to report.</summary>
internal sealed record MvaEvaluation(ClosedNetworkResult? Result, string? Error)
{
    public static MvaEvaluation Failed(string error) => new(null, error);
}
