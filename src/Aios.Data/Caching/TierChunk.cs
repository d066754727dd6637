using System.Globalization;
using System.Text;

namespace Aios.Data.Caching;

/// <summary>A chunk as a tier returns it: verified content and, when the tier keeps chunk file images, the image.</summary>
/// <param name="Content">The verified content (owned by the caller; never modified by the cache).</param>
/// <param name="Image">The chunk file image it was decoded from, or null; tiers that store images take it as is.</param>
public sealed record TierChunk(byte[] Content, byte[]? Image = null)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Content = {Printing.Bytes(Content)}, Image = {Printing.Bytes(Image)}");
        return true;
    }
}
