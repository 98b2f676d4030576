using Nethereum.Util;

namespace HedgeDashboard.Ethereum;

/// <summary>Addresses of contracts made by CREATE and CREATE2 (yellow paper section 7; EIP-1014), from Nethereum's ContractUtils.</summary>
public static class ContractAddress
{
    /// <summary>keccak256(rlp([sender, nonce]))[12..].</summary>
    public static Address Create(Address sender, ulong nonce)
        => Address.Parse(ContractUtils.CalculateContractAddress(sender.ToLowerHex(), nonce).ToLowerInvariant());

    /// <summary>keccak256(0xff ++ deployer ++ salt ++ keccak256(initCode))[12..].</summary>
    public static Address Create2(Address deployer, ReadOnlySpan<byte> salt32, ReadOnlySpan<byte> initCode)
    {
        if (salt32.Length != 32)
        {
            throw new ArgumentException($"A CREATE2 salt is 32 bytes, got {salt32.Length}.", nameof(salt32));
        }

        return Address.Parse(ContractUtils.CalculateCreate2Address(deployer.ToLowerHex(), Hex.Encode(salt32), Hex.Encode(initCode)).ToLowerInvariant());
    }
}
