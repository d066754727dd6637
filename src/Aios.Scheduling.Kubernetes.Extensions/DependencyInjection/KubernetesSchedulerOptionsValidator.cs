using System.Globalization;
using Aios.Scheduling.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aios.Scheduling.Kubernetes.DependencyInjection;

/// <summary>
/// Reports every invalid <see cref="KubernetesSchedulerOptions"/> property at once, each naming its path and valid range:
/// the options' own rules (the ones <see cref="KubernetesScheduler"/>'s constructor enforces), <c>Inventory.…</c> for the
/// inventory's and <c>Scheduler.…</c> for the engine's (<see cref="SchedulerOptionsValidator"/>, the rules
/// <c>AddAiosScheduler</c> checks).
/// </summary>
internal sealed class KubernetesSchedulerOptionsValidator : IValidateOptions<KubernetesSchedulerOptions>
{
    private readonly SchedulerOptionsValidator _scheduler = new();

    public ValidateOptionsResult Validate(string? name, KubernetesSchedulerOptions options)
    {
        List<string> failures = GetFailures(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Every invalid property, as sentences that begin with its path (<c>Concurrency must be in 1–1,024; it is 0.</c>).</summary>
    public List<string> GetFailures(KubernetesSchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var inventory = (options.Inventory?.GetErrors() ?? []).Select(error => error.Message).ToList();
        var failures = new List<string>();
        foreach (ArgumentException error in options.GetErrors())
        {
            bool fromInventory = inventory.Remove(error.Message);
            failures.Add((fromInventory ? "Inventory." : "") + Describe(error));
        }

        if (options.Scheduler is not null && _scheduler.Validate(null, options.Scheduler) is { Failed: true, Failures: { } scheduler })
        {
            failures.AddRange(scheduler.Select(failure => "Scheduler." + failure));
        }

        return failures;
    }

    /// <summary>The rule an error states, without the runtime's "(Parameter 'x')" and "Actual value was" lines, and the value it had.</summary>
    private static string Describe(ArgumentException error)
    {
        string message = error.Message;
        int end = message.IndexOf('\n', StringComparison.Ordinal);
        message = (end < 0 ? message : message[..end]).TrimEnd('\r');
        if (error.ParamName is { Length: > 0 } parameter)
        {
            string suffix = $" (Parameter '{parameter}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal))
            {
                message = message[..^suffix.Length];
            }
        }

        return error is ArgumentOutOfRangeException { ActualValue: { } actual }
            ? $"{message.TrimEnd('.')}; it is {Convert.ToString(actual, CultureInfo.InvariantCulture)}."
            : message;
    }
}
