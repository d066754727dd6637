using System.Text;
using Aios.Serving.Registry;

namespace Aios.Serving.Tests.Registry;

public sealed class ModelArchitectureTests
{
    [Fact]
    public void FromConfig_Llama3_8B_KvCacheBytesPerTokenIs128KiB()
    {
        // Llama 3.1 8B: 32 layers, 8 KV heads of 128 dimensions, bf16: 2 × 32 × 8 × 128 × 2 = 131,072 bytes per token.
        byte[] json = """
            {"architectures":["LlamaForCausalLM"],"hidden_size":4096,"num_attention_heads":32,"num_hidden_layers":32,
             "num_key_value_heads":8,"model_type":"llama","torch_dtype":"bfloat16","vocab_size":128256}
            """u8.ToArray();

        ModelArchitecture? architecture = ModelArchitecture.FromConfig(json);

        Assert.Equal(new ModelArchitecture("llama", "LlamaForCausalLM", 32, 4096, 32, 8, 128, "bfloat16"), architecture);
        Assert.Equal(131_072, architecture!.KvCacheBytesPerToken);
    }

    [Fact]
    public void FromConfig_ByteOrderMarkHeadDimAndFloat32_Read()
    {
        byte[] json = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"hidden_size":1024,"num_attention_heads":8,"num_hidden_layers":2,"head_dim":256,"torch_dtype":"float32"}""")];

        ModelArchitecture? architecture = ModelArchitecture.FromConfig(json);

        Assert.Equal((8, 256, 2L * 2 * 8 * 256 * 4), (architecture!.KeyValueHeads, architecture.HeadDimension, architecture.KvCacheBytesPerToken));
    }

    [Fact]
    public void FromConfig_MultimodalTextConfig_ReadFromIt()
    {
        byte[] json = """{"model_type":"llava","architectures":["LlavaForConditionalGeneration"],"text_config":{"hidden_size":4096,"num_attention_heads":32,"num_hidden_layers":32,"num_key_value_heads":8}}"""u8.ToArray();

        ModelArchitecture? architecture = ModelArchitecture.FromConfig(json);

        Assert.Equal(("llava", "LlavaForConditionalGeneration", 32, 8, (string?)null), (architecture!.ModelType, architecture.Architecture, architecture.HiddenLayers, architecture.KeyValueHeads, architecture.TorchDtype));
    }

    [Theory]
    [InlineData("""{"hidden_size":1024,"num_attention_heads":8}""")]
    [InlineData("""{"hidden_size":"1024","num_attention_heads":8,"num_hidden_layers":2}""")]
    [InlineData("""not json""")]
    [InlineData("""[1,2]""")]
    public void FromConfig_MissingFigures_Null(string json)
    {
        Assert.Null(ModelArchitecture.FromConfig(Encoding.UTF8.GetBytes(json)));
    }
}
