using Aios.Hardware.Static;

namespace Aios.Hardware.Tests.Static;

/// <summary>Every way a JSON definition can be wrong, each named by its JSON path (tests of <see cref="StaticDeviceProvider.FromJson"/>).</summary>
public sealed class StaticDeviceProviderJsonErrorTests
{
    private const string Gpu = "{'id': 'g', 'kind': 'gpu', 'name': 'G'";

    [Theory]
    [InlineData("{", "$", "not valid JSON")]
    [InlineData("{'devices': [], 'devices': []}", "$", "not valid JSON")]
    [InlineData("[]", "$", "expected an object, found an array")]
    [InlineData("{'device': []}", "device", "unknown property; expected one of devices, links, cluster")]
    [InlineData("{'devices': {}}", "devices", "expected an array of devices, found an object")]
    [InlineData("{'devices': [1]}", "devices[0]", "expected an object, found the number 1")]
    [InlineData("{'devices': [{'kind': 'gpu', 'name': 'G'}]}", "devices[0].id", "is required")]
    [InlineData("{'devices': [{'id': 3, 'kind': 'gpu', 'name': 'G'}]}", "devices[0].id", "expected a string, found the number 3")]
    [InlineData("{'devices': [{'id': ' ', 'kind': 'gpu', 'name': 'G'}]}", "devices[0].id", "must not be empty")]
    [InlineData("{'devices': [" + Gpu + "}, " + Gpu + "}]}", "devices[1].id", "'g' is already the id of devices[0].id")]
    [InlineData("{'devices': [{'id': 'g', 'name': 'G'}]}", "devices[0].kind", "is required")]
    [InlineData("{'devices': [{'id': 'g', 'kind': 1, 'name': 'G'}]}", "devices[0].kind", "expected one of cpu, gpu, fpga, accelerator, other, found the number 1")]
    [InlineData("{'devices': [{'id': 'g', 'kind': 'gpu'}]}", "devices[0].name", "is required")]
    [InlineData("{'devices': [{'id': 'g', 'kind': 'gpu', 'name': null}]}", "devices[0].name", "expected a string, found null")]
    [InlineData("{'devices': [" + Gpu + ", 'vendor': true}]}", "devices[0].vendor", "expected a string, found true")]
    [InlineData("{'devices': [" + Gpu + ", 'capacites': {}}]}", "devices[0].capacites", "unknown property; expected one of id, kind, vendor")]
    [InlineData("{'devices': [" + Gpu + ", 'attributes': []}]}", "devices[0].attributes", "expected an object of attribute name to value")]
    [InlineData("{'devices': [" + Gpu + ", 'attributes': {'': 1}}]}", "devices[0].attributes['']", "an attribute name must not be empty")]
    [InlineData("{'devices': [" + Gpu + ", 'attributes': {'x/y': [1]}}]}", "devices[0].attributes['x/y']", "expected an attribute value such as")]
    [InlineData("{'devices': [" + Gpu + ", 'attributes': {'x/y': null}}]}", "devices[0].attributes['x/y']", "found null")]
    [InlineData("{'devices': [" + Gpu + ", 'attributes': {'x/y': 1.5}}]}", "devices[0].attributes['x/y']", "1.5 is not an integer")]
    [InlineData("{'devices': [" + Gpu + ", 'attributes': {'x/y': {}}}]}", "devices[0].attributes['x/y']", "exactly one of string, int, bool, version, found 0")]
    [InlineData("{'devices': [" + Gpu + ", 'attributes': {'x/y': {'int': 1, 'bool': true}}}]}", "devices[0].attributes['x/y']", "exactly one of string, int, bool, version, found 2")]
    [InlineData("{'devices': [" + Gpu + ", 'attributes': {'x/y': {'integer': 1}}}]}", "devices[0].attributes['x/y'].integer", "unknown property; expected one of string, int, bool, version")]
    [InlineData("{'devices': [" + Gpu + ", 'attributes': {'x/y': {'string': 5}}}]}", "devices[0].attributes['x/y'].string", "expected a string, found the number 5")]
    [InlineData("{'devices': [" + Gpu + ", 'attributes': {'x/y': {'int': '5'}}}]}", "devices[0].attributes['x/y'].int", "expected an integer, found the string '5'")]
    [InlineData("{'devices': [" + Gpu + ", 'attributes': {'x/y': {'bool': 1}}}]}", "devices[0].attributes['x/y'].bool", "expected true or false, found the number 1")]
    [InlineData("{'devices': [" + Gpu + ", 'attributes': {'x/y': {'version': 'eight'}}}]}", "devices[0].attributes['x/y'].version", "'eight' is not a version")]
    [InlineData("{'devices': [" + Gpu + ", 'attributes': {'x/y': {'version': 8}}}]}", "devices[0].attributes['x/y'].version", "expected a version string")]
    [InlineData("{'devices': [" + Gpu + ", 'capacities': []}]}", "devices[0].capacities", "expected an object of capacity name to quantity")]
    [InlineData("{'devices': [" + Gpu + ", 'capacities': {'memoryBytes': -1}}]}", "devices[0].capacities.memoryBytes", "-1 is less than the minimum 0")]
    [InlineData("{'devices': [" + Gpu + ", 'capacities': {'memoryBytes': 1.5}}]}", "devices[0].capacities.memoryBytes", "expected an integer, found the number 1.5")]
    [InlineData("{'devices': [" + Gpu + ", 'capacities': {'memoryBytes': '80Gb'}}]}", "devices[0].capacities.memoryBytes", "'80Gb' is not a quantity")]
    [InlineData("{'devices': [" + Gpu + ", 'capacities': {'memoryBytes': '99999999Pi'}}]}", "devices[0].capacities.memoryBytes", "is too large")]
    [InlineData("{'devices': [" + Gpu + ", 'capacities': {'memoryBytes': false}}]}", "devices[0].capacities.memoryBytes", "expected a non-negative integer, or a string quantity")]
    [InlineData("{'devices': [" + Gpu + ", 'topology': 0}]}", "devices[0].topology", "expected an object, found the number 0")]
    [InlineData("{'devices': [" + Gpu + ", 'topology': {'numa': 0}}]}", "devices[0].topology.numa", "unknown property; expected one of numaNode, pciBusId, cpuSet, socket")]
    [InlineData("{'devices': [" + Gpu + ", 'topology': {'numaNode': -1}}]}", "devices[0].topology.numaNode", "-1 is less than the minimum 0")]
    [InlineData("{'devices': [" + Gpu + ", 'topology': {'numaNode': 3000000000}}]}", "devices[0].topology.numaNode", "3000000000 is larger than 2147483647")]
    [InlineData("{'devices': [" + Gpu + ", 'topology': {'pciBusId': 59}}]}", "devices[0].topology.pciBusId", "expected a string, found the number 59")]
    [InlineData("{'devices': [" + Gpu + ", 'topology': {'socket': '0'}}]}", "devices[0].topology.socket", "expected an integer, found the string '0'")]
    [InlineData("{'devices': [" + Gpu + ", 'topology': {'cpuSet': '3-1'}}]}", "devices[0].topology.cpuSet", "'3-1' is not a Linux CPU list")]
    [InlineData("{'devices': [" + Gpu + ", 'topology': {'cpuSet': '0,x'}}]}", "devices[0].topology.cpuSet", "'x' is not a CPU from 0 to 65535 or an ascending range")]
    [InlineData("{'devices': [" + Gpu + ", 'topology': {'cpuSet': 4}}]}", "devices[0].topology.cpuSet", "expected an array of CPU numbers or a Linux CPU list")]
    [InlineData("{'devices': [" + Gpu + ", 'topology': {'cpuSet': [0, -2]}}]}", "devices[0].topology.cpuSet[1]", "-2 is less than the minimum 0")]
    [InlineData("{'devices': [" + Gpu + ", 'health': 'sick'}]}", "devices[0].health", "'sick' is not one of healthy, degraded, unavailable")]
    [InlineData("{'devices': [" + Gpu + ", 'health': 'degraded'}]}", "devices[0].health", "a degraded device needs a reason")]
    [InlineData("{'devices': [" + Gpu + ", 'health': {'reason': 'x'}}]}", "devices[0].health.status", "is required")]
    [InlineData("{'devices': [" + Gpu + ", 'health': {'status': 'unavailable'}}]}", "devices[0].health.reason", "an unavailable device needs a reason")]
    [InlineData("{'devices': [" + Gpu + ", 'health': {'status': 'healthy', 'since': 1}}]}", "devices[0].health.since", "unknown property; expected one of status, reason")]
    [InlineData("{'devices': [" + Gpu + ", 'partitions': {}}]}", "devices[0].partitions", "expected an array of devices")]
    [InlineData("{'devices': [" + Gpu + ", 'partitions': [{'id': 'p', 'kind': 'gpuu', 'name': 'P'}]}]}", "devices[0].partitions[0].kind", "'gpuu' is not one of cpu, gpu, fpga, accelerator, other")]
    [InlineData("{'devices': [" + Gpu + ", 'partitions': [{'id': 'g', 'kind': 'gpu', 'name': 'P'}]}]}", "devices[0].partitions[0].id", "'g' is already the id of devices[0].id")]
    [InlineData("{'devices': [" + Gpu + ", 'capacities': {'memoryBytes': 100}, 'partitions': [{'id': 'p', 'kind': 'gpu', 'name': 'P', 'capacities': {'memoryBytes': 200}}]}]}", "devices[0].partitions[0].capacities.memoryBytes", "200 exceeds the parent's 100")]
    [InlineData("{'links': {}}", "links", "expected an array of links")]
    [InlineData("{'links': ['a']}", "links[0]", "expected an object, found the string 'a'")]
    [InlineData("{'devices': [" + Gpu + "}], 'links': [{'kind': 'directFabric'}]}", "links[0].between", "is required")]
    [InlineData("{'devices': [" + Gpu + "}], 'links': [{'between': 'g', 'kind': 'directFabric'}]}", "links[0].between", "expected an array of two device ids")]
    [InlineData("{'devices': [" + Gpu + "}], 'links': [{'between': ['g', 'g', 'g'], 'kind': 'directFabric'}]}", "links[0].between", "exactly two devices, found 3")]
    [InlineData("{'devices': [" + Gpu + "}], 'links': [{'between': ['g', 1], 'kind': 'directFabric'}]}", "links[0].between[1]", "expected a device id, found the number 1")]
    [InlineData("{'devices': [" + Gpu + "}], 'links': [{'between': ['g', 'h'], 'kind': 'directFabric'}]}", "links[0].between[1]", "no device has the id 'h'")]
    [InlineData("{'devices': [" + Gpu + "}], 'links': [{'between': ['g', 'g'], 'kind': 'directFabric'}]}", "links[0].between", "found 'g' twice")]
    [InlineData("{'devices': [" + Gpu + "}, {'id': 'h', 'kind': 'gpu', 'name': 'H'}], 'links': [{'between': ['g', 'h']}]}", "links[0].kind", "is required")]
    [InlineData("{'devices': [" + Gpu + "}, {'id': 'h', 'kind': 'gpu', 'name': 'H'}], 'links': [{'between': ['g', 'h'], 'kind': 'nvlink'}]}", "links[0].kind", "'nvlink' is not one of directFabric, samePcieSwitch, sameHostBridge, sameNumaNode, crossSocket, unknown")]
    [InlineData("{'devices': [" + Gpu + "}, {'id': 'h', 'kind': 'gpu', 'name': 'H'}], 'links': [{'between': ['g', 'h'], 'kind': 'directFabric', 'bandwidthBytesPerSecond': -5}]}", "links[0].bandwidthBytesPerSecond", "expected a positive number of bytes per second, found the number -5")]
    [InlineData("{'devices': [" + Gpu + "}, {'id': 'h', 'kind': 'gpu', 'name': 'H'}], 'links': [{'between': ['g', 'h'], 'kind': 'directFabric', 'bandwidthBytesPerSecond': '1'}]}", "links[0].bandwidthBytesPerSecond", "found the string '1'")]
    [InlineData("{'devices': [" + Gpu + "}, {'id': 'h', 'kind': 'gpu', 'name': 'H'}], 'links': [{'between': ['g', 'h'], 'kind': 'directFabric', 'via': 'x'}]}", "links[0].via", "unknown property; expected one of between, kind, bandwidthBytesPerSecond")]
    [InlineData("{'cluster': [5]}", "cluster[0]", "expected an object, found the number 5")]
    [InlineData("{'cluster': {'node': {}}}", "cluster.nodes", "is required")]
    [InlineData("{'cluster': {'nodes': 0, 'node': {}}}", "cluster.nodes", "0 is less than the minimum 1")]
    [InlineData("{'cluster': {'nodes': 1, 'namePrefix': 'a/b', 'node': {}}}", "cluster.namePrefix", "'a/b' is not a node name prefix")]
    [InlineData("{'cluster': {'nodes': 1}}", "cluster.node", "is required")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'gpu': []}}}", "cluster.node.gpu", "unknown property; expected one of cores, memoryBytes")]
    [InlineData("{'cluster': {'nodes': 1, 'size': 3, 'node': {}}}", "cluster.size", "unknown property; expected one of nodes, namePrefix, group, node")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'cores': 'many'}}}", "cluster.node.cores", "'many' is not a quantity")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'memoryBytes': -3}}}", "cluster.node.memoryBytes", "-3 is less than the minimum 0")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'link': 'bus'}}}", "cluster.node.link", "'bus' is not one of directFabric")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'gpus': {}}}}", "cluster.node.gpus", "expected an array of device groups")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'fpgas': [3]}}}", "cluster.node.fpgas[0]", "expected an object, found the number 3")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'gpus': [{'count': 8}]}}}", "cluster.node.gpus[0].model", "is required")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'gpus': [{'model': ' ', 'count': 8}]}}}", "cluster.node.gpus[0].model", "a model must not be empty")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'gpus': [{'model': 'a100'}]}}}", "cluster.node.gpus[0].count", "is required")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'gpus': [{'model': 'a100', 'count': 0}]}}}", "cluster.node.gpus[0].count", "0 is less than the minimum 1")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'gpus': [{'model': 'a100', 'count': 1, 'memory': 1}]}}}", "cluster.node.gpus[0].memory", "unknown property; expected one of model, count")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'gpus': [{'model': 'a100', 'count': 1, 'link': 'wire'}]}}}", "cluster.node.gpus[0].link", "'wire' is not one of directFabric")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'gpus': [{'model': 'a100', 'count': 1, 'memoryBytes': '1 Gi'}]}}}", "cluster.node.gpus[0].memoryBytes", "is not a quantity")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'accelerators': [{'model': 'npu', 'count': 1, 'attributes': {'x/y': []}}]}}}", "cluster.node.accelerators[0].attributes['x/y']", "expected an attribute value")]
    [InlineData("{'cluster': {'nodes': 1, 'node': {'gpus': [{'model': 'a100', 'count': 1, 'vendor': 7}]}}}", "cluster.node.gpus[0].vendor", "expected a string")]
    [InlineData("{'devices': [{'id': 'node-00/cpu', 'kind': 'cpu', 'name': 'C'}], 'cluster': {'nodes': 1, 'node': {'cores': 4}}}", "cluster.node", "'node-00/cpu' is already the id of devices[0].id")]
    public void FromJson_InvalidDefinition_ThrowsNamingThePathAndTheProblem(string json, string path, string problem)
    {
        var exception = Assert.Throws<StaticHardwareFormatException>(() => StaticDeviceProvider.FromJson(json.Replace('\'', '"')));

        Assert.Equal(path, exception.JsonPath);
        Assert.Contains(problem, exception.Problem, StringComparison.Ordinal);
        Assert.Equal($"{path}: {exception.Problem}", exception.Message);
        Assert.Null(exception.FilePath);
    }

    [Fact]
    public void FromJson_MistypedKind_SaysExactlyWhichDeviceAndWhichKinds()
    {
        const string Json = """{"devices": [{"id": "a", "kind": "cpu", "name": "A"}, {"id": "b", "kind": "fpga", "name": "B"}, {"id": "c", "kind": "gpuu", "name": "C"}]}""";

        var exception = Assert.Throws<StaticHardwareFormatException>(() => StaticDeviceProvider.FromJson(Json));

        Assert.Equal("devices[2].kind: 'gpuu' is not one of cpu, gpu, fpga, accelerator, other", exception.Message);
    }

    [Fact]
    public void FromJson_SyntaxError_SaysTheLine()
    {
        var exception = Assert.Throws<StaticHardwareFormatException>(() => StaticDeviceProvider.FromJson("{\n  \"devices\": [\n    {\"id\": }\n  ]\n}"));

        Assert.Contains("line 3", exception.Problem, StringComparison.Ordinal);
        Assert.IsType<System.Text.Json.JsonException>(exception.InnerException, exactMatch: false);
    }

    [Fact]
    public void FromFile_InvalidDefinition_NamesTheFileAndThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"aios-static-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, """{"devices": [{"id": "a", "kind": "tpu", "name": "A"}]}""");
        try
        {
            var exception = Assert.Throws<StaticHardwareFormatException>(() => StaticDeviceProvider.FromFile(path));

            Assert.Equal(path, exception.FilePath);
            Assert.Equal("devices[0].kind", exception.JsonPath);
            Assert.StartsWith($"{path}: devices[0].kind: 'tpu' is not one of", exception.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromFile_MissingFile_ThrowsFileNotFound()
    {
        string path = Path.Combine(Path.GetTempPath(), $"aios-missing-{Guid.NewGuid():N}.json");

        Assert.Throws<FileNotFoundException>(() => StaticDeviceProvider.FromFile(path));
    }

    [Fact]
    public void Constructors_StandardForms_KeepTheMessage()
    {
        var inner = new InvalidOperationException("inner");

        Assert.Equal("$", new StaticHardwareFormatException().JsonPath);
        Assert.Equal("m", new StaticHardwareFormatException("m").Problem);
        Assert.Same(inner, new StaticHardwareFormatException("m", inner).InnerException);
    }
}
