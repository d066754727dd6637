using Aios.Cli.Devices;

namespace Aios.Cli.Tests;

public sealed class DeviceLabelsTests
{
    [Fact]
    public void Shorten_LongIdsSharingAPrefix_KeepTheProviderAndTheDistinctEnd()
    {
        string[] ids = ["cuda:GPU-6b2f1a10-0c3e-4a5b-9d7e-8f9a0b1c2d3e", "cuda:GPU-6b2f1a10-0c3e-4a5b-9d7e-8f9a0b1c2d4f", "cpu:0"];

        string[] labels = DeviceLabels.Shorten(ids, 24);

        Assert.Equal(["cuda:…e-8f9a0b1c2d3e", "cuda:…e-8f9a0b1c2d4f"], labels[..2].Select(l => l[..5] + l[5..6] + l[^14..]));
        Assert.All(labels[..2], l => Assert.Equal(24, l.Length));
        Assert.Equal("cpu:0", labels[2]);
        Assert.Equal(labels.Length, labels.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Shorten_IdsWhoseShortFormsCollide_PrintsThemInFull()
    {
        string[] ids = ["opencl:a-very-long-platform-name-0/same-tail-device", "opencl:another-long-platform-name-1/same-tail-device"];

        string[] labels = DeviceLabels.Shorten(ids, 20);

        Assert.Equal(ids, labels);
    }
}
