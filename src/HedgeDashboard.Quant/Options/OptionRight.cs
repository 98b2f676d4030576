namespace HedgeDashboard.Quant.Options;

/// <summary>European call or put.</summary>
public enum OptionRight
{
    Call,
    Put,
}
