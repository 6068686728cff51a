using PeerTriage.Analytics.Statistics;

namespace PeerTriage.Analytics.Tests.Statistics;

public sealed class LogisticRegressionTests
{
    // statsmodels Logit(responded ~ const + predictors).fit(method="newton"): params, bse, tvalues, pvalues, exp(conf_int).
    private static readonly double[] Estimates = [-0.7966126525008946, 0.947294822519266, 0.7295564014829296, -0.09561982319056116, 0.5603435714058349, 0.2296170394848699];
    private static readonly double[] Errors = [0.38213089728128924, 0.3088095068803156, 0.3042673263426557, 0.046150949124603706, 0.11559415942349008, 0.1265006421657374];
    private static readonly double[] Zs = [-2.0846591002415136, 3.06757014085841, 2.3977480929428734, -2.0718928863715376, 4.847507643988859, 1.8151452479113304];
    private static readonly double[] Ps = [0.03710025570273325, 0.0021580680766493422, 0.016496205611884494, 0.03827543152746732, 1.2502221675860487e-06, 0.0695015912001612];
    private static readonly double[] OrLower = [0.2131891565268371, 1.407815638996911, 1.1424823558150266, 0.830212139303099, 1.3962403808638424, 0.9818471218137762];
    private static readonly double[] OrUpper = [0.9534675791598872, 4.723501340818599, 3.7656082530069126, 0.9948476938437557, 2.196585173718211, 1.612125898999316];
    private static readonly double[] OrLower90 = [0.24046949320460184, 1.5516957809067187, 1.257444121957517, 0.8423738345500068, 1.4480359181726092, 1.0217757034097077];
    private static readonly double[] OrUpper90 = [0.8453003591762537, 4.285517264564285, 3.421337706262858, 0.9804846711887607, 2.1180143952662616, 1.5491278258543941];

    private static LogisticRegressionResult FitStudy(LogisticRegressionOptions? options = null) =>
        LogisticRegression.Fit(StudyFixture.Predictors, StudyFixture.X, StudyFixture.Responded, options);

    [Test]
    public void Coefficients_match_statsmodels()
    {
        var fit = FitStudy();
        fit.Coefficients.Select(c => c.Name).Should().Equal(["(Intercept)", .. StudyFixture.Predictors]);
        for (var j = 0; j < Estimates.Length; j++)
        {
            var c = fit.Coefficients[j];
            c.Estimate.ShouldMatch(Estimates[j], $"{c.Name} estimate");
            c.StandardError.ShouldMatch(Errors[j], $"{c.Name} SE");
            c.Z.ShouldMatch(Zs[j], $"{c.Name} z");
            c.WaldChiSquare.ShouldMatch(Zs[j] * Zs[j], $"{c.Name} Wald");
            c.P.ShouldMatch(Ps[j], $"{c.Name} p");
            c.OddsRatio.ShouldMatch(Math.Exp(Estimates[j]), $"{c.Name} OR");
            c.OddsRatioLower.ShouldMatch(OrLower[j], $"{c.Name} OR lower");
            c.OddsRatioUpper.ShouldMatch(OrUpper[j], $"{c.Name} OR upper");
        }
    }

    [Test]
    public void Model_summary_matches_statsmodels()
    {
        var fit = FitStudy();
        fit.N.Should().Be(300);
        fit.Events.Should().Be(147);
        fit.LogLikelihood.ShouldMatch(-187.90316848494484, "llf");
        fit.NullLogLikelihood.ShouldMatch(-207.8841501684102, "llnull");
        fit.ModelChiSquare.ShouldMatch(39.96196336693072, "LR chi2");
        fit.ModelDegreesOfFreedom.Should().Be(5);
        fit.ModelP.ShouldMatch(1.519976178114697e-07, "LR p");
        fit.CoxSnellRSquared.ShouldMatch(0.12471571176768237, "Cox & Snell");
        fit.NagelkerkeRSquared.ShouldMatch(0.1663097962440047, "Nagelkerke");
        fit.PercentCorrect.ShouldMatch(64.33333333333333, "percent correct");
        fit.Converged.Should().BeTrue();
        fit.Iterations.Should().BeInRange(3, 15);
    }

    [Test]
    public void Confidence_level_is_configurable()
    {
        var fit = FitStudy(new LogisticRegressionOptions { ConfidenceLevel = 0.90 });
        for (var j = 0; j < Estimates.Length; j++)
        {
            fit.Coefficients[j].OddsRatioLower.ShouldMatch(OrLower90[j], "90% OR lower");
            fit.Coefficients[j].OddsRatioUpper.ShouldMatch(OrUpper90[j], "90% OR upper");
        }
    }

    [Test]
    public void Score_equations_vanish_at_the_optimum()
    {
        var fit = FitStudy();
        var x = StudyFixture.X;
        var y = StudyFixture.Responded;
        var score = new double[Estimates.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var eta = fit.Coefficients[0].Estimate;
            for (var j = 0; j < x[i].Length; j++)
            {
                eta += fit.Coefficients[j + 1].Estimate * x[i][j];
            }

            var r = (y[i] ? 1.0 : 0.0) - (1 / (1 + Math.Exp(-eta)));
            score[0] += r;
            for (var j = 0; j < x[i].Length; j++)
            {
                score[j + 1] += r * x[i][j];
            }
        }

        score.Should().OnlyContain(s => Math.Abs(s) < 1e-8);
    }

    [Test]
    public void A_zero_one_outcome_gives_the_same_fit_as_a_boolean_one()
    {
        var asDoubles = StudyFixture.Responded.Select(b => b ? 1.0 : 0.0).ToArray();
        var fit = LogisticRegression.Fit(StudyFixture.Predictors, StudyFixture.X, asDoubles);
        fit.Coefficients.Select(c => c.Estimate).Should().Equal(FitStudy().Coefficients.Select(c => c.Estimate));
    }

    [Test]
    public void A_predictor_that_separates_the_outcome_is_named_with_the_cut()
    {
        // mod_msgs above 3 always got a reply, at or below never: complete separation.
        var rng = new Random(7);
        var rows = new List<double[]>();
        var y = new List<bool>();
        for (var i = 0; i < 80; i++)
        {
            var msgs = rng.Next(0, 8);
            rows.Add([rng.NextDouble(), msgs]);
            y.Add(msgs > 3);
        }

        var options = new LogisticRegressionOptions { Context = "level red", PositiveLabel = "responded", NegativeLabel = "not responded" };
        var act = () => LogisticRegression.Fit(["load", "mod_msgs_h+1"], rows, y, options);
        var e = act.Should().Throw<StatisticsException>().Which;
        e.Variable.Should().Be("mod_msgs_h+1");
        e.Message.Should().Contain("'mod_msgs_h+1' separates responded from not responded in level red")
            .And.Contain("at or above 4 is responded").And.Contain("drop it");
    }

    [Test]
    public void A_dummy_whose_rows_all_have_one_outcome_is_quasi_complete_separation()
    {
        var rng = new Random(3);
        var rows = new List<double[]>();
        var y = new List<bool>();
        for (var i = 0; i < 90; i++)
        {
            var period = i % 3;
            rows.Add([period == 1 ? 1 : 0, period == 2 ? 1 : 0, rng.NextDouble()]);
            y.Add(period == 2 || rng.NextDouble() < 0.4); // every post-training message got a reply
        }

        var act = () => LogisticRegression.Fit(["postlaunch", "posttraining", "load"], rows, y);
        act.Should().Throw<StatisticsException>().Which.Variable.Should().Be("posttraining");
    }

    [Test]
    public void Separation_by_a_combination_of_predictors_is_caught_after_the_fit()
    {
        // y = 1 exactly when a + b > 1: neither predictor alone separates, together they do.
        var rng = new Random(11);
        var rows = new List<double[]>();
        var y = new List<bool>();
        for (var i = 0; i < 100; i++)
        {
            double a = rng.NextDouble(), b = rng.NextDouble();
            rows.Add([a, b, rng.NextDouble()]);
            y.Add(a + b > 1);
        }

        var act = () => LogisticRegression.Fit(["a", "b", "noise"], rows, y);
        var e = act.Should().Throw<StatisticsException>().Which;
        e.Variable.Should().BeOneOf("a", "b");
        e.Message.Should().Contain("separates");
    }

    [Test]
    public void A_collinear_predictor_is_named_with_its_parts()
    {
        var x = StudyFixture.X.Select(r => new[] { r[0], r[1], r[2], r[3], r[2] + (2 * r[3]) }).ToArray();
        var act = () => LogisticRegression.Fit(["postlaunch", "posttraining", "peer_msgs", "mod_authors", "total_load"], x, StudyFixture.Responded);
        var e = act.Should().Throw<StatisticsException>().Which;
        e.Variable.Should().Be("total_load");
        e.Message.Should().Contain("linear combination of 'peer_msgs', 'mod_authors'");
    }

    [Test]
    public void A_constant_predictor_is_named()
    {
        var x = StudyFixture.X.Select(r => new[] { r[0], 5.0, r[2] }).ToArray();
        var act = () => LogisticRegression.Fit(["postlaunch", "always5", "peer_msgs"], x, StudyFixture.Responded);
        var e = act.Should().Throw<StatisticsException>().Which;
        e.Variable.Should().Be("always5");
        e.Message.Should().Contain("constant");
    }

    [Test]
    public void An_outcome_with_one_class_is_a_clear_error()
    {
        var y = new bool[StudyFixture.Rows.Count];
        var act = () => LogisticRegression.Fit(StudyFixture.Predictors, StudyFixture.X, y, new LogisticRegressionOptions { NegativeLabel = "not responded" });
        act.Should().Throw<StatisticsException>().WithMessage("*only one class*300 rows are 'not responded'*");
    }

    [Test]
    public void Bad_input_is_named()
    {
        var act = () => LogisticRegression.Fit(["a"], [[1.0], [double.NaN]], [true, false]);
        act.Should().Throw<ArgumentException>().WithMessage("*Row 1, predictor 'a'*");
        var act2 = () => LogisticRegression.Fit(["a"], [[1.0], [2.0]], [1.0, 2.0]);
        act2.Should().Throw<ArgumentException>().WithMessage("*Outcome 1 is 2*");
        var act3 = () => LogisticRegression.Fit(["a", "b"], [[1.0, 2.0], [2.0, 1.0]], [true, false]);
        act3.Should().Throw<StatisticsException>().WithMessage("*2 rows*3 coefficients*");
    }

    [Test]
    public void Degenerate_but_legal_data_gives_finite_numbers()
    {
        // Tiny sample, one rare outcome, overlapping classes: estimable, every number finite.
        double[][] x = [[0], [1], [2], [3], [4], [5], [1], [3]];
        bool[] y = [false, false, true, false, false, true, false, false];
        var fit = LogisticRegression.Fit(["x"], x, y);
        var numbers = fit.Coefficients.SelectMany(c => new[] { c.Estimate, c.StandardError, c.Z, c.P, c.OddsRatio, c.OddsRatioLower, c.OddsRatioUpper })
            .Concat([fit.LogLikelihood, fit.NullLogLikelihood, fit.ModelChiSquare, fit.ModelP, fit.CoxSnellRSquared, fit.NagelkerkeRSquared, fit.PercentCorrect]);
        numbers.Should().OnlyContain(v => double.IsFinite(v));
    }
}
