using Aios.Data.Caching;
using Microsoft.Extensions.Options;

namespace Aios.Data.DependencyInjection;

/// <summary>Reports every invalid <see cref="DatasetCacheHostOptions"/> property at once, each naming the property and its valid range.</summary>
internal sealed class DatasetCacheHostOptionsValidator : IValidateOptions<DatasetCacheHostOptions>
{
    public ValidateOptionsResult Validate(string? name, DatasetCacheHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.OriginPath))
        {
            failures.Add("OriginPath is required: the chunk-store folder the datasets were packed into.");
        }

        if (options.MemoryBytes < 0)
        {
            failures.Add($"MemoryBytes must be ≥ 0 (0: no memory tier); it is {options.MemoryBytes}.");
        }

        if (!Enum.IsDefined(options.MemoryPolicy))
        {
            failures.Add($"MemoryPolicy must be Lru, AdmitOnce or Clairvoyant; it is {options.MemoryPolicy}.");
        }

        if (options.LocalCachePath is { } local && string.IsNullOrWhiteSpace(local))
        {
            failures.Add("LocalCachePath must be a folder, or null for no local tier; it is blank.");
        }

        if (options.LocalCacheBytes is < 0)
        {
            failures.Add($"LocalCacheBytes must be ≥ 0, or null for no budget; it is {options.LocalCacheBytes}.");
        }

        if (!Enum.IsDefined(options.LocalCachePolicy))
        {
            failures.Add($"LocalCachePolicy must be Lru, AdmitOnce or Clairvoyant; it is {options.LocalCachePolicy}.");
        }

        if (options.RetryUnavailableAfter < TimeSpan.Zero)
        {
            failures.Add($"RetryUnavailableAfter must be ≥ 0; it is {options.RetryUnavailableAfter}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
