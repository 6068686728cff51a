namespace PeerTriage.Learning;

/// <summary>Computes f(x), writes ∇f(x) into <paramref name="gradient"/> and returns f(x).</summary>
internal delegate double ObjectiveFunction(ReadOnlySpan<double> x, Span<double> gradient);

/// <summary>
/// A smooth function for <see cref="Lbfgs"/>, in coordinates whose inner product is ⟨u, v⟩ = u · M v for a symmetric
/// positive semi-definite M (the identity for plain ℝⁿ). Such coordinates let a problem optimize a large vector through
/// a small representation, e.g. weights W = Xᵀ A stored as A with M = X Xᵀ.
/// </summary>
internal interface ILbfgsObjective
{
    int Dimension { get; }

    /// <summary>
    /// Returns f at <paramref name="x"/>, given also its image M·x, and writes the gradient's coordinates g, defined by
    /// g · M v = (directional derivative of f along v) for every v.
    /// </summary>
    double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> image, Span<double> gradient);

    /// <summary>Writes M·v. Called once per iteration, for the gradient at the accepted point.</summary>
    void Image(ReadOnlySpan<double> v, Span<double> image);
}

/// <summary>Outcome of <see cref="Lbfgs.Minimize(double[], ILbfgsObjective, IProgress{int}?, CancellationToken)"/>.</summary>
/// <param name="Iterations">Completed iterations (accepted steps).</param>
/// <param name="Evaluations">Calls of the objective function.</param>
/// <param name="Value">Objective at the returned point.</param>
/// <param name="Converged">True when a tolerance test stopped the run; false when it hit the iteration limit or the line search failed.</param>
internal readonly record struct LbfgsResult(int Iterations, int Evaluations, double Value, bool Converged);

/// <summary>
/// Limited-memory BFGS minimizer with a weak Wolfe line search (quadratic backtracking or doubling, then bisection).
/// Serial and deterministic.
/// </summary>
/// <remarks>
/// <para>Stopping rule: converged when the gradient norm ‖∇f‖₂ = √⟨g, g⟩ is at most <see cref="Tolerance"/>, or when the
/// objective fell by no more than <c>Tolerance · max(1, |f|)</c> over the last <see cref="StallWindow"/> iterations
/// (relative for |f| ≥ 1, absolute below).</para>
/// <para>A search direction that is not a descent direction, or a failed line search, clears the memory and retries
/// along −∇f; if even that finds no decrease, the run stops with <see cref="LbfgsResult.Converged"/> false.</para>
/// <para>Internally every vector is stored as [coordinates | image under M], so that inner products are plain sums and
/// the image of a linear combination is the same combination of images; M is applied only to new gradients.</para>
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
    /// Supplies vector i (0 ≤ i &lt; 5 + 2 · <see cref="History"/>) with room for at least the given length, contents
    /// unspecified; null allocates each. Lets successive runs share their vectors instead of leaving them as garbage.
    /// </summary>
    public Func<int, int, double[]>? Vectors { get; init; }

    /// <summary>Minimizes over plain ℝⁿ; see <see cref="Minimize(double[], ILbfgsObjective, IProgress{int}?, CancellationToken)"/>.</summary>
    public LbfgsResult Minimize(double[] x, ObjectiveFunction f, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(f);
        return Minimize(x, new Euclidean(f, x.Length), progress, cancellationToken);
    }

    /// <summary>
    /// Minimizes <paramref name="objective"/> starting from <paramref name="x"/>, which is overwritten with the result.
    /// <paramref name="progress"/> receives the iteration number after each accepted step.
    /// </summary>
    public LbfgsResult Minimize(double[] x, ILbfgsObjective objective, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(objective);
        if (x.Length != objective.Dimension)
            throw new ArgumentException($"The start has {x.Length} coordinates but the objective has {objective.Dimension}.", nameof(x));
        ArgumentOutOfRangeException.ThrowIfLessThan(History, 1, nameof(History));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxIterations, nameof(MaxIterations));
        if (!(Tolerance >= 0))
            throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Tolerance must be zero or positive.");

        var space = new Space(objective, Vectors);
        int m = History;
        double[] point = space.New(0), gradient = space.New(1), direction = space.New(2), nextPoint = space.New(3), nextGradient = space.New(4);
        var s = new double[m][];
        var y = new double[m][];
        var rho = new double[m];
        var alpha = new double[m];
        var recent = new double[StallWindow + 1]; // ring buffer of the last objective values
        int stored = 0, newest = -1, evaluations = 0;

        cancellationToken.ThrowIfCancellationRequested();
        x.CopyTo(point, 0);
        objective.Image(space.Coordinates(point), space.ImageOf(point));
        double fx = space.Evaluate(point, gradient, ref evaluations);
        if (!double.IsFinite(fx))
            throw new ArgumentException($"The objective is not finite at the starting point ({fx}).", nameof(x));
        objective.Image(space.Coordinates(gradient), space.ImageOf(gradient));
        recent[0] = fx;
        if (Math.Sqrt(space.Dot(gradient, gradient)) <= Tolerance)
            return Finish(0, true);

        for (int iteration = 1; iteration <= MaxIterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();

            bool steepest = stored == 0;
            double gd = steepest ? SteepestDescent(space, gradient, direction) : TwoLoop(space, gradient, direction, s, y, rho, alpha, stored, newest);
            if (!(gd < 0))
            {
                // Rounding can make the quasi-Newton direction uphill; restart from steepest descent.
                stored = 0;
                steepest = true;
                gd = SteepestDescent(space, gradient, direction);
            }

            // Without curvature information, take a first step of unit length rather than unit gradient.
            double step = steepest ? Math.Min(1.0, 1.0 / Math.Sqrt(-gd)) : 1.0;
            if (!LineSearch(space, point, fx, direction, gd, step, nextPoint, nextGradient, out double fNew, ref evaluations))
            {
                if (steepest)
                    return Finish(iteration - 1, false);
                stored = 0; // stale memory; retry this iteration along −∇f
                iteration--;
                continue;
            }
            objective.Image(space.Coordinates(nextGradient), space.ImageOf(nextGradient));

            // Keep the pair (s, y) only if its curvature is positive, so the inverse Hessian estimate stays positive definite.
            int slot = (newest + 1) % m;
            double[] sNew = s[slot] ??= space.New(5 + slot), yNew = y[slot] ??= space.New(5 + m + slot);
            for (int i = 0; i < space.Length; i++)
            {
                sNew[i] = nextPoint[i] - point[i];
                yNew[i] = nextGradient[i] - gradient[i];
            }
            double sy = space.Dot(sNew, yNew);
            if (sy > 1e-10 * space.Dot(yNew, yNew))
            {
                rho[slot] = 1.0 / sy;
                newest = slot;
                stored = Math.Min(stored + 1, m);
            }
            else if (stored == m)
            {
                stored--; // the slot held the oldest pair, now overwritten
            }

            (point, nextPoint) = (nextPoint, point);
            (gradient, nextGradient) = (nextGradient, gradient);
            double fOld = recent[Math.Max(0, iteration - StallWindow) % recent.Length];
            fx = fNew;
            recent[iteration % recent.Length] = fx;
            progress?.Report(iteration);

            bool flat = iteration >= StallWindow && fOld - fx <= Tolerance * Math.Max(1.0, Math.Abs(fx));
            if (flat || Math.Sqrt(space.Dot(gradient, gradient)) <= Tolerance)
                return Finish(iteration, true);
        }
        return Finish(MaxIterations, false);

        LbfgsResult Finish(int iterations, bool converged)
        {
            space.Coordinates(point).CopyTo(x);
            return new LbfgsResult(iterations, evaluations, fx, converged);
        }
    }

    private static double SteepestDescent(Space space, double[] g, double[] d)
    {
        for (int i = 0; i < space.Length; i++)
            d[i] = -g[i];
        return space.Dot(g, d);
    }

    /// <summary>Two-loop recursion: d = −H·g with H the L-BFGS inverse Hessian estimate. Returns ⟨g, d⟩.</summary>
    private static double TwoLoop(Space space, double[] g, double[] d, double[][] s, double[][] y, double[] rho, double[] alpha, int stored, int newest)
    {
        int m = s.Length, length = space.Length;
        Array.Copy(g, d, length);
        for (int j = 0, slot = newest; j < stored; j++, slot = (slot - 1 + m) % m)
        {
            alpha[slot] = rho[slot] * space.Dot(s[slot], d);
            Axpy(-alpha[slot], y[slot], d, length);
        }

        // Initial Hessian scaling γ = ⟨s, y⟩ / ⟨y, y⟩ from the newest pair.
        double gamma = 1.0 / (rho[newest] * space.Dot(y[newest], y[newest]));
        for (int i = 0; i < length; i++)
            d[i] *= gamma;

        for (int j = 0, slot = (newest - stored + 1 + m) % m; j < stored; j++, slot = (slot + 1) % m)
        {
            double beta = rho[slot] * space.Dot(y[slot], d);
            Axpy(alpha[slot] - beta, s[slot], d, length);
        }

        for (int i = 0; i < length; i++)
            d[i] = -d[i];
        return space.Dot(g, d);
    }

    /// <summary>
    /// Finds t with f(x + t·d) ≤ f + c1·t·⟨g, d⟩ and ⟨∇f(x + t·d), d⟩ ≥ c2·⟨g, d⟩ (weak Wolfe).
    /// On success <paramref name="next"/> and the coordinates of <paramref name="nextGradient"/> hold the accepted point.
    /// </summary>
    private static bool LineSearch(Space space, double[] x, double fx, double[] d, double gd, double step,
        double[] next, double[] nextGradient, out double fNew, ref int evaluations)
    {
        double low = 0, high = double.PositiveInfinity, t = step;
        for (int e = 0; e < MaxLineSearchEvaluations; e++)
        {
            fNew = Trial(t, ref evaluations);
            if (!(fNew <= fx + ArmijoC1 * t * gd)) // also catches NaN and infinity
            {
                high = t;
                // Backtrack: minimize the quadratic through f(0), f'(0) and f(t), kept inside [10%, 50%] of the bracket.
                double candidate = double.IsFinite(fNew) && low == 0 ? -gd * t * t / (2 * (fNew - fx - gd * t)) : double.NaN;
                double width = high - low;
                t = double.IsFinite(candidate) ? Math.Clamp(candidate, low + 0.1 * width, low + 0.5 * width) : low + 0.5 * width;
            }
            else if (space.Dot(nextGradient, d) < WolfeC2 * gd)
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
            fNew = Trial(low, ref evaluations);
            return fNew <= fx + ArmijoC1 * low * gd;
        }
        fNew = fx;
        return false;

        double Trial(double t, ref int evaluations)
        {
            for (int i = 0; i < space.Length; i++)
                next[i] = x[i] + t * d[i]; // coordinates and image alike
            return space.Evaluate(next, nextGradient, ref evaluations);
        }
    }

    private static void Axpy(double a, double[] xs, double[] ys, int length)
    {
        for (int i = 0; i < length; i++)
            ys[i] += a * xs[i];
    }

    /// <summary>Vectors of length 2n laid out as [coordinates | image]; an array may be longer, and the rest is ignored.</summary>
    private sealed class Space(ILbfgsObjective objective, Func<int, int, double[]>? vectors)
    {
        private readonly int _n = objective.Dimension;

        public int Length => 2 * _n;

        public double[] New(int index) => vectors?.Invoke(index, 2 * _n) ?? new double[2 * _n];

        public Span<double> Coordinates(double[] v) => v.AsSpan(0, _n);

        public Span<double> ImageOf(double[] v) => v.AsSpan(_n, _n);

        /// <summary>⟨u, v⟩ = u · M v.</summary>
        public double Dot(double[] u, double[] v)
        {
            double sum = 0;
            for (int i = 0; i < _n; i++)
                sum += u[i] * v[_n + i];
            return sum;
        }

        /// <summary>Objective at a point whose image is known; writes only the gradient's coordinates.</summary>
        public double Evaluate(double[] point, double[] gradient, ref int evaluations)
        {
            evaluations++;
            return objective.Evaluate(Coordinates(point), ImageOf(point), Coordinates(gradient));
        }
    }

    /// <summary>Plain ℝⁿ: M is the identity.</summary>
    private sealed class Euclidean(ObjectiveFunction f, int n) : ILbfgsObjective
    {
        public int Dimension => n;

        public double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> image, Span<double> gradient) => f(x, gradient);

        public void Image(ReadOnlySpan<double> v, Span<double> image) => v.CopyTo(image);
    }
}
