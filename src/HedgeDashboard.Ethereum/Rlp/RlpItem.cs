using System.Numerics;

namespace HedgeDashboard.Ethereum.Rlp;

/// <summary>A decoded RLP item: a byte string or a list of items.</summary>
public abstract record RlpItem;

public sealed record RlpString(byte[] Bytes) : RlpItem
{
    /// <summary>The bytes as a canonical unsigned integer: no leading zero bytes allowed ("0x00" is not zero in RLP).</summary>
    public BigInteger ToBigInteger()
    {
        if (Bytes.Length > 0 && Bytes[0] == 0)
        {
            throw new RlpException("RLP integer has a leading zero byte (non-canonical).");
        }

        return Hex.FromBigEndian(Bytes);
    }

    public ulong ToUInt64()
    {
        var v = ToBigInteger();
        return v <= ulong.MaxValue ? (ulong)v : throw new RlpException("RLP integer does not fit in 64 bits.");
    }

    public override string ToString() => Hex.Encode(Bytes);
}

public sealed record RlpList(IReadOnlyList<RlpItem> Items) : RlpItem
{
    public int Count => Items.Count;

    public RlpItem this[int index] => Items[index];

    public RlpString String(int index) => Items[index] as RlpString
        ?? throw new RlpException($"RLP item {index} is a list where a string was expected.");

    public RlpList List(int index) => Items[index] as RlpList
        ?? throw new RlpException($"RLP item {index} is a string where a list was expected.");

    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

/// <summary>Malformed or non-canonical RLP.</summary>
public sealed class RlpException(string message) : FormatException(message);
