namespace HedgeDashboard.Quant.Options;

/// <summary>
/// An option's value and sensitivities, all per one option on one unit of the underlying.
/// </summary>
/// <param name="Price">Present value.</param>
/// <param name="Delta">dV/dS (Black-Scholes) or dV/dF (Black-76).</param>
/// <param name="Gamma">d2V/dS2 (or d2V/dF2).</param>
/// <param name="Vega">dV/dsigma per 1.00 of volatility (divide by 100 for a vol point).</param>
/// <param name="Theta">dV/dt per year as calendar time passes (-dV/dT; divide by 365 for a day).</param>
public readonly record struct OptionGreeks(double Price, double Delta, double Gamma, double Vega, double Theta);
