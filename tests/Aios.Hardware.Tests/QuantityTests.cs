using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Hardware.Tests;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("65536", 65536L)]
    [InlineData("64k", 64_000L)]
    [InlineData("64kB", 64_000L)]
    [InlineData("64KB", 64_000L)]
    [InlineData("64Ki", 65_536L)]
    [InlineData("64KiB", 65_536L)]
    [InlineData("1M", 1_000_000L)]
    [InlineData("1MB", 1_000_000L)]
    [InlineData("1Mi", 1L << 20)]
    [InlineData("1MiB", 1L << 20)]
    [InlineData("80Gi", 80L << 30)]
    [InlineData("80G", 80_000_000_000L)]
    [InlineData("2Ti", 2L << 40)]
    [InlineData("3T", 3_000_000_000_000L)]
    [InlineData("1Pi", 1L << 50)]
    [InlineData("1P", 1_000_000_000_000_000L)]
    [InlineData("7Ei", 7L << 60)]
    [InlineData("9E", 9_000_000_000_000_000_000L)]
    [InlineData("512B", 512L)]
    [InlineData("1.5Gi", 3L << 29)]
    [InlineData("0.5k", 500L)]
    [InlineData(" 8Gi\n", 8L << 30)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Parse_Quantity_ReturnsTheAmount(string text, long expected)
    {
        Assert.Equal(expected, Quantity.Parse(text));
        Assert.True(Quantity.TryParse(text, out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("", "is not a quantity")]
    [InlineData("Gi", "is not a quantity")]
    [InlineData("1 Gi", "is not a quantity")]
    [InlineData("1K", "is not a quantity")]
    [InlineData("1m", "is not a quantity")]
    [InlineData("1gi", "is not a quantity")]
    [InlineData("80Gb", "is not a quantity")]
    [InlineData("-1", "is not a quantity")]
    [InlineData("+1", "is not a quantity")]
    [InlineData("1e3", "is not a quantity")]
    [InlineData("1.", "is not a quantity")]
    [InlineData(".5", "is not a quantity")]
    [InlineData("1.2.3", "is not a quantity")]
    [InlineData("8Ei", "is too large")]
    [InlineData("9223372036854775808", "is too large")]
    [InlineData("0.5", "is not a whole number of units")]
    [InlineData("1.0001k", "is not a whole number of units")]
    public void Parse_NotAQuantity_ThrowsFormatExceptionSayingWhy(string text, string problem)
    {
        FormatException exception = Assert.Throws<FormatException>(() => Quantity.Parse(text));

        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
        Assert.False(Quantity.TryParse(text, out long value));
        Assert.Equal(0, value);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse() => Assert.False(Quantity.TryParse((string?)null, out _));

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(1023L, "1023")]
    [InlineData(1024L, "1Ki")]
    [InlineData(1000L, "1k")]
    [InlineData(80L << 30, "80Gi")]
    [InlineData(80_000_000_000L, "80G")]
    [InlineData(1L << 20, "1Mi")]
    [InlineData(1_536_000L, "1536k")]
    public void Format_Amount_GivesTheShortestExactForm(long value, string expected) =>
        Assert.Equal(expected, Quantity.Format(value));

    [Fact]
    public void Format_Negative_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => Quantity.Format(-1));

    [Property(MaxTest = 5000)]
    public Property Format_ThenParse_ReturnsTheAmount() =>
        Prop.ForAll(
            Gen.OneOf(
                Gen.Choose(0, int.MaxValue).Select(n => (long)n),
                from count in Gen.Choose(0, 1 << 20)
                from unit in Gen.Elements(1L << 10, 1L << 20, 1L << 30, 1L << 40, 1_000L, 1_000_000L, 1_000_000_000L)
                select count * unit,
                ArbMap.Default.ArbFor<long>().Generator.Select(n => n == long.MinValue ? 0 : Math.Abs(n))).ToArbitrary(),
            value => Quantity.Parse(Quantity.Format(value)) == value);

    [Property(MaxTest = 5000)]
    public Property Parse_AnyText_ReturnsAnAmountOrThrowsFormatException() =>
        Prop.ForAll(
            Gen.ArrayOf(Gen.Elements("0", "1", "9", "12", ".", " ", "k", "K", "M", "Mi", "G", "Gi", "E", "Ei", "i", "B", "b", "-", "e", "99999999999")).Select(string.Concat).ToArbitrary(),
            text =>
            {
                try
                {
                    long value = Quantity.Parse(text);
                    return value >= 0 && Quantity.TryParse(text, out long again) && again == value;
                }
                catch (FormatException exception)
                {
                    return exception.Message.StartsWith($"'{text}' is ", StringComparison.Ordinal) && !Quantity.TryParse(text, out _);
                }
            });
}
