using System.Globalization;
using System.Text;

namespace Aios.Scheduling.Optimization;

/// <summary>
/// The result of <see cref="ThroughputOptimizer.Solve"/>: the time fraction each job spends on each device type, and
/// what it gives.
/// </summary>
/// <remarks>
/// Every allocation is feasible: each row of <see cref="Fractions"/> sums to at most 1, and each device type's column,
/// weighted by the jobs' <see cref="ThroughputJob.ScaleFactor"/>, to at most its GPU count (the solver's answer is
/// clamped and scaled down by at most its tolerance to make this exact).
/// </remarks>
public sealed class ThroughputAllocation
{
    internal ThroughputAllocation(OptimizationPolicy policy, IReadOnlyList<string> jobIds, IReadOnlyList<string> deviceTypes, double[][] fractions, double[] effectiveThroughputs, double objectiveValue)
    {
        Policy = policy;
        JobIds = jobIds;
        DeviceTypes = deviceTypes;
        Fractions = Array.AsReadOnly(Array.ConvertAll(fractions, row => (IReadOnlyList<double>)Array.AsReadOnly(row)));
        EffectiveThroughputs = Array.AsReadOnly(effectiveThroughputs);
        ObjectiveValue = objectiveValue;
    }

    /// <summary>Gets the policy that produced the allocation.</summary>
    public OptimizationPolicy Policy { get; }

    /// <summary>Gets the jobs' identifiers, in the order of the rows of <see cref="Fractions"/> (the order they were given).</summary>
    public IReadOnlyList<string> JobIds { get; }

    /// <summary>Gets the device types, in the order of the columns of <see cref="Fractions"/> (ordinal order).</summary>
    public IReadOnlyList<string> DeviceTypes { get; }

    /// <summary>Gets X: <c>Fractions[job][type]</c> is the share of time the job runs on devices of the type, in [0, 1].</summary>
    public IReadOnlyList<IReadOnlyList<double>> Fractions { get; }

    /// <summary>Gets each job's effective throughput <c>Σ_t X[j][t]·T[j][t]</c>, in its steps per second.</summary>
    public IReadOnlyList<double> EffectiveThroughputs { get; }

    /// <summary>Gets the policy's objective at this allocation; its meaning is given on each <see cref="OptimizationPolicy"/> value.</summary>
    public double ObjectiveValue { get; }

    /// <summary>Gets the time fraction of a job on a device type.</summary>
    /// <param name="jobId">The job's identifier.</param>
    /// <param name="deviceType">The device type.</param>
    /// <returns>The fraction, in [0, 1].</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobId"/> or <paramref name="deviceType"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">The allocation has no such job or device type.</exception>
    public double GetFraction(string jobId, string deviceType)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        ArgumentNullException.ThrowIfNull(deviceType);
        int row = IndexOf(JobIds, jobId, "job");
        int column = IndexOf(DeviceTypes, deviceType, "device type");
        return Fractions[row][column];
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append(CultureInfo.InvariantCulture, $"ThroughputAllocation {{ Policy = {Policy}, ObjectiveValue = {ObjectiveValue}, DeviceTypes = {Printing.List(DeviceTypes)}, Jobs = {JobIds.Count} }}");
        return builder.ToString();
    }

    private static int IndexOf(IReadOnlyList<string> names, string name, string what)
    {
        for (int index = 0; index < names.Count; index++)
        {
            if (string.Equals(names[index], name, StringComparison.Ordinal))
            {
                return index;
            }
        }

        throw new KeyNotFoundException($"The allocation has no {what} '{name}'.");
    }
}
