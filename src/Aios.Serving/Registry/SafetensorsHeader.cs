using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Win32.SafeHandles;

namespace Aios.Serving.Registry;

/// <summary>
/// The header of a safetensors file (Hugging Face's format: an 8-byte little-endian header length N, N bytes of UTF-8
/// JSON mapping each tensor name to <c>{dtype, shape, data_offsets}</c> plus an optional <c>__metadata__</c> map of
/// strings, then the data section), parsed and checked strictly.
/// </summary>
/// <remarks>
/// The checks, each answered by a <see cref="SafetensorsFormatException"/> that names the file and the problem: the file
/// is shorter than 8 bytes; N exceeds <see cref="MaximumHeaderLength"/> (the reference implementation's limit) or the file;
/// the header is not UTF-8, does not begin with <c>{</c>, or is not JSON of the expected shape (a tensor entry with a missing,
/// unknown or repeated field, a name given twice, nesting deeper than the format has); an unknown dtype; a negative or
/// non-integer dimension or offset; a shape whose element count or byte length overflows 64 bits; a sub-byte dtype whose
/// bits do not fill whole bytes; a byte length that is not elements × dtype size; offsets out of the data section; two
/// tensors overlapping; and a hole — the tensors must cover the data section exactly, from 0 to its end, as the reference
/// implementation requires. Parsing is linear in the header's length and never recursive, so hostile headers cannot
/// exhaust the stack or hang.
/// </remarks>
public sealed record SafetensorsHeader
{
    /// <summary>The largest header length accepted: 100,000,000 bytes, the reference implementation's limit.</summary>
    public const long MaximumHeaderLength = 100_000_000;

    /// <summary>The length of the length prefix: 8 bytes, little-endian.</summary>
    public const int LengthPrefixBytes = 8;

    private const string MetadataKey = "__metadata__";
    private const int MaximumNameInMessage = 80;

    private static readonly Dictionary<string, int> BitsPerElement = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 8, ["U8"] = 8, ["I8"] = 8, ["F8_E5M2"] = 8, ["F8_E4M3"] = 8, ["F8_E8M0"] = 8,
        ["I16"] = 16, ["U16"] = 16, ["F16"] = 16, ["BF16"] = 16,
        ["I32"] = 32, ["U32"] = 32, ["F32"] = 32,
        ["I64"] = 64, ["U64"] = 64, ["F64"] = 64,
        ["F4"] = 4, ["F6_E2M3"] = 6, ["F6_E3M2"] = 6,
    };

    private SafetensorsHeader(long headerLength, long dataLength, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        HeaderLength = headerLength;
        DataLength = dataLength;
        Tensors = tensors;
        Metadata = metadata;
        var bytes = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long parameters = 0;
        foreach (SafetensorsTensor tensor in tensors)
        {
            parameters += tensor.ElementCount;
            bytes[tensor.Dtype] = bytes.GetValueOrDefault(tensor.Dtype) + tensor.Length;
        }

        ParameterCount = parameters;
        BytesByDtype = bytes;
    }

    /// <summary>Gets the dtypes this parser accepts, with their sizes in bits (sub-byte types: F4 = 4, F6_* = 6).</summary>
    public static IReadOnlyDictionary<string, int> SupportedDtypes => BitsPerElement;

    /// <summary>Gets N, the JSON header's length in bytes (trailing padding spaces included).</summary>
    public long HeaderLength { get; }

    /// <summary>Gets where the data section starts in the file: 8 + N.</summary>
    public long DataOffset => LengthPrefixBytes + HeaderLength;

    /// <summary>Gets the data section's length: the file's length − 8 − N, exactly covered by the tensors.</summary>
    public long DataLength { get; }

    /// <summary>Gets the file's length: 8 + N + the data section.</summary>
    public long FileLength => DataOffset + DataLength;

    /// <summary>Gets the tensors in the order of their bytes in the data section (ties, only between empty tensors, by name).</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors { get; }

    /// <summary>Gets the <c>__metadata__</c> map (empty when absent), keys in ordinal order.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Gets the number of parameters: the sum of every tensor's element count.</summary>
    public long ParameterCount { get; }

    /// <summary>Gets the bytes of tensor data per dtype, keys in ordinal order.</summary>
    public IReadOnlyDictionary<string, long> BytesByDtype { get; }

    /// <summary>Parses and checks a safetensors header.</summary>
    /// <param name="prefix">The file's first bytes: at least 8 + N (the whole file will do).</param>
    /// <param name="fileLength">The whole file's length, ≥ 0: the data section is what follows the header.</param>
    /// <param name="file">The file's name or path, for messages.</param>
    /// <returns>The header.</returns>
    /// <exception cref="SafetensorsFormatException">The header breaks the format; the message says how.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileLength"/> is negative or shorter than <paramref name="prefix"/>.</exception>
    public static SafetensorsHeader Parse(ReadOnlySpan<byte> prefix, long fileLength, string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return TryParse(prefix, fileLength, out SafetensorsHeader? header, out string? problem) ? header : throw new SafetensorsFormatException(file, problem);
    }

    /// <summary>Parses and checks a safetensors header, returning the problem instead of throwing.</summary>
    /// <param name="prefix">The file's first bytes: at least 8 + N (the whole file will do).</param>
    /// <param name="fileLength">The whole file's length, ≥ 0.</param>
    /// <param name="header">The header, when valid.</param>
    /// <param name="problem">What is wrong, when not.</param>
    /// <returns>Whether the header is valid.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fileLength"/> is negative or shorter than <paramref name="prefix"/>.</exception>
    public static bool TryParse(ReadOnlySpan<byte> prefix, long fileLength, [NotNullWhen(true)] out SafetensorsHeader? header, [NotNullWhen(false)] out string? problem)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fileLength, (long)prefix.Length);
        header = null;
        problem = CheckLength(prefix, fileLength, out long headerLength);
        if (problem is not null)
        {
            return false;
        }

        if (prefix.Length < LengthPrefixBytes + headerLength)
        {
            problem = $"only {prefix.Length} bytes were given; the header needs {LengthPrefixBytes + headerLength}";
            return false;
        }

        long dataLength = fileLength - LengthPrefixBytes - headerLength;
        ReadOnlySpan<byte> json = prefix.Slice(LengthPrefixBytes, (int)headerLength);
        problem = ParseJson(json, out List<SafetensorsTensor>? tensors, out SortedDictionary<string, string>? metadata)
            ?? CheckLayout(tensors!, dataLength);
        if (problem is not null)
        {
            return false;
        }

        header = new SafetensorsHeader(headerLength, dataLength, tensors!, metadata!);
        return true;
    }

    /// <summary>Reads and checks the header of a safetensors file (only the first 8 + N bytes are read).</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The header.</returns>
    /// <exception cref="SafetensorsFormatException">The header breaks the format.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async ValueTask<SafetensorsHeader> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        return (await ReadAsync(handle, path, cancellationToken).ConfigureAwait(false)).Header;
    }

    /// <summary>Reads the header from an open file: the length prefix, then exactly N bytes (returned too: the bytes parsed).</summary>
    internal static async ValueTask<(SafetensorsHeader Header, byte[] Bytes)> ReadAsync(SafeFileHandle handle, string file, CancellationToken cancellationToken)
    {
        long fileLength = RandomAccess.GetLength(handle);
        var lengthBytes = new byte[(int)Math.Min(LengthPrefixBytes, fileLength)];
        await ReadExactlyAsync(handle, lengthBytes, 0, cancellationToken).ConfigureAwait(false);
        string? problem = CheckLength(lengthBytes, fileLength, out long headerLength);
        if (problem is not null)
        {
            throw new SafetensorsFormatException(file, problem);
        }

        byte[] prefix = new byte[LengthPrefixBytes + headerLength];
        lengthBytes.CopyTo(prefix, 0);
        await ReadExactlyAsync(handle, prefix.AsMemory(LengthPrefixBytes), LengthPrefixBytes, cancellationToken).ConfigureAwait(false);
        return (Parse(prefix, fileLength, file), prefix);
    }

    private static async ValueTask ReadExactlyAsync(SafeFileHandle handle, Memory<byte> buffer, long offset, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = await RandomAccess.ReadAsync(handle, buffer[total..], offset + total, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"The file ended early: it shrank while its header was read ({offset + total} bytes).");
            }

            total += read;
        }
    }

    /// <summary>Whether the dtype is one the format defines, and its size in bits.</summary>
    internal static bool TryGetBits(string dtype, out int bits) => BitsPerElement.TryGetValue(dtype, out bits);

    private static string? CheckLength(ReadOnlySpan<byte> prefix, long fileLength, out long headerLength)
    {
        headerLength = 0;
        if (fileLength < LengthPrefixBytes || prefix.Length < LengthPrefixBytes)
        {
            return $"the file is {fileLength} bytes, shorter than the 8-byte header length";
        }

        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (length > MaximumHeaderLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the header length {length} exceeds the limit of {MaximumHeaderLength} bytes");
        }

        headerLength = (long)length;
        if (LengthPrefixBytes + headerLength > fileLength)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the header length {length} goes beyond the end of the file ({fileLength} bytes)");
        }

        return headerLength < 2 ? $"the header length {length} is too short for a JSON object" : null;
    }

    private static string? ParseJson(ReadOnlySpan<byte> json, out List<SafetensorsTensor>? tensors, out SortedDictionary<string, string>? metadata)
    {
        tensors = null;
        metadata = null;
        if (!Utf8.IsValid(json))
        {
            return "the header is not valid UTF-8";
        }

        if (json[0] != (byte)'{')
        {
            return "the header does not begin with '{'";
        }

        var found = new List<SafetensorsTensor>();
        var meta = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
        try
        {
            reader.Read(); // '{'
            while (true)
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                string name = reader.GetString()!;
                if (!names.Add(name))
                {
                    return $"'{Shorten(name)}' appears twice in the header";
                }

                Next(ref reader);
                string? problem = name == MetadataKey ? ReadMetadata(ref reader, meta) : ReadTensor(ref reader, name, found);
                if (problem is not null)
                {
                    return problem;
                }
            }

            // Only whitespace (the format's padding) may follow the object; anything else is a JSON error here.
            if (reader.Read())
            {
                return "the header holds more than one JSON value";
            }
        }
        catch (JsonException exception)
        {
            return $"the header is not valid JSON ({exception.Message})";
        }

        tensors = found;
        metadata = meta;
        return null;
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("the JSON ends early");
        }
    }

    private static string? ReadMetadata(ref Utf8JsonReader reader, SortedDictionary<string, string> metadata)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "__metadata__ must be an object of strings";
        }

        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return null;
            }

            string key = reader.GetString()!;
            Next(ref reader);
            if (reader.TokenType != JsonTokenType.String)
            {
                return $"__metadata__ entry '{Shorten(key)}' must be a string";
            }

            if (!metadata.TryAdd(key, reader.GetString()!))
            {
                return $"__metadata__ entry '{Shorten(key)}' appears twice";
            }
        }
    }

    private static string? ReadTensor(ref Utf8JsonReader reader, string name, List<SafetensorsTensor> tensors)
    {
        string tensor = $"tensor '{Shorten(name)}'";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return $"{tensor} must be an object with dtype, shape and data_offsets";
        }

        string? dtype = null;
        List<long>? shape = null;
        List<long>? offsets = null;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            string field = reader.GetString()!;
            Next(ref reader);
            switch (field)
            {
                case "dtype" when dtype is null:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return $"{tensor}: dtype must be a string";
                    }

                    dtype = reader.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(ref reader);
                    if (shape is null)
                    {
                        return $"{tensor}: shape must be an array of integers ≥ 0";
                    }

                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(ref reader);
                    if (offsets is not { Count: 2 })
                    {
                        return $"{tensor}: data_offsets must be an array of two integers ≥ 0";
                    }

                    break;
                case "dtype" or "shape" or "data_offsets":
                    return $"{tensor}: {field} appears twice";
                default:
                    return $"{tensor}: unknown field '{Shorten(field)}' (a tensor has dtype, shape and data_offsets)";
            }
        }

        if (dtype is null || shape is null || offsets is null)
        {
            string missing = dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets";
            return $"{tensor}: {missing} is missing";
        }

        if (!BitsPerElement.TryGetValue(dtype, out int bits))
        {
            return $"{tensor}: unknown dtype '{Shorten(dtype)}' (known: {string.Join(", ", BitsPerElement.Keys)})";
        }

        long begin = offsets[0], end = offsets[1];
        if (end < begin)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{tensor}: data_offsets [{begin}, {end}] end before they begin");
        }

        long bytes;
        try
        {
            long elements = 1;
            foreach (long dimension in shape)
            {
                elements = checked(elements * dimension);
            }

            long totalBits = checked(elements * bits);
            if (totalBits % 8 != 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{tensor}: {elements} elements of {dtype} ({bits} bits each) do not fill whole bytes");
            }

            bytes = totalBits / 8;
        }
        catch (OverflowException)
        {
            return $"{tensor}: shape [{string.Join(", ", shape)}] overflows 64 bits";
        }

        if (bytes != end - begin)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{tensor}: shape [{string.Join(", ", shape)}] of {dtype} is {bytes} bytes, but data_offsets [{begin}, {end}] hold {end - begin}");
        }

        tensors.Add(new SafetensorsTensor(name, dtype, shape, begin, end));
        return null;
    }

    /// <summary>An array of integers ≥ 0, or null when the value is anything else.</summary>
    private static List<long>? ReadIntegers(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return null;
        }

        var values = new List<long>();
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return values;
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value) || value < 0)
            {
                return null;
            }

            values.Add(value);
        }
    }

    /// <summary>Orders the tensors by offset and checks that they cover the data section exactly: no overlap, no hole, nothing beyond.</summary>
    private static string? CheckLayout(List<SafetensorsTensor> tensors, long dataLength)
    {
        tensors.Sort(static (a, b) =>
        {
            int order = a.Begin.CompareTo(b.Begin);
            order = order != 0 ? order : a.End.CompareTo(b.End);
            return order != 0 ? order : string.CompareOrdinal(a.Name, b.Name);
        });
        long position = 0;
        SafetensorsTensor? previous = null;
        foreach (SafetensorsTensor tensor in tensors)
        {
            if (tensor.End > dataLength)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"tensor '{Shorten(tensor.Name)}': data_offsets [{tensor.Begin}, {tensor.End}] go beyond the data section ({dataLength} bytes)");
            }

            if (tensor.Begin < position)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"tensors '{Shorten(previous!.Name)}' [{previous.Begin}, {previous.End}] and '{Shorten(tensor.Name)}' [{tensor.Begin}, {tensor.End}] overlap");
            }

            if (tensor.Begin > position)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"bytes [{position}, {tensor.Begin}) of the data section belong to no tensor (a hole before '{Shorten(tensor.Name)}')");
            }

            position = tensor.End;
            previous = tensor;
        }

        return position == dataLength
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"bytes [{position}, {dataLength}) at the end of the data section belong to no tensor");
    }

    private static string Shorten(string text) => text.Length <= MaximumNameInMessage ? text : string.Concat(text.AsSpan(0, MaximumNameInMessage), "…");

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture,
            $"HeaderLength = {HeaderLength}, DataOffset = {DataOffset}, DataLength = {DataLength}, FileLength = {FileLength}, Tensors = {Printing.List(Tensors)}, Metadata = {Printing.Dictionary(Metadata)}, ParameterCount = {ParameterCount}, BytesByDtype = {Printing.Dictionary(BytesByDtype)}");
        return true;
    }
}
