using System.Numerics;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Rlp;
using RlpCodec = HedgeDashboard.Ethereum.Rlp.Rlp;

namespace HedgeDashboard.Ethereum.Transactions;

/// <summary>One EIP-2930 access list entry.</summary>
public sealed record AccessListEntry(Address Address, IReadOnlyList<byte[]> StorageKeys);

/// <summary>An unsigned transaction that can produce its signing hash and be signed.</summary>
public interface IUnsignedTransaction
{
    BigInteger? ChainId { get; }

    ulong Nonce { get; }

    ulong GasLimit { get; }

    Address? To { get; }

    BigInteger Value { get; }

    byte[] Data { get; }

    byte[] GetSigningHash();

    SignedTransaction Sign(PrivateKey key);
}

/// <summary>An EIP-1559 (type 2) transaction.</summary>
public sealed record Eip1559Transaction : IUnsignedTransaction
{
    public required BigInteger ChainId { get; init; }

    public required ulong Nonce { get; init; }

    public required BigInteger MaxPriorityFeePerGas { get; init; }

    public required BigInteger MaxFeePerGas { get; init; }

    public required ulong GasLimit { get; init; }

    /// <summary>Recipient; null for contract creation.</summary>
    public Address? To { get; init; }

    public BigInteger Value { get; init; }

    public byte[] Data { get; init; } = [];

    public IReadOnlyList<AccessListEntry> AccessList { get; init; } = [];

    BigInteger? IUnsignedTransaction.ChainId => ChainId;

    /// <summary>keccak(0x02 || rlp([chainId, nonce, maxPriorityFee, maxFee, gas, to, value, data, accessList])).</summary>
    public byte[] GetSigningHash()
    {
        var payload = RlpCodec.EncodeList(Fields());
        return Keccak256.HashConcat([0x02], payload);
    }

    public SignedTransaction Sign(PrivateKey key)
    {
        Validate();
        var fields = Fields();
        var payload = RlpCodec.EncodeList(fields);
        var signature = key.SignHash(Keccak256.HashConcat([0x02], payload));
        return WithSignature(signature, fields);
    }

    /// <summary>Attaches an existing signature (e.g. one made elsewhere) and encodes the envelope.</summary>
    public SignedTransaction WithSignature(Signature signature) => WithSignature(signature, Fields());

    private SignedTransaction WithSignature(Signature signature, byte[][] fields)
    {
        var all = new byte[12][];
        fields.CopyTo(all, 0);
        all[9] = RlpCodec.EncodeInteger((ulong)signature.RecoveryId);
        all[10] = RlpCodec.EncodeInteger(signature.RValue);
        all[11] = RlpCodec.EncodeInteger(signature.SValue);
        var body = RlpCodec.EncodeList(all);
        var raw = new byte[body.Length + 1];
        raw[0] = 0x02;
        body.CopyTo(raw, 1);
        return new SignedTransaction(this, signature, raw);
    }

    internal void Validate()
    {
        if (ChainId.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ChainId), "Chain id must be positive.");
        }

        if (MaxPriorityFeePerGas.Sign < 0 || MaxFeePerGas.Sign < 0 || Value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Value), "Fees and value cannot be negative.");
        }

        if (MaxPriorityFeePerGas > MaxFeePerGas)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPriorityFeePerGas), "maxPriorityFeePerGas cannot exceed maxFeePerGas.");
        }
    }

    private byte[][] Fields() =>
    [
        RlpCodec.EncodeInteger(ChainId),
        RlpCodec.EncodeInteger(Nonce),
        RlpCodec.EncodeInteger(MaxPriorityFeePerGas),
        RlpCodec.EncodeInteger(MaxFeePerGas),
        RlpCodec.EncodeInteger(GasLimit),
        To is { } to ? RlpCodec.EncodeBytes(to.Span) : RlpCodec.EmptyString,
        RlpCodec.EncodeInteger(Value),
        RlpCodec.EncodeBytes(Data),
        EncodeAccessList(AccessList),
    ];

    internal static byte[] EncodeAccessList(IReadOnlyList<AccessListEntry> list)
    {
        if (list.Count == 0)
        {
            return RlpCodec.EmptyList;
        }

        return RlpCodec.EncodeList([.. list.Select(e => RlpCodec.EncodeList(
            RlpCodec.EncodeBytes(e.Address.Span),
            RlpCodec.EncodeList([.. e.StorageKeys.Select(k => k.Length == 32
                ? RlpCodec.EncodeBytes(k)
                : throw new ArgumentException("Access list storage keys are 32 bytes."))])))]);
    }
}

/// <summary>A legacy transaction, signed with EIP-155 replay protection when <see cref="ChainId"/> is set.</summary>
public sealed record LegacyTransaction : IUnsignedTransaction
{
    public BigInteger? ChainId { get; init; }

    public required ulong Nonce { get; init; }

    public required BigInteger GasPrice { get; init; }

    public required ulong GasLimit { get; init; }

    public Address? To { get; init; }

    public BigInteger Value { get; init; }

    public byte[] Data { get; init; } = [];

    /// <summary>keccak(rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0])) (EIP-155) or of the first six fields.</summary>
    public byte[] GetSigningHash() => Keccak256.Hash(RlpCodec.EncodeList(SigningFields()));

    public SignedTransaction Sign(PrivateKey key)
    {
        if (GasPrice.Sign < 0 || Value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Value), "Gas price and value cannot be negative.");
        }

        return WithSignature(key.SignHash(GetSigningHash()));
    }

    public SignedTransaction WithSignature(Signature signature)
    {
        BigInteger v = ChainId is { } id ? (id * 2) + 35 + signature.RecoveryId : 27 + signature.RecoveryId;
        var f = BaseFields();
        var raw = RlpCodec.EncodeList(
            f[0], f[1], f[2], f[3], f[4], f[5],
            RlpCodec.EncodeInteger(v),
            RlpCodec.EncodeInteger(signature.RValue),
            RlpCodec.EncodeInteger(signature.SValue));
        return new SignedTransaction(this, signature, raw);
    }

    private byte[][] BaseFields() =>
    [
        RlpCodec.EncodeInteger(Nonce),
        RlpCodec.EncodeInteger(GasPrice),
        RlpCodec.EncodeInteger(GasLimit),
        To is { } to ? RlpCodec.EncodeBytes(to.Span) : RlpCodec.EmptyString,
        RlpCodec.EncodeInteger(Value),
        RlpCodec.EncodeBytes(Data),
    ];

    private byte[][] SigningFields()
    {
        var f = BaseFields();
        return ChainId is { } id
            ? [.. f, RlpCodec.EncodeInteger(id), RlpCodec.EmptyString, RlpCodec.EmptyString]
            : f;
    }
}

/// <summary>A signed transaction: the raw envelope to send, its hash, and the recovered sender.</summary>
public sealed class SignedTransaction
{
    private Address? _sender;

    internal SignedTransaction(IUnsignedTransaction transaction, Signature signature, byte[] raw)
    {
        Transaction = transaction;
        Signature = signature;
        Raw = raw;
        Hash = Keccak256.Hash(raw);
    }

    public IUnsignedTransaction Transaction { get; }

    public Signature Signature { get; }

    /// <summary>The bytes for eth_sendRawTransaction.</summary>
    public byte[] Raw { get; }

    /// <summary>keccak(raw): the transaction hash the node reports.</summary>
    public byte[] Hash { get; }

    public string RawHex => Hex.Encode(Raw);

    public string HashHex => Hex.Encode(Hash);

    /// <summary>The signer, recovered from the signature (refuses high s and invalid signatures).</summary>
    public Address Sender => _sender ??= Secp256k1.RecoverAddress(Transaction.GetSigningHash(), Signature);

    /// <summary>Decodes a raw type-2 or legacy transaction. Other types, bad RLP or bad fields are a <see cref="FormatException"/>.</summary>
    public static SignedTransaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.Length == 0)
        {
            throw new FormatException("Empty transaction bytes.");
        }

        if (raw[0] == 0x02)
        {
            var list = RlpCodec.Decode(raw[1..]) as RlpList ?? throw new FormatException("A type-2 transaction body must be an RLP list.");
            if (list.Count != 12)
            {
                throw new FormatException($"A signed type-2 transaction has 12 fields, got {list.Count}.");
            }

            var parity = list.String(9).ToBigInteger();
            if (parity > 1)
            {
                throw new InvalidSignatureException($"Type-2 y parity must be 0 or 1, got {parity}.");
            }

            var tx = new Eip1559Transaction
            {
                ChainId = list.String(0).ToBigInteger(),
                Nonce = list.String(1).ToUInt64(),
                MaxPriorityFeePerGas = list.String(2).ToBigInteger(),
                MaxFeePerGas = list.String(3).ToBigInteger(),
                GasLimit = list.String(4).ToUInt64(),
                To = DecodeTo(list.String(5)),
                Value = list.String(6).ToBigInteger(),
                Data = list.String(7).Bytes,
                AccessList = DecodeAccessList(list.List(8)),
            };
            var sig = new Signature(Scalar(list.String(10)), Scalar(list.String(11)), (byte)parity);
            return new SignedTransaction(tx, sig, raw.ToArray());
        }

        if (raw[0] >= 0xc0)
        {
            var list = (RlpList)RlpCodec.Decode(raw);
            if (list.Count != 9)
            {
                throw new FormatException($"A signed legacy transaction has 9 fields, got {list.Count}.");
            }

            var v = list.String(6).ToBigInteger();
            BigInteger? chainId = v >= 35 ? (v - 35) / 2 : null;
            if (chainId == 0)
            {
                throw new InvalidSignatureException($"Legacy v = {v} implies chain id 0, which EIP-155 does not allow.");
            }

            var recId = Signature.RecoveryIdFromLegacyV(v, chainId);
            var tx = new LegacyTransaction
            {
                ChainId = chainId,
                Nonce = list.String(0).ToUInt64(),
                GasPrice = list.String(1).ToBigInteger(),
                GasLimit = list.String(2).ToUInt64(),
                To = DecodeTo(list.String(3)),
                Value = list.String(4).ToBigInteger(),
                Data = list.String(5).Bytes,
            };
            var sig = new Signature(Scalar(list.String(7)), Scalar(list.String(8)), recId);
            return new SignedTransaction(tx, sig, raw.ToArray());
        }

        throw new FormatException($"Unsupported transaction type 0x{raw[0]:x2}.");
    }

    public static SignedTransaction Decode(string rawHex) => Decode(Hex.Decode(rawHex));

    private static byte[] Scalar(RlpString s) => s.Bytes.Length <= 32
        ? s.Bytes
        : throw new InvalidSignatureException($"Signature scalar has {s.Bytes.Length} bytes, more than 32.");

    private static Address? DecodeTo(RlpString s) => s.Bytes.Length switch
    {
        0 => null,
        20 => new Address(s.Bytes),
        var n => throw new FormatException($"Transaction 'to' must be 0 or 20 bytes, got {n}."),
    };

    private static List<AccessListEntry> DecodeAccessList(RlpList list) =>
    [
        .. list.Items.Select(i =>
        {
            var e = i as RlpList ?? throw new FormatException("Access list entry must be a list.");
            var addr = e.String(0).Bytes;
            return new AccessListEntry(
                addr.Length == 20 ? new Address(addr) : throw new FormatException("Access list address must be 20 bytes."),
                [.. e.List(1).Items.Select(k => k is RlpString { Bytes.Length: 32 } ks ? ks.Bytes : throw new FormatException("Storage key must be 32 bytes."))]);
        }),
    ];
}
