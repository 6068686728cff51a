namespace PeerTriage.Learning;

/// <summary>Computes f(x), writes ∇f(x) into <paramref name="gradient"/> and returns f(x).</summary>
internal delegate double ObjectiveFunction(double[] x, double[] gradient);

/// <summary>Outcome of <see cref="Lbfgs.Minimize"/>.</summary>
/// <param name="Iterations">Completed iterations (accepted steps).</param>
/// <param name="Evaluations">Calls of the objective function.</param>
/// <param name="Value">Objective at the returned point.</param>
/// <param name="Converged">True when a tolerance test stopped the run; false when it hit the iteration limit or the line search failed.</param>
internal readonly record struct LbfgsResult(int Iterations, int Evaluations, double Value, bool Converged);

/// <summary>
/// Limited-memory BFGS minimizer for smooth functions of a <c>double[]</c>, with a weak Wolfe line search
/// (bracketing: quadratic backtracking / doubling, then bisection). Serial and deterministic.
/// </summary>
/// <remarks>
/// Stopping rule: converged when ‖∇f‖∞ ≤ <see cref="Tolerance"/>, or when the objective fell by no more than
/// <c>Tolerance · max(1, |f|)</c> over the last <see cref="StallWindow"/> iterations (relative for |f| ≥ 1, absolute below).
/// A search direction that is not a descent direction, or a failed line search, clears the memory and retries along −∇f;
/// if even that finds no decrease, the run stops with <see cref="LbfgsResult.Converged"/> false.
/// </remarks>
internal sealed class Lbfgs
{
    /// <summary>Iterations spanned by the objective-decrease test.</summary>
    public const int StallWindow = 5;

    private const double ArmijoC1 = 1e-4;
    private const double WolfeC2 = 0.9;
    private const int MaxLineSearchEvaluations = 40;

    public int History { get; init; } = 10;

    public int MaxIterations { get; init; } = 300;

    public double Tolerance { get; init; } = 1e-5;

    /// <summary>
    /// Minimizes <paramref name="f"/> starting from <paramref name="x"/>, which is overwritten with the result.
    /// <paramref name="progress"/> receives the iteration number after each accepted step.
    /// </summary>
    public LbfgsResult Minimize(double[] x, ObjectiveFunction f, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(f);
        ArgumentOutOfRangeException.ThrowIfLessThan(History, 1, nameof(History));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxIterations, nameof(MaxIterations));
        if (!(Tolerance >= 0))
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Tolerance must be zero or positive.");

        int n = x.Length, m = History;
        double[] result = x; // x and xNew swap roles each step; the answer is copied back here
        var g = new double[n];
        var d = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var s = new double[m][];
        var y = new double[m][];
        var rho = new double[m];
        var alpha = new double[m];
        var recent = new double[StallWindow + 1]; // ring buffer of the last objective values
        int stored = 0, newest = -1;

        cancellationToken.ThrowIfCancellationRequested();
        double fx = f(x, g);
        int evaluations = 1;
        if (!double.IsFinite(fx))
            throw new ArgumentException($"The objective is not finite at the starting point ({fx}).", nameof(x));
        recent[0] = fx;
        if (MaxNorm(g) <= Tolerance)
            return new LbfgsResult(0, evaluations, fx, true);

        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            bool steepest = stored == 0;
            double gd = steepest ? SteepestDescent(g, d) : TwoLoop(g, d, s, y, rho, alpha, stored, newest);
            if (!(gd < 0))
            {
                // Rounding can make the quasi-Newton direction uphill; restart from steepest descent.
                stored = 0;
                steepest = true;
                gd = SteepestDescent(g, d);
            }

            // Without curvature information, take a first step of unit length rather than unit gradient.
            double step = steepest ? Math.Min(1.0, 1.0 / Math.Sqrt(-gd)) : 1.0;
            if (!LineSearch(x, fx, g, d, gd, step, f, xNew, gNew, out double fNew, ref evaluations))
            {
                if (steepest)
                    return Finish(iteration - 1, false);
                stored = 0; // stale memory; retry this iteration along −∇f
                iteration--;
                continue;
            }

            // Keep the pair (s, y) only if its curvature is positive, so the inverse Hessian estimate stays positive definite.
            int slot = (newest + 1) % m;
            s[slot] ??= new double[n];
            y[slot] ??= new double[n];
            double[] sNew = s[slot], yNew = y[slot];
            double sy = 0, yy = 0;
            for (int i = 0; i < n; i++)
            {
                sNew[i] = xNew[i] - x[i];
                yNew[i] = gNew[i] - g[i];
                sy += sNew[i] * yNew[i];
                yy += yNew[i] * yNew[i];
            }
            if (sy > 1e-10 * yy)
            {
                rho[slot] = 1.0 / sy;
                newest = slot;
                stored = Math.Min(stored + 1, m);
            }

            (x, xNew) = (xNew, x);
            (g, gNew) = (gNew, g);
            double fOld = recent[(iteration - Math.Min(iteration, StallWindow)) % recent.Length];
            fx = fNew;
            recent[iteration % recent.Length] = fx;
            progress?.Report(iteration);

            bool flat = iteration >= StallWindow && fOld - fx <= Tolerance * Math.Max(1.0, Math.Abs(fx));
            if (flat || MaxNorm(g) <= Tolerance)
                return Finish(iteration, true);
        }
        return Finish(MaxIterations, false);

        LbfgsResult Finish(int iterations, bool converged)
        {
            if (!ReferenceEquals(x, result))
                Array.Copy(x, result, n);
            return new LbfgsResult(iterations, evaluations, fx, converged);
        }
    }

    private static double SteepestDescent(double[] g, double[] d)
    {
        double gd = 0;
        for (int i = 0; i < g.Length; i++)
        {
            d[i] = -g[i];
            gd -= g[i] * g[i];
        }
        return gd;
    }

    /// <summary>Two-loop recursion: d = −H·g with H the L-BFGS inverse Hessian estimate. Returns g·d.</summary>
    private static double TwoLoop(double[] g, double[] d, double[][] s, double[][] y, double[] rho, double[] alpha, int stored, int newest)
    {
        int m = s.Length;
        Array.Copy(g, d, g.Length);
        for (int j = 0, slot = newest; j < stored; j++, slot = (slot - 1 + m) % m)
        {
            alpha[slot] = rho[slot] * Dot(s[slot], d);
            Axpy(-alpha[slot], y[slot], d);
        }

        // Initial Hessian scaling γ = s·y / y·y from the newest pair.
        double gamma = 1.0 / (rho[newest] * Dot(y[newest], y[newest]));
        for (int i = 0; i < d.Length; i++)
            d[i] *= gamma;

        for (int j = 0, slot = (newest - stored + 1 + m) % m; j < stored; j++, slot = (slot + 1) % m)
        {
            double beta = rho[slot] * Dot(y[slot], d);
            Axpy(alpha[slot] - beta, s[slot], d);
        }

        double gd = 0;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = -d[i];
            gd += g[i] * d[i];
        }
        return gd;
    }

    /// <summary>
    /// Finds t with f(x + t·d) ≤ f + c1·t·g·d and ∇f(x + t·d)·d ≥ c2·g·d (weak Wolfe).
    /// On success xNew, gNew and fNew hold the accepted point.
    /// </summary>
    private static bool LineSearch(double[] x, double fx, double[] g, double[] d, double gd, double step, ObjectiveFunction f,
        double[] xNew, double[] gNew, out double fNew, ref int evaluations)
    {
        double low = 0, high = double.PositiveInfinity, t = step;
        for (int e = 0; e < MaxLineSearchEvaluations; e++)
        {
            for (int i = 0; i < x.Length; i++)
                xNew[i] = x[i] + t * d[i];
            fNew = f(xNew, gNew);
            evaluations++;

            if (!(fNew <= fx + ArmijoC1 * t * gd)) // also catches NaN / infinity
            {
                high = t;
                // Backtrack: minimize the quadratic through f(0), f'(0) and f(t), kept inside [low + 10%, low + 50%] of the bracket.
                double next = double.IsFinite(fNew) && low == 0 ? -gd * t * t / (2 * (fNew - fx - gd * t)) : double.NaN;
                double width = high - low;
                t = double.IsFinite(next) ? Math.Clamp(next, low + 0.1 * width, low + 0.5 * width) : low + 0.5 * width;
            }
            else if (Dot(gNew, d) < WolfeC2 * gd)
            {
                low = t;
                t = double.IsPositiveInfinity(high) ? 2 * t : 0.5 * (low + high);
            }
            else
            {
                return true;
            }

            if (t <= 0 || t == low || t == high)
                break; // the bracket has shrunk below machine precision
        }

        // Out of budget: a point with sufficient decrease is still a useful step.
        if (low > 0)
        {
            for (int i = 0; i < x.Length; i++)
                xNew[i] = x[i] + low * d[i];
            fNew = f(xNew, gNew);
            evaluations++;
            return fNew <= fx + ArmijoC1 * low * gd;
        }
        fNew = fx;
        return false;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    private static void Axpy(double a, double[] xs, double[] ys)
    {
        for (int i = 0; i < xs.Length; i++)
            ys[i] += a * xs[i];
    }

    private static double MaxNorm(double[] v)
    {
        double max = 0;
        foreach (double e in v)
            max = Math.Max(max, Math.Abs(e));
        return max;
    }
}
