namespace Aios.Data.Storage;

/// <summary>A chunk or manifest that failed verification.</summary>
/// <param name="Id">Its id, or null for a file whose name is not an id.</param>
/// <param name="Path">The file.</param>
/// <param name="Reason">What failed.</param>
public sealed record CorruptObject(ContentId? Id, string Path, string Reason);
