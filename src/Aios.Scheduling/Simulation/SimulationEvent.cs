using System.Globalization;
using System.Text;
using Aios.Scheduling.Engine;

namespace Aios.Scheduling.Simulation;

/// <summary>One event of a simulation.</summary>
/// <param name="Time">Seconds since the start of the simulation.</param>
/// <param name="Kind">What happened.</param>
/// <param name="JobId">The job it happened to.</param>
/// <param name="Placement">Where the job runs, on <see cref="SimulationEventKind.Start"/>; empty otherwise.</param>
public readonly record struct SimulationEvent(double Time, SimulationEventKind Kind, string JobId, IReadOnlyList<PlacementSlice> Placement)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Time = {Time}, Kind = {Kind}, JobId = {JobId}, Placement = {Printing.List(Placement)}");
        return true;
    }
}
