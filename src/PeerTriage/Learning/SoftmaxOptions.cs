using PeerTriage.Features;

namespace PeerTriage.Learning;

/// <summary>How training rows are weighted by their class.</summary>
public enum ClassWeighting
{
    /// <summary>Every row counts once (times its sample weight).</summary>
    None,

    /// <summary>
    /// Rows of class c are weighted n / (K · n_c), as scikit-learn's <c>class_weight="balanced"</c>: n_c counts rows
    /// (sample weights are not included) and K counts the classes that occur. A class with no rows gets weight 0.
    /// </summary>
    Balanced,
}

/// <summary>Settings for <see cref="SoftmaxRegression.Fit(SparseMatrix, ReadOnlySpan{int}, int, SoftmaxOptions, IProgress{int}?, CancellationToken)"/>.</summary>
/// <remarks>The defaults here are the solver defaults of <see cref="TriageTrainingOptions"/> too: one source for both.</remarks>
internal sealed record SoftmaxOptions
{
    /// <summary>The default options.</summary>
    public static SoftmaxOptions Default { get; } = new();

    /// <summary>
    /// L2 penalty λ. The objective is (Σ_i s_i·CE_i) / (Σ_i s_i) + (λ/2)·‖W‖², with s_i the row weights; biases are not penalized.
    /// Because the loss is a weighted mean, λ ≈ 1 / (C · n) for scikit-learn's C with n rows. Default 1e-3 (see
    /// <see cref="TriageTrainingOptions.L2"/>).
    /// </summary>
    public double L2 { get; init; } = 1e-3;

    public int MaxIterations { get; init; } = 300;

    /// <summary>
    /// L-BFGS stops when the gradient norm ‖∇‖₂ ≤ Tolerance, or when the objective fell by at most
    /// Tolerance · max(1, |objective|) over the last <see cref="Lbfgs.StallWindow"/> iterations.
    /// </summary>
    public double Tolerance { get; init; } = 1e-5;

    /// <summary>L-BFGS memory: the number of correction pairs kept. Memory use is about 4 · History · rows · K doubles.</summary>
    public int History { get; init; } = 10;

    public ClassWeighting ClassWeighting { get; init; } = ClassWeighting.Balanced;

    /// <summary>Threads used for the gradient. The result does not depend on it (bit for bit).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>A trained multinomial logistic regression.</summary>
internal sealed class SoftmaxSolution
{
    public required int Classes { get; init; }

    /// <summary>Number of input columns (the width of the feature space, used or not).</summary>
    public required int Features { get; init; }

    /// <summary>Feature-major weights: the weight of feature f for class k is at <c>f * Classes + k</c>.</summary>
    public required float[] Weights { get; init; }

    /// <summary>Per-class bias, length <see cref="Classes"/>.</summary>
    public required float[] Bias { get; init; }

    /// <summary>L-BFGS iterations performed.</summary>
    public int Iterations { get; init; }

    /// <summary>Final value of the regularized objective.</summary>
    public double Objective { get; init; }

    /// <summary>True when the tolerance test stopped training (rather than the iteration limit or a failed line search).</summary>
    public bool Converged { get; init; }
}
