using System.Buffers.Binary;
using System.Text;
using Aios.Data.Synthetic;
using Aios.Serving.Registry;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Serving.Tests.Registry;

public sealed class SafetensorsHeaderTests
{
    private static readonly string[] Dtypes = ["F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2", "U16", "U32", "U64", "F8_E8M0"];

    /// <summary>A file of the given JSON header (no padding) and data length.</summary>
    private static byte[] FileOf(string json, int dataLength)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        var file = new byte[8 + header.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        return file;
    }

    private static string Problem(byte[] file)
    {
        Assert.False(SafetensorsHeader.TryParse(file, file.Length, out _, out string? problem));
        var exception = Assert.Throws<SafetensorsFormatException>(() => SafetensorsHeader.Parse(file, file.Length, "m.safetensors"));
        Assert.Equal(problem, exception.Problem);
        Assert.StartsWith("'m.safetensors' is not a valid safetensors file: ", exception.Message, StringComparison.Ordinal);
        return problem!;
    }

    [Fact]
    public void Parse_WrittenFile_ReadsTensorsInOffsetOrderWithCounts()
    {
        List<SyntheticTensor> tensors =
        [
            SyntheticSafetensors.Random("b.weight", "BF16", [3, 4], 1),
            SyntheticSafetensors.Random("a.bias", "F32", [5], 2),
            SyntheticSafetensors.Random("scalar", "F64", [], 3),
            SyntheticSafetensors.Random("empty", "I8", [0, 7], 4),
            SyntheticSafetensors.Random("mask", "BOOL", [2, 2], 5),
        ];
        byte[] file = SyntheticSafetensors.Write(tensors, new Dictionary<string, string> { ["format"] = "pt" });

        SafetensorsHeader header = SafetensorsHeader.Parse(file, file.Length, "m.safetensors");

        Assert.Equal(0, header.DataOffset % 8);
        Assert.Equal(file.Length, header.FileLength);
        Assert.Equal(["b.weight", "a.bias", "scalar", "empty", "mask"], header.Tensors.Select(t => t.Name));
        Assert.Equal((24L, 44L), (header.Tensors[1].Begin, header.Tensors[1].End));
        Assert.Equal(12 + 5 + 1 + 0 + 4, header.ParameterCount);
        Assert.Equal(new Dictionary<string, long> { ["BF16"] = 24, ["BOOL"] = 4, ["F32"] = 20, ["F64"] = 8, ["I8"] = 0 }, header.BytesByDtype);
        Assert.Equal("pt", header.Metadata["format"]);
        Assert.Equal(header.DataLength, header.Tensors.Sum(t => t.Length));
    }

    [Fact]
    public void Parse_SubByteDtypes_CountBits()
    {
        byte[] file = FileOf("""{"q":{"dtype":"F4","shape":[6],"data_offsets":[0,3]},"r":{"dtype":"F6_E2M3","shape":[4],"data_offsets":[3,6]}}""", 6);

        SafetensorsHeader header = SafetensorsHeader.Parse(file, file.Length, "m");

        Assert.Equal(10, header.ParameterCount);
    }

    [Theory]
    [InlineData("""{"t":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}}""", 2, "do not fill whole bytes")]
    [InlineData("""{"t":{"dtype":"Q4","shape":[2],"data_offsets":[0,2]}}""", 2, "unknown dtype 'Q4'")]
    [InlineData("""{"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8, "is 12 bytes, but data_offsets [0, 8] hold 8")]
    [InlineData("""{"t":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}""", 8, "overflows 64 bits")]
    [InlineData("""{"t":{"dtype":"U8","shape":[1152921504606846975],"data_offsets":[0,1152921504606846975]}}""", 8, "go beyond the data section (8 bytes)")]
    [InlineData("""{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}""", 6, "overlap")]
    [InlineData("""{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[4,6]}}""", 6, "bytes [2, 4) of the data section belong to no tensor")]
    [InlineData("""{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}""", 5, "bytes [2, 5) at the end of the data section belong to no tensor")]
    [InlineData("""{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"a":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}""", 4, "'a' appears twice")]
    [InlineData("""{"a":{"dtype":"U8","shape":[2],"data_offsets":[2,0]}}""", 2, "end before they begin")]
    [InlineData("""{"a":{"dtype":"U8","shape":[-2],"data_offsets":[0,2]}}""", 2, "shape must be an array of integers ≥ 0")]
    [InlineData("""{"a":{"dtype":"U8","shape":[2.5],"data_offsets":[0,2]}}""", 2, "shape must be an array of integers ≥ 0")]
    [InlineData("""{"a":{"dtype":"U8","shape":[2],"data_offsets":[0]}}""", 2, "data_offsets must be an array of two integers")]
    [InlineData("""{"a":{"dtype":"U8","shape":[2]}}""", 2, "data_offsets is missing")]
    [InlineData("""{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2],"extra":1}}""", 2, "unknown field 'extra'")]
    [InlineData("""{"a":{"dtype":"U8","dtype":"U8","shape":[2],"data_offsets":[0,2]}}""", 2, "dtype appears twice")]
    [InlineData("""{"a":[1,2]}""", 2, "must be an object with dtype, shape and data_offsets")]
    [InlineData("""{"__metadata__":{"k":1}}""", 0, "__metadata__ entry 'k' must be a string")]
    [InlineData("""{"__metadata__":[]}""", 0, "__metadata__ must be an object of strings")]
    [InlineData("""{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}""", 2, "not valid JSON")]
    [InlineData("""{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}{}""", 2, "not valid JSON")]
    [InlineData("""{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},}""", 2, "not valid JSON")]
    [InlineData(""" {"a":1}""", 0, "does not begin with '{'")]
    [InlineData("""[1]""", 0, "does not begin with '{'")]
    public void Parse_InvalidHeader_SaysWhatIsWrong(string json, int dataLength, string expected)
    {
        string problem = Problem(FileOf(json, dataLength));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyModelAndPaddedHeader_Valid()
    {
        byte[] file = FileOf("{}      ", 0);

        SafetensorsHeader header = SafetensorsHeader.Parse(file, file.Length, "m");

        Assert.Empty(header.Tensors);
        Assert.Equal(0, header.ParameterCount);
    }

    [Fact]
    public void Parse_InvalidUtf8_Refused()
    {
        byte[] file = FileOf("""{"ab":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}""", 0);
        file[11] = 0xFF;

        Assert.Equal("the header is not valid UTF-8", Problem(file));
    }

    [Theory]
    [InlineData(0, 0, "the file is 0 bytes, shorter than the 8-byte header length")]
    [InlineData(5, 0, "the file is 5 bytes, shorter than the 8-byte header length")]
    [InlineData(16, 9, "the header length 9 goes beyond the end of the file (16 bytes)")]
    [InlineData(16, 100_000_001, "the header length 100000001 exceeds the limit of 100000000 bytes")]
    [InlineData(16, -1, "the header length 18446744073709551615 exceeds the limit of 100000000 bytes")]
    [InlineData(16, 1, "the header length 1 is too short for a JSON object")]
    public void Parse_BadLengthPrefix_SaysWhatIsWrong(int fileLength, long headerLength, string expected)
    {
        var file = new byte[fileLength];
        if (fileLength >= 8)
        {
            BinaryPrimitives.WriteInt64LittleEndian(file, headerLength);
        }

        Assert.Equal(expected, Problem(file));
    }

    [Fact]
    public void Parse_DeeplyNestedJson_RefusedWithoutRecursion()
    {
        string json = "{\"__metadata__\":" + new string('[', 100_000) + new string(']', 100_000) + "}";

        Assert.Contains("__metadata__ must be an object of strings", Problem(FileOf(json, 0)), StringComparison.Ordinal);
        Assert.Contains("dtype must be a string", Problem(FileOf("{\"a\":{\"dtype\":{\"x\":" + new string('[', 100_000) + "}}}", 0)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ReadsOnlyTheHeaderOfAFile()
    {
        using var folder = new TemporaryFolder();
        string path = folder.Combine("m.safetensors");
        await File.WriteAllBytesAsync(path, SyntheticSafetensors.Write([SyntheticSafetensors.Random("w", "F16", [1000, 100], 1)]), TestContext.Current.CancellationToken);

        SafetensorsHeader header = await SafetensorsHeader.ReadAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(100_000, header.ParameterCount);
        Assert.Equal(200_000, header.DataLength);
    }

    private static Gen<List<SyntheticTensor>> TensorSets() =>
        from count in Gen.Choose(0, 12)
        from specs in Gen.ListOf(
            from dtype in Gen.Elements(Dtypes)
            from rank in Gen.Choose(0, 3)
            from shape in Gen.ArrayOf(Gen.Choose(0, 9).Select(d => (long)d), rank)
            from seed in Gen.Choose(0, int.MaxValue)
            select (dtype, shape, seed), count)
        select specs.Select((s, i) => SyntheticSafetensors.Random($"layer.{i}.weight", s.dtype, s.shape, s.seed)).ToList();

    [Property(MaxTest = 3000)]
    public Property Parse_RandomTensorSets_RoundTrip() =>
        Prop.ForAll(TensorSets().ToArbitrary(), tensors =>
        {
            byte[] file = SyntheticSafetensors.Write(tensors);
            SafetensorsHeader header = SafetensorsHeader.Parse(file, file.Length, "m");
            var byName = header.Tensors.ToDictionary(t => t.Name);
            return tensors.All(t => byName[t.Name].Dtype == t.Dtype && byName[t.Name].Shape.SequenceEqual(t.Shape)
                    && file.AsSpan((int)(header.DataOffset + byName[t.Name].Begin), (int)byName[t.Name].Length).SequenceEqual(t.Data))
                && header.Tensors.Count == tensors.Count
                && header.ParameterCount == tensors.Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b));
        });

    private enum Mutation
    {
        Truncate,
        FlipByte,
        SetLength,
        InsertByte,
        DeleteByte,
        Splice,
    }

    /// <summary>Fuzz: valid files truncated, flipped, re-lengthed, with bytes inserted, deleted or spliced from JSON fragments.</summary>
    [Property(MaxTest = 5000)]
    public Property TryParse_MutatedFiles_AnswerOrRefuseNeverCrash() =>
        Prop.ForAll(TensorSets().ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (tensors, seed) =>
        {
            var random = new Random(seed);
            byte[] file = SyntheticSafetensors.Write(tensors, random.Next(2) == 0 ? null : new Dictionary<string, string> { ["k"] = "v" });
            var bytes = new List<byte>(file);
            int mutations = random.Next(1, 4);
            for (int m = 0; m < mutations && bytes.Count > 0; m++)
            {
                int at = random.Next(bytes.Count);
                switch ((Mutation)random.Next(6))
                {
                    case Mutation.Truncate:
                        bytes.RemoveRange(at, bytes.Count - at);
                        break;
                    case Mutation.FlipByte:
                        bytes[at] ^= (byte)(1 << random.Next(8));
                        break;
                    case Mutation.SetLength when bytes.Count >= 8:
                        long length = random.Next(4) switch { 0 => random.NextInt64(), 1 => -random.Next(), 2 => random.Next(bytes.Count), _ => 100_000_000 };
                        var prefix = new byte[8];
                        BinaryPrimitives.WriteInt64LittleEndian(prefix, length);
                        for (int i = 0; i < 8; i++)
                        {
                            bytes[i] = prefix[i];
                        }

                        break;
                    case Mutation.InsertByte:
                        bytes.Insert(at, (byte)random.Next(256));
                        break;
                    case Mutation.DeleteByte:
                        bytes.RemoveAt(at);
                        break;
                    default:
                        string[] fragments = ["{", "}", "[", "]", ",", ":", "\"", "-1", "1e400", "null", "\"dtype\"", "\"F32\"", "\"__metadata__\"", "[0,0]", "\\u0000"];
                        bytes.InsertRange(at, Encoding.UTF8.GetBytes(fragments[random.Next(fragments.Length)]));
                        break;
                }
            }

            byte[] mutated = [.. bytes];
            bool valid = SafetensorsHeader.TryParse(mutated, mutated.Length, out SafetensorsHeader? header, out string? problem);
            return valid
                ? header!.FileLength == mutated.Length && header.Tensors.Sum(t => t.Length) == header.DataLength
                : !string.IsNullOrEmpty(problem);
        });

    [Fact]
    public void TryParse_HugeJsonHeader_RefusedOrParsedQuickly()
    {
        var json = new StringBuilder("{");
        for (int i = 0; i < 200_000; i++)
        {
            json.Append($"\"t{i}\":{{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[{i},{i + 1}]}},");
        }

        json.Append("\"last\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[200000,200000]}}");

        byte[] file = FileOf(json.ToString(), 200_000);

        Assert.True(SafetensorsHeader.TryParse(file, file.Length, out SafetensorsHeader? header, out _));
        Assert.Equal(200_001, header.Tensors.Count);
    }
}
