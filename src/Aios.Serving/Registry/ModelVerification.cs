using System.Globalization;
using System.Text;

namespace Aios.Serving.Registry;

/// <summary>The result of <see cref="ModelRegistry.VerifyAsync"/>: what was read back and what failed.</summary>
/// <param name="Reference">The version checked (<c>name@version</c>).</param>
/// <param name="Files">Files checked.</param>
/// <param name="Chunks">Chunks read, each checked against its SHA-256.</param>
/// <param name="Problems">What is wrong, one sentence each; empty when healthy.</param>
public sealed record ModelVerification(string Reference, int Files, int Chunks, IReadOnlyList<string> Problems)
{
    /// <summary>Gets whether nothing is wrong.</summary>
    public bool IsHealthy => Problems.Count == 0;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Reference = {Reference}, Files = {Files}, Chunks = {Chunks}, Problems = {Printing.List(Problems)}, IsHealthy = {IsHealthy}");
        return true;
    }
}
