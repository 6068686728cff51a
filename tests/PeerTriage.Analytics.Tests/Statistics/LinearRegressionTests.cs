using PeerTriage.Analytics.Statistics;

namespace PeerTriage.Analytics.Tests.Statistics;

public sealed class LinearRegressionTests
{
    // statsmodels OLS(log(latency_min) ~ const + predictors): params, bse, tvalues, pvalues, conf_int(0.05).
    private static readonly double[] Estimates = [3.068965738371869, -0.19120991105366966, -0.5032877316777666, 0.04781851513457888, -0.09430458782938349, 0.0266629566403739];
    private static readonly double[] Errors = [0.158430983301957, 0.12722906279722845, 0.1252849643318136, 0.018984274334488696, 0.04316065463421528, 0.052544490511618615];
    private static readonly double[] Ts = [19.3709947032435, -1.5028791916703088, -4.017143911577639, 2.5188487214234505, -2.1849665772822697, 0.5074358202117918];
    private static readonly double[] Ps = [1.9004111913141628e-54, 0.13394355305131989, 7.487252712739043e-05, 0.012304461031883646, 0.02968062573832966, 0.6122294874781873];
    private static readonly double[] Lower = [2.7571631560142364, -0.44160506422587875, -0.7498567713635843, 0.010456216180734154, -0.17924759134243437, -0.076748052296957];
    private static readonly double[] Upper = [3.3807683207295014, 0.0591852421185394, -0.25671869199194897, 0.08518081408842361, -0.009361584316332605, 0.13007396557770481];

    // params[1:] * sd(x, ddof=1) / sd(y, ddof=1)
    private static readonly double[] Betas = [-0.09593527100180967, -0.254636467229455, 0.14140641116061609, -0.12303379892185527, 0.028530192282963475];

    private static double[] LogLatency => [.. StudyFixture.Latency.Select(v => Math.Log(v))];

    [Test]
    public void Coefficients_match_statsmodels()
    {
        var fit = LinearRegression.Fit(StudyFixture.Predictors, StudyFixture.X, LogLatency);
        fit.Coefficients.Select(c => c.Name).Should().Equal(["(Intercept)", .. StudyFixture.Predictors]);
        for (var j = 0; j < Estimates.Length; j++)
        {
            var c = fit.Coefficients[j];
            c.Estimate.ShouldMatch(Estimates[j], $"{c.Name} estimate");
            c.StandardError.ShouldMatch(Errors[j], $"{c.Name} SE");
            c.T.ShouldMatch(Ts[j], $"{c.Name} t");
            c.P.ShouldMatch(Ps[j], $"{c.Name} p");
            c.Lower.ShouldMatch(Lower[j], $"{c.Name} CI lower");
            c.Upper.ShouldMatch(Upper[j], $"{c.Name} CI upper");
            if (j == 0)
            {
                c.StandardizedBeta.Should().BeNull();
            }
            else
            {
                c.StandardizedBeta!.Value.ShouldMatch(Betas[j - 1], $"{c.Name} beta");
            }
        }
    }

    [Test]
    public void Model_summary_matches_statsmodels()
    {
        var fit = LinearRegression.Fit(StudyFixture.Predictors, StudyFixture.X, LogLatency);
        fit.N.Should().Be(300);
        fit.RSquared.ShouldMatch(0.08076251483552677, "R2");
        fit.AdjustedRSquared.ShouldMatch(0.06512922427150525, "adj R2");
        fit.F.ShouldMatch(5.16605985827405, "F");
        fit.FP.ShouldMatch(0.00014676167326301383, "F p");
        fit.ModelDegreesOfFreedom.Should().Be(5);
        fit.ResidualDegreesOfFreedom.Should().Be(294);
        fit["peer_msgs"].Estimate.Should().Be(fit.Coefficients[3].Estimate);
    }

    [Test]
    public void Residuals_are_orthogonal_to_every_column()
    {
        var x = StudyFixture.X;
        var y = LogLatency;
        var fit = LinearRegression.Fit(StudyFixture.Predictors, x, y);
        var dots = new double[x[0].Length + 1];
        for (var i = 0; i < x.Length; i++)
        {
            var r = y[i] - fit.Coefficients[0].Estimate;
            for (var j = 0; j < x[i].Length; j++)
            {
                r -= fit.Coefficients[j + 1].Estimate * x[i][j];
            }

            dots[0] += r;
            for (var j = 0; j < x[i].Length; j++)
            {
                dots[j + 1] += r * x[i][j];
            }
        }

        dots.Should().OnlyContain(d => Math.Abs(d) < 1e-9);
    }

    [Test]
    public void A_collinear_predictor_is_named()
    {
        // The three period dummies with an intercept: prelaunch = 1 − postlaunch − posttraining.
        var x = StudyFixture.Rows.Select(r => new[] { r.Postlaunch, r.Posttraining, r.Period == 0 ? 1.0 : 0.0, r.Load }).ToArray();
        var act = () => LinearRegression.Fit(["postlaunch", "posttraining", "prelaunch", "load"], x, LogLatency, new LinearRegressionOptions { Context = "level amber" });
        var e = act.Should().Throw<StatisticsException>().Which;
        e.Variable.Should().Be("prelaunch");
        e.Message.Should().Contain("'prelaunch' is a linear combination of 'postlaunch', 'posttraining' in level amber");
    }

    [Test]
    public void Too_few_rows_a_constant_outcome_and_an_exact_fit_are_clear_errors()
    {
        var few = () => LinearRegression.Fit(["a", "b"], [[1.0, 2.0], [2.0, 1.0], [3.0, 5.0]], [1.0, 2.0, 3.0]);
        few.Should().Throw<StatisticsException>().WithMessage("*3 rows*3 coefficients*");
        var constant = () => LinearRegression.Fit(["a"], [[1.0], [2.0], [3.0]], [4.0, 4.0, 4.0]);
        constant.Should().Throw<StatisticsException>().WithMessage("*outcome is constant*");
        var exact = () => LinearRegression.Fit(["a"], [[1.0], [2.0], [3.0], [4.0]], [3.0, 5.0, 7.0, 9.0]);
        exact.Should().Throw<StatisticsException>().WithMessage("*exactly*");
    }

    [Test]
    public void Degenerate_but_legal_data_gives_finite_numbers()
    {
        // One residual degree of freedom, a binary predictor.
        var fit = LinearRegression.Fit(["a"], [[0.0], [1.0], [1.0]], [1.0, 2.0, 2.5]);
        fit.Coefficients.SelectMany(c => new[] { c.Estimate, c.StandardError, c.T, c.P, c.Lower, c.Upper })
            .Concat([fit.RSquared, fit.AdjustedRSquared, fit.F, fit.FP]).Should().OnlyContain(v => double.IsFinite(v));
    }
}
