using Aios.Hardware.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aios.Hardware;

/// <summary>
/// Registers device providers and builds a <see cref="HardwareCatalog"/>. Providers attach through extension methods
/// (<c>AddCpu()</c>, <c>AddStatic(...)</c> here; <c>AddOpenCL()</c> and <c>AddCuda()</c> in their packages).
/// </summary>
public sealed class HardwareBuilder
{
    private readonly List<DeviceProvider> _providers = [];
    private TimeProvider _timeProvider = TimeProvider.System;
    private HardwareMetrics _metrics = HardwareMetrics.Shared;
    private ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;

    /// <summary>Registers a provider. A second provider with the same name replaces the first.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>This builder.</returns>
    public HardwareBuilder AddProvider(DeviceProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _providers.RemoveAll(existing => existing.Name == provider.Name);
        _providers.Add(provider);
        return this;
    }

    /// <summary>Sets the clock for telemetry timestamps and intervals (default <see cref="TimeProvider.System"/>).</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <returns>This builder.</returns>
    public HardwareBuilder UseTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        return this;
    }

    /// <summary>Sets where discoveries and telemetry samples are recorded (default <see cref="HardwareMetrics.Shared"/>).</summary>
    /// <param name="metrics">The instruments, e.g. built from an <see cref="System.Diagnostics.Metrics.IMeterFactory"/>.</param>
    /// <returns>This builder.</returns>
    public HardwareBuilder UseMetrics(HardwareMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _metrics = metrics;
        return this;
    }

    /// <summary>
    /// Sets where the catalog logs what an operator must see (category <c>Aios.Hardware.HardwareCatalog</c>): a provider
    /// failing or unavailable (with the exception) and available again, unhealthy devices, failing telemetry reads.
    /// Default: no logging.
    /// </summary>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <returns>This builder.</returns>
    public HardwareBuilder UseLoggerFactory(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _loggerFactory = loggerFactory;
        return this;
    }

    /// <summary>Builds the catalog over the registered providers.</summary>
    /// <returns>The catalog.</returns>
    public HardwareCatalog Build() => new([.. _providers], _timeProvider, _metrics, _loggerFactory.CreateLogger<HardwareCatalog>());
}
