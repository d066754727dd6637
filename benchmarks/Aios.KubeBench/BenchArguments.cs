using System.Globalization;

namespace Aios.KubeBench;

/// <summary>The scenario's options, <c>--name value</c> or <c>--flag</c>; every option read must exist, every one given must be read.</summary>
internal sealed class BenchArguments
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public BenchArguments(IEnumerable<string> args)
    {
        string? pending = null;
        foreach (string arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    _values[pending] = null;
                }

                pending = arg[2..];
            }
            else if (pending is not null)
            {
                _values[pending] = arg;
                pending = null;
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{arg}'; options are --name value or --flag.");
            }
        }

        if (pending is not null)
        {
            _values[pending] = null;
        }
    }

    public int Int(string name, int fallback)
    {
        string? text = Text(name, null);
        return text is null ? fallback
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0 ? value
            : throw new ArgumentException($"--{name} must be a whole number ≥ 0 (got '{text}').");
    }

    public double Double(string name, double fallback)
    {
        string? text = Text(name, null);
        return text is null ? fallback
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value > 0 ? value
            : throw new ArgumentException($"--{name} must be a finite number > 0 (got '{text}').");
    }

    public string? Text(string name, string? fallback)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out string? value) ? value ?? throw new ArgumentException($"--{name} needs a value.") : fallback;
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out string? value) && (value is null ? true : throw new ArgumentException($"--{name} takes no value."));
    }

    /// <summary>Throws when an option was given that the scenario does not know.</summary>
    public void ThrowIfUnread()
    {
        foreach (string name in _values.Keys)
        {
            if (!_read.Contains(name))
            {
                throw new ArgumentException($"unknown option --{name}.");
            }
        }
    }
}
