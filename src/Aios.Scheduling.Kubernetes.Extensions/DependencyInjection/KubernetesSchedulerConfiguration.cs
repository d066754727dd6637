using System.Globalization;
using Aios.Scheduling.DependencyInjection;
using Microsoft.Extensions.Configuration;

namespace Aios.Scheduling.Kubernetes.DependencyInjection;

/// <summary>
/// Reads <see cref="KubernetesSchedulerOptions"/> from configuration, collecting every bad value rather than stopping at
/// the first: the property names as keys, <c>Inventory</c> for <see cref="KubernetesInventoryOptions"/> (its
/// <c>GpuResources</c> array replaces the default list rather than appending to it) and <c>Scheduler</c> for the engine's
/// options, read by <see cref="SchedulerConfiguration"/> exactly as <c>services.AddAiosScheduler(configuration)</c> reads
/// them (the policy by name, <c>"las+backfill"</c>). Read by hand rather than bound, as Aios.Scheduling.Extensions does:
/// no reflection, and a key that names no option is reported instead of ignored.
/// </summary>
internal static class KubernetesSchedulerConfiguration
{
    private static readonly string[] TopLevelKeys =
    [
        nameof(KubernetesSchedulerOptions.Inventory),
        nameof(KubernetesSchedulerOptions.Scheduler),
        nameof(KubernetesSchedulerOptions.Preemption),
        nameof(KubernetesSchedulerOptions.PreemptionGracePeriodSeconds),
        nameof(KubernetesSchedulerOptions.NominationTimeoutSeconds),
        nameof(KubernetesSchedulerOptions.Concurrency),
        nameof(KubernetesSchedulerOptions.ResyncIntervalSeconds),
        nameof(KubernetesSchedulerOptions.BatchDelaySeconds),
        nameof(KubernetesSchedulerOptions.ExplainWaitingPods),
        nameof(KubernetesSchedulerOptions.LeaderElection),
        nameof(KubernetesSchedulerOptions.LeaseName),
        nameof(KubernetesSchedulerOptions.LeaseNamespace),
        nameof(KubernetesSchedulerOptions.Identity),
        nameof(KubernetesSchedulerOptions.LeaseDurationSeconds),
        nameof(KubernetesSchedulerOptions.RenewDeadlineSeconds),
        nameof(KubernetesSchedulerOptions.RetryPeriodSeconds),
    ];

    private static readonly string[] InventoryKeys =
    [
        nameof(KubernetesInventoryOptions.SchedulerName),
        nameof(KubernetesInventoryOptions.DeviceTypeLabel),
        nameof(KubernetesInventoryOptions.GpuResources),
        nameof(KubernetesInventoryOptions.MigResourcePrefix),
        nameof(KubernetesInventoryOptions.TopologyLabel),
    ];

    /// <summary>Applies the keys present in <paramref name="section"/> to <paramref name="options"/>; each bad value or unknown key is added to <paramref name="failures"/> with its path.</summary>
    public static void Apply(IConfiguration section, KubernetesSchedulerOptions options, List<string> failures)
    {
        ReportUnknownKeys(section, TopLevelKeys, nameof(KubernetesSchedulerOptions), failures);
        SchedulerConfiguration.Read(section, nameof(options.Preemption), failures, ParsePreemption, value => options.Preemption = value);
        SchedulerConfiguration.Read(section, nameof(options.PreemptionGracePeriodSeconds), failures, ParseInt, value => options.PreemptionGracePeriodSeconds = value);
        SchedulerConfiguration.Read(section, nameof(options.NominationTimeoutSeconds), failures, SchedulerConfiguration.ParseDouble, value => options.NominationTimeoutSeconds = value);
        SchedulerConfiguration.Read(section, nameof(options.Concurrency), failures, ParseInt, value => options.Concurrency = value);
        SchedulerConfiguration.Read(section, nameof(options.ResyncIntervalSeconds), failures, SchedulerConfiguration.ParseDouble, value => options.ResyncIntervalSeconds = value);
        SchedulerConfiguration.Read(section, nameof(options.BatchDelaySeconds), failures, SchedulerConfiguration.ParseDouble, value => options.BatchDelaySeconds = value);
        SchedulerConfiguration.Read(section, nameof(options.ExplainWaitingPods), failures, bool.Parse, value => options.ExplainWaitingPods = value);
        SchedulerConfiguration.Read(section, nameof(options.LeaderElection), failures, bool.Parse, value => options.LeaderElection = value);
        SchedulerConfiguration.Read(section, nameof(options.LeaseName), failures, static text => text, value => options.LeaseName = value);
        SchedulerConfiguration.Read(section, nameof(options.LeaseNamespace), failures, static text => text, value => options.LeaseNamespace = value);
        SchedulerConfiguration.Read(section, nameof(options.Identity), failures, static text => text, value => options.Identity = value);
        SchedulerConfiguration.Read(section, nameof(options.LeaseDurationSeconds), failures, SchedulerConfiguration.ParseDouble, value => options.LeaseDurationSeconds = value);
        SchedulerConfiguration.Read(section, nameof(options.RenewDeadlineSeconds), failures, SchedulerConfiguration.ParseDouble, value => options.RenewDeadlineSeconds = value);
        SchedulerConfiguration.Read(section, nameof(options.RetryPeriodSeconds), failures, SchedulerConfiguration.ParseDouble, value => options.RetryPeriodSeconds = value);

        IConfigurationSection inventory = section.GetSection(nameof(options.Inventory));
        if (inventory.Exists())
        {
            ApplyInventory(inventory, options.Inventory ??= new KubernetesInventoryOptions(), failures);
        }

        IConfigurationSection scheduler = section.GetSection(nameof(options.Scheduler));
        if (scheduler.Exists())
        {
            SchedulerConfiguration.Apply(scheduler, options.Scheduler ??= new Engine.SchedulerOptions(), failures);
        }
    }

    private static void ApplyInventory(IConfigurationSection section, KubernetesInventoryOptions options, List<string> failures)
    {
        ReportUnknownKeys(section, InventoryKeys, nameof(KubernetesInventoryOptions), failures);
        SchedulerConfiguration.Read(section, nameof(options.SchedulerName), failures, static text => text, value => options.SchedulerName = value);
        SchedulerConfiguration.Read(section, nameof(options.DeviceTypeLabel), failures, static text => text, value => options.DeviceTypeLabel = value);
        SchedulerConfiguration.Read(section, nameof(options.MigResourcePrefix), failures, static text => text, value => options.MigResourcePrefix = value);
        SchedulerConfiguration.Read(section, nameof(options.TopologyLabel), failures, static text => text, value => options.TopologyLabel = value);
        IConfigurationSection resources = section.GetSection(nameof(options.GpuResources));
        if (resources.Exists())
        {
            options.GpuResources.Clear();
            foreach (IConfigurationSection resource in resources.GetChildren())
            {
                SchedulerConfiguration.Read(resource, failures, static text => text, options.GpuResources.Add);
            }
        }
    }

    private static void ReportUnknownKeys(IConfiguration section, string[] known, string type, List<string> failures)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                failures.Add($"{child.Path}: {child.Key} is not an option of {type} (the options are {string.Join(", ", known)}).");
            }
        }
    }

    private static PreemptionMode ParsePreemption(string text) =>
        Enum.TryParse(text, ignoreCase: true, out PreemptionMode mode) && Enum.IsDefined(mode) && !char.IsAsciiDigit(text.TrimStart()[0])
            ? mode
            : throw new FormatException($"'{text}' is not a preemption mode (Delete or Evict).");

    private static int ParseInt(string text) => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
