namespace HedgeDashboard.Quant.Options;

/// <summary>The standard normal density and distribution function, accurate to about 1e-13 relative.</summary>
public static class NormalDistribution
{
    private const double InvSqrt2Pi = 0.398942280401432677939946059934;

    public static double Pdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    /// <summary>
    /// Phi(x). Near the centre Marsaglia's series (J. Stat. Softw. 11(4), 2004) Phi(x) = 1/2 + phi(x)(x + x^3/3 + x^5/15 + ...);
    /// in the tails Laplace's continued fraction for the Mills ratio, so that tiny tail probabilities keep their
    /// relative accuracy (deep out-of-the-money prices and their implied volatilities need it).
    /// </summary>
    public static double Cdf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (Math.Abs(x) < 3)
        {
            double sum = x, term = x, x2 = x * x;
            for (var i = 1; ; i++)
            {
                term *= x2 / ((2 * i) + 1);
                var next = sum + term;
                if (next == sum)
                {
                    break;
                }

                sum = next;
            }

            return 0.5 + (Pdf(x) * sum);
        }

        // Q(a) = phi(a) / (a + 1/(a + 2/(a + 3/(a + ...)))), evaluated backwards; 60 terms reach
        // double precision for a >= 3.
        var a = Math.Abs(x);
        var fraction = a;
        for (var k = 60; k >= 1; k--)
        {
            fraction = a + (k / fraction);
        }

        var tail = Pdf(a) / fraction;
        return x < 0 ? tail : 1 - tail;
    }
}
