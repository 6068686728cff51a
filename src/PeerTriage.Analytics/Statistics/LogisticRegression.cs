using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace PeerTriage.Analytics.Statistics;

/// <summary>Options for <see cref="LogisticRegression.Fit(IReadOnlyList{string}, IReadOnlyList{double[]}, IReadOnlyList{bool}, LogisticRegressionOptions?)"/>. Immutable.</summary>
public sealed record LogisticRegressionOptions
{
    /// <summary>The defaults.</summary>
    public static LogisticRegressionOptions Default { get; } = new();

    /// <summary>Newton iterations allowed before the fit counts as not converging (a sign of separation). Defaults to 50; well-posed fits need fewer than 10.</summary>
    public int MaxIterations { get; init; } = 50;

    /// <summary>Converged when every coefficient's last step is below this times (1 + |coefficient|). Defaults to 1e-10.</summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>The level of the odds ratios' Wald confidence intervals. Defaults to 0.95 (exp(b ± 1.95996 SE)).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>
    /// Collinearity bound: a predictor whose part not explained by the intercept and the predictors before it is below
    /// this fraction of its centred norm (sqrt(1 − R²) below it; a variance inflation factor above its inverse square)
    /// is reported as a linear combination of them. Defaults to 1e-7.
    /// </summary>
    public double RankTolerance { get; init; } = 1e-7;

    /// <summary>A row is classified positive when its fitted probability exceeds this cut (SPSS's "cut value"). Defaults to 0.5.</summary>
    public double ClassificationCut { get; init; } = 0.5;

    /// <summary>Where the model comes from, for error messages (e.g. "level red"); null for none. Defaults to null.</summary>
    public string? Context { get; init; }

    /// <summary>The outcome's name when true, for error messages. Defaults to "y = 1" (the study uses "responded").</summary>
    public string PositiveLabel { get; init; } = "y = 1";

    /// <summary>The outcome's name when false, for error messages. Defaults to "y = 0" (the study uses "not responded").</summary>
    public string NegativeLabel { get; init; } = "y = 0";
}

/// <summary>One row of a logistic regression table: the coefficient on the log-odds scale and its odds ratio.</summary>
public sealed class LogisticCoefficient
{
    internal LogisticCoefficient(string name, double estimate, double standardError, double criticalValue)
    {
        Name = name;
        Estimate = estimate;
        StandardError = standardError;
        Z = estimate / standardError;
        WaldChiSquare = Z * Z;
        P = Tails.Probability(Tails.NormalTwoSided(Z));
        OddsRatio = Math.Exp(estimate);
        OddsRatioLower = Math.Exp(estimate - (criticalValue * standardError));
        OddsRatioUpper = Math.Exp(estimate + (criticalValue * standardError));
    }

    /// <summary>The predictor's name, or "(Intercept)".</summary>
    public string Name { get; }

    /// <summary>The coefficient (log odds ratio per unit of the predictor).</summary>
    public double Estimate { get; }

    /// <summary>Its standard error, from the inverse of the observed information at the optimum.</summary>
    public double StandardError { get; }

    /// <summary>The Wald statistic Estimate / StandardError.</summary>
    public double Z { get; }

    /// <summary>The Wald χ² with 1 df (Z²; SPSS's "Wald" column).</summary>
    public double WaldChiSquare { get; }

    /// <summary>The two-sided p of the Wald test.</summary>
    public double P { get; }

    /// <summary>exp(Estimate) (SPSS's "Exp(B)").</summary>
    public double OddsRatio { get; }

    /// <summary>Lower bound of the odds ratio's Wald confidence interval at the options' level.</summary>
    public double OddsRatioLower { get; }

    /// <summary>Upper bound of the odds ratio's Wald confidence interval at the options' level.</summary>
    public double OddsRatioUpper { get; }
}

/// <summary>A fitted logistic regression: the coefficient table and the model summary the study reports.</summary>
public sealed class LogisticRegressionResult
{
    internal LogisticRegressionResult(IReadOnlyList<LogisticCoefficient> coefficients, int n, int events, double logLikelihood,
        double nullLogLikelihood, double percentCorrect, int iterations, double confidenceLevel)
    {
        Coefficients = coefficients;
        N = n;
        Events = events;
        LogLikelihood = logLikelihood;
        NullLogLikelihood = nullLogLikelihood;
        ModelChiSquare = 2.0 * (logLikelihood - nullLogLikelihood);
        ModelDegreesOfFreedom = coefficients.Count - 1;
        ModelP = Tails.Probability(Tails.ChiSquareUpper(ModelChiSquare, ModelDegreesOfFreedom));
        CoxSnellRSquared = 1.0 - Math.Exp(2.0 * (nullLogLikelihood - logLikelihood) / n);
        NagelkerkeRSquared = CoxSnellRSquared / (1.0 - Math.Exp(2.0 * nullLogLikelihood / n));
        PercentCorrect = percentCorrect;
        Iterations = iterations;
        ConfidenceLevel = confidenceLevel;
    }

    /// <summary>The coefficients, the intercept first, then the predictors in the order given.</summary>
    public IReadOnlyList<LogisticCoefficient> Coefficients { get; }

    /// <summary>The number of rows.</summary>
    public int N { get; }

    /// <summary>The number of positive outcomes.</summary>
    public int Events { get; }

    /// <summary>The log-likelihood at the optimum.</summary>
    public double LogLikelihood { get; }

    /// <summary>The log-likelihood of the intercept-only model.</summary>
    public double NullLogLikelihood { get; }

    /// <summary>The likelihood-ratio χ² of the model against the intercept-only model: 2 (LL − LL₀).</summary>
    public double ModelChiSquare { get; }

    /// <summary>Its degrees of freedom: the number of predictors.</summary>
    public int ModelDegreesOfFreedom { get; }

    /// <summary>The p of the model χ².</summary>
    public double ModelP { get; }

    /// <summary>Cox &amp; Snell R²: 1 − exp(2 (LL₀ − LL) / N).</summary>
    public double CoxSnellRSquared { get; }

    /// <summary>Nagelkerke R²: Cox &amp; Snell R² divided by its maximum 1 − exp(2 LL₀ / N).</summary>
    public double NagelkerkeRSquared { get; }

    /// <summary>The percentage of rows classified correctly at the options' cut (positive when the fitted probability exceeds it).</summary>
    public double PercentCorrect { get; }

    /// <summary>The Newton iterations used.</summary>
    public int Iterations { get; }

    /// <summary>Whether the fit converged; always true, since a fit that does not converge throws <see cref="StatisticsException"/>.</summary>
    public bool Converged => true;

    /// <summary>The level of the odds ratios' confidence intervals.</summary>
    public double ConfidenceLevel { get; }

    /// <summary>The coefficient of a predictor (or "(Intercept)") by name.</summary>
    /// <param name="name">The predictor's name.</param>
    /// <returns>The coefficient.</returns>
    /// <exception cref="KeyNotFoundException">No predictor has that name.</exception>
    public LogisticCoefficient this[string name]
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
/// Binary logistic regression with an intercept, fitted by Newton–Raphson (IRLS) with step halving. Standard errors
/// come from the inverse of the observed information (the Hessian of the log-likelihood) at the optimum; linear
/// algebra is MathNet's (QR for the rank check, Cholesky for the Newton steps and the covariance). Deterministic.
/// Data that cannot be estimated (one outcome class, a constant or collinear predictor, separation) throws a
/// <see cref="StatisticsException"/> naming the predictor, so no table of NaNs is ever returned.
/// </summary>
public static class LogisticRegression
{
    /// <summary>Fits the model to a boolean outcome.</summary>
    /// <param name="names">The predictor names, one per column (the intercept is added).</param>
    /// <param name="rows">The predictor values, one array per row, in the order of <paramref name="names"/>.</param>
    /// <param name="outcome">The outcome per row.</param>
    /// <param name="options">Options; null for <see cref="LogisticRegressionOptions.Default"/>.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">The input is malformed (lengths differ, a value is not finite, a name repeats).</exception>
    /// <exception cref="StatisticsException">The model cannot be estimated from the data; the message names the predictor.</exception>
    public static LogisticRegressionResult Fit(IReadOnlyList<string> names, IReadOnlyList<double[]> rows, IReadOnlyList<bool> outcome, LogisticRegressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var y = new double[outcome.Count];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = outcome[i] ? 1.0 : 0.0;
        }

        return FitCore(names, rows, y, options ?? LogisticRegressionOptions.Default);
    }

    /// <summary>Fits the model to a 0/1 outcome.</summary>
    /// <param name="names">The predictor names, one per column (the intercept is added).</param>
    /// <param name="rows">The predictor values, one array per row, in the order of <paramref name="names"/>.</param>
    /// <param name="outcome">The outcome per row: exactly 0 or 1.</param>
    /// <param name="options">Options; null for <see cref="LogisticRegressionOptions.Default"/>.</param>
    /// <returns>The fitted model.</returns>
    /// <exception cref="ArgumentException">The input is malformed, or an outcome is neither 0 nor 1.</exception>
    /// <exception cref="StatisticsException">The model cannot be estimated from the data; the message names the predictor.</exception>
    public static LogisticRegressionResult Fit(IReadOnlyList<string> names, IReadOnlyList<double[]> rows, IReadOnlyList<double> outcome, LogisticRegressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var y = new double[outcome.Count];
        for (var i = 0; i < y.Length; i++)
        {
            var v = outcome[i];
            if (v != 0.0 && v != 1.0)
            {
                throw new ArgumentException($"Outcome {i} is {v}; a logistic outcome must be 0 or 1.", nameof(outcome));
            }

            y[i] = v;
        }

        return FitCore(names, rows, y, options ?? LogisticRegressionOptions.Default);
    }

    private static LogisticRegressionResult FitCore(IReadOnlyList<string> names, IReadOnlyList<double[]> rows, double[] y, LogisticRegressionOptions options)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(rows);
        Regression.CheckLevel(options.ConfidenceLevel);
        if (options.MaxIterations < 1)
        {
            throw new ArgumentException($"MaxIterations must be at least 1; got {options.MaxIterations}.", nameof(options));
        }

        if (!(options.Tolerance > 0))
        {
            throw new ArgumentException($"Tolerance must be positive; got {options.Tolerance}.", nameof(options));
        }

        if (!(options.ClassificationCut > 0 && options.ClassificationCut < 1))
        {
            throw new ArgumentException($"ClassificationCut must be between 0 and 1 (exclusive); got {options.ClassificationCut}.", nameof(options));
        }

        Regression.CheckRankTolerance(options.RankTolerance);

        var context = Regression.Context(options.Context);
        var design = Design.Build(names, rows, context);
        var n = design.Rows;
        var k = design.Predictors + 1;
        if (y.Length != n)
        {
            throw new ArgumentException($"There are {n} rows of predictors but {y.Length} outcomes.", nameof(rows));
        }

        var events = 0;
        for (var i = 0; i < n; i++)
        {
            events += (int)y[i];
        }

        if (events == 0 || events == n)
        {
            var label = events == 0 ? options.NegativeLabel : options.PositiveLabel;
            throw new StatisticsException($"The outcome has only one class{context}: all {n} rows are '{label}', so there is nothing to model; report the proportion instead.");
        }

        if (n < k + 1)
        {
            throw new StatisticsException($"There are {n} rows{context} for {k} coefficients (the intercept and {k - 1} predictors); a logistic regression needs more rows than coefficients.");
        }

        design.CheckCollinearity(options.RankTolerance, context);
        CheckSingleVariableSeparation(design, y, options, context);

        var x = design.X;
        var yVector = Vector<double>.Build.Dense(y);
        var beta = Vector<double>.Build.Dense(k);
        beta[0] = Math.Log(events / (double)(n - events));
        var eta = x * beta;
        var ll = LogLikelihood(eta, y);
        var converged = false;
        var iterations = 0;
        while (iterations < options.MaxIterations && !converged)
        {
            iterations++;
            var (gradient, hessian) = ScoreAndInformation(x, eta, yVector);
            var step = SolveOrSeparation(hessian, gradient, design, beta, options, context);

            // Step halving keeps every iteration an ascent step.
            var scale = 1.0;
            var candidate = beta + step;
            var candidateEta = x * candidate;
            var candidateLl = LogLikelihood(candidateEta, y);
            for (var h = 0; h < 30 && candidateLl < ll - (1e-12 * Math.Abs(ll)); h++)
            {
                scale /= 2;
                candidate = beta + (scale * step);
                candidateEta = x * candidate;
                candidateLl = LogLikelihood(candidateEta, y);
            }

            converged = true;
            for (var j = 0; j < k; j++)
            {
                if (Math.Abs(scale * step[j]) > options.Tolerance * (1.0 + Math.Abs(candidate[j])))
                {
                    converged = false;
                }
            }

            beta = candidate;
            eta = candidateEta;
            ll = candidateLl;
        }

        if (!converged)
        {
            throw Separation(design, beta, options, context, $"the fit did not converge in {options.MaxIterations} iterations");
        }

        CheckFittedSeparation(design, beta, options, context);

        var (_, information) = ScoreAndInformation(x, eta, yVector);
        var covariance = SolveOrSeparation(information, Matrix<double>.Build.DenseIdentity(k), design, beta, options, context);
        var critical = Tails.NormalCritical(options.ConfidenceLevel);
        var coefficients = new LogisticCoefficient[k];
        for (var j = 0; j < k; j++)
        {
            var name = j == 0 ? Regression.InterceptName : design.Names[j - 1];
            coefficients[j] = new LogisticCoefficient(name, beta[j], Math.Sqrt(covariance[j, j]), critical);
        }

        var correct = 0;
        for (var i = 0; i < n; i++)
        {
            var predictedPositive = Logistic(eta[i]) > options.ClassificationCut;
            if (predictedPositive == (y[i] == 1.0))
            {
                correct++;
            }
        }

        var p0 = events / (double)n;
        var nullLl = (events * Math.Log(p0)) + ((n - events) * Math.Log(1 - p0));
        var result = new LogisticRegressionResult(coefficients, n, events, ll, nullLl, 100.0 * correct / n, iterations, options.ConfidenceLevel);
        CheckFinite(result, context);
        return result;
    }

    /// <summary>The score X'(y − p) and the observed information X' diag(p(1 − p)) X at beta.</summary>
    private static (Vector<double> Score, Matrix<double> Information) ScoreAndInformation(Matrix<double> x, Vector<double> eta, Vector<double> y)
    {
        var n = eta.Count;
        var residual = Vector<double>.Build.Dense(n);
        var w = new double[n];
        for (var i = 0; i < n; i++)
        {
            var p = Logistic(eta[i]);
            residual[i] = y[i] - p;
            w[i] = p * (1 - p);
        }

        // diag(w) X, filled column by column in the dense column-major storage (indexers cost more than the product).
        var source = x.AsColumnMajorArray() ?? x.ToColumnMajorArray();
        var scaled = new double[source.Length];
        for (var j = 0; j < x.ColumnCount; j++)
        {
            var offset = j * n;
            for (var i = 0; i < n; i++)
            {
                scaled[offset + i] = source[offset + i] * w[i];
            }
        }

        var weighted = Matrix<double>.Build.Dense(n, x.ColumnCount, scaled);
        return (x.TransposeThisAndMultiply(residual), x.TransposeThisAndMultiply(weighted));
    }

    private static Vector<double> SolveOrSeparation(Matrix<double> information, Vector<double> rhs, Design design, Vector<double> beta, LogisticRegressionOptions options, string context)
    {
        try
        {
            return information.Cholesky().Solve(rhs);
        }
        catch (ArgumentException)
        {
            throw Separation(design, beta, options, context, "the information matrix became singular");
        }
    }

    private static Matrix<double> SolveOrSeparation(Matrix<double> information, Matrix<double> rhs, Design design, Vector<double> beta, LogisticRegressionOptions options, string context)
    {
        try
        {
            return information.Cholesky().Solve(rhs);
        }
        catch (ArgumentException)
        {
            throw Separation(design, beta, options, context, "the information matrix became singular");
        }
    }

    /// <summary>Σ y·η − log(1 + e^η), computed without overflow.</summary>
    private static double LogLikelihood(Vector<double> eta, double[] y)
    {
        var sum = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            sum += (y[i] * eta[i]) - Softplus(eta[i]);
        }

        return sum;
    }

    private static double Softplus(double v) => v > 0 ? v + Math.Log(1 + Math.Exp(-v)) : Math.Log(1 + Math.Exp(v));

    private static double Logistic(double v) => v >= 0 ? 1.0 / (1.0 + Math.Exp(-v)) : Math.Exp(v) / (1.0 + Math.Exp(v));

    /// <summary>
    /// One predictor alone separating the outcome (every positive at or above every negative, or the reverse) makes the
    /// maximum-likelihood estimate infinite; found before fitting, so the message can say where the cut is.
    /// </summary>
    private static void CheckSingleVariableSeparation(Design design, double[] y, LogisticRegressionOptions options, string context)
    {
        var x = design.X;
        for (var j = 0; j < design.Predictors; j++)
        {
            double minPos = double.PositiveInfinity, maxPos = double.NegativeInfinity;
            double minNeg = double.PositiveInfinity, maxNeg = double.NegativeInfinity;
            for (var i = 0; i < design.Rows; i++)
            {
                var v = x[i, j + 1];
                if (y[i] == 1.0)
                {
                    minPos = Math.Min(minPos, v);
                    maxPos = Math.Max(maxPos, v);
                }
                else
                {
                    minNeg = Math.Min(minNeg, v);
                    maxNeg = Math.Max(maxNeg, v);
                }
            }

            string? how = null;
            if (maxNeg <= minPos)
            {
                how = Describe(maxNeg, minPos, options.PositiveLabel, options.NegativeLabel, x.Column(j + 1));
            }
            else if (maxPos <= minNeg)
            {
                how = Describe(maxPos, minNeg, options.NegativeLabel, options.PositiveLabel, x.Column(j + 1));
            }

            if (how is not null)
            {
                var name = design.Names[j];
                throw new StatisticsException(
                    $"'{name}' separates {options.PositiveLabel} from {options.NegativeLabel}{context} ({how}), so its odds ratio is infinite; drop it, or merge periods or categories so that both outcomes occur on each side.",
                    name);
            }
        }
    }

    /// <summary>Says where the cut is: every row at or below <paramref name="low"/> is lowLabel, at or above <paramref name="high"/> highLabel.</summary>
    private static string Describe(double low, double high, string highLabel, string lowLabel, Vector<double> column)
    {
        var inv = CultureInfo.InvariantCulture;
        if (low < high)
        {
            return $"every row with it at or above {high.ToString("G6", inv)} is {highLabel} and every row at or below {low.ToString("G6", inv)} is {lowLabel}";
        }

        // Quasi-complete: the two classes meet only at one value.
        var parts = new List<string>(2);
        if (column.Maximum() > low)
        {
            parts.Add($"every row with it above {low.ToString("G6", inv)} is {highLabel}");
        }

        if (column.Minimum() < low)
        {
            parts.Add($"every row with it below {low.ToString("G6", inv)} is {lowLabel}");
        }

        return string.Join(" and ", parts);
    }

    /// <summary>
    /// Separation by a combination of predictors shows after the fit: some fitted probabilities reach 0 or 1 while a
    /// coefficient has grown beyond any plausible effect (more than 10 on the log-odds scale per standard deviation).
    /// </summary>
    private static void CheckFittedSeparation(Design design, Vector<double> beta, LogisticRegressionOptions options, string context)
    {
        var eta = design.X * beta;
        var extreme = 0;
        for (var i = 0; i < eta.Count; i++)
        {
            if (Math.Abs(eta[i]) > 23)
            {
                extreme++;
            }
        }

        var (_, largest) = LargestStandardizedEffect(design, beta);
        if (extreme > 0 && largest > 10)
        {
            throw Separation(design, beta, options, context, $"{extreme} fitted probabilities reach 0 or 1");
        }
    }

    private static (int Index, double Size) LargestStandardizedEffect(Design design, Vector<double> beta)
    {
        var index = 0;
        var size = -1.0;
        for (var j = 0; j < design.Predictors; j++)
        {
            var s = Math.Abs(beta[j + 1]) * design.StandardDeviations[j];
            if (!(s <= size))
            {
                index = j;
                size = s;
            }
        }

        return (index, size);
    }

    private static StatisticsException Separation(Design design, Vector<double> beta, LogisticRegressionOptions options, string context, string symptom)
    {
        var (index, _) = LargestStandardizedEffect(design, beta);
        var name = design.Names.Length == 0 ? Regression.InterceptName : design.Names[index];
        return new StatisticsException(
            $"'{name}', together with the other predictors, separates {options.PositiveLabel} from {options.NegativeLabel}{context} ({symptom} and its coefficient diverges), so the odds ratios are infinite; drop it, or merge periods or categories.",
            name);
    }

    private static void CheckFinite(LogisticRegressionResult result, string context)
    {
        foreach (var c in result.Coefficients)
        {
            if (!double.IsFinite(c.StandardError) || !double.IsFinite(c.OddsRatioUpper) || !double.IsFinite(c.P))
            {
                throw new StatisticsException($"The estimate of '{c.Name}'{context} is not finite (its standard error or odds ratio overflows); the predictor nearly separates the outcome or is badly scaled: drop or rescale it.", c.Name);
            }
        }
    }
}
