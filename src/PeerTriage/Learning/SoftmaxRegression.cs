using PeerTriage.Features;

namespace PeerTriage.Learning;

/// <summary>
/// L2-regularized multinomial logistic regression (softmax) trained with <see cref="Lbfgs"/>. Deterministic: the same
/// input gives bit-identical weights, whatever <see cref="SoftmaxOptions.MaxDegreeOfParallelism"/> is.
/// </summary>
/// <remarks>
/// Columns that occur in no (positively weighted) training row get exactly zero weight: the weights are W = Xᵀ A for
/// per-row coefficients A, which is where L-BFGS searches (see <see cref="SoftmaxObjective"/>). A class with no training
/// rows gets weight 0 under <see cref="ClassWeighting.Balanced"/>; its bias then drifts down until the stopping test
/// fires, so it is predicted with probability near 0.
/// </remarks>
internal static class SoftmaxRegression
{
    public static SoftmaxSolution Fit(SparseMatrix x, ReadOnlySpan<int> labels, int classes, SoftmaxOptions options,
        IProgress<int>? iterationProgress = null, CancellationToken cancellationToken = default) =>
        Fit(x, null, labels, classes, options, iterationProgress, cancellationToken);

    /// <summary>Trains on the given rows of <paramref name="x"/> (null: all), each of weight 1; see the overload with sample weights.</summary>
    public static SoftmaxSolution Fit(SparseMatrix x, int[]? rows, ReadOnlySpan<int> labels, int classes, SoftmaxOptions options,
        IProgress<int>? iterationProgress = null, CancellationToken cancellationToken = default, SoftmaxWorkspace? workspace = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var ones = new double[rows?.Length ?? x.Rows];
        Array.Fill(ones, 1.0);
        return Fit(x, rows, labels, ones, classes, options, iterationProgress, cancellationToken, workspace);
    }

    /// <summary>
    /// Trains with a non-negative weight per row (<paramref name="sampleWeights"/>), multiplied with the class weight.
    /// Rows of weight 0 are left out.
    /// </summary>
    public static SoftmaxSolution Fit(SparseMatrix x, ReadOnlySpan<int> labels, ReadOnlySpan<double> sampleWeights, int classes,
        SoftmaxOptions options, IProgress<int>? iterationProgress = null, CancellationToken cancellationToken = default) =>
        Fit(x, null, labels, sampleWeights, classes, options, iterationProgress, cancellationToken);

    /// <summary>
    /// Trains on the given rows of <paramref name="x"/> (null: all), in that order, repeats allowed: the same solution as
    /// on <c>x.SelectRows(rows)</c>, without copying the matrix. Labels and sample weights are per selected row.
    /// <paramref name="workspace"/>, when given, lends the scratch arrays (see <see cref="SoftmaxWorkspace"/>).
    /// </summary>
    public static SoftmaxSolution Fit(SparseMatrix x, int[]? rows, ReadOnlySpan<int> labels, ReadOnlySpan<double> sampleWeights, int classes,
        SoftmaxOptions options, IProgress<int>? iterationProgress = null, CancellationToken cancellationToken = default, SoftmaxWorkspace? workspace = null)
    {
        var (objective, result, point) = Solve(x, rows, labels, sampleWeights, classes, options, iterationProgress, cancellationToken, workspace);
        var theta = objective.FeatureWeights(point);

        // Scatter the compact solution back into the full feature space.
        var weights = new float[(long)x.Columns * classes];
        int[] used = objective.UsedColumns;
        for (int f = 0; f < used.Length; f++)
        {
            for (int c = 0; c < classes; c++)
                weights[(long)used[f] * classes + c] = (float)theta[f * classes + c];
        }

        return new SoftmaxSolution
        {
            Classes = classes,
            Features = x.Columns,
            Weights = weights,
            Bias = Bias(point, classes),
            Iterations = result.Iterations,
            Objective = result.Value,
            Converged = result.Converged,
        };
    }

    /// <summary>
    /// For out-of-fold predictions: trains on <paramref name="trainRows"/> of <paramref name="x"/>, each of weight 1, and
    /// writes P(class | row) for <paramref name="testRows"/>, row-major. The same bits as <see cref="Fit(SparseMatrix, int[], ReadOnlySpan{int}, int, SoftmaxOptions, IProgress{int}?, CancellationToken, SoftmaxWorkspace?)"/>
    /// then <see cref="PredictProbabilities(SoftmaxSolution, SparseMatrix, int[], Span{float})"/>, without building the
    /// solution's full-width weight table: columns the fit never saw have weight 0, so skipping them changes no score.
    /// </summary>
    public static void FitAndPredict(SparseMatrix x, int[] trainRows, ReadOnlySpan<int> labels, int classes, SoftmaxOptions options,
        int[] testRows, Span<float> probabilities, IProgress<int>? iterationProgress = null, CancellationToken cancellationToken = default,
        SoftmaxWorkspace? workspace = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(trainRows);
        ArgumentNullException.ThrowIfNull(testRows);
        if (probabilities.Length != (long)testRows.Length * classes)
            throw new ArgumentException($"Expected room for {testRows.Length} × {classes} probabilities; got {probabilities.Length}.", nameof(probabilities));
        var ones = new double[trainRows.Length];
        Array.Fill(ones, 1.0);
        var (objective, _, point) = Solve(x, trainRows, labels, ones, classes, options, iterationProgress, cancellationToken, workspace);
        var theta = objective.FeatureWeights(point);
        var weights = workspace?.Weights(theta.Length) ?? new float[theta.Length];
        for (int i = 0; i < theta.Length; i++)
            weights[i] = (float)theta[i];
        new LinearScorer(classes, weights, Bias(point, classes)).Predict(x, testRows, objective.FeatureOfColumn, probabilities);
    }

    /// <summary>Minimizes the objective; returns it and the optimal point [A | bias].</summary>
    private static (SoftmaxObjective Objective, LbfgsResult Result, double[] Point) Solve(SparseMatrix x, int[]? rows, ReadOnlySpan<int> labels,
        ReadOnlySpan<double> sampleWeights, int classes, SoftmaxOptions options, IProgress<int>? iterationProgress, CancellationToken cancellationToken,
        SoftmaxWorkspace? workspace)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(options);
        Validate(x, rows?.Length ?? x.Rows, labels, sampleWeights, classes, options);
        cancellationToken.ThrowIfCancellationRequested();

        var rowWeights = RowWeights(labels, sampleWeights, classes, options.ClassWeighting);
        var objective = new SoftmaxObjective(x, rows, labels, rowWeights, classes, options.L2, options.MaxDegreeOfParallelism, workspace: workspace);
        var lbfgs = new Lbfgs
        {
            History = options.History,
            MaxIterations = options.MaxIterations,
            Tolerance = options.Tolerance,
            Vectors = workspace is null ? null : workspace.Vector,
        };
        var point = new double[objective.Dimension];
        var result = lbfgs.Minimize(point, objective, iterationProgress, cancellationToken);
        return (objective, result, point);
    }

    private static float[] Bias(double[] point, int classes)
    {
        var bias = new float[classes];
        for (int c = 0; c < classes; c++)
            bias[c] = (float)point[point.Length - classes + c];
        return bias;
    }

    /// <summary>Writes P(class | row) for every row of <paramref name="x"/>, row-major (rows × classes).</summary>
    public static void PredictProbabilities(SoftmaxSolution model, SparseMatrix x, Span<float> probabilities) =>
        PredictProbabilities(model, x, null, probabilities);

    /// <summary>Writes P(class | row) for the given rows of <paramref name="x"/> (null: all), in that order, row-major.</summary>
    public static void PredictProbabilities(SoftmaxSolution model, SparseMatrix x, int[]? rows, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        if (x.Columns != model.Features)
            throw new ArgumentException($"The model has {model.Features} features but the matrix has {x.Columns} columns.", nameof(x));
        new LinearScorer(model.Classes, model.Weights, model.Bias).Predict(x, rows, null, probabilities);
    }

    /// <summary>Per-row weight: sample weight × class weight (see <see cref="ClassWeighting"/>).</summary>
    internal static double[] RowWeights(ReadOnlySpan<int> labels, ReadOnlySpan<double> sampleWeights, int classes, ClassWeighting weighting)
    {
        var classWeight = ClassWeights(labels, classes, weighting);
        var rowWeights = new double[labels.Length];
        for (int r = 0; r < labels.Length; r++)
            rowWeights[r] = sampleWeights[r] * classWeight[labels[r]];
        return rowWeights;
    }

    /// <summary>The weight of each class (see <see cref="ClassWeighting"/>): with balanced weighting rows / (classes present ×
    /// rows of the class), 0 for an absent class; otherwise 1.</summary>
    internal static double[] ClassWeights(ReadOnlySpan<int> labels, int classes, ClassWeighting weighting)
    {
        var classWeight = new double[classes];
        Array.Fill(classWeight, 1.0);
        if (weighting == ClassWeighting.Balanced)
        {
            var counts = new int[classes];
            foreach (int label in labels)
                counts[label]++;
            int present = counts.Count(n => n > 0);
            for (int c = 0; c < classes; c++)
                classWeight[c] = counts[c] == 0 ? 0 : (double)labels.Length / ((double)present * counts[c]);
        }
        return classWeight;
    }

    private static void Validate(SparseMatrix x, int rows, ReadOnlySpan<int> labels, ReadOnlySpan<double> sampleWeights, int classes, SoftmaxOptions options)
    {
        if (classes < 2)
            throw new ArgumentException($"Softmax regression needs at least 2 classes; got {classes}.", nameof(classes));
        if (rows == 0)
            throw new ArgumentException("The training matrix has no rows.", nameof(x));
        if (labels.Length != rows)
            throw new ArgumentException($"The matrix has {rows} rows but there are {labels.Length} labels.", nameof(labels));
        if (sampleWeights.Length != rows)
            throw new ArgumentException($"The matrix has {rows} rows but there are {sampleWeights.Length} sample weights.", nameof(sampleWeights));
        if ((long)x.Columns * classes > Array.MaxLength)
            throw new ArgumentException($"{x.Columns} columns × {classes} classes is too many weights for one array.", nameof(x));
        for (int r = 0; r < labels.Length; r++)
        {
            if ((uint)labels[r] >= (uint)classes)
                throw new ArgumentException($"Label {labels[r]} of row {r} is outside [0, {classes}).", nameof(labels));
        }
        double total = 0;
        for (int r = 0; r < sampleWeights.Length; r++)
        {
            if (!(sampleWeights[r] >= 0) || !double.IsFinite(sampleWeights[r]))
                throw new ArgumentException($"Sample weight {sampleWeights[r]} of row {r} is not a finite, non-negative number.", nameof(sampleWeights));
            total += sampleWeights[r];
        }
        if (!(total > 0))
            throw new ArgumentException("All sample weights are zero.", nameof(sampleWeights));

        if (!(options.L2 >= 0) || !double.IsFinite(options.L2))
            throw new ArgumentException($"L2 must be finite and non-negative; got {options.L2}.", nameof(options));
        if (options.MaxIterations < 0)
            throw new ArgumentException($"MaxIterations must not be negative; got {options.MaxIterations}.", nameof(options));
        if (!(options.Tolerance >= 0))
            throw new ArgumentException($"Tolerance must not be negative; got {options.Tolerance}.", nameof(options));
        if (options.History < 1)
            throw new ArgumentException($"History must be at least 1; got {options.History}.", nameof(options));
        if (options.MaxDegreeOfParallelism < 1)
            throw new ArgumentException($"MaxDegreeOfParallelism must be at least 1; got {options.MaxDegreeOfParallelism}.", nameof(options));
        if (!Enum.IsDefined(options.ClassWeighting))
            throw new ArgumentException($"Unknown class weighting {options.ClassWeighting}.", nameof(options));
    }
}
