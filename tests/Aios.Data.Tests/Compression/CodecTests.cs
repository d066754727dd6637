using Aios.Data.Compression;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Data.Tests.Compression;

public sealed partial class CodecTests
{
    private const int SmallInput = 4096;

    private static readonly Codec Lz4High = Codec.CreateLz4(9);
    private static readonly Codec ZstdFast = Codec.CreateZstd(-1);
    private static readonly Codec Zstd1 = Codec.CreateZstd(1);
    private static readonly Codec Zstd3 = Codec.CreateZstd(3);
    private static readonly Codec Zstd19 = Codec.CreateZstd(19);
    private static readonly Codec Brotli1 = Codec.CreateBrotli(1);
    private static readonly Codec Brotli11 = Codec.CreateBrotli(11);
    private static readonly Codec Deflate1 = Codec.CreateDeflate(1);
    private static readonly Codec Deflate9 = Codec.CreateDeflate(9);

    private static Property RoundTrips(Codec codec, Gen<byte[]> inputs) => Prop.ForAll(inputs.ToArbitrary(), data =>
    {
        int bound = codec.GetMaxCompressedLength(data.Length);
        byte[] roomy = new byte[bound + 64];
        Assert.True(codec.TryCompress(data, roomy, out int roomyLength), $"{codec.Name} failed with {roomy.Length} bytes of room");
        Assert.InRange(roomyLength, 0, bound);

        byte[] compressed = new byte[bound];
        Assert.True(codec.TryCompress(data, compressed, out int written), $"{codec.Name} needed more than its bound {bound} for {data.Length} bytes");
        Assert.InRange(written, 0, bound);

        byte[] restored = new byte[data.Length];
        codec.Decompress(compressed.AsSpan(0, written), restored);
        Assert.Equal(data, restored);

        byte[] again = new byte[data.Length];
        Codec.ForDecoding(codec.Id).Decompress(compressed.AsSpan(0, written), again);
        Assert.Equal(data, again);

        if (written > 0)
        {
            Assert.False(codec.TryCompress(data, new byte[written - 1], out _), $"{codec.Name} claimed to fit {written} bytes into {written - 1}");
            Assert.False(codec.TryCompress(data, Span<byte>.Empty, out _), $"{codec.Name} claimed to fit {written} bytes into none");
        }
    });

    [Property(MaxTest = 2000)]
    public Property Raw_AnyBytes_RoundTrips() => RoundTrips(Codec.Raw, CompressionArbitraries.Bytes(SmallInput));

    [Property(MaxTest = 1000)]
    public Property Constant_ConstantBytes_RoundTrips() => RoundTrips(Codec.Constant, CompressionArbitraries.ConstantBytes(SmallInput));

    [Property(MaxTest = 2000)]
    public Property Lz4_AnyBytes_RoundTrips() => RoundTrips(Codec.Lz4, CompressionArbitraries.Bytes(SmallInput));

    [Property(MaxTest = 1000)]
    public Property Lz4Level9_AnyBytes_RoundTrips() => RoundTrips(Lz4High, CompressionArbitraries.Bytes(SmallInput));

    [Property(MaxTest = 1000)]
    public Property ZstdFastLevel_AnyBytes_RoundTrips() => RoundTrips(ZstdFast, CompressionArbitraries.Bytes(SmallInput));

    [Property(MaxTest = 1000)]
    public Property Zstd1_AnyBytes_RoundTrips() => RoundTrips(Zstd1, CompressionArbitraries.Bytes(SmallInput));

    [Property(MaxTest = 1000)]
    public Property Zstd3_AnyBytes_RoundTrips() => RoundTrips(Zstd3, CompressionArbitraries.Bytes(SmallInput));

    [Property(MaxTest = 200)]
    public Property Zstd19_AnyBytes_RoundTrips() => RoundTrips(Zstd19, CompressionArbitraries.Bytes(SmallInput));

    [Property(MaxTest = 1000)]
    public Property Brotli1_AnyBytes_RoundTrips() => RoundTrips(Brotli1, CompressionArbitraries.Bytes(SmallInput));

    [Property(MaxTest = 200)]
    public Property Brotli11_AnyBytes_RoundTrips() => RoundTrips(Brotli11, CompressionArbitraries.Bytes(SmallInput));

    [Property(MaxTest = 1000)]
    public Property Deflate1_AnyBytes_RoundTrips() => RoundTrips(Deflate1, CompressionArbitraries.Bytes(SmallInput));

    [Property(MaxTest = 1000)]
    public Property Deflate9_AnyBytes_RoundTrips() => RoundTrips(Deflate9, CompressionArbitraries.Bytes(SmallInput));

    [Theory]
    [InlineData("lz4")]
    [InlineData("zstd-1")]
    [InlineData("brotli-1")]
    [InlineData("deflate-1")]
    [InlineData("deflate-9")]
    public void TryCompress_RandomMebibyte_FitsTheBound(string name)
    {
        Codec codec = Codec.Parse(name);
        byte[] data = new byte[1 << 20];
        new Random(11).NextBytes(data);
        byte[] compressed = new byte[codec.GetMaxCompressedLength(data.Length)];

        Assert.True(codec.TryCompress(data, compressed, out int written));
        byte[] restored = new byte[data.Length];
        codec.Decompress(compressed.AsSpan(0, written), restored);

        Assert.Equal(data, restored);
    }

    [Fact]
    public void Constant_NotOneValue_ReturnsFalse()
    {
        Assert.False(Codec.Constant.TryCompress([1, 1, 2], new byte[8], out int written));
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("constant")]
    [InlineData("lz4")]
    [InlineData("lz4-1")]
    [InlineData("lz4-9")]
    [InlineData("lz4-12")]
    [InlineData("zstd--7")]
    [InlineData("zstd--1")]
    [InlineData("zstd-1")]
    [InlineData("zstd-22")]
    [InlineData("brotli-0")]
    [InlineData("brotli-11")]
    [InlineData("deflate-0")]
    [InlineData("deflate-9")]
    public void Parse_Name_RoundTrips(string name)
    {
        Codec codec = Codec.Parse(name);

        Assert.Equal(name, codec.Name);
        Assert.Equal(name, codec.ToString());
        Assert.Equal(name, Codec.Parse(codec.Name).Name);
    }

    [Property(MaxTest = 1000)]
    public Property Parse_EveryValidLevel_RoundTripsNameLevelAndId() => Prop.ForAll(
        Gen.OneOf(
            Gen.Choose(0, 12).Select(Codec.CreateLz4),
            Gen.Elements(Enumerable.Range(-7, 30).Where(level => level != 0).ToArray()).Select(Codec.CreateZstd),
            Gen.Choose(0, 11).Select(Codec.CreateBrotli),
            Gen.Choose(0, 9).Select(Codec.CreateDeflate),
            Gen.Elements(Codec.Raw, Codec.Constant)).ToArbitrary(),
        codec =>
        {
            Codec parsed = Codec.Parse(codec.Name);
            return parsed.Name == codec.Name && parsed.Level == codec.Level && parsed.Id == codec.Id
                && Codec.Parse(codec.Name.ToUpperInvariant()).Name == codec.Name;
        });

    [Theory]
    [InlineData("zstd", "zstd-1", CodecId.Zstd, 1)]
    [InlineData("ZSTD", "zstd-1", CodecId.Zstd, 1)]
    [InlineData("lz4", "lz4", CodecId.Lz4, 0)]
    [InlineData("LZ4-0", "lz4", CodecId.Lz4, 0)]
    [InlineData(" zstd-3 ", "zstd-3", CodecId.Zstd, 3)]
    [InlineData("zstd-+3", "zstd-3", CodecId.Zstd, 3)]
    [InlineData("brotli", "brotli-1", CodecId.Brotli, 1)]
    [InlineData("deflate", "deflate-6", CodecId.Deflate, 6)]
    [InlineData("Raw", "raw", CodecId.Raw, 0)]
    public void Parse_Alias_MeansItsDefaultLevel(string alias, string name, CodecId id, int level)
    {
        Codec codec = Codec.Parse(alias);

        Assert.Equal(name, codec.Name);
        Assert.Equal(id, codec.Id);
        Assert.Equal(level, codec.Level);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("gzip")]
    [InlineData("zstd-")]
    [InlineData("zstd-x")]
    [InlineData("zstd-1.5")]
    [InlineData("lz4-9-1")]
    [InlineData("zstd-99999999999")]
    [InlineData("raw-1")]
    [InlineData("constant-0")]
    [InlineData("-1")]
    [InlineData("lz4 9")]
    public void Parse_NotACodec_ThrowsArgumentExceptionNamingName(string name)
    {
        var exception = Assert.Throws<ArgumentException>(() => Codec.Parse(name));

        Assert.Equal("name", exception.ParamName);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullExceptionNamingName()
    {
        var exception = Assert.Throws<ArgumentNullException>(() => Codec.Parse(null!));

        Assert.Equal("name", exception.ParamName);
    }

    [Theory]
    [InlineData("lz4--1")]
    [InlineData("lz4-13")]
    [InlineData("zstd-0")]
    [InlineData("zstd--8")]
    [InlineData("zstd-23")]
    [InlineData("brotli--1")]
    [InlineData("brotli-12")]
    [InlineData("deflate--1")]
    [InlineData("deflate-10")]
    public void Parse_LevelOutOfRange_ThrowsArgumentOutOfRangeNamingNameAndRange(string name)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Codec.Parse(name));

        Assert.Equal("name", exception.ParamName);
        Assert.Contains("[", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EveryLevelInRange_Succeeds()
    {
        for (int level = 0; level <= 12; level++)
        {
            Assert.Equal(level, Codec.CreateLz4(level).Level);
        }

        for (int level = -7; level <= 22; level++)
        {
            if (level != 0)
            {
                Assert.Equal(level, Codec.CreateZstd(level).Level);
            }
        }

        for (int quality = 0; quality <= 11; quality++)
        {
            Assert.Equal(quality, Codec.CreateBrotli(quality).Level);
        }

        for (int level = 0; level <= 9; level++)
        {
            Assert.Equal(level, Codec.CreateDeflate(level).Level);
        }
    }

    public static TheoryData<string, int, string> OutOfRangeLevels => new()
    {
        { "lz4", -1, "level" },
        { "lz4", 13, "level" },
        { "zstd", -8, "level" },
        { "zstd", 0, "level" },
        { "zstd", 23, "level" },
        { "brotli", -1, "quality" },
        { "brotli", 12, "quality" },
        { "deflate", -1, "level" },
        { "deflate", 10, "level" },
    };

    [Theory]
    [MemberData(nameof(OutOfRangeLevels))]
    public void Create_LevelOutOfRange_ThrowsNamingTheParameter(string family, int level, string parameter)
    {
        Func<int, Codec> create = family switch
        {
            "lz4" => Codec.CreateLz4,
            "zstd" => Codec.CreateZstd,
            "brotli" => Codec.CreateBrotli,
            _ => Codec.CreateDeflate,
        };

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => create(level));

        Assert.Equal(parameter, exception.ParamName);
    }

    [Theory]
    [InlineData(CodecId.Raw)]
    [InlineData(CodecId.Constant)]
    [InlineData(CodecId.Lz4)]
    [InlineData(CodecId.Zstd)]
    [InlineData(CodecId.Brotli)]
    [InlineData(CodecId.Deflate)]
    public void ForDecoding_KnownId_ReturnsThatCodec(CodecId id) => Assert.Equal(id, Codec.ForDecoding(id).Id);

    [Theory]
    [InlineData(6)]
    [InlineData(100)]
    [InlineData(255)]
    public void ForDecoding_UnknownId_ThrowsInvalidData(byte id)
    {
        var exception = Assert.Throws<InvalidDataException>(() => Codec.ForDecoding((CodecId)id));

        Assert.Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture), exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("raw")]
    [InlineData("lz4")]
    [InlineData("zstd-1")]
    [InlineData("brotli-1")]
    [InlineData("deflate-6")]
    public void GetMaxCompressedLength_Negative_Throws(string name) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Codec.Parse(name).GetMaxCompressedLength(-1));

    [Fact]
    public async Task Zstd_SharedInstanceFromEightTasks_EveryRoundTripCorrect()
    {
        Codec codec = Codec.CreateZstd(3);
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        var tasks = new Task<int>[8];
        for (int task = 0; task < tasks.Length; task++)
        {
            int seed = task;
            tasks[task] = Task.Run(() =>
            {
                var random = new Random(seed);
                int verified = 0;
                for (int iteration = 0; iteration < 60; iteration++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    byte[] data = new byte[random.Next(1, 64 * 1024)];
                    for (int i = 0; i < data.Length; i++)
                    {
                        data[i] = (byte)(random.Next(4) == 0 ? random.Next(256) : (i / 64) + seed);
                    }

                    byte[] compressed = new byte[codec.GetMaxCompressedLength(data.Length)];
                    Assert.True(codec.TryCompress(data, compressed, out int written));
                    byte[] restored = new byte[data.Length];
                    codec.Decompress(compressed.AsSpan(0, written), restored);
                    Assert.Equal(data, restored);
                    verified++;
                }

                return verified;
            }, cancellationToken);
        }

        int[] counts = await Task.WhenAll(tasks);

        Assert.All(counts, count => Assert.Equal(60, count));
    }

    [Theory]
    [InlineData("zstd-3", true)]
    [InlineData("LZ4", true)]
    [InlineData("raw", true)]
    [InlineData("zstd-0", false)]
    [InlineData("lz4-13", false)]
    [InlineData("gzip", false)]
    [InlineData("zstd-x", false)]
    [InlineData(" ", false)]
    [InlineData(null, false)]
    public void TryParse_Name_AgreesWithParse(string? name, bool valid)
    {
        Assert.Equal(valid, Codec.TryParse(name, out Codec? codec));
        Assert.Equal(valid ? Codec.Parse(name!).Name : null, codec?.Name);
    }
}
