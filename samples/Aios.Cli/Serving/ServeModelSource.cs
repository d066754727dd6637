using Aios.Hardware;
using Aios.Serving.Planning;

namespace Aios.Cli.Serving;

/// <summary>
/// Where <c>aios serve</c> gets the model it plans for: <c>--model NAME@ALIAS</c> (the model registry) or
/// <c>--parameters</c> / <c>--weight-bytes</c> / <c>--kv-bytes-per-token</c>. The one place the registry plugs in.
/// </summary>
internal static class ServeModelSource
{
    /// <summary>The model of the evaluation: an 8-billion-parameter Llama-3-class model in BF16 with grouped-query attention.</summary>
    public static ServedModel Default { get; } = new("llama-3-8b", 8.03e9, 16_060_000_000) { KvCacheBytesPerToken = 131_072 };

    /// <summary>Resolves the model from the options, or returns an error line.</summary>
    public static ServedModel? TryResolve(string? model, string? parameters, string? weightBytes, string? kvBytesPerToken, out string? error)
    {
        error = null;
        if (model is not null)
        {
            if (parameters is not null || weightBytes is not null)
            {
                error = "give either --model NAME@ALIAS or --parameters/--weight-bytes, not both";
                return null;
            }

            return ResolveRegistered(model, out error);
        }

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
    /// Looks up <c>NAME@ALIAS</c> (or <c>NAME@VERSION</c>) in the model registry. The registry lands on another branch;
    /// until it is merged this says so.
    /// </summary>
    private static ServedModel? ResolveRegistered(string reference, out string? error)
    {
        if (!reference.Contains('@', StringComparison.Ordinal))
        {
            error = $"--model must be NAME@ALIAS or NAME@VERSION, e.g. llama@production (was '{reference}')";
            return null;
        }

        error = $"the model registry is not available in this build: describe the model with --parameters (and --weight-bytes, --kv-bytes-per-token) instead of --model {reference}";
        return null;
    }
}
