// <snippet:serving-registry>
using Aios.Serving.Registry;
// </snippet:serving-registry>
using Aios.Data.Synthetic;

namespace Aios.Docs.Tests.Snippets;

/// <summary>The code of docs/serving.md, "Model registry".</summary>
public sealed class ServingRegistrySnippets
{
    [Fact]
    public async Task ServingDoc_RegistersTwoVersionsPromotesResolvesAndExports()
    {
        using var sandbox = new DocsSandbox();
        List<SyntheticTensor> tensors = SyntheticSafetensors.Transformer(2, 128, 1000, "BF16", 1);
        string config = SyntheticSafetensors.Config(2, 128, 1000, "bfloat16");
        SyntheticSafetensors.WriteModelFolder("llama-base", tensors, config);
        tensors[2] = SyntheticSafetensors.Random(tensors[2].Name, "BF16", tensors[2].Shape, 42);
        SyntheticSafetensors.WriteModelFolder("llama-tuned", tensors, config);

        // <snippet:serving-registry>
        ModelRegistry registry = ModelRegistry.OpenOrCreate("store");   // the same store `aios data` uses
        await registry.RegisterAsync("llama-base", new ModelRegistration { Name = "acme/llama" });
        ModelRegistrationResult tuned = await registry.RegisterAsync(
            "llama-tuned", new ModelRegistration { Name = "acme/llama", ParentVersion = 1, Labels = { ["dataset"] = "support-v3" } });
        Console.WriteLine($"{tuned.Version.Reference}: {tuned.NewBytes} new bytes"); // acme/llama@2: 32768 new bytes (one tensor)

        await registry.SetAliasAsync("acme/llama", "production", tuned.Version.Version);

        // What a deployment planner reads:
        ModelVersion model = await registry.ResolveAsync("acme/llama@production");
        long parameters = model.ParameterCount;                            // from the safetensors headers
        long weightBytes = model.WeightBytes;                              // device memory for the weights
        long kvBytesPerToken = model.Architecture!.KvCacheBytesPerToken;   // from config.json: 2 × layers × KV heads × head dim × 2 bytes

        ModelDiff diff = await registry.DiffAsync("acme/llama@1", "acme/llama@production");
        await registry.ExportAsync("acme/llama@production", "deploy/llama");  // byte for byte, every chunk verified
        // </snippet:serving-registry>

        Assert.Equal("acme/llama@2: 32768 new bytes\n", sandbox.Output);
        Assert.Equal(tensors.Sum(t => t.Data.Length / 2L), parameters);
        Assert.Equal(tensors.Sum(t => (long)t.Data.Length), weightBytes);
        Assert.Equal(2L * 2 * 1 * 64 * 2, kvBytesPerToken);
        Assert.Equal([tensors[2].Name], diff.Changed);
        Assert.Equal(File.ReadAllBytes("llama-tuned/model.safetensors"), File.ReadAllBytes("deploy/llama/model.safetensors"));
    }
}
