using Aios.Hardware.Static;
using Aios.Testing.Hardware;

namespace Aios.Hardware.Tests.Static;

/// <summary>The static provider, from a definition with partitions, links, a degraded device and a cluster, through the provider conformance suite.</summary>
public sealed class StaticDeviceProviderConformanceTests : DeviceProviderConformanceTests
{
    private const string Definition = """
        {
          "devices": [
            { "id": "gpu0", "kind": "gpu", "vendor": "NVIDIA", "name": "A100", "capacities": { "memoryBytes": "80Gi", "computeUnits": 108 },
              "partitions": [ { "id": "gpu0-mig0", "kind": "gpu", "name": "MIG 3g.40gb", "capacities": { "memoryBytes": "40Gi", "computeUnits": 42 } } ] },
            { "id": "fpga0", "kind": "fpga", "vendor": "AMD", "name": "Alveo U250", "health": { "status": "degraded", "reason": "thermal throttling" } }
          ],
          "links": [ { "between": ["gpu0", "fpga0"], "kind": "samePcieSwitch" } ],
          "cluster": { "nodes": 2, "node": { "cores": 16, "memoryBytes": "64Gi", "gpus": [ { "model": "t4", "count": 2, "memoryBytes": "16Gi" } ] } }
        }
        """;

    protected override bool DevicesExpected => true;

    protected override DeviceProvider CreateProvider() => StaticDeviceProvider.FromJson(Definition);
}
