using System.Buffers.Text;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace Aios.Hardware.Cpu;

/// <summary>How a read of a procfs or sysfs file went.</summary>
internal enum ReadOutcome
{
    /// <summary>The file was read.</summary>
    Read,

    /// <summary>The file (or its folder) does not exist, or the read failed.</summary>
    Missing,

    /// <summary>The process may not read the file.</summary>
    Denied,
}

/// <summary>
/// Reads of procfs and sysfs files: text for discovery, spans into reused buffers for telemetry. A missing or
/// unreadable file is an expected miss (a field the kernel or the container does not expose), never an exception.
/// </summary>
internal static class LinuxFiles
{
    /// <summary>Reads a whole text file, trimmed; null when it is missing or unreadable.</summary>
    public static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads a file holding one integer (sysfs attributes); false when missing, unreadable or malformed.</summary>
    public static bool TryReadInt64(string path, out long value)
    {
        value = 0;
        Span<byte> buffer = stackalloc byte[64];
        if (TryReadSmall(path, buffer, out int length) != ReadOutcome.Read)
        {
            return false;
        }

        return TryParseInt64(buffer[..length], out value);
    }

    /// <summary>Reads a file holding one integer and says why it could not, so that permission is told apart from absence.</summary>
    public static ReadOutcome TryReadInt64WithOutcome(string path, out long value)
    {
        value = 0;
        Span<byte> buffer = stackalloc byte[64];
        ReadOutcome outcome = TryReadSmall(path, buffer, out int length);
        if (outcome != ReadOutcome.Read)
        {
            return outcome;
        }

        return TryParseInt64(buffer[..length], out value) ? ReadOutcome.Read : ReadOutcome.Missing;
    }

    /// <summary>
    /// Reads a file into <paramref name="buffer"/>, growing it as needed, and stops early once the text read so far
    /// contains <paramref name="stopMarker"/> (e.g. the line after the last one wanted).
    /// </summary>
    public static ReadOutcome TryRead(string path, ref byte[] buffer, ReadOnlySpan<byte> stopMarker, out int length)
    {
        length = 0;
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            while (true)
            {
                int read = RandomAccess.Read(handle, buffer.AsSpan(length), length);
                if (read == 0)
                {
                    return ReadOutcome.Read;
                }

                length += read;
                if (!stopMarker.IsEmpty && buffer.AsSpan(0, length).IndexOf(stopMarker) >= 0)
                {
                    return ReadOutcome.Read;
                }

                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }
        }
        catch (UnauthorizedAccessException)
        {
            return ReadOutcome.Denied;
        }
        catch (IOException)
        {
            return ReadOutcome.Missing;
        }
    }

    /// <summary>
    /// Finds <paramref name="key"/> (e.g. <c>MemAvailable:</c>) in meminfo-style text and parses the number after it;
    /// the unit <c>kB</c>, when present, is applied (kibibytes, as the kernel means it).
    /// </summary>
    public static bool TryFindBytes(ReadOnlySpan<byte> text, ReadOnlySpan<byte> key, out long bytes)
    {
        bytes = 0;
        int at = text.IndexOf(key);
        if (at < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = text[(at + key.Length)..].TrimStart(" \t"u8);
        if (!Utf8Parser.TryParse(rest, out long number, out int consumed))
        {
            return false;
        }

        ReadOnlySpan<byte> unit = rest[consumed..].TrimStart(" \t"u8);
        bytes = unit.StartsWith("kB"u8) ? number * 1024 : number;
        return true;
    }

    /// <summary>Parses a size as sysfs cache files write it (<c>32768K</c>, <c>1M</c>, <c>512</c>) into bytes.</summary>
    public static bool TryParseSize(ReadOnlySpan<char> text, out long bytes)
    {
        bytes = 0;
        text = text.Trim();
        long multiplier = 1;
        if (text.Length > 0 && char.IsLetter(text[^1]))
        {
            multiplier = char.ToUpperInvariant(text[^1]) switch
            {
                'K' => 1024L,
                'M' => 1024L * 1024,
                'G' => 1024L * 1024 * 1024,
                _ => 0,
            };
            text = text[..^1];
        }

        if (multiplier == 0 || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
        {
            return false;
        }

        bytes = number * multiplier;
        return true;
    }

    private static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        Utf8Parser.TryParse(text.Trim(" \t\r\n"u8), out value, out int consumed) && consumed > 0;

    private static ReadOutcome TryReadSmall(string path, Span<byte> buffer, out int length)
    {
        length = 0;
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            length = RandomAccess.Read(handle, buffer, 0);
            return ReadOutcome.Read;
        }
        catch (UnauthorizedAccessException)
        {
            return ReadOutcome.Denied;
        }
        catch (IOException)
        {
            return ReadOutcome.Missing;
        }
    }
}
