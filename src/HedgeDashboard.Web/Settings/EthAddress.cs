using System.Text;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Crypto.Digests;

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

    /// <summary>The EIP-55 form of a valid address.</summary>
    public static string ToChecksum(string address)
    {
        var lower = address.Trim()[2..].ToLowerInvariant();
        var digest = new KeccakDigest(256);
        var bytes = Encoding.ASCII.GetBytes(lower);
        digest.BlockUpdate(bytes, 0, bytes.Length);
        var hash = new byte[32];
        digest.DoFinal(hash, 0);
        var sb = new StringBuilder("0x", 42);
        for (var i = 0; i < 40; i++)
        {
            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
            sb.Append(nibble >= 8 ? char.ToUpperInvariant(lower[i]) : lower[i]);
        }

        return sb.ToString();
    }

    public static string Normalize(string address) => address.Trim().ToLowerInvariant();
}
