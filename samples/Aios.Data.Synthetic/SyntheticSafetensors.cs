using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Aios.Data.Synthetic;

/// <summary>
/// Writes real safetensors files (8-byte little-endian header length, JSON header padded with spaces to a multiple of 8
/// as the reference writer does, then the tensors' bytes in order) and generates transformer-shaped tensor sets and a
/// Hugging Face <c>config.json</c>, deterministic from a seed.
/// </summary>
public static class SyntheticSafetensors
{
    /// <summary>Gets the size in bytes of a whole-byte dtype.</summary>
    /// <param name="dtype">The dtype.</param>
    /// <returns>Bytes per element.</returns>
    /// <exception cref="ArgumentException">The dtype is unknown or smaller than a byte.</exception>
    public static int ElementBytes(string dtype) => dtype switch
    {
        "BOOL" or "U8" or "I8" or "F8_E5M2" or "F8_E4M3" or "F8_E8M0" => 1,
        "I16" or "U16" or "F16" or "BF16" => 2,
        "I32" or "U32" or "F32" => 4,
        "I64" or "U64" or "F64" => 8,
        _ => throw new ArgumentException($"dtype must be a whole-byte safetensors dtype (got '{dtype}').", nameof(dtype)),
    };

    /// <summary>A tensor of random bytes (values look like trained weights to a compressor: incompressible).</summary>
    /// <param name="name">The name.</param>
    /// <param name="dtype">A whole-byte dtype.</param>
    /// <param name="shape">The dimensions.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The tensor.</returns>
    public static SyntheticTensor Random(string name, string dtype, long[] shape, int seed)
    {
        long elements = 1;
        foreach (long dimension in shape)
        {
            elements *= dimension;
        }

        var data = new byte[elements * ElementBytes(dtype)];
        new Random(seed).NextBytes(data);
        return new SyntheticTensor(name, dtype, shape, data);
    }

    /// <summary>
    /// A decoder-only transformer's tensors (embedding, per layer: attention q/k/v/o, MLP gate/up/down, two norms; final
    /// norm): assorted sizes, from a norm of <paramref name="hidden"/> elements to the MLP matrices.
    /// </summary>
    /// <param name="layers">Layers.</param>
    /// <param name="hidden">Hidden size.</param>
    /// <param name="vocabulary">Vocabulary size.</param>
    /// <param name="dtype">The weights' dtype (whole-byte).</param>
    /// <param name="seed">The seed; tensor i gets seed + i.</param>
    /// <returns>The tensors, in the order a writer lays them out.</returns>
    public static List<SyntheticTensor> Transformer(int layers, int hidden, int vocabulary, string dtype, int seed)
    {
        int intermediate = hidden * 8 / 3 / 64 * 64;
        int kv = Math.Max(hidden / 4, 1);
        var tensors = new List<SyntheticTensor>();
        int next = seed;
        tensors.Add(Random("model.embed_tokens.weight", dtype, [vocabulary, hidden], next++));
        for (int layer = 0; layer < layers; layer++)
        {
            string prefix = $"model.layers.{layer}.";
            tensors.Add(Random(prefix + "input_layernorm.weight", dtype, [hidden], next++));
            tensors.Add(Random(prefix + "self_attn.q_proj.weight", dtype, [hidden, hidden], next++));
            tensors.Add(Random(prefix + "self_attn.k_proj.weight", dtype, [kv, hidden], next++));
            tensors.Add(Random(prefix + "self_attn.v_proj.weight", dtype, [kv, hidden], next++));
            tensors.Add(Random(prefix + "self_attn.o_proj.weight", dtype, [hidden, hidden], next++));
            tensors.Add(Random(prefix + "post_attention_layernorm.weight", dtype, [hidden], next++));
            tensors.Add(Random(prefix + "mlp.gate_proj.weight", dtype, [intermediate, hidden], next++));
            tensors.Add(Random(prefix + "mlp.up_proj.weight", dtype, [intermediate, hidden], next++));
            tensors.Add(Random(prefix + "mlp.down_proj.weight", dtype, [hidden, intermediate], next++));
        }

        tensors.Add(Random("model.norm.weight", dtype, [hidden], next));
        return tensors;
    }

    /// <summary>Serializes tensors as a safetensors file, their bytes in the order given.</summary>
    /// <param name="tensors">The tensors.</param>
    /// <param name="metadata">The <c>__metadata__</c> map, or null for none.</param>
    /// <returns>The file's bytes.</returns>
    public static byte[] Write(IReadOnlyList<SyntheticTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        byte[] header = Header(tensors, metadata);
        long data = 0;
        foreach (SyntheticTensor tensor in tensors)
        {
            data += tensor.Data.Length;
        }

        var file = new byte[8 + header.Length + data];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        long offset = 8 + header.Length;
        foreach (SyntheticTensor tensor in tensors)
        {
            tensor.Data.CopyTo(file, offset);
            offset += tensor.Data.Length;
        }

        return file;
    }

    /// <summary>The JSON header of <see cref="Write"/>, padded with spaces so that 8 + its length is a multiple of 8.</summary>
    /// <param name="tensors">The tensors, offsets taken in order.</param>
    /// <param name="metadata">The <c>__metadata__</c> map, or null.</param>
    /// <returns>The header's bytes.</returns>
    public static byte[] Header(IReadOnlyList<SyntheticTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            if (metadata is not null)
            {
                json.WriteStartObject("__metadata__");
                foreach (KeyValuePair<string, string> entry in metadata)
                {
                    json.WriteString(entry.Key, entry.Value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (SyntheticTensor tensor in tensors)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.Dtype);
                json.WriteStartArray("shape");
                foreach (long dimension in tensor.Shape)
                {
                    json.WriteNumberValue(dimension);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + tensor.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += tensor.Data.Length;
            }

            json.WriteEndObject();
        }

        int padding = (int)((8 - stream.Length % 8) % 8);
        for (int i = 0; i < padding; i++)
        {
            stream.WriteByte((byte)' ');
        }

        return stream.ToArray();
    }

    /// <summary>A Hugging Face <c>config.json</c> for <see cref="Transformer"/>'s shapes (Llama-style, grouped-query attention).</summary>
    /// <param name="layers">Layers.</param>
    /// <param name="hidden">Hidden size.</param>
    /// <param name="vocabulary">Vocabulary size.</param>
    /// <param name="torchDtype">The <c>torch_dtype</c> (<c>bfloat16</c>, <c>float32</c>, …).</param>
    /// <returns>The JSON text.</returns>
    public static string Config(int layers, int hidden, int vocabulary, string torchDtype)
    {
        int heads = Math.Max(hidden / 64, 1);
        int kvHeads = Math.Max(heads / 4, 1);
        return string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "architectures": ["LlamaForCausalLM"],
              "model_type": "llama",
              "hidden_size": {{hidden}},
              "intermediate_size": {{hidden * 8 / 3 / 64 * 64}},
              "num_hidden_layers": {{layers}},
              "num_attention_heads": {{heads}},
              "num_key_value_heads": {{kvHeads}},
              "vocab_size": {{vocabulary}},
              "torch_dtype": "{{torchDtype}}"
            }
            """);
    }

    /// <summary>Writes a model folder: <c>model.safetensors</c>, <c>config.json</c> and a small <c>tokenizer.json</c>.</summary>
    /// <param name="folder">The folder (created).</param>
    /// <param name="tensors">The tensors.</param>
    /// <param name="config">The config text, or null for none.</param>
    public static void WriteModelFolder(string folder, IReadOnlyList<SyntheticTensor> tensors, string? config)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), Write(tensors, new Dictionary<string, string> { ["format"] = "pt" }));
        if (config is not null)
        {
            File.WriteAllText(Path.Combine(folder, "config.json"), config, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }

        File.WriteAllBytes(Path.Combine(folder, "tokenizer.json"), SyntheticContent.Generate(ContentKind.JsonLines, 40_000, 7));
    }
}
