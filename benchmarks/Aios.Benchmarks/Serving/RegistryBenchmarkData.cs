using Aios.Data.Synthetic;

namespace Aios.Benchmarks.Serving;

/// <summary>
/// The model the registry benchmarks register: a 9-layer transformer, hidden 1024, vocabulary 32,000, BF16 — 83 tensors
/// from 2 KiB norms to a 62.5 MiB embedding, 257 MiB in one safetensors file, plus config and tokenizer — and a second
/// version that changes 4 of the 83 tensors (4.8 %): layer 2's q_proj, layer 4's up_proj, layer 6's v_proj and
/// layer 8's post-attention norm, fresh random bytes of the same shapes.
/// </summary>
internal sealed class RegistryBenchmarkData : IDisposable
{
    public const int Layers = 9;
    public const int Hidden = 1024;
    public const int Vocabulary = 32_000;

    /// <summary>The changed tensors' indices: embedding = 0, layer l's tensors 1 + 9l … 9 + 9l (ln, q, k, v, o, post ln, gate, up, down).</summary>
    public static readonly int[] ChangedTensors = [1 + (9 * 2) + 1, 1 + (9 * 4) + 7, 1 + (9 * 6) + 3, 1 + (9 * 8) + 5];

    public RegistryBenchmarkData()
    {
        Root = Path.Combine(Path.GetTempPath(), "aios-bench-registry-" + Guid.NewGuid().ToString("N"));
        List<SyntheticTensor> tensors = SyntheticSafetensors.Transformer(Layers, Hidden, Vocabulary, "BF16", 1);
        Tensors = tensors.Count;
        string config = SyntheticSafetensors.Config(Layers, Hidden, Vocabulary, "bfloat16");
        SyntheticSafetensors.WriteModelFolder(Base, tensors, config);
        var changed = new List<SyntheticTensor>(tensors);
        foreach (int index in ChangedTensors)
        {
            changed[index] = SyntheticSafetensors.Random(tensors[index].Name, tensors[index].Dtype, tensors[index].Shape, 1_000_000 + index);
            ChangedBytes += tensors[index].Data.Length;
        }

        SyntheticSafetensors.WriteModelFolder(Tuned, changed, config);
        Bytes = Directory.EnumerateFiles(Base).Sum(f => new FileInfo(f).Length);
    }

    public string Root { get; }

    public string Base => Path.Combine(Root, "base");

    public string Tuned => Path.Combine(Root, "tuned");

    public int Tensors { get; }

    public long ChangedBytes { get; }

    public long Bytes { get; }

    public string NewStore() => Path.Combine(Root, "store-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
