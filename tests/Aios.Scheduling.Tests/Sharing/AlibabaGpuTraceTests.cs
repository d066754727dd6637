using Aios.Scheduling.Sharing;
using Aios.Scheduling.Traces;
using Aios.Testing;

namespace Aios.Scheduling.Tests.Sharing;

public sealed class AlibabaGpuTraceTests
{
    private const string NodeHeader = "sn,cpu_milli,memory_mib,gpu,model";
    private const string PodHeader = "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time";

    private static readonly string[] Values =
        ["0", "1", "-1", "460", "999", "1000", "1001", "8", "9", "64", "65", "", " ", "1.5", "1e3", "abc", "+3", "0x10", "9223372036854775807", "9223372036854775808", "\"12\"", "\"", "\"a,b\"", "P100", "V100M16|V100M32"];

    [Fact]
    public void ReadNodesAndPods_TheAtc23Trace_CountsMatchTheStudy()
    {
        string nodesPath = SharedData.RequireFile("traces/alibaba-v2023/openb_node_list_gpu_node.csv");
        string podsPath = SharedData.RequireFile("traces/alibaba-v2023/openb_pod_list_default.csv");

        IReadOnlyList<GpuShareNode> nodes = AlibabaGpuTrace.ReadNodes(nodesPath);
        IReadOnlyList<AlibabaGpuPod> pods = AlibabaGpuTrace.ReadPods(podsPath);

        Assert.Equal(1213, nodes.Count);
        Assert.Equal(6212, nodes.Sum(n => n.Gpus));
        Assert.Equal(new GpuShareNode("openb-node-0000", 2, 64_000, 262_144L << 20) { GpuModel = "P100" }, nodes[0]);
        Assert.Equal(8152, pods.Count);
        Assert.Equal(1088, pods.Count(p => p.ToRequest().Kind == GpuShareKind.None));
        Assert.Equal(3078, pods.Count(p => p.ToRequest().Kind == GpuShareKind.Fraction));
        Assert.Equal(3986, pods.Count(p => p.ToRequest().Kind == GpuShareKind.Whole));
        Assert.Equal(6_086_800, pods.Sum(p => p.ToRequest().TotalGpuMilli));
        Assert.Equal(new AlibabaGpuPod("openb-pod-0001", 6000, 12_288L << 20, 1, 460, "", "LS", "Running", 427_061, 12_902_960, 427_061), pods[1]);
        Assert.Equal(897, pods.Count(p => p.ScheduledTime is null));
    }

    [Theory]
    [InlineData("sn,cpu_milli,memory_mib,gpu\nn,1,1,1", 1, "model")]
    [InlineData("sn,cpu_milli,memory_mib,gpu,model,extra\nn,1,1,1,T4,x", 1, "extra")]
    [InlineData("sn,cpu_milli,cpu_milli,gpu,model\nn,1,1,1,T4", 1, "cpu_milli")]
    [InlineData(NodeHeader + "\nn,1,1,1,T4\nn2,-4,1,1,T4", 3, "cpu_milli")]
    [InlineData(NodeHeader + "\nn,1,1,65,T4", 2, "gpu")]
    [InlineData(NodeHeader + "\n,1,1,1,T4", 2, "sn")]
    [InlineData(NodeHeader + "\nn,1,1,1", 2, null)]
    public void ReadNodes_Malformed_NamesFileLineAndColumn(string text, long line, string? column)
    {
        var error = Assert.Throws<TraceFormatException>(() => AlibabaGpuTrace.ReadNodes(new StringReader(text), "nodes.csv"));

        Assert.Equal(("nodes.csv", line, column), (error.FileName, error.LineNumber, error.Column));
        Assert.StartsWith($"nodes.csv, line {line}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("p,1,1,0,500,,LS,Running,0,1,", "gpu_milli")]
    [InlineData("p,1,1,1,0,,LS,Running,0,1,", "gpu_milli")]
    [InlineData("p,1,1,2,500,,LS,Running,0,1,", "gpu_milli")]
    [InlineData("p,1,1,1,1001,,LS,Running,0,1,", "gpu_milli")]
    [InlineData("p,1,1,1,500,,,Running,0,1,", "qos")]
    [InlineData("p,1,1,1,500,,LS,Running,,1,", "creation_time")]
    [InlineData("p,1,1,1,500,,LS,Running,0,x,", "deletion_time")]
    [InlineData("p,1.5,1,1,500,,LS,Running,0,1,", "cpu_milli")]
    public void ReadPods_Malformed_NamesTheColumn(string row, string column)
    {
        var error = Assert.Throws<TraceFormatException>(() => AlibabaGpuTrace.ReadPods(new StringReader(PodHeader + "\n" + row), "pods.csv"));

        Assert.Equal((2L, column), (error.LineNumber, error.Column));
    }

    [Fact]
    public void ReadPods_EmptyFile_Rejected()
    {
        Assert.Equal(1, Assert.Throws<TraceFormatException>(() => AlibabaGpuTrace.ReadPods(new StringReader(""))).LineNumber);
    }

    [Fact]
    public void ReadPods_RandomAndMutatedRows_ParsedWholeOrRejectedNamingTheLine()
    {
        var random = new Random(23);
        for (int i = 0; i < 4000; i++)
        {
            var rows = new List<string>();
            int count = 1 + random.Next(4);
            for (int r = 0; r < count; r++)
            {
                string[] fields = [$"pod-{r}", Pick(random, "6000"), Pick(random, "12288"), Pick(random, "1"), Pick(random, "460"), Pick(random, ""), "LS", "Running", Pick(random, "0"), Pick(random, "100"), Pick(random, "")];
                rows.Add(Mutate(random, fields));
            }

            string text = PodHeader + "\n" + string.Join('\n', rows);
            try
            {
                IReadOnlyList<AlibabaGpuPod> pods = AlibabaGpuTrace.ReadPods(new StringReader(text), "fuzz.csv");
                Assert.Equal(rows.Count(r => r.Length > 0), pods.Count);
                Assert.All(pods, p => Assert.True(p.ToRequest().TotalGpuMilli <= 64_000));
            }
            catch (TraceFormatException error)
            {
                Assert.InRange(error.LineNumber, 2, count + 1);
                Assert.Equal("fuzz.csv", error.FileName);
            }
        }
    }

    [Fact]
    public void ReadNodes_RandomAndMutatedRows_ParsedWholeOrRejectedNamingTheLine()
    {
        var random = new Random(24);
        for (int i = 0; i < 3000; i++)
        {
            var rows = new List<string>();
            int count = 1 + random.Next(4);
            for (int r = 0; r < count; r++)
            {
                rows.Add(Mutate(random, [$"node-{r}", Pick(random, "64000"), Pick(random, "262144"), Pick(random, "8"), Pick(random, "T4")]));
            }

            try
            {
                IReadOnlyList<GpuShareNode> nodes = AlibabaGpuTrace.ReadNodes(new StringReader(NodeHeader + "\n" + string.Join('\n', rows)), "fuzz.csv");
                Assert.Equal(rows.Count(r => r.Length > 0), nodes.Count);
                if (nodes.Count > 0)
                {
                    Assert.Equal(nodes.Sum(n => n.Gpus), new GpuShareCluster(nodes).GpuCount);
                }
            }
            catch (TraceFormatException error)
            {
                Assert.InRange(error.LineNumber, 2, count + 1);
            }
        }
    }

    private static string Pick(Random random, string normal) => random.Next(4) == 0 ? Values[random.Next(Values.Length)] : normal;

    private static string Mutate(Random random, string[] fields)
    {
        string row = string.Join(',', fields);
        return random.Next(10) switch
        {
            0 => row + ",extra",
            1 => row[..random.Next(row.Length + 1)],
            2 => row.Insert(random.Next(row.Length + 1), ((char)random.Next(32, 127)).ToString()),
            3 => "",
            _ => row,
        };
    }
}
