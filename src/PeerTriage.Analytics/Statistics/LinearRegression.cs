using MathNet.Numerics.LinearAlgebra;

namespace PeerTriage.Analytics.Statistics;

/// <summary>Options for <see cref="LinearRegression.Fit"/>. Immutable.</summary>
public sealed record LinearRegressionOptions
{
    /// <summary>The defaults.</summary>
    public static LinearRegressionOptions Default { get; } = new();

    /// <summary>The level of the coefficients' t confidence intervals. Defaults to 0.95.</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Collinearity bound, as <see cref="LogisticRegressionOptions.RankTolerance"/>. Defaults to 1e-7.</summary>
    public double RankTolerance { get; init; } = 1e-7;

    /// <summary>Where the model comes from, for error messages (e.g. "level red"); null for none. Defaults to null.</summary>
    public string? Context { get; init; }
}

/// <summary>One row of a linear regression table.</summary>
public sealed class LinearCoefficient
{
    internal LinearCoefficient(string name, double estimate, double standardError, double degreesOfFreedom, double critical, double? standardizedBeta)
    {
        Name = name;
        Estimate = estimate;
        StandardError = standardError;
        T = estimate / standardError;
        P = Tails.Probability(Tails.StudentTTwoSided(T, degreesOfFreedom));
        Lower = estimate - (critical * standardError);
        Upper = estimate + (critical * standardError);
        StandardizedBeta = standardizedBeta;
    }

    /// <summary>The predictor's name, or "(Intercept)".</summary>
    public string Name { get; }

    /// <summary>The coefficient (B).</summary>
    public double Estimate { get; }

    /// <summary>Its standard error: sqrt(σ̂² [(X'X)⁻¹]ⱼⱼ) with σ̂² = RSS / df residual.</summary>
    public double StandardError { get; }

    /// <summary>The t statistic Estimate / StandardError (df residual degrees of freedom).</summary>
    public double T { get; }

    /// <summary>The two-sided p of the t test.</summary>
    public double P { get; }

    /// <summary>Lower bound of the confidence interval (Estimate − t crit × SE).</summary>
    public double Lower { get; }

    /// <summary>Upper bound of the confidence interval.</summary>
    public double Upper { get; }

    /// <summary>The standardized beta, Estimate × sd(x) / sd(y) (sample SDs); null for the intercept.</summary>
    public double? StandardizedBeta { get; }
}

/// <summary>A fitted linear regression: the coefficient table and the model summary.</summary>
public sealed class LinearRegressionResult
{
    internal LinearRegressionResult(IReadOnlyList<LinearCoefficient> coefficients, int n, double rSquared, double confidenceLevel)
    {
        Coefficients = coefficients;
        N = n;
        ModelDegreesOfFreedom = coefficients.Count - 1;
        ResidualDegreesOfFreedom = n - coefficients.Count;
        RSquared = rSquared;
        AdjustedRSquared = 1.0 - ((1.0 - rSquared) * (n - 1) / ResidualDegreesOfFreedom);
        F = rSquared / ModelDegreesOfFreedom / ((1.0 - rSquared) / ResidualDegreesOfFreedom);
        FP = Tails.Probability(Tails.FisherUpper(F, ModelDegreesOfFreedom, ResidualDegreesOfFreedom));
        ConfidenceLevel = confidenceLevel;
    }

    /// <summary>The coefficients, the intercept first, then the predictors in the order given.</summary>
    public IReadOnlyList<LinearCoefficient> Coefficients { get; }

    /// <summary>The number of rows.</summary>
    public int N { get; }

    /// <summary>R² = 1 − RSS / TSS.</summary>
    public double RSquared { get; }

    /// <summary>Adjusted R² = 1 − (1 − R²)(N − 1) / df residual.</summary>
    public double AdjustedRSquared { get; }

    /// <summary>The overall F statistic, (df model, df residual) degrees of freedom.</summary>
    public double F { get; }

    /// <summary>The p of the F test.</summary>
    public double FP { get; }

    /// <summary>The model degrees of freedom: the number of predictors.</summary>
    public int ModelDegreesOfFreedom { get; }

    /// <summary>The residual degrees of freedom: N − predictors − 1.</summary>
    public int ResidualDegreesOfFreedom { get; }

    /// <summary>The level of the coefficients' confidence intervals.</summary>
    public double ConfidenceLevel { get; }

    /// <summary>The coefficient of a predictor (or "(Intercept)") by name.</summary>
    /// <param name="name">The predictor's name.</param>
    /// <returns>The coefficient.</returns>
    /// <exception cref="KeyNotFoundException">No predictor has that name.</exception>
    public LinearCoefficient this[string name]
    {
        get
        {
            foreach (var c in Coefficients)
            {
                if (c.Name == name)
                {
                    return c;
                }
            }

            throw new KeyNotFoundException($"The model has no predictor named '{name}'.");
        }
    }
}

/// <summary>
/// Ordinary least squares with an intercept, solved by MathNet's Householder QR (never the normal equations), with
/// classical standard errors. Deterministic. A constant or collinear predictor, a constant outcome, an exact fit or
/// too few rows throw a <see cref="StatisticsException"/> naming the problem.
/// </summary>
public static class LinearRegression
{
    /// <summary>Fits y on the predictors.</summary>
    /// <param name="names">The predictor names, one per column (the intercept is added); at least one.</param>
    /// <param name="rows">The predictor values, one array per row, in the order of <paramref name="names"/>.</param>
    /// <param name="outcome">The outcome per row (the study uses log latency).</param>
    /// <param name="options">Options; null for <see cref="LinearRegressionOptions.Default"/>.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">The input is malformed (lengths differ, a value is not finite, a name repeats).</exception>
    /// <exception cref="StatisticsException">The model cannot be estimated from the data; the message names the predictor.</exception>
    public static LinearRegressionResult Fit(IReadOnlyList<string> names, IReadOnlyList<double[]> rows, IReadOnlyList<double> outcome, LinearRegressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(outcome);
        options ??= LinearRegressionOptions.Default;
        Regression.CheckLevel(options.ConfidenceLevel);
        Regression.CheckRankTolerance(options.RankTolerance);
        var context = Regression.Context(options.Context);
        if (names.Count == 0)
        {
            throw new ArgumentException("A linear regression needs at least one predictor.", nameof(names));
        }

        var design = Design.Build(names, rows, context);
        var n = design.Rows;
        var k = design.Predictors + 1;
        if (outcome.Count != n)
        {
            throw new ArgumentException($"There are {n} rows of predictors but {outcome.Count} outcomes.", nameof(outcome));
        }

        var y = Vector<double>.Build.Dense(n);
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(outcome[i]))
            {
                throw new ArgumentException($"Outcome {i} is {outcome[i]}; every outcome must be a finite number.", nameof(outcome));
            }

            y[i] = outcome[i];
        }

        if (n < k + 1)
        {
            throw new StatisticsException($"There are {n} rows{context} for {k} coefficients (the intercept and {k - 1} predictors); least squares needs at least {k + 1} rows to leave a residual degree of freedom.");
        }

        var sdY = Descriptives.StandardDeviationOf(y.ToArray());
        if (sdY == 0)
        {
            throw new StatisticsException($"The outcome is constant ({y[0]} in every row){context}; there is no variation to explain.");
        }

        var qr = design.CheckCollinearity(options.RankTolerance, context);
        var beta = qr.Solve(y);
        var residual = y - (design.X * beta);
        var rss = residual.DotProduct(residual);
        var centred = y - (y.Sum() / n);
        var tss = centred.DotProduct(centred);
        if (rss <= 1e-24 * tss)
        {
            throw new StatisticsException($"The predictors reproduce the outcome exactly{context} (no residual variation); the tests are undefined. Check that the outcome is not computed from a predictor.");
        }

        var dfResidual = n - k;
        var sigma2 = rss / dfResidual;

        // (X'X)⁻¹ = R⁻¹ R⁻ᵀ; R is upper triangular and well conditioned after the rank check.
        var rInverse = qr.R.Inverse();
        var critical = Tails.StudentTCritical(options.ConfidenceLevel, dfResidual);
        var coefficients = new LinearCoefficient[k];
        for (var j = 0; j < k; j++)
        {
            var row = rInverse.Row(j);
            var se = Math.Sqrt(sigma2 * row.DotProduct(row));
            var name = j == 0 ? Regression.InterceptName : design.Names[j - 1];
            double? standardized = j == 0 ? null : beta[j] * design.StandardDeviations[j - 1] / sdY;
            coefficients[j] = new LinearCoefficient(name, beta[j], se, dfResidual, critical, standardized);
        }

        var result = new LinearRegressionResult(coefficients, n, 1.0 - (rss / tss), options.ConfidenceLevel);
        foreach (var c in result.Coefficients)
        {
            if (!double.IsFinite(c.T) || !double.IsFinite(c.P))
            {
                throw new StatisticsException($"The estimate of '{c.Name}'{context} is not finite; the predictor is badly scaled: rescale it.", c.Name);
            }
        }

        return result;
    }
}
