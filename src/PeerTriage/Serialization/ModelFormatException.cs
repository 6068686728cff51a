namespace PeerTriage.Serialization;

/// <summary>The bytes given to <see cref="TriageModel.Load(Stream)"/> are not a valid PeerTriage model.</summary>
/// <remarks>The loader throws only this type for bad bytes, whatever is wrong with them, and never returns a partial model.</remarks>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelFormatException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ModelFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ModelFormatException() : base("The model is not valid.")
    {
    }
}
