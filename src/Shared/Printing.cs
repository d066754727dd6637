using System.Globalization;
using System.Text;

namespace Aios;

/// <summary>
/// Collection members as records print them, compiled into every Aios library from <c>src/Shared</c>. A record's
/// generated <c>ToString</c> prints a collection as its type name (<c>System.Collections.Generic.List`1[…]</c>); records
/// that hold one write their own <c>PrintMembers</c> and put these in its interpolated text:
/// <c>builder.Append(CultureInfo.InvariantCulture, $"Devices = {Printing.List(Devices)}")</c>. Lists print as
/// <c>[a, b, c]</c>, dictionaries as <c>{ a100: 8, v100: 4 }</c> (keys in ordinal order), byte buffers as <c>N bytes</c>;
/// past <see cref="MaxItems"/> items only the first ones print, then <c>… (N items)</c>, so that a record holding a
/// million-row list still prints in a line. A null collection prints as nothing, as a record prints any null member.
/// </summary>
internal static class Printing
{
    /// <summary>The most items of one collection that print.</summary>
    public const int MaxItems = 8;

    /// <summary>Wraps a list to print as <c>[a, b, c]</c>.</summary>
    public static ListText<T> List<T>(IReadOnlyList<T>? items) => new(items);

    /// <summary>Wraps a dictionary with string keys to print as <c>{ a: 1, b: 2 }</c>.</summary>
    public static DictionaryText<TValue> Dictionary<TValue>(IReadOnlyDictionary<string, TValue>? entries) => new(entries);

    /// <summary>Wraps bytes to print as their count, <c>N bytes</c>.</summary>
    public static BytesText Bytes(ReadOnlyMemory<byte> bytes) => new(bytes.Length);

    /// <summary>Wraps bytes to print as their count, <c>N bytes</c>; null prints as nothing.</summary>
    public static BytesText Bytes(byte[]? bytes) => new(bytes?.Length);

    /// <summary>Wraps a byte count to print as <c>N bytes</c>.</summary>
    public static BytesText Bytes(int length) => new(length);

    /// <summary>Wraps an exception to print as its type and message (not its stack trace).</summary>
    public static ExceptionText Exception(Exception? exception) => new(exception);

    private static void AppendItem<T>(StringBuilder builder, T item, IFormatProvider? provider)
    {
        if (item is IFormattable formattable)
        {
            builder.Append(formattable.ToString(null, provider));
        }
        else
        {
            builder.Append(item);
        }
    }

    private static void AppendMore(StringBuilder builder, int count, string noun) =>
        builder.Append(CultureInfo.InvariantCulture, $"… ({count} {noun})");

    /// <summary>A list that prints its first items.</summary>
    public readonly struct ListText<T>(IReadOnlyList<T>? items) : IFormattable
    {
        /// <inheritdoc/>
        public string ToString(string? format, IFormatProvider? formatProvider)
        {
            if (items is null)
            {
                return string.Empty;
            }

            var builder = new StringBuilder("[");
            int shown = Math.Min(items.Count, MaxItems);
            for (int i = 0; i < shown; i++)
            {
                if (i > 0)
                {
                    builder.Append(", ");
                }

                AppendItem(builder, items[i], formatProvider);
            }

            if (shown < items.Count)
            {
                builder.Append(", ");
                AppendMore(builder, items.Count, "items");
            }

            return builder.Append(']').ToString();
        }

        /// <inheritdoc/>
        public override string ToString() => ToString(null, CultureInfo.InvariantCulture);
    }

    /// <summary>A dictionary that prints its first entries in ordinal key order.</summary>
    public readonly struct DictionaryText<TValue>(IReadOnlyDictionary<string, TValue>? entries) : IFormattable
    {
        /// <inheritdoc/>
        public string ToString(string? format, IFormatProvider? formatProvider)
        {
            if (entries is null)
            {
                return string.Empty;
            }

            if (entries.Count == 0)
            {
                return "{ }";
            }

            // Dictionaries enumerate in no stated order (a frozen one in hash order): sort so the text is stable.
            var keys = new string[entries.Count];
            int count = 0;
            foreach (string key in entries.Keys)
            {
                keys[count++] = key;
            }

            Array.Sort(keys, StringComparer.Ordinal);
            var builder = new StringBuilder("{ ");
            int shown = Math.Min(keys.Length, MaxItems);
            for (int i = 0; i < shown; i++)
            {
                if (i > 0)
                {
                    builder.Append(", ");
                }

                builder.Append(keys[i]).Append(": ");
                AppendItem(builder, entries[keys[i]], formatProvider);
            }

            if (shown < keys.Length)
            {
                builder.Append(", ");
                AppendMore(builder, keys.Length, "entries");
            }

            return builder.Append(" }").ToString();
        }

        /// <inheritdoc/>
        public override string ToString() => ToString(null, CultureInfo.InvariantCulture);
    }

    /// <summary>A byte count.</summary>
    public readonly struct BytesText(int? length) : IFormattable
    {
        /// <inheritdoc/>
        public string ToString(string? format, IFormatProvider? formatProvider) =>
            length is { } bytes ? string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes") : string.Empty;

        /// <inheritdoc/>
        public override string ToString() => ToString(null, CultureInfo.InvariantCulture);
    }

    /// <summary>An exception's type and message.</summary>
    public readonly struct ExceptionText(Exception? exception) : IFormattable
    {
        /// <inheritdoc/>
        public string ToString(string? format, IFormatProvider? formatProvider) =>
            exception is null ? string.Empty : $"{exception.GetType().Name}: {exception.Message}";

        /// <inheritdoc/>
        public override string ToString() => ToString(null, CultureInfo.InvariantCulture);
    }
}
