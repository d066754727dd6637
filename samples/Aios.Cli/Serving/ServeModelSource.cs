using Aios.Hardware;
using Aios.Data.Storage;
using Aios.Serving.Planning;
using Aios.Serving.Registry;

namespace Aios.Cli.Serving;

/// <summary>
/// Where <c>aios serve</c> gets the model it plans for: <c>--model NAME@ALIAS</c> (the model registry) or
/// <c>--parameters</c> / <c>--weight-bytes</c> / <c>--kv-bytes-per-token</c>.
/// </summary>
internal static class ServeModelSource
{
    /// <summary>The model of the evaluation: an 8-billion-parameter Llama-3-class model in BF16 with grouped-query attention.</summary>
    public static ServedModel Default { get; } = new("llama-3-8b", 8.03e9, 16_060_000_000) { KvCacheBytesPerToken = 131_072 };

    /// <summary>Resolves the model from the options, or returns an error line: <c>--model NAME@ALIAS</c> from the registry
    /// in <paramref name="store"/> (else <c>$AIOS_STORE</c>), otherwise the description.</summary>
    public static async Task<(ServedModel? Model, string? Error)> TryResolveAsync(string? model, string? store, string? parameters, string? weightBytes, string? kvBytesPerToken, CancellationToken cancellationToken)
    {
        if (model is null)
        {
            ServedModel? described = TryResolve(parameters, weightBytes, kvBytesPerToken, out string? problem);
            return (described, problem);
        }

        if (parameters is not null || weightBytes is not null || kvBytesPerToken is not null)
        {
            return (null, "give either --model NAME@ALIAS or --parameters/--weight-bytes/--kv-bytes-per-token, not both");
        }

        return await ResolveRegisteredAsync(model, store, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resolves a described model (the defaults when nothing is given), or returns an error line.</summary>
    public static ServedModel? TryResolve(string? parameters, string? weightBytes, string? kvBytesPerToken, out string? error)
    {
        error = null;
        if (parameters is null && weightBytes is null)
        {
            return Default;
        }

        if (parameters is null || !double.TryParse(parameters, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double count) || !(count >= 1e6 && count <= 1e13))
        {
            error = $"--parameters must be a parameter count from 1e6 to 1e13, e.g. 7e9 (was '{parameters}')";
            return null;
        }

        long bytes = (long)Math.Ceiling(count * 2);
        if (weightBytes is not null && !Quantity.TryParse(weightBytes, out bytes))
        {
            error = $"--weight-bytes must be an amount such as 14G or 13Gi (was '{weightBytes}')";
            return null;
        }

        double? kv = null;
        if (kvBytesPerToken is not null)
        {
            if (!Quantity.TryParse(kvBytesPerToken, out long kvBytes) || kvBytes <= 0)
            {
                error = $"--kv-bytes-per-token must be a positive amount such as 131072 or 128Ki (was '{kvBytesPerToken}')";
                return null;
            }

            kv = kvBytes;
        }

        if (bytes <= 0)
        {
            error = "--weight-bytes must be greater than 0";
            return null;
        }

        return new ServedModel(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"model-{count:0.##e0}"), count, bytes) { KvCacheBytesPerToken = kv };
    }

    /// <summary>
    /// Looks up <c>NAME@ALIAS</c>, <c>NAME@VERSION</c> or <c>NAME</c> (the latest) in the model registry: parameter count
    /// and weight bytes from the safetensors headers, KV-cache bytes per token from its <c>config.json</c> when it has one.
    /// The plan is named by the exact version (<c>NAME@3</c>), so an alias moved later does not change what was planned.
    /// </summary>
    private static async Task<(ServedModel? Model, string? Error)> ResolveRegisteredAsync(string reference, string? store, CancellationToken cancellationToken)
    {
        string? path = ModelsCommands.StorePath(store);
        if (path is null)
        {
            return (null, $"--model {reference}: no model registry; pass --store DIR or set {ModelsCommands.StoreVariable}");
        }

        if (!ModelsCommands.IsStore(path))
        {
            return (null, $"--model {reference}: no chunk store at '{path}' ('aios models register' creates one)");
        }

        try
        {
            ModelRegistry registry = ModelRegistry.Open(ChunkStore.Open(path));
            ModelVersion version = await registry.ResolveAsync(reference, cancellationToken).ConfigureAwait(false);
            if (version.ParameterCount <= 0 || version.WeightBytes <= 0)
            {
                return (null, $"--model {reference}: {version.Reference} holds no safetensors weights, so there is nothing to size replicas by");
            }

            return (new ServedModel(version.Reference, version.ParameterCount, version.WeightBytes) { KvCacheBytesPerToken = version.Architecture?.KvCacheBytesPerToken }, null);
        }
        catch (Exception exception) when (exception is ModelNotFoundException or ModelRegistryCorruptException or FormatException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return (null, $"--model {reference}: {CliConsole.Describe(exception)}");
        }
    }
}
