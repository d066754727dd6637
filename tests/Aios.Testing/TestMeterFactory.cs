using System.Diagnostics.Metrics;

namespace Aios.Testing;

/// <summary>A minimal <see cref="IMeterFactory"/> (what Microsoft.Extensions.Diagnostics' <c>AddMetrics</c> registers), owning the meters it creates: meters scoped to one test, so parallel tests do not add to its counts.</summary>
public sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        options.Scope = this;
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (Meter meter in _meters)
        {
            meter.Dispose();
        }
    }
}
