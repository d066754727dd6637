using System.Globalization;
using Aios.Scheduling.Traces;

namespace Aios.Scheduling.Sharing;

/// <summary>
/// Reads Alibaba's 2023 GPU-sharing trace (alibaba/clusterdata, <c>cluster-trace-gpu-v2023</c>; the workload of Weng
/// et al., "Beware of Fragmentation", USENIX ATC'23): the node list (<c>openb_node_list_gpu_node.csv</c>:
/// <c>sn,cpu_milli,memory_mib,gpu,model</c>) and a pod list (<c>openb_pod_list_*.csv</c>:
/// <c>name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time</c>).
/// </summary>
/// <remarks>
/// Strict: the header must name every column above exactly once (in any order; other columns are refused too, so a
/// file of another kind is not read by mistake); every line has as many fields as the header; numbers are plain
/// non-negative integers (invariant culture); a pod's <c>num_gpu</c>/<c>gpu_milli</c> are 0/0, 1/1–999 or n/1000;
/// only <c>gpu_spec</c>, <c>deletion_time</c> and <c>scheduled_time</c> may be empty. Fields may be RFC 4180 quoted.
/// Blank lines are skipped. Errors are <see cref="TraceFormatException"/>s naming the file, line and column.
/// </remarks>
public static class AlibabaGpuTrace
{
    private static readonly string[] NodeColumns = ["sn", "cpu_milli", "memory_mib", "gpu", "model"];
    private static readonly string[] PodColumns = ["name", "cpu_milli", "memory_mib", "num_gpu", "gpu_milli", "gpu_spec", "qos", "pod_phase", "creation_time", "deletion_time", "scheduled_time"];

    /// <summary>Reads a node list.</summary>
    /// <param name="reader">The CSV text from its header.</param>
    /// <param name="source">The file name used in error messages.</param>
    /// <returns>The nodes, in file order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="TraceFormatException">The file is malformed; the message names the file, line and column.</exception>
    public static IReadOnlyList<GpuShareNode> ReadNodes(TextReader reader, string source = "openb_node_list_gpu_node.csv")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var nodes = new List<GpuShareNode>();
        foreach ((long line, string[] fields, int[] at) in Lines(reader, source, NodeColumns))
        {
            string name = Text(fields, at[0], source, line, "sn", allowEmpty: false);
            long cpu = Integer(fields, at[1], source, line, "cpu_milli", long.MaxValue)!.Value;
            long memory = Integer(fields, at[2], source, line, "memory_mib", long.MaxValue >> 20)!.Value;
            int gpus = (int)Integer(fields, at[3], source, line, "gpu", GpuShareNode.MaxGpus)!.Value;
            string model = Text(fields, at[4], source, line, "model", allowEmpty: gpus == 0);
            nodes.Add(new GpuShareNode(name, gpus, cpu, memory << 20) { GpuModel = model.Length == 0 ? null : model });
        }

        return nodes;
    }

    /// <summary>Reads a pod list.</summary>
    /// <param name="reader">The CSV text from its header.</param>
    /// <param name="source">The file name used in error messages.</param>
    /// <returns>The pods, in file order.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="TraceFormatException">The file is malformed; the message names the file, line and column.</exception>
    public static IReadOnlyList<AlibabaGpuPod> ReadPods(TextReader reader, string source = "openb_pod_list_default.csv")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var pods = new List<AlibabaGpuPod>();
        foreach ((long line, string[] fields, int[] at) in Lines(reader, source, PodColumns))
        {
            string name = Text(fields, at[0], source, line, "name", allowEmpty: false);
            long cpu = Integer(fields, at[1], source, line, "cpu_milli", long.MaxValue)!.Value;
            long memory = Integer(fields, at[2], source, line, "memory_mib", long.MaxValue >> 20)!.Value;
            int gpus = (int)Integer(fields, at[3], source, line, "num_gpu", GpuShareNode.MaxGpus)!.Value;
            int milli = (int)Integer(fields, at[4], source, line, "gpu_milli", GpuShareRequest.MilliPerGpu)!.Value;
            if (gpus == 0 && milli != 0)
            {
                throw new TraceFormatException(source, line, "gpu_milli", $"must be 0 when num_gpu is 0, not {milli}.");
            }

            if (gpus > 0 && milli == 0)
            {
                throw new TraceFormatException(source, line, "gpu_milli", "must be 1–1000 when num_gpu is at least 1, not 0.");
            }

            if (gpus > 1 && milli != GpuShareRequest.MilliPerGpu)
            {
                throw new TraceFormatException(source, line, "gpu_milli", $"must be 1000 when num_gpu is {gpus} (a fraction spans one GPU), not {milli}.");
            }

            string spec = fields[at[5]];
            string qos = Text(fields, at[6], source, line, "qos", allowEmpty: false);
            string phase = Text(fields, at[7], source, line, "pod_phase", allowEmpty: false);
            long created = Integer(fields, at[8], source, line, "creation_time", long.MaxValue)!.Value;
            long? deleted = Integer(fields, at[9], source, line, "deletion_time", long.MaxValue, allowEmpty: true);
            long? scheduled = Integer(fields, at[10], source, line, "scheduled_time", long.MaxValue, allowEmpty: true);
            pods.Add(new AlibabaGpuPod(name, cpu, memory << 20, gpus, milli, spec, qos, phase, created, deleted, scheduled));
        }

        return pods;
    }

    /// <summary>Reads a node list from a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The nodes, in file order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="TraceFormatException">The file is malformed.</exception>
    public static IReadOnlyList<GpuShareNode> ReadNodes(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return ReadNodes(reader, Path.GetFileName(path));
    }

    /// <summary>Reads a pod list from a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The pods, in file order.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="TraceFormatException">The file is malformed.</exception>
    public static IReadOnlyList<AlibabaGpuPod> ReadPods(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path);
        return ReadPods(reader, Path.GetFileName(path));
    }

    private static IEnumerable<(long Line, string[] Fields, int[] At)> Lines(TextReader reader, string source, string[] columns)
    {
        string? header = reader.ReadLine();
        if (header is null)
        {
            throw new TraceFormatException(source, 1, null, $"the file is empty; expected the header '{string.Join(",", columns)}'.");
        }

        List<string> names = CsvTraceReader.SplitLine(header.TrimStart('\uFEFF'), out string? problem)
            ?? throw new TraceFormatException(source, 1, null, problem!);
        int[] at = new int[columns.Length];
        Array.Fill(at, -1);
        for (int i = 0; i < names.Count; i++)
        {
            int column = Array.IndexOf(columns, names[i]);
            if (column < 0)
            {
                throw new TraceFormatException(source, 1, names[i], $"is not a column of this file; expected '{string.Join(",", columns)}'.");
            }

            if (at[column] >= 0)
            {
                throw new TraceFormatException(source, 1, names[i], "appears twice in the header.");
            }

            at[column] = i;
        }

        for (int c = 0; c < columns.Length; c++)
        {
            if (at[c] < 0)
            {
                throw new TraceFormatException(source, 1, columns[c], "is missing from the header.");
            }
        }

        long number = 1;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (text.Length == 0)
            {
                continue;
            }

            List<string> fields = CsvTraceReader.SplitLine(text, out problem)
                ?? throw new TraceFormatException(source, number, null, problem!);
            if (fields.Count != names.Count)
            {
                throw new TraceFormatException(source, number, null, $"has {fields.Count} fields; the header has {names.Count}.");
            }

            yield return (number, [.. fields], at);
        }
    }

    private static string Text(string[] fields, int index, string source, long line, string column, bool allowEmpty)
    {
        string value = fields[index];
        if (value.Length == 0 && !allowEmpty)
        {
            throw new TraceFormatException(source, line, column, "is empty.");
        }

        return value;
    }

    private static long? Integer(string[] fields, int index, string source, long line, string column, long maximum, bool allowEmpty = false)
    {
        string value = fields[index];
        if (value.Length == 0)
        {
            return allowEmpty ? null : throw new TraceFormatException(source, line, column, "is empty; expected an integer.");
        }

        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long number) || number > maximum)
        {
            throw new TraceFormatException(source, line, column, string.Create(CultureInfo.InvariantCulture, $"'{value}' is not an integer in [0, {maximum}]."));
        }

        return number;
    }
}
