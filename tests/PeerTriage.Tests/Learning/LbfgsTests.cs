using PeerTriage.Learning;

namespace PeerTriage.Tests.Learning;

public class LbfgsTests
{
    [Test]
    public void Minimizes_an_ill_conditioned_quadratic_to_its_known_minimum()
    {
        // f(x) = ½ Σ a_i (x_i − c_i)², condition number 10⁴.
        const int n = 50;
        var a = Enumerable.Range(0, n).Select(i => Math.Pow(1e4, i / (n - 1.0))).ToArray();
        var center = Enumerable.Range(0, n).Select(i => Math.Sin(i + 1.0)).ToArray();
        double F(ReadOnlySpan<double> x, Span<double> g)
        {
            double f = 0;
            for (int i = 0; i < n; i++)
            {
                double d = x[i] - center[i];
                f += 0.5 * a[i] * d * d;
                g[i] = a[i] * d;
            }
            return f;
        }

        var x = new double[n];
        // The objective-decrease test is absolute below |f| = 1, so a tiny tolerance is needed to pin x down to 1e-7.
        var result = new Lbfgs { Tolerance = 1e-16, MaxIterations = 1000 }.Minimize(x, F);

        result.Converged.Should().BeTrue();
        for (int i = 0; i < n; i++)
            x[i].Should().BeApproximately(center[i], 1e-7);
        result.Value.Should().BeLessThan(1e-14);
    }

    [TestCase(2)]
    [TestCase(10)]
    public void Minimizes_the_Rosenbrock_function_to_all_ones(int n)
    {
        // Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at (1, …, 1).
        double F(ReadOnlySpan<double> x, Span<double> g)
        {
            g.Clear();
            double f = 0;
            for (int i = 0; i < n - 1; i++)
            {
                double t = x[i + 1] - x[i] * x[i], u = 1 - x[i];
                f += 100 * t * t + u * u;
                g[i] += -400 * t * x[i] - 2 * u;
                g[i + 1] += 200 * t;
            }
            return f;
        }

        var x = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray();
        var result = new Lbfgs { Tolerance = 1e-10, MaxIterations = 2000 }.Minimize(x, F);

        result.Converged.Should().BeTrue();
        result.Value.Should().BeLessThan(1e-16);
        x.Should().AllSatisfy(v => v.Should().BeApproximately(1.0, 1e-7));
    }

    [Test]
    public void Works_in_coordinates_with_a_non_identity_inner_product()
    {
        // Rosenbrock in coordinates u with x = D u, D = diag(3, 0.5): ⟨u, v⟩ = u · D² v, gradient coordinates D⁻² ∇_u f.
        var problem = new ScaledRosenbrock([3.0, 0.5]);
        var u = new[] { -1.2 / 3.0, 1.0 / 0.5 };

        var result = new Lbfgs { Tolerance = 1e-10 }.Minimize(u, problem);

        result.Converged.Should().BeTrue();
        (u[0] * 3.0).Should().BeApproximately(1.0, 1e-7);
        (u[1] * 0.5).Should().BeApproximately(1.0, 1e-7);
    }

    [Test]
    public void Line_search_backs_out_of_points_where_the_objective_is_infinite()
    {
        // f(x) = 10x − ln x on x > 0, minimum at 0.1; the first trial step from x = 1 lands on x = 0.
        static double F(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = 10 - 1 / x[0];
            return x[0] > 0 ? 10 * x[0] - Math.Log(x[0]) : double.PositiveInfinity;
        }

        var x = new[] { 1.0 };
        var result = new Lbfgs { Tolerance = 1e-12 }.Minimize(x, F);

        result.Converged.Should().BeTrue();
        x[0].Should().BeApproximately(0.1, 1e-9);
    }

    [Test]
    public void Stops_at_the_iteration_limit_without_claiming_convergence()
    {
        var x = new[] { -1.2, 1.0 };
        var result = new Lbfgs { MaxIterations = 3, Tolerance = 0 }.Minimize(x, Rosenbrock2);
        result.Iterations.Should().Be(3);
        result.Converged.Should().BeFalse();
        double[] g = new double[2];
        result.Value.Should().Be(Rosenbrock2(x, g), "x must hold the point whose value is reported");
    }

    [Test]
    public void Reports_progress_and_honours_cancellation_between_iterations()
    {
        using var cts = new CancellationTokenSource();
        var seen = new List<int>();
        var progress = new SynchronousProgress(i =>
        {
            seen.Add(i);
            if (i == 3)
                cts.Cancel();
        });

        var act = () => new Lbfgs { Tolerance = 0 }.Minimize([-1.2, 1.0], Rosenbrock2, progress, cts.Token);

        act.Should().Throw<OperationCanceledException>();
        seen.Should().Equal(1, 2, 3);
    }

    private static double Rosenbrock2(ReadOnlySpan<double> x, Span<double> g)
    {
        double t = x[1] - x[0] * x[0], u = 1 - x[0];
        g[0] = -400 * t * x[0] - 2 * u;
        g[1] = 200 * t;
        return 100 * t * t + u * u;
    }

    private sealed class ScaledRosenbrock(double[] scale) : ILbfgsObjective
    {
        public int Dimension => 2;

        public double Evaluate(ReadOnlySpan<double> u, ReadOnlySpan<double> image, Span<double> gradient)
        {
            double[] x = [scale[0] * u[0], scale[1] * u[1]];
            double value = Rosenbrock2(x, gradient); // ∇_x f
            for (int i = 0; i < 2; i++)
                gradient[i] /= scale[i]; // ∇_u f = D ∇_x f, then D⁻² for the coordinates of the gradient
            return value;
        }

        public void Image(ReadOnlySpan<double> v, Span<double> image)
        {
            for (int i = 0; i < 2; i++)
                image[i] = scale[i] * scale[i] * v[i];
        }
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
