using Aios.Data.Storage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Data.Tests.Storage;

public sealed class ContentIdTests
{
    [Fact]
    public void Compute_Abc_IsTheFips180Vector()
    {
        ContentId id = ContentId.Compute("abc"u8);

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", id.ToString());
    }

    [Fact]
    public void Compute_Empty_IsTheSha256OfNothing() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ContentId.Compute([]).ToString());

    [Property(MaxTest = 2000)]
    public Property ParseAndFormat_AnyContent_RoundTrip(byte[] content)
    {
        ContentId id = ContentId.Compute(content);
        ContentId parsed = ContentId.Parse(id.ToString().ToUpperInvariant());
        return (parsed == id && parsed.GetHashCode() == id.GetHashCode() && parsed.CompareTo(id) == 0 && id.Matches(content)).ToProperty();
    }

    [Property(MaxTest = 2000)]
    public Property Equality_DifferentContent_DiffersAndOrdersConsistently(byte[] a, byte[] b)
    {
        ContentId x = ContentId.Compute(a), y = ContentId.Compute(b);
        bool same = a.AsSpan().SequenceEqual(b);
        return (same == (x == y) && (x < y) == (x.CompareTo(y) < 0) && (x < y) != (x >= y)).ToProperty();
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015adx")]
    [InlineData("za7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    public void Parse_NotAnId_Throws(string text)
    {
        Assert.False(ContentId.TryParse(text, out _));
        Assert.Throws<FormatException>(() => ContentId.Parse(text));
    }

    [Fact]
    public void FromBytes_WrongLength_Throws() =>
        Assert.Equal("bytes", Assert.Throws<ArgumentException>(() => ContentId.FromBytes(new byte[31])).ParamName);
}
