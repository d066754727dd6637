namespace Aios.Cli.Devices;

/// <summary>
/// Device ids shortened to a table column so that a user can still tell them apart: a long id keeps its provider and
/// its end (where CUDA UUIDs, OpenCL indices and static node/device names differ) around an ellipsis, and ids whose
/// short forms would print alike are printed in full.
/// </summary>
internal static class DeviceLabels
{
    public static string[] Shorten(IReadOnlyList<string> ids, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 8);
        string[] labels = [.. ids.Select(id => ShortenOne(id, width))];
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string label in labels)
        {
            counts[label] = counts.GetValueOrDefault(label) + 1;
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if (counts[labels[i]] > 1)
            {
                labels[i] = ids[i];
            }
        }

        return labels;
    }

    private static string ShortenOne(string id, int width)
    {
        if (id.Length <= width)
        {
            return id;
        }

        // "provider:" + "…" + the end: the provider says where the device came from, the end tells siblings apart.
        int colon = id.IndexOf(':', StringComparison.Ordinal);
        string head = colon > 0 && colon < width / 2 ? id[..(colon + 1)] : string.Empty;
        int tail = width - head.Length - 1;
        return $"{head}…{id[^tail..]}";
    }
}
