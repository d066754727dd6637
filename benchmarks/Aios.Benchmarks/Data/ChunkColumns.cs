using Aios.Data.Compression;
using Aios.Data.Synthetic;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Aios.Benchmarks.Data;

/// <summary>Columns for benchmarks over one 256 KiB chunk: min, median, throughput (262,144 bytes / mean) and the chunk's compression ratio.</summary>
public sealed class ChunkColumnsConfig : ManualConfig
{
    /// <summary>The chunk every data benchmark here works on.</summary>
    public const int ChunkLength = 256 * 1024;

    /// <summary>The seed of the chunk's <see cref="SyntheticContent"/>.</summary>
    public const int Seed = 1;

    public ChunkColumnsConfig()
    {
        // Min and median beside the mean: on a shared machine the minimum is the estimate least disturbed by other work.
        AddColumn(StatisticColumn.Min, StatisticColumn.Median, new ThroughputColumn(), new RatioColumn());
    }

    private sealed class ThroughputColumn : IColumn
    {
        public string Id => "ChunkThroughput";

        public string ColumnName => "MB/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Chunk bytes (262,144) per microsecond of the mean: MB/s of original data";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            double? nanoseconds = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return nanoseconds is > 0 ? (ChunkLength / (nanoseconds.Value / 1000)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-";
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }

    private sealed class RatioColumn : IColumn
    {
        public string Id => "ChunkCompressionRatio";

        public string ColumnName => "Orig/Stored";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 1;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Original / stored bytes of the chunk with this case's codec (the selector's choice for Selector)";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            if (benchmarkCase.Parameters["Data"] is not ContentKind kind)
            {
                return "-";
            }

            byte[] chunk = SyntheticContent.Generate(kind, ChunkLength, Seed);
            int stored;
            if (benchmarkCase.Parameters["Codec"] is string name)
            {
                Codec codec = Codec.Parse(name);
                byte[] destination = new byte[codec.GetMaxCompressedLength(chunk.Length)];
                _ = codec.TryCompress(chunk, destination, out stored);
            }
            else if (benchmarkCase.Descriptor.WorkloadMethod.Name == "SelectionOnly")
            {
                stored = chunk.Length;
            }
            else
            {
                stored = CodecSelector.Default.Encode(chunk, new byte[CodecSelector.Default.GetMaxEncodedLength(chunk.Length)]).StoredLength;
            }

            return ((double)chunk.Length / stored).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
