namespace PeerTriage.Serialization;

/// <summary>How the hashed weight table is stored in a model file.</summary>
public enum WeightPrecision
{
    /// <summary>IEEE 754 single precision: a saved and reloaded model scores bit-identically. The default.</summary>
    Float32 = 0,

    /// <summary>
    /// IEEE 754 half precision for the hashed weight table (biases, dense and second-stage weights stay single):
    /// files about 40% smaller, probabilities within the tolerance documented in docs/model-format.md.
    /// </summary>
    Float16 = 1,
}

/// <summary>Options for <see cref="TriageModel.Save(Stream, ModelSaveOptions?)"/>. Every property has a documented default.</summary>
public sealed record ModelSaveOptions
{
    /// <summary>The default options: <see cref="WeightPrecision.Float32"/>.</summary>
    public static ModelSaveOptions Default { get; } = new();

    /// <summary>How the hashed weight table is stored. Default <see cref="WeightPrecision.Float32"/>.</summary>
    public WeightPrecision Precision { get; init; } = WeightPrecision.Float32;
}
