using System.Globalization;
using System.Text;

namespace Aios.Serving.Registry;

/// <summary>A registered model: its name, how many versions it has, and its aliases.</summary>
/// <param name="Name">The name.</param>
/// <param name="LatestVersion">The highest version number (the number of versions).</param>
/// <param name="Aliases">Each alias and the version it points at, keys in ordinal order.</param>
public sealed record ModelSummary(string Name, int LatestVersion, IReadOnlyDictionary<string, int> Aliases)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Name = {Name}, LatestVersion = {LatestVersion}, Aliases = {Printing.Dictionary(Aliases)}");
        return true;
    }
}
