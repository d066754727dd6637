using System.Buffers;
using System.Text.Json;
using Aios.Scheduling.Engine;

namespace Aios.Scheduling.Simulation;

/// <summary>
/// Writes a simulation's events as JSON Lines, one object a line:
/// <c>{"time":12.5,"type":"start","job":"7","placement":[{"node":"v100-0","device":"v100","count":4}]}</c>, with
/// <c>type</c> one of <c>arrive</c>, <c>start</c>, <c>preempt</c>, <c>finish</c> and <c>placement</c> only on starts.
/// </summary>
/// <remarks>Written with <see cref="Utf8JsonWriter"/> (no reflection; trimming- and AOT-safe) and buffered; <see cref="Dispose"/> flushes.</remarks>
public sealed class JsonLinesEventWriter : SimulationEventSink, IDisposable
{
    private const int FlushThreshold = 1 << 16;

    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText JobName = JsonEncodedText.Encode("job");
    private static readonly JsonEncodedText PlacementName = JsonEncodedText.Encode("placement");
    private static readonly JsonEncodedText NodeName = JsonEncodedText.Encode("node");
    private static readonly JsonEncodedText DeviceName = JsonEncodedText.Encode("device");
    private static readonly JsonEncodedText CountName = JsonEncodedText.Encode("count");
    private static readonly JsonEncodedText[] KindNames =
        [JsonEncodedText.Encode("arrive"), JsonEncodedText.Encode("start"), JsonEncodedText.Encode("preempt"), JsonEncodedText.Encode("finish")];

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
    private readonly Utf8JsonWriter _writer;
    private bool _disposed;

    /// <summary>Creates a writer over <paramref name="stream"/>.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves the stream open (default false: it is disposed).</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    public JsonLinesEventWriter(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream must be writable.", nameof(stream));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        _writer = new Utf8JsonWriter(_buffer);
    }

    /// <summary>Gets the number of events written.</summary>
    public long Count { get; private set; }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public override void OnEvent(in SimulationEvent simulationEvent)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _writer.WriteStartObject();
        _writer.WriteNumber(TimeName, simulationEvent.Time);
        _writer.WriteString(TypeName, KindNames[(int)simulationEvent.Kind]);
        _writer.WriteString(JobName, simulationEvent.JobId);
        if (simulationEvent.Kind == SimulationEventKind.Start)
        {
            _writer.WriteStartArray(PlacementName);
            IReadOnlyList<PlacementSlice> placement = simulationEvent.Placement;
            for (int i = 0; i < placement.Count; i++)
            {
                PlacementSlice slice = placement[i];
                _writer.WriteStartObject();
                _writer.WriteString(NodeName, slice.Node);
                _writer.WriteString(DeviceName, slice.DeviceType);
                _writer.WriteNumber(CountName, slice.Count);
                _writer.WriteEndObject();
            }

            _writer.WriteEndArray();
        }

        _writer.WriteEndObject();
        _writer.Flush();
        _writer.Reset();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        Count++;
        if (_buffer.WrittenCount >= FlushThreshold)
        {
            Flush();
        }
    }

    /// <summary>Writes the buffered lines to the stream and flushes it.</summary>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stream.Write(_buffer.WrittenSpan);
        _buffer.Clear();
        _stream.Flush();
    }

    /// <summary>Flushes, and disposes the stream unless it was to be left open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        Flush();
        _disposed = true;
        _writer.Dispose();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }
}
