namespace HedgeDashboard.Forecasting.Trees;

/// <summary>A twice-differentiable loss in the raw score f; trees take Newton steps on it.</summary>
public interface IBoostingLoss
{
    double Loss(double f, double y);

    (double Gradient, double Hessian) Derivatives(double f, double y);
}

public sealed class SquaredLoss : IBoostingLoss
{
    public static readonly SquaredLoss Instance = new();

    public double Loss(double f, double y) => 0.5 * (f - y) * (f - y);

    public (double Gradient, double Hessian) Derivatives(double f, double y) => (f - y, 1);
}

/// <summary>
/// QLIKE with the score as the log of the variance forecast (f = ln F): loss = y/F - ln(y/F) - 1, so
/// boosting optimizes the evaluation criterion itself and F stays positive.
/// </summary>
public sealed class QlikeLogLoss : IBoostingLoss
{
    public static readonly QlikeLogLoss Instance = new();

    public double Loss(double f, double y)
    {
        double ratio = y * Math.Exp(-f);
        return ratio - Math.Log(ratio) - 1;
    }

    public (double Gradient, double Hessian) Derivatives(double f, double y)
    {
        double ratio = y * Math.Exp(-f);
        return (1 - ratio, Math.Max(ratio, 1e-6));
    }
}
