using System.Text;
using System.Text.Json;
using Aios.Scheduling.Engine;
using Aios.Scheduling.Simulation;

namespace Aios.Scheduling.Tests.Simulation;

public sealed class JsonLinesEventWriterTests
{
    [Fact]
    public void OnEvent_EachKind_WritesTheContractLine()
    {
        using var stream = new MemoryStream();
        using (var writer = new JsonLinesEventWriter(stream, leaveOpen: true))
        {
            writer.OnEvent(new SimulationEvent(0, SimulationEventKind.Arrive, "a\"1", []));
            writer.OnEvent(new SimulationEvent(1.5, SimulationEventKind.Start, "a\"1", [new PlacementSlice("n0", "v100", 4, 1), new PlacementSlice("n1", "v100", 4, 1)]));
            writer.OnEvent(new SimulationEvent(2, SimulationEventKind.Preempt, "a\"1", []));
            writer.OnEvent(new SimulationEvent(3, SimulationEventKind.Finish, "a\"1", []));
            Assert.Equal(4, writer.Count);
        }

        string[] lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        JsonElement[] events = [.. lines.Select(line => JsonDocument.Parse(line).RootElement)];
        Assert.Equal(["arrive", "start", "preempt", "finish"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.All(events, e => Assert.Equal("a\"1", e.GetProperty("job").GetString()));
        Assert.Equal(1.5, events[1].GetProperty("time").GetDouble());
        JsonElement placement = events[1].GetProperty("placement");
        Assert.Equal(2, placement.GetArrayLength());
        Assert.Equal(("n1", "v100", 4), (placement[1].GetProperty("node").GetString(), placement[1].GetProperty("device").GetString(), placement[1].GetProperty("count").GetInt32()));
        Assert.False(events[0].TryGetProperty("placement", out _));
        Assert.False(events[3].TryGetProperty("placement", out _));
    }

    [Fact]
    public void OnEvent_AfterDispose_ThrowsObjectDisposed()
    {
        var writer = new JsonLinesEventWriter(new MemoryStream());
        writer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => writer.OnEvent(new SimulationEvent(0, SimulationEventKind.Arrive, "a", [])));
    }
}
