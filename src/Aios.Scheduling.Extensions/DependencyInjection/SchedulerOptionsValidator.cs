using Aios.Scheduling.Engine;
using Microsoft.Extensions.Options;

namespace Aios.Scheduling.DependencyInjection;

/// <summary>Reports every invalid <see cref="SchedulerOptions"/> property at once, each naming the property and its valid range.</summary>
internal sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Policy is null)
        {
            failures.Add("Policy is required (fifo, priority, drf, las, srtf, ftf or hetero, optionally +backfill).");
        }

        if (options.Queues is null || options.Queues.Contains(null!))
        {
            failures.Add("Queues must be a list of queues, none of them null.");
        }

        if (!(options.AgingIntervalSeconds > 0))
        {
            failures.Add($"AgingIntervalSeconds must be > 0, or Infinity for no aging; it is {options.AgingIntervalSeconds}.");
        }

        if (!(options.StarvationFactor >= 0 && double.IsFinite(options.StarvationFactor)))
        {
            failures.Add($"StarvationFactor must be finite and ≥ 0; it is {options.StarvationFactor}.");
        }

        if (options.ScanDepth < 1)
        {
            failures.Add($"ScanDepth must be ≥ 1; it is {options.ScanDepth}.");
        }

        if (!(options.HeterogeneityTolerance > 0 && options.HeterogeneityTolerance <= 1))
        {
            failures.Add($"HeterogeneityTolerance must be in (0, 1]; it is {options.HeterogeneityTolerance}.");
        }

        if (options.TimeProvider is null)
        {
            failures.Add("TimeProvider is required.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
