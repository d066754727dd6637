namespace Aios.Cli.Queueing;

/// <summary>What <c>aios queueing mva</c> was asked, as typed: the stations and delays before any validation.</summary>
internal sealed record MvaRequest(IReadOnlyList<string> Stations, IReadOnlyList<string> Delays, int Population, bool Approximate, bool Json);
