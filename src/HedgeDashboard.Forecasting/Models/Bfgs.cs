namespace HedgeDashboard.Forecasting.Models;

/// <summary>
/// Small BFGS with Armijo backtracking for smooth, low-dimensional objectives with analytic gradients.
/// Own code because it must never throw on a failed line search: the caller keeps the best point.
/// </summary>
internal static class Bfgs
{
    /// <summary>The objective returns f(x) and writes the gradient into its second argument.</summary>
    public static double[] Minimize(Func<double[], double[], double> objective, double[] start, int maxIterations = 100, double gradientTolerance = 1e-6)
    {
        int n = start.Length;
        var x = (double[])start.Clone();
        var g = new double[n];
        double f = objective(x, g);
        var hInv = Identity(n);
        var xNew = new double[n];
        var gNew = new double[n];
        var dir = new double[n];
        for (int iter = 0; iter < maxIterations && Norm(g) > gradientTolerance; iter++)
        {
            for (int i = 0; i < n; i++)
            {
                dir[i] = 0;
                for (int j = 0; j < n; j++)
                    dir[i] -= hInv[i, j] * g[j];
            }
            double slope = Dot(dir, g);
            if (slope >= 0)
            {
                hInv = Identity(n); // lost descent: restart from steepest descent
                for (int i = 0; i < n; i++)
                    dir[i] = -g[i];
                slope = Dot(dir, g);
            }
            double step = 1, fNew = double.NaN;
            bool accepted = false;
            for (int k = 0; k < 40; k++, step *= 0.5)
            {
                for (int i = 0; i < n; i++)
                    xNew[i] = x[i] + step * dir[i];
                fNew = objective(xNew, gNew);
                if (double.IsFinite(fNew) && fNew <= f + 1e-4 * step * slope)
                {
                    accepted = true;
                    break;
                }
            }
            if (!accepted)
                break;
            var s = new double[n];
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            double sy = Dot(s, y);
            if (sy > 1e-12)
                UpdateInverseHessian(hInv, s, y, sy);
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            bool stalled = Math.Abs(f - fNew) <= 1e-12 * Math.Max(1, Math.Abs(f));
            f = fNew;
            if (stalled)
                break;
        }
        return x;
    }

    private static void UpdateInverseHessian(double[,] h, double[] s, double[] y, double sy)
    {
        int n = s.Length;
        var hy = new double[n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                hy[i] += h[i, j] * y[j];
        double yhy = Dot(y, hy);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                h[i, j] += ((sy + yhy) * s[i] * s[j]) / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy;
    }

    private static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            m[i, i] = 1;
        return m;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
            s += a[i] * b[i];
        return s;
    }

    private static double Norm(double[] a) => Math.Sqrt(Dot(a, a));
}
