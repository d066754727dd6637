using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Aios.Data.Storage;
using Microsoft.Win32.SafeHandles;

namespace Aios.Serving.Registry;

/// <summary>The registry's files: content-addressed records, the HEAD pointer swapped by rename, and the writers' lock.</summary>
public sealed partial class ModelRegistry
{
    private const string RegistryFolder = "models";
    private const string RecordsFolder = "records";
    private const string TemporaryFolder = "tmp";
    private const string HeadFile = "HEAD";
    private const string LockFile = "lock";

    private string RecordPath(ContentId id) => Path.Combine(_folder, RecordsFolder, id.ToString() + ".json");

    private async ValueTask<(IndexRecord Index, ContentId? Id)> ReadIndexAsync(CancellationToken cancellationToken)
    {
        string head = Path.Combine(_folder, HeadFile);
        string text;
        try
        {
            text = await File.ReadAllTextAsync(head, Encoding.ASCII, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return (new IndexRecord(), null); // nothing registered yet
        }

        if (!ContentId.TryParse(text.Trim(), out ContentId id))
        {
            throw new ModelRegistryCorruptException(head, "it does not hold an index record's id (64 hexadecimal characters)");
        }

        IndexRecord index = await ReadRecordAsync(id, RegistryJsonContext.Default.IndexRecord, cancellationToken).ConfigureAwait(false);
        if (index.Format != IndexRecord.CurrentFormat || index.Models is null)
        {
            throw new ModelRegistryCorruptException(RecordPath(id), $"not an index record of format {IndexRecord.CurrentFormat}");
        }

        return (index, id);
    }

    private async ValueTask<VersionRecord> ReadVersionRecordAsync(string idText, string name, int version, CancellationToken cancellationToken)
    {
        if (!ContentId.TryParse(idText, out ContentId id))
        {
            throw new ModelRegistryCorruptException(Path.Combine(_folder, HeadFile), $"the index names version {version} of '{name}' by '{idText}', not a record id");
        }

        VersionRecord record = await ReadRecordAsync(id, RegistryJsonContext.Default.VersionRecord, cancellationToken).ConfigureAwait(false);
        if (record.Format != VersionRecord.CurrentFormat || record.Name != name || record.Version != version)
        {
            throw new ModelRegistryCorruptException(RecordPath(id), $"the index names it as version {version} of '{name}', but it holds {record.Format} '{record.Name}' version {record.Version}");
        }

        return record;
    }

    /// <summary>Reads a record and proves its bytes are the record asked for (their SHA-256 is its name) before parsing them.</summary>
    private async ValueTask<T> ReadRecordAsync<T>(ContentId id, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        string path = RecordPath(id);
        byte[] json;
        try
        {
            json = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ModelRegistryCorruptException(path, "the record is missing");
        }

        if (!id.Matches(json))
        {
            throw new ModelRegistryCorruptException(path, "its SHA-256 does not match its name");
        }

        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new ModelRegistryCorruptException(path, "it holds null");
        }
        catch (JsonException exception)
        {
            throw new ModelRegistryCorruptException(path, exception.Message, exception);
        }
    }

    /// <summary>Writes a record under the SHA-256 of its bytes (temporary file, then rename: a reader sees all of it or nothing).</summary>
    private async ValueTask<ContentId> WriteRecordAsync<T>(T record, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(record, type);
        ContentId id = ContentId.Compute(json);
        string path = RecordPath(id);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await WriteAtomicallyAsync(path, json, cancellationToken).ConfigureAwait(false);
        }

        return id;
    }

    /// <summary>Points HEAD at a new index: the commit point of every change. rename(2) replaces the old pointer atomically.</summary>
    private ValueTask SwapHeadAsync(ContentId index, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(Path.Combine(_folder, HeadFile), Encoding.ASCII.GetBytes(index.ToString() + "\n"), cancellationToken);

    private async ValueTask WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        string folder = Path.Combine(_folder, TemporaryFolder);
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (SafeFileHandle handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.Asynchronous))
            {
                await RandomAccess.WriteAsync(handle, bytes, 0, cancellationToken).ConfigureAwait(false);
                if (_flushToDisk)
                {
                    RandomAccess.FlushToDisk(handle); // fsync has no asynchronous form
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Takes the registry's writer lock: an exclusive lock on <c>models/lock</c> (<see cref="FileShare.None"/>, which .NET
    /// maps to <c>flock(LOCK_EX)</c> on Unix). The kernel drops it when the holder's process dies, so a crash never leaves
    /// the registry locked. Waits up to <see cref="ModelRegistryOptions.LockTimeout"/>.
    /// </summary>
    private async ValueTask<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder);
        string path = Path.Combine(_folder, LockFile);
        TimeProvider time = _options.TimeProvider;
        DateTimeOffset deadline = time.GetUtcNow() + _options.LockTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            }
            catch (IOException exception) when (exception is not FileNotFoundException and not DirectoryNotFoundException)
            {
                if (time.GetUtcNow() >= deadline)
                {
                    throw new IOException(string.Create(CultureInfo.InvariantCulture,
                        $"The model registry's lock '{path}' was held by another writer for more than {_options.LockTimeout.TotalSeconds:0.#} s; try again when it finishes."), exception);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(10), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads the index under the lock, applies <paramref name="change"/>, writes the new index and swaps HEAD.</summary>
    private async ValueTask<TResult> CommitAsync<TResult>(Func<IndexRecord, CancellationToken, ValueTask<TResult>> change, CancellationToken cancellationToken)
    {
        using FileStream _ = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
        (IndexRecord index, ContentId? previous) = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        TResult result = await change(index, cancellationToken).ConfigureAwait(false);
        index.Previous = previous?.ToString();
        index.Models.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        ContentId id = await WriteRecordAsync(index, RegistryJsonContext.Default.IndexRecord, cancellationToken).ConfigureAwait(false);
        await SwapHeadAsync(id, CancellationToken.None).ConfigureAwait(false);
        return result;
    }
}
