namespace Aios.Serving.Registry;

/// <summary>A reference (<c>name</c>, <c>name@3</c>, <c>name@production</c>) names no registered model, version or alias.</summary>
public sealed class ModelNotFoundException : KeyNotFoundException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="reference">The reference asked for.</param>
    /// <param name="reason">What is missing, in a sentence.</param>
    public ModelNotFoundException(string reference, string reason)
        : base($"No model version '{reference}': {reason}.")
    {
        Reference = reference;
    }

    /// <summary>Gets the reference asked for.</summary>
    public string Reference { get; }
}
