namespace Aios.Hardware.Tests;

public sealed class DeviceAttributeTests
{
    [Fact]
    public void TryGet_EachKind_ReturnsOnlyItsOwnValue()
    {
        DeviceAttribute text = DeviceAttribute.FromString("A100");
        DeviceAttribute number = DeviceAttribute.FromInteger(108);
        DeviceAttribute flag = DeviceAttribute.FromBoolean(true);
        DeviceAttribute version = DeviceAttribute.FromVersion(new Version(8, 0));

        Assert.True(text.TryGetString(out string? s) && s == "A100");
        Assert.False(text.TryGetInteger(out _));
        Assert.True(number.TryGetInteger(out long n) && n == 108);
        Assert.False(number.TryGetString(out _));
        Assert.True(flag.TryGetBoolean(out bool b) && b);
        Assert.False(flag.TryGetVersion(out _));
        Assert.True(version.TryGetVersion(out Version? v) && v >= new Version(7, 5));
        Assert.Equal(AttributeKind.Version, version.Kind);
        Assert.Equal("8.0", version.ToString());
        Assert.Equal("true", flag.ToString());
    }

    [Fact]
    public void Equality_SameKindAndValue_AreEqual()
    {
        Assert.Equal(DeviceAttribute.FromInteger(5), DeviceAttribute.FromInteger(5));
        Assert.NotEqual(DeviceAttribute.FromInteger(1), DeviceAttribute.FromBoolean(true));
    }
}
