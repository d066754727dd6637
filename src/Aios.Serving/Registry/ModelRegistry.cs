using System.Diagnostics.CodeAnalysis;
using Aios.Data.Chunking;
using Aios.Data.Storage;

namespace Aios.Serving.Registry;

/// <summary>
/// A registry of model versions on an Aios.Data <see cref="ChunkStore"/>: safetensors weights chunked at tensor
/// boundaries (a fine-tune shares every unchanged tensor with its base), other files by content-defined chunking,
/// versions numbered 1, 2, 3, … per name, aliases (<c>production</c>, <c>staging</c>, any name) that point at one version
/// each, all in content-addressed records verified on every read.
/// </summary>
/// <remarks>
/// <para>Layout, beside the store's <c>chunks/</c> and <c>manifests/</c>: <c>models/records/&lt;sha256&gt;.json</c> (version
/// and index records, named by the SHA-256 of their bytes), <c>models/HEAD</c> (the current index's id), <c>models/lock</c>
/// (writers' lock), <c>models/tmp/</c> (writes in progress). A version's files are a dataset manifest in
/// <c>manifests/</c>, so <c>aios data unpack</c> and <c>aios data verify</c> work on them too.</para>
/// <para>Guarantees: a registration becomes visible only when HEAD is swapped (rename(2)) to an index naming its
/// record, after every chunk, the manifest and the record are stored; a failure or cancellation before that leaves the
/// registry as it was (at most unreferenced chunks). Writers (register, alias) take an exclusive file lock for the commit
/// only — reading HEAD, numbering the version, writing the index, swapping HEAD — so two registrations of one name never
/// get the same number, across threads and processes. Readers take no lock: HEAD always names a complete index.</para>
/// <para>For a planner: <see cref="ResolveAsync"/> (<c>"llama@production"</c>) gives a <see cref="ModelVersion"/> with
/// <see cref="ModelVersion.ParameterCount"/>, <see cref="ModelVersion.WeightBytes"/> and
/// <see cref="ModelVersion.Architecture"/> (layers, heads, <see cref="ModelArchitecture.KvCacheBytesPerToken"/>).</para>
/// </remarks>
public sealed partial class ModelRegistry
{
    private const int MaximumNameLength = 256;
    private const int MaximumAliasLength = 64;
    private readonly ModelRegistryOptions _options;
    private readonly string _folder;
    private readonly bool _flushToDisk;
    private readonly Chunker _chunker = Chunker.CreateContentDefined();

    private ModelRegistry(ChunkStore store, ModelRegistryOptions? options)
    {
        Store = store;
        _options = (options ?? new ModelRegistryOptions()).Snapshot();
        _folder = Path.Combine(store.Root, RegistryFolder);
        _flushToDisk = store.Options.FlushToDisk;
    }

    /// <summary>Gets the store the registry keeps its files and records in.</summary>
    public ChunkStore Store { get; }

    /// <summary>Gets a copy of the options; changing it has no effect on the registry.</summary>
    public ModelRegistryOptions Options => _options.Snapshot();

    /// <summary>Opens the registry of <paramref name="store"/> (empty until the first registration; nothing is written by opening).</summary>
    /// <param name="store">The store.</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <returns>The registry.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public static ModelRegistry Open(ChunkStore store, ModelRegistryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new ModelRegistry(store, options);
    }

    /// <summary>Opens the registry in the store at <paramref name="storeDirectory"/>, creating the store when absent.</summary>
    /// <param name="storeDirectory">The store's folder.</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <returns>The registry.</returns>
    /// <exception cref="ArgumentException"><paramref name="storeDirectory"/> is empty, or an option is invalid.</exception>
    /// <exception cref="IOException">The store's folders cannot be created.</exception>
    public static ModelRegistry OpenOrCreate(string storeDirectory, ModelRegistryOptions? options = null) =>
        new(ChunkStore.OpenOrCreate(storeDirectory), options);

    /// <summary>Says what is wrong with a model name, or null when it is valid.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The problem in a few words, or null.</returns>
    public static string? GetNameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a name must not be empty";
        }

        if (name.Length > MaximumNameLength)
        {
            return $"a name has at most {MaximumNameLength} characters";
        }

        if (name.Contains('@', StringComparison.Ordinal) || char.IsWhiteSpace(name[0]) || char.IsWhiteSpace(name[^1]) || name.Any(char.IsControl))
        {
            return "a name has no '@', no control characters and no leading or trailing white space";
        }

        return null;
    }

    /// <summary>Says what is wrong with an alias, or null when it is valid.</summary>
    /// <param name="alias">The alias.</param>
    /// <returns>The problem in a few words, or null.</returns>
    public static string? GetAliasProblem(string? alias)
    {
        if (string.IsNullOrEmpty(alias) || alias.Length > MaximumAliasLength || !char.IsAsciiLetter(alias[0])
            || !alias.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return $"an alias is 1 to {MaximumAliasLength} letters, digits, '-', '_' or '.', starting with a letter";
        }

        return alias == ModelReference.Latest ? "'latest' always means the highest version and cannot be set" : null;
    }

    /// <summary>Lists the registered models, by name (ordinal order).</summary>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The models.</returns>
    /// <exception cref="ModelRegistryCorruptException">The index failed verification.</exception>
    public async ValueTask<IReadOnlyList<ModelSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        (IndexRecord index, _) = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        return [.. index.Models.Select(m => new ModelSummary(m.Name, m.Versions.Count, new SortedDictionary<string, int>(m.Aliases, StringComparer.Ordinal)))];
    }

    /// <summary>Lists every version of a model, oldest first.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The versions.</returns>
    /// <exception cref="ModelNotFoundException">No model has that name.</exception>
    /// <exception cref="ModelRegistryCorruptException">A record failed verification.</exception>
    public async ValueTask<IReadOnlyList<ModelVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        (IndexRecord index, _) = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        ModelEntry entry = Find(index, name) ?? throw new ModelNotFoundException(name, "no model has that name");
        var versions = new List<ModelVersion>(entry.Versions.Count);
        for (int i = 0; i < entry.Versions.Count; i++)
        {
            versions.Add(await LoadAsync(entry, i + 1, cancellationToken).ConfigureAwait(false));
        }

        return versions;
    }

    /// <summary>
    /// Resolves <c>name</c> (the latest version), <c>name@3</c> or <c>name@production</c> to its version, read from its
    /// verified record: parameter count, weight bytes, architecture, files and tensors.
    /// </summary>
    /// <param name="reference">The reference.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The version.</returns>
    /// <exception cref="FormatException"><paramref name="reference"/> is not a reference.</exception>
    /// <exception cref="ModelNotFoundException">The name, version or alias does not exist.</exception>
    /// <exception cref="ModelRegistryCorruptException">A record failed verification.</exception>
    public async ValueTask<ModelVersion> ResolveAsync(string reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ModelReference parsed = ModelReference.Parse(reference);
        (IndexRecord index, _) = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        if (!TryLocate(index, parsed, out ModelEntry? entry, out int version, out string? problem))
        {
            throw new ModelNotFoundException(reference, problem);
        }

        return await LoadAsync(entry, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves a reference as <see cref="ResolveAsync"/> does, answering null instead of throwing when it names nothing registered.</summary>
    /// <param name="reference">The reference.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    /// <returns>The version, or null when the text is not a reference or the name, version or alias does not exist.</returns>
    /// <exception cref="ModelRegistryCorruptException">A record failed verification.</exception>
    public async ValueTask<ModelVersion?> TryResolveAsync(string? reference, CancellationToken cancellationToken = default)
    {
        if (!ModelReference.TryParse(reference, out ModelReference parsed))
        {
            return null;
        }

        (IndexRecord index, _) = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        return TryLocate(index, parsed, out ModelEntry? entry, out int version, out _)
            ? await LoadAsync(entry, version, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Points <paramref name="alias"/> of a model at one of its versions, atomically moving it from wherever it pointed.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="alias">The alias (<c>production</c>, <c>staging</c>, any valid alias but <c>latest</c>).</param>
    /// <param name="version">An existing version.</param>
    /// <param name="cancellationToken">Stops the change before it commits.</param>
    /// <returns>The version the alias now points at.</returns>
    /// <exception cref="ArgumentException">The alias is invalid.</exception>
    /// <exception cref="ModelNotFoundException">The model or version does not exist.</exception>
    /// <exception cref="IOException">The registry's lock stayed taken for longer than the timeout, or the write failed.</exception>
    public async ValueTask<ModelVersion> SetAliasAsync(string name, string alias, int version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (GetAliasProblem(alias) is { } problem)
        {
            throw new ArgumentException($"alias must be a valid alias: {problem}.", nameof(alias));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ModelEntry entry = await CommitAsync((index, _) =>
        {
            ModelEntry found = Find(index, name) ?? throw new ModelNotFoundException(name, "no model has that name");
            if (version > found.Versions.Count)
            {
                throw new ModelNotFoundException($"{name}@{version}", $"'{name}' has versions 1 to {found.Versions.Count}");
            }

            found.Aliases[alias] = version;
            return ValueTask.FromResult(found);
        }, cancellationToken).ConfigureAwait(false);
        return await LoadAsync(entry, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes an alias of a model.</summary>
    /// <param name="name">The model's name.</param>
    /// <param name="alias">The alias.</param>
    /// <param name="cancellationToken">Stops the change before it commits.</param>
    /// <returns>True when the alias existed and was removed; false when the model has no such alias (nothing is written).</returns>
    /// <exception cref="ModelNotFoundException">The model does not exist.</exception>
    /// <exception cref="IOException">The registry's lock stayed taken for longer than the timeout, or the write failed.</exception>
    public async ValueTask<bool> RemoveAliasAsync(string name, string alias, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(alias);
        (IndexRecord current, _) = await ReadIndexAsync(cancellationToken).ConfigureAwait(false);
        ModelEntry existing = Find(current, name) ?? throw new ModelNotFoundException(name, "no model has that name");
        if (!existing.Aliases.ContainsKey(alias))
        {
            return false;
        }

        return await CommitAsync((index, _) => ValueTask.FromResult(Find(index, name)!.Aliases.Remove(alias)), cancellationToken).ConfigureAwait(false);
    }

    private static ModelEntry? Find(IndexRecord index, string name)
    {
        foreach (ModelEntry entry in index.Models)
        {
            if (entry.Name == name)
            {
                return entry;
            }
        }

        return null;
    }

    private static bool TryLocate(IndexRecord index, ModelReference reference, [NotNullWhen(true)] out ModelEntry? entry, out int version, [NotNullWhen(false)] out string? problem)
    {
        version = 0;
        problem = null;
        entry = Find(index, reference.Name);
        if (entry is null || entry.Versions.Count == 0)
        {
            problem = $"no model is named '{reference.Name}'";
            entry = null;
            return false;
        }

        if (reference.Alias is { } alias)
        {
            if (!entry.Aliases.TryGetValue(alias, out version))
            {
                problem = entry.Aliases.Count == 0
                    ? $"'{reference.Name}' has no aliases"
                    : $"'{reference.Name}' has no alias '{alias}' (it has {string.Join(", ", entry.Aliases.Keys)})";
                entry = null;
                return false;
            }
        }
        else
        {
            version = reference.Version ?? entry.Versions.Count;
            if (version > entry.Versions.Count)
            {
                problem = $"'{reference.Name}' has versions 1 to {entry.Versions.Count}";
                entry = null;
                return false;
            }
        }

        return true;
    }

    private async ValueTask<ModelVersion> LoadAsync(ModelEntry entry, int version, CancellationToken cancellationToken)
    {
        string idText = entry.Versions[version - 1];
        VersionRecord record = await ReadVersionRecordAsync(idText, entry.Name, version, cancellationToken).ConfigureAwait(false);
        var aliases = entry.Aliases.Where(a => a.Value == version).Select(a => a.Key).ToList();
        return ToVersion(record, ContentId.Parse(idText), aliases);
    }

    private static ModelVersion ToVersion(VersionRecord record, ContentId id, IReadOnlyList<string> aliases) => new()
    {
        Name = record.Name,
        Version = record.Version,
        ParentVersion = record.Parent,
        RegisteredAt = record.RegisteredAt,
        Id = id,
        Manifest = ContentId.Parse(record.Manifest),
        Files = [.. record.Files.Select(f => new ModelFile(f.Path, f.Length, f.Safetensors))],
        Tensors = [.. record.Tensors.Select(t => new ModelTensor(t.File, t.Name, t.Dtype, t.Shape, t.Offset, t.Length, ContentId.Parse(t.Content)))],
        ParameterCount = record.ParameterCount,
        WeightBytes = record.WeightBytes,
        TotalBytes = record.TotalBytes,
        BytesByDtype = record.BytesByDtype,
        Labels = record.Labels,
        Architecture = record.Architecture,
        Aliases = aliases,
    };
}
