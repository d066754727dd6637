using System.Text.Json;
using Aios.Cli.Devices;

namespace Aios.Cli.Tests;

public sealed class DevicesCommandsTests
{
    [Fact]
    public void Devices_Json_FollowsTheContract()
    {
        CliRun run = CliRun.Invoke("devices", "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement root = JsonDocument.Parse(run.Output).RootElement;
        JsonElement[] providers = root.GetProperty("providers").EnumerateArray().ToArray();
        Assert.Equal(["cpu", "opencl", "cuda"], providers.Select(p => p.GetProperty("name").GetString()));
        foreach (JsonElement provider in providers)
        {
            bool available = provider.GetProperty("available").GetBoolean();
            Assert.True(available || provider.GetProperty("reason").GetString() is { Length: > 0 }, "an unavailable provider needs a reason");
        }

        foreach (JsonElement device in root.GetProperty("devices").EnumerateArray())
        {
            string id = device.GetProperty("id").GetString()!;
            string provider = device.GetProperty("provider").GetString()!;
            Assert.StartsWith(provider + ":", id, StringComparison.Ordinal);
            Assert.Contains(device.GetProperty("kind").GetString(), new[] { "cpu", "gpu", "fpga", "accelerator", "other" });
            Assert.NotNull(device.GetProperty("vendor").GetString());
            Assert.False(string.IsNullOrEmpty(device.GetProperty("name").GetString()));
            Assert.Equal(JsonValueKind.Object, device.GetProperty("capacities").ValueKind);
            Assert.Equal(JsonValueKind.Object, device.GetProperty("attributes").ValueKind);
            Assert.Contains(device.GetProperty("health").GetString(), new[] { "healthy", "degraded", "unavailable" });
        }

        if (OperatingSystem.IsLinux())
        {
            JsonElement cpu = root.GetProperty("devices").EnumerateArray().First(d => d.GetProperty("provider").GetString() == "cpu");
            Assert.True(cpu.GetProperty("capacities").GetProperty("memoryBytes").GetInt64() > 0);
            Assert.True(cpu.GetProperty("capacities").GetProperty("computeUnits").GetInt64() >= 1);
        }
    }

    [Fact]
    public void Devices_Table_ListsProvidersWithReasons()
    {
        CliRun run = CliRun.Invoke("devices");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("provider cpu:", run.Output, StringComparison.Ordinal);
        Assert.Contains("provider cuda:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Watch_TwoRounds_PrintsASampleLinePerDevicePerRound()
    {
        CliRun run = CliRun.Invoke("devices", "watch", "--interval", "50ms", "--count", "2");

        Assert.Equal(0, run.ExitCode);
        string[] headers = run.OutputLines.Where(line => line.Contains("util", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, headers.Length);
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("fast")]
    public void Watch_BadInterval_FailsWithAMessage(string interval)
    {
        CliRun run = CliRun.Invoke("devices", "watch", "--interval", interval, "--count", "1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--interval", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500ms", 0.5)]
    [InlineData("1s", 1)]
    [InlineData("2m", 120)]
    [InlineData("1.5", 1.5)]
    public void TryParseInterval_Units_AreSeconds(string text, double seconds)
    {
        Assert.True(DevicesWatchRequest.TryParseInterval(text, out TimeSpan interval));
        Assert.Equal(TimeSpan.FromSeconds(seconds), interval);
    }

    [Fact]
    public void Profile_OnOpenCL_ReportsPositiveFigures()
    {
        CliRun run = CliRun.Invoke("devices", "profile", "--json");
        if (run.ExitCode != 0)
        {
            Assert.Contains("OpenCL", run.Error, StringComparison.OrdinalIgnoreCase);
            Assert.Skip($"OpenCL profiling unavailable here: {run.Error.Trim()}");
        }

        JsonElement[] profiles = JsonDocument.Parse(run.Output).RootElement.GetProperty("profiles").EnumerateArray().ToArray();
        Assert.NotEmpty(profiles);
        Assert.All(profiles, p => Assert.True(p.GetProperty("bandwidthBytesPerSecond").GetDouble() > 0 && p.GetProperty("fp32FlopsPerSecond").GetDouble() > 0));
    }
}
