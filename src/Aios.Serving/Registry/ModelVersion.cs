using System.Globalization;
using System.Text;
using Aios.Data.Storage;

namespace Aios.Serving.Registry;

/// <summary>
/// One registered version of a model: what a planner needs (<see cref="ParameterCount"/>, <see cref="WeightBytes"/>,
/// <see cref="Architecture"/>) and what the registry knows about it. Everything but <see cref="Aliases"/> is read from
/// the version's content-addressed record (<see cref="Id"/>), verified against its SHA-256 on every read.
/// </summary>
public sealed record ModelVersion
{
    /// <summary>Gets the model's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the version number: 1, 2, 3, … per name, in order of registration.</summary>
    public required int Version { get; init; }

    /// <summary>Gets the version this one was derived from (e.g. the base of a fine-tune), if given.</summary>
    public int? ParentVersion { get; init; }

    /// <summary>Gets when the version was registered (the registry's clock).</summary>
    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>Gets the id of the version's record: the SHA-256 of its canonical JSON.</summary>
    public required ContentId Id { get; init; }

    /// <summary>Gets the id of the dataset manifest that lists the version's files and their chunks (what export restores).</summary>
    public required ContentId Manifest { get; init; }

    /// <summary>Gets the files, in ordinal path order.</summary>
    public required IReadOnlyList<ModelFile> Files { get; init; }

    /// <summary>Gets the tensors of every safetensors file, file by file, in the order of their bytes.</summary>
    public required IReadOnlyList<ModelTensor> Tensors { get; init; }

    /// <summary>Gets the number of parameters: the sum of every tensor's element count.</summary>
    public required long ParameterCount { get; init; }

    /// <summary>Gets the bytes of tensor data (what a replica loads into device memory).</summary>
    public required long WeightBytes { get; init; }

    /// <summary>Gets the bytes of all files (headers, tokenizer and configuration included).</summary>
    public required long TotalBytes { get; init; }

    /// <summary>Gets the bytes of tensor data per dtype, keys in ordinal order.</summary>
    public required IReadOnlyDictionary<string, long> BytesByDtype { get; init; }

    /// <summary>Gets the free-form labels given at registration, keys in ordinal order.</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>Gets the figures read from the version's <c>config.json</c>, or null when it has none that parses.</summary>
    public ModelArchitecture? Architecture { get; init; }

    /// <summary>Gets the aliases that point at this version now (e.g. <c>production</c>), in ordinal order.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Gets the reference <c>name@version</c>.</summary>
    public string Reference => string.Create(CultureInfo.InvariantCulture, $"{Name}@{Version}");

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture,
            $"Name = {Name}, Version = {Version}, ParentVersion = {ParentVersion}, RegisteredAt = {RegisteredAt:O}, Id = {Id}, Manifest = {Manifest}, Files = {Printing.List(Files)}, Tensors = {Printing.List(Tensors)}, ParameterCount = {ParameterCount}, WeightBytes = {WeightBytes}, TotalBytes = {TotalBytes}, BytesByDtype = {Printing.Dictionary(BytesByDtype)}, Labels = {Printing.Dictionary(Labels)}, Architecture = {Architecture}, Aliases = {Printing.List(Aliases)}, Reference = {Reference}");
        return true;
    }
}
