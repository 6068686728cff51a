using Microsoft.ML;
using PeerTriage.Features;

namespace PeerTriage.ML.Bridge;

/// <summary>PeerTriage's featurization in ML.NET's catalog: <c>mlContext.Transforms.Text.FeaturizeForTriage(...)</c>.</summary>
public static class TriageTextCatalog
{
    /// <summary>
    /// Creates a <see cref="TriageFeaturizingEstimator"/>, which maps a text column to PeerTriage's features: a sparse
    /// vector of 2^hashBits hashed n-gram buckets followed by the dense lexicon and context features, the values a
    /// <see cref="TriageModel"/> with the same <paramref name="pipeline"/> is trained on. Put any ML.NET trainer after it.
    /// </summary>
    /// <param name="catalog">The text transforms catalog (<c>mlContext.Transforms.Text</c>).</param>
    /// <param name="outputColumnName">The vector column to write.</param>
    /// <param name="inputColumnName">The message text column to read; null for <paramref name="outputColumnName"/>.</param>
    /// <param name="pipeline">The feature pipeline; null for <see cref="FeaturePipeline.Default"/> (n-grams, the built-in
    /// lexicons and the context features).</param>
    /// <param name="parentColumnName">A text column holding each message's parent post (empty for a thread's first post),
    /// or null to featurize the message alone (every context unknown).</param>
    /// <returns>The estimator. It cannot be saved inside an ML.NET model file (see <see cref="TriageFeaturizingTransformer"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="catalog"/> or <paramref name="outputColumnName"/> is null.</exception>
    /// <exception cref="ArgumentException">A column name is empty, or the pipeline is invalid; the message names it.</exception>
    /// <example>
    /// <code>
    /// var pipeline = mlContext.Transforms.Conversion.MapValueToKey("Label")
    ///     .Append(mlContext.Transforms.Text.FeaturizeForTriage("Features", "Text"))
    ///     .Append(mlContext.MulticlassClassification.Trainers.SdcaMaximumEntropy(maximumNumberOfIterations: 30));
    /// </code>
    /// </example>
    public static TriageFeaturizingEstimator FeaturizeForTriage(this TransformsCatalog.TextTransforms catalog, string outputColumnName,
        string? inputColumnName = null, FeaturePipeline? pipeline = null, string? parentColumnName = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(outputColumnName);
        if (string.IsNullOrWhiteSpace(outputColumnName))
            throw new ArgumentException("outputColumnName must name a column.", nameof(outputColumnName));
        inputColumnName ??= outputColumnName;
        if (string.IsNullOrWhiteSpace(inputColumnName))
            throw new ArgumentException("inputColumnName must name a column, or be null to read outputColumnName.", nameof(inputColumnName));
        if (parentColumnName is not null && (string.IsNullOrWhiteSpace(parentColumnName) || parentColumnName == inputColumnName))
            throw new ArgumentException($"parentColumnName must be null or name a column other than inputColumnName '{inputColumnName}'.", nameof(parentColumnName));
        pipeline ??= FeaturePipeline.Default;
        pipeline.Validate();
        return new TriageFeaturizingEstimator(outputColumnName, inputColumnName, parentColumnName, pipeline);
    }
}
