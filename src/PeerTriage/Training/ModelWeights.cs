using PeerTriage.Learning;

namespace PeerTriage.Training;

/// <summary>The numbers of a <see cref="TriageModel"/>, as the model file stores them.</summary>
/// <param name="Table">Hashed-feature weights, bucket-major (bucket × levels); the text stage when two-stage.</param>
/// <param name="Bias">Bias per level (of the text stage when two-stage).</param>
/// <param name="Dense">One stage: dense-feature weights (feature × levels). Two stages: empty.</param>
/// <param name="Stage2">Two stages: weights over [ln text probabilities, dense features] × levels. One stage: null.</param>
/// <param name="Stage2Bias">Two stages: the second stage's bias per level. One stage: null.</param>
/// <param name="Trees">Two stages with a learner's second stage: its tree ensemble (then Stage2 and Stage2Bias are null).</param>
internal sealed record ModelWeights(float[] Table, float[] Bias, float[] Dense, float[]? Stage2, float[]? Stage2Bias, TreeEnsemble? Trees = null)
{
    public static ModelWeights From(FittedModel fitted, int buckets, int classes)
    {
        float[] all = fitted.Solution.Weights;
        if (fitted.Trees is { } trees)
            return new ModelWeights(all, fitted.Solution.Bias, [], null, null, trees);
        if (fitted.Stage2 is { } stage2)
            return new ModelWeights(all, fitted.Solution.Bias, [], stage2.Weights, stage2.Bias);
        long table = (long)buckets * classes;
        return new ModelWeights(all.Length == table ? all : all[..(int)table], fitted.Solution.Bias, all[(int)table..], null, null);
    }
}
