namespace Aios.Cli.Queueing;

/// <summary>What <c>aios queueing jackson</c> was asked, as typed: the stations and routing matrix before any validation.</summary>
internal sealed record JacksonRequest(IReadOnlyList<string> Stations, string? Routing, bool Json);
