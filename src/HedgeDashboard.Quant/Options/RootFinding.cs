namespace HedgeDashboard.Quant.Options;

/// <summary>Bracketed root finding.</summary>
internal static class RootFinding
{
    /// <summary>
    /// Brent's method (Brent, Algorithms for Minimization without Derivatives, 1973, ch. 4): inverse quadratic
    /// interpolation or secant steps, falling back to bisection, so it never leaves [a, b] and always converges.
    /// </summary>
    /// <exception cref="ArgumentException">f(a) and f(b) do not bracket a root.</exception>
    public static double Brent(Func<double, double> f, double a, double b, double fa, double fb, double absoluteTolerance, int maxIterations = 200)
    {
        if (fa == 0)
        {
            return a;
        }

        if (fb == 0)
        {
            return b;
        }

        if (Math.Sign(fa) == Math.Sign(fb))
        {
            throw new ArgumentException($"[{a:R}, {b:R}] does not bracket a root (f = {fa:R}, {fb:R}).");
        }

        double c = a, fc = fa, d = b - a, e = d;
        for (var i = 0; i < maxIterations; i++)
        {
            if (Math.Sign(fb) == Math.Sign(fc))
            {
                c = a;
                fc = fa;
                d = e = b - a;
            }

            if (Math.Abs(fc) < Math.Abs(fb))
            {
                (a, b, c) = (b, c, b);
                (fa, fb, fc) = (fb, fc, fb);
            }

            var tolerance = (2 * double.Epsilon) + (2 * 2.220446049250313e-16 * Math.Abs(b)) + (0.5 * absoluteTolerance);
            var half = 0.5 * (c - b);
            if (Math.Abs(half) <= tolerance || fb == 0)
            {
                return b;
            }

            if (Math.Abs(e) >= tolerance && Math.Abs(fa) > Math.Abs(fb))
            {
                double p, q;
                var s = fb / fa;
                if (a == c)
                {
                    p = 2 * half * s;
                    q = 1 - s;
                }
                else
                {
                    var qa = fa / fc;
                    var r = fb / fc;
                    p = s * ((2 * half * qa * (qa - r)) - ((b - a) * (r - 1)));
                    q = (qa - 1) * (r - 1) * (s - 1);
                }

                if (p > 0)
                {
                    q = -q;
                }
                else
                {
                    p = -p;
                }

                if (2 * p < Math.Min((3 * half * q) - Math.Abs(tolerance * q), Math.Abs(e * q)))
                {
                    e = d;
                    d = p / q;
                }
                else
                {
                    d = half;
                    e = d;
                }
            }
            else
            {
                d = half;
                e = d;
            }

            a = b;
            fa = fb;
            b += Math.Abs(d) > tolerance ? d : Math.CopySign(tolerance, half);
            fb = f(b);
        }

        throw new InvalidOperationException($"Brent's method did not converge in {maxIterations} iterations (last x = {b:R}).");
    }
}
