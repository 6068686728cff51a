using MathNet.Numerics.LinearAlgebra;

namespace PeerTriage.Analytics.Statistics;

/// <summary>
/// A validated design matrix with an intercept in column 0, shared by the regressions: input checks with messages that
/// name the predictor and row, and the collinearity check (a constant predictor, or one that is a linear combination of
/// the predictors before it).
/// </summary>
internal sealed class Design
{
    private Design(string[] names, Matrix<double> x, double[] means, double[] sds)
    {
        Names = names;
        X = x;
        Means = means;
        StandardDeviations = sds;
    }

    /// <summary>The predictor names, without the intercept.</summary>
    public string[] Names { get; }

    /// <summary>Rows × (1 + predictors), intercept first.</summary>
    public Matrix<double> X { get; }

    /// <summary>Predictor means (index = predictor, without the intercept).</summary>
    public double[] Means { get; }

    /// <summary>Predictor sample standard deviations (n − 1).</summary>
    public double[] StandardDeviations { get; }

    public int Rows => X.RowCount;

    public int Predictors => Names.Length;

    /// <summary>Validates the input shape and values and builds the matrix. Too few rows is checked by the caller.</summary>
    public static Design Build(IReadOnlyList<string> names, IReadOnlyList<double[]> rows, string context)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(rows);
        var p = names.Count;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var nameArray = new string[p];
        for (var j = 0; j < p; j++)
        {
            var name = names[j];
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException($"Predictor name {j} is empty; every predictor needs a name.", nameof(names));
            }

            if (name == Regression.InterceptName || !seen.Add(name))
            {
                throw new ArgumentException($"Predictor name '{name}' appears twice (or is the intercept's name); names must be unique.", nameof(names));
            }

            nameArray[j] = name;
        }

        var n = rows.Count;
        if (n == 0)
        {
            throw new StatisticsException($"There are no rows{context}; a regression needs data.");
        }

        var x = Matrix<double>.Build.Dense(n, p + 1);
        for (var i = 0; i < n; i++)
        {
            var row = rows[i] ?? throw new ArgumentException($"Row {i} is null.", nameof(rows));
            if (row.Length != p)
            {
                throw new ArgumentException($"Row {i} has {row.Length} values but there are {p} predictor names.", nameof(rows));
            }

            x[i, 0] = 1.0;
            for (var j = 0; j < p; j++)
            {
                var v = row[j];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"Row {i}, predictor '{nameArray[j]}' is {v}; every value must be a finite number.", nameof(rows));
                }

                x[i, j + 1] = v;
            }
        }

        var means = new double[p];
        var sds = new double[p];
        for (var j = 0; j < p; j++)
        {
            var column = x.Column(j + 1);
            means[j] = column.Sum() / n;
            sds[j] = n > 1 ? Math.Sqrt((column - means[j]).DotProduct(column - means[j]) / (n - 1)) : 0;
        }

        return new Design(nameArray, x, means, sds);
    }

    /// <summary>
    /// Throws when a predictor is constant, or is (numerically) a linear combination of the intercept and the predictors
    /// before it. A Householder QR without pivoting leaves in |R[j, j]| the norm of what column j adds beyond the columns
    /// before it; its ratio to the column's centred norm is sqrt(1 − R²ⱼ), so the tolerance is a bound on that ratio.
    /// </summary>
    /// <returns>The thin QR of <see cref="X"/>, for the caller to reuse.</returns>
    public MathNet.Numerics.LinearAlgebra.Factorization.QR<double> CheckCollinearity(double tolerance, string context)
    {
        for (var j = 0; j < Predictors; j++)
        {
            if (StandardDeviations[j] == 0)
            {
                throw new StatisticsException(
                    $"Predictor '{Names[j]}' is constant ({X[0, j + 1]} in every row){context}, so its effect cannot be estimated apart from the intercept; drop it.",
                    Names[j]);
            }
        }

        var qr = X.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
        var r = qr.R;
        for (var j = 1; j <= Predictors; j++)
        {
            var centredNorm = StandardDeviations[j - 1] * Math.Sqrt(Rows - 1);
            if (Math.Abs(r[j, j]) > tolerance * centredNorm)
            {
                continue;
            }

            // Coefficients of column j on the columns before it: solve R[0..j-1, 0..j-1] c = R[0..j-1, j].
            var c = r.SubMatrix(0, j, 0, j).Solve(r.Column(j).SubVector(0, j));
            var parts = new List<string>();
            for (var k = 1; k < j; k++)
            {
                // Name the predictors that carry a visible share of the combination.
                if (Math.Abs(c[k]) * StandardDeviations[k - 1] > 1e-6 * StandardDeviations[j - 1])
                {
                    parts.Add($"'{Names[k - 1]}'");
                }
            }

            var of = parts.Count == 0 ? "the predictors before it" : string.Join(", ", parts);
            throw new StatisticsException(
                $"Predictor '{Names[j - 1]}' is a linear combination of {of}{context} (collinear: what it adds is below the rank tolerance {tolerance:g3}); drop it or one of them, or merge them.",
                Names[j - 1]);
        }

        return qr;
    }
}

/// <summary>Shared names and helpers of the regressions.</summary>
internal static class Regression
{
    /// <summary>The intercept's name in coefficient tables.</summary>
    public const string InterceptName = "(Intercept)";

    public static string Context(string? context) => string.IsNullOrWhiteSpace(context) ? string.Empty : " in " + context;

    public static void CheckRankTolerance(double tolerance)
    {
        if (!(tolerance > 0 && tolerance < 1))
        {
            throw new ArgumentException($"RankTolerance must be between 0 and 1 (exclusive); got {tolerance}.", "options");
        }
    }

    public static void CheckLevel(double level)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentException($"The confidence level must be between 0 and 1 (exclusive); got {level}.", "options");
        }
    }
}
