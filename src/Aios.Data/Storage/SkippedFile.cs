namespace Aios.Data.Storage;

/// <summary>An entry of the source folder that <see cref="DatasetPacker.PackAsync"/> did not pack, and why.</summary>
/// <param name="Path">Its path relative to the source (<c>/</c>-separated).</param>
/// <param name="Reason">Why it was skipped, e.g. <c>a FIFO (named pipe)</c>, <c>a symbolic link</c>.</param>
public sealed record SkippedFile(string Path, string Reason);
