namespace Aios.Data.Synthetic;

/// <summary>Kinds of training data that <see cref="SyntheticContent"/> generates, chosen to span what a codec selector meets.</summary>
public enum ContentKind
{
    /// <summary>English-like prose: words of a 20,000-word vocabulary drawn by Zipf's law (s = 1), sentences and paragraphs.</summary>
    Text = 0,

    /// <summary>JSON Lines records (ids, user names, prose fields, scores, tags), as chat and instruction datasets ship.</summary>
    JsonLines,

    /// <summary>float32 weights, normal with σ = 0.02 (a freshly initialized transformer layer), little-endian.</summary>
    Float32Tensor,

    /// <summary>IEEE float16 weights, normal with σ = 0.02, little-endian.</summary>
    Float16Tensor,

    /// <summary>float32 activations after ReLU: about half exact zeros, the rest |normal|.</summary>
    SparseFloat32Tensor,

    /// <summary>int32 token ids, Zipf over GPT-2's 50,257-token vocabulary, little-endian.</summary>
    Int32Tokens,

    /// <summary>uint16 token ids, Zipf over 50,257 tokens, little-endian (the usual packed pre-training format).</summary>
    UInt16Tokens,

    /// <summary>An uncompressed 8-bit RGB image: smooth gradients and shapes with sensor noise (a raw frame, e.g. in a .npy).</summary>
    RawImage,

    /// <summary>Already-compressed bytes: the Deflate (gzip-level 6) stream of generated text, as .gz or .png members are.</summary>
    Compressed,

    /// <summary>Uniformly random bytes (encrypted data, random initializations).</summary>
    Random,

    /// <summary>All zero bytes (padding, sparse files, zero pages).</summary>
    Zeros,
}
