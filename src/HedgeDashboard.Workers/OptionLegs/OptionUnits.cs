using System.Numerics;
using HedgeDashboard.Workers.Chain;

namespace HedgeDashboard.Workers.OptionLegs;

/// <summary>Option amounts between the chain's integers and the database's decimals: prices and premiums in feed units, notionals in base-asset wei (WETH, 18 decimals).</summary>
public static class OptionUnits
{
    public const int BaseDecimals = 18;

    public static BigInteger ToRaw(decimal value, int decimals) => new(Math.Round(value * (decimal)Math.Pow(10, decimals), 0, MidpointRounding.ToZero));

    public static decimal FromRaw(BigInteger raw, int decimals) => OnChainUnits.Scale(raw, decimals);
}
