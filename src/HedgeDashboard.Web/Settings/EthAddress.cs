using System.Text.RegularExpressions;
using HedgeDashboard.Ethereum;

namespace HedgeDashboard.Web.Settings;

/// <summary>Validates a typed Ethereum address: 0x + 40 hex digits, either one case or a correct EIP-55 checksum.</summary>
public static partial class EthAddress
{
    [GeneratedRegex("^0x[0-9a-fA-F]{40}$")]
    private static partial Regex Shape();

    /// <summary>An error message for the field, or null when the address is acceptable.</summary>
    public static string? Validate(string? input)
    {
        var text = input?.Trim() ?? "";
        if (text.Length == 0)
        {
            return "Enter an address.";
        }

        if (!Shape().IsMatch(text))
        {
            return "An address is 0x followed by 40 hexadecimal digits.";
        }

        var hex = text[2..];
        if (hex == hex.ToLowerInvariant() || hex == hex.ToUpperInvariant())
        {
            return null;
        }

        return ToChecksum(text) == text ? null : "The mixed-case checksum (EIP-55) does not match: check the address for a typo.";
    }

    /// <summary>The EIP-55 form of a valid address (Nethereum's AddressUtil, through our Address).</summary>
    public static string ToChecksum(string address) => Address.Parse(address.Trim().ToLowerInvariant()).ToChecksumString();

    public static string Normalize(string address) => address.Trim().ToLowerInvariant();
}
