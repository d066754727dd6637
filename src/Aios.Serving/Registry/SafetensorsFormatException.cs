namespace Aios.Serving.Registry;

/// <summary>
/// A file is not a valid safetensors file: the header length, the JSON header or the tensors' offsets break the format.
/// The message names the file and the problem; nothing was registered from it.
/// </summary>
public sealed class SafetensorsFormatException : FormatException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="file">The file (or a description of the input when it was not read from a file).</param>
    /// <param name="problem">What is wrong, in a sentence without the file name.</param>
    /// <param name="innerException">The JSON reader's exception, if any.</param>
    public SafetensorsFormatException(string file, string problem, Exception? innerException = null)
        : base($"'{file}' is not a valid safetensors file: {problem}", innerException)
    {
        File = file;
        Problem = problem;
    }

    /// <summary>Gets the file.</summary>
    public string File { get; }

    /// <summary>Gets what is wrong.</summary>
    public string Problem { get; }
}
