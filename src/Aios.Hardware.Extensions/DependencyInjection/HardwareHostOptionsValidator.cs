using Microsoft.Extensions.Options;

namespace Aios.Hardware.DependencyInjection;

/// <summary>Reports every invalid <see cref="HardwareHostOptions"/> property at once.</summary>
internal sealed class HardwareHostOptionsValidator : IValidateOptions<HardwareHostOptions>
{
    public ValidateOptionsResult Validate(string? name, HardwareHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (int i = 0; i < options.StaticFiles.Count; i++)
        {
            string? path = options.StaticFiles[i];
            if (string.IsNullOrWhiteSpace(path))
            {
                failures.Add($"StaticFiles[{i}] is blank: give the path of a static inventory JSON file.");
            }
            else if (!File.Exists(path))
            {
                failures.Add($"StaticFiles[{i}]: '{path}' does not exist.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
