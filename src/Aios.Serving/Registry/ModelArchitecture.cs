using System.Text.Json;

namespace Aios.Serving.Registry;

/// <summary>
/// The figures of a transformer a deployment planner needs, read from a Hugging Face <c>config.json</c>: layers, widths,
/// heads and the weights' dtype, and from them the KV cache's bytes per token.
/// </summary>
/// <param name="ModelType">The <c>model_type</c> (e.g. <c>llama</c>), if given.</param>
/// <param name="Architecture">The first of <c>architectures</c> (e.g. <c>LlamaForCausalLM</c>), if given.</param>
/// <param name="HiddenLayers"><c>num_hidden_layers</c>.</param>
/// <param name="HiddenSize"><c>hidden_size</c>.</param>
/// <param name="AttentionHeads"><c>num_attention_heads</c>.</param>
/// <param name="KeyValueHeads"><c>num_key_value_heads</c> (grouped-query attention); <paramref name="AttentionHeads"/> when absent.</param>
/// <param name="HeadDimension"><c>head_dim</c>; <paramref name="HiddenSize"/> / <paramref name="AttentionHeads"/> when absent.</param>
/// <param name="TorchDtype"><c>torch_dtype</c> (or <c>dtype</c>), if given (e.g. <c>bfloat16</c>).</param>
public sealed record ModelArchitecture(
    string? ModelType,
    string? Architecture,
    int HiddenLayers,
    int HiddenSize,
    int AttentionHeads,
    int KeyValueHeads,
    int HeadDimension,
    string? TorchDtype)
{
    /// <summary>
    /// Gets the KV cache's bytes per token: 2 (keys and values) × layers × KV heads × head dimension × the element size
    /// of <see cref="TorchDtype"/> (2 for float16/bfloat16, 4 for float32, 1 for 8-bit types; 2 when absent or unknown,
    /// the usual serving precision).
    /// </summary>
    public long KvCacheBytesPerToken => 2L * HiddenLayers * KeyValueHeads * HeadDimension * ElementBytes(TorchDtype);

    private static int ElementBytes(string? dtype) => dtype switch
    {
        "float32" or "float" => 4,
        "float64" or "double" => 8,
        "int8" or "uint8" or "float8_e4m3fn" or "float8_e5m2" => 1,
        _ => 2,
    };

    /// <summary>Reads the figures from a <c>config.json</c> (top level, or <c>text_config</c> for multimodal models); null when they are not all there.</summary>
    /// <param name="json">The file's bytes.</param>
    /// <returns>The architecture, or null when the JSON does not parse or lacks layers, hidden size or heads.</returns>
    internal static ModelArchitecture? FromConfig(ReadOnlySpan<byte> json)
    {
        if (json is [0xEF, 0xBB, 0xBF, ..])
        {
            json = json[3..]; // a byte-order mark, which some editors write
        }

        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64, CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            using JsonDocument document = JsonDocument.ParseValue(ref reader);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            return From(root) ?? (root.TryGetProperty("text_config", out JsonElement text) && text.ValueKind == JsonValueKind.Object ? From(text, root) : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ModelArchitecture? From(JsonElement config, JsonElement? outer = null)
    {
        int? layers = Integer(config, "num_hidden_layers");
        int? hidden = Integer(config, "hidden_size");
        int? heads = Integer(config, "num_attention_heads");
        if (layers is not > 0 || hidden is not > 0 || heads is not > 0)
        {
            return null;
        }

        int kvHeads = Integer(config, "num_key_value_heads") is > 0 and int kv ? kv : heads.Value;
        int headDimension = Integer(config, "head_dim") is > 0 and int head ? head : hidden.Value / heads.Value;
        JsonElement named = outer ?? config;
        string? architecture = named.TryGetProperty("architectures", out JsonElement list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
            && list[0].ValueKind == JsonValueKind.String ? list[0].GetString() : null;
        return new ModelArchitecture(
            Text(named, "model_type"), architecture, layers.Value, hidden.Value, heads.Value, kvHeads, headDimension,
            Text(config, "torch_dtype") ?? Text(config, "dtype") ?? Text(named, "torch_dtype") ?? Text(named, "dtype"));
    }

    private static int? Integer(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number) ? number : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
