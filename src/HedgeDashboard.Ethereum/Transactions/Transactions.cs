using System.Numerics;
using HedgeDashboard.Ethereum.Crypto;
using Nethereum.Model;
using Nethereum.RLP;
using NModel = Nethereum.Model;

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

/// <summary>An EIP-1559 (type 2) transaction; encoded and signed by Nethereum's <see cref="Transaction1559"/>.</summary>
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
    public byte[] GetSigningHash() => ToNethereum().RawHash;

    public SignedTransaction Sign(PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Validate();
        var tx = ToNethereum();
        var sig = key.EcKey.SignAndCalculateYParityV(tx.RawHash);
        tx.SetSignature(new NModel.Signature(sig.R, sig.S, sig.V));
        return new SignedTransaction(this, new Crypto.Signature(sig.R, sig.S, YParity(sig.V)), tx.GetRLPEncoded());
    }

    /// <summary>Attaches an existing signature (e.g. one made elsewhere) and encodes the envelope.</summary>
    public SignedTransaction WithSignature(Crypto.Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var tx = ToNethereum();
        tx.SetSignature(new NModel.Signature(Trim(signature.R), Trim(signature.S), signature.RecoveryId == 0 ? [] : [signature.RecoveryId]));
        return new SignedTransaction(this, signature, tx.GetRLPEncoded());
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

    internal Transaction1559 ToNethereum() => new(
        ChainId, Nonce, MaxPriorityFeePerGas, MaxFeePerGas, GasLimit, To?.ToLowerHex(), Value, Hex.Encode(Data),
        [.. AccessList.Select(e => new AccessListItem(e.Address.ToLowerHex(), [.. e.StorageKeys.Select(k => k.Length == 32
            ? k
            : throw new ArgumentException("Access list storage keys are 32 bytes."))]))]);

    private static byte YParity(byte[]? v) => v is { Length: > 0 } ? v[^1] : (byte)0;

    private static byte[] Trim(ReadOnlySpan<byte> scalar) => scalar.TrimStart((byte)0).ToArray();
}

/// <summary>A legacy transaction, signed with EIP-155 replay protection when <see cref="ChainId"/> is set (Nethereum's legacy signer).</summary>
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
    public byte[] GetSigningHash() => ToNethereum().RawHash;

    public SignedTransaction Sign(PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (GasPrice.Sign < 0 || Value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Value), "Gas price and value cannot be negative.");
        }

        // EIP-155 needs a positive chain id; 0 would give v = 35/36, which no node (nor our decoder) accepts.
        if (ChainId is { } id && id.Sign <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ChainId), "An EIP-155 chain id must be positive.");
        }

        return WithSignature(key.SignHash(GetSigningHash()));
    }

    public SignedTransaction WithSignature(Crypto.Signature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        BigInteger v = ChainId is { } id ? (id * 2) + 35 + signature.RecoveryId : 27 + signature.RecoveryId;
        var tx = ToNethereum();
        tx.SetSignature(new NModel.Signature(signature.R.TrimStart((byte)0).ToArray(), signature.S.TrimStart((byte)0).ToArray(), Hex.ToBigEndianMinimal(v)));
        return new SignedTransaction(this, signature, tx.GetRLPEncoded());
    }

    private SignedLegacyTransaction ToNethereum()
    {
        var to = To?.ToLowerHex() ?? "";
        var data = Hex.Encode(Data);
        return ChainId is { } id
            ? new LegacyTransactionChainId(to, Value, Nonce, GasPrice, GasLimit, data, id)
            : new NModel.LegacyTransaction(to, Value, Nonce, GasPrice, GasLimit, data);
    }
}

/// <summary>A signed transaction: the raw envelope to send, its hash, and the recovered sender.</summary>
public sealed class SignedTransaction
{
    private Address? _sender;

    internal SignedTransaction(IUnsignedTransaction transaction, Crypto.Signature signature, byte[] raw)
    {
        Transaction = transaction;
        Signature = signature;
        Raw = raw;
        Hash = Keccak256.Hash(raw);
    }

    public IUnsignedTransaction Transaction { get; }

    public Crypto.Signature Signature { get; }

    /// <summary>The bytes for eth_sendRawTransaction.</summary>
    public byte[] Raw { get; }

    /// <summary>keccak(raw): the transaction hash the node reports.</summary>
    public byte[] Hash { get; }

    public string RawHex => Hex.Encode(Raw);

    public string HashHex => Hex.Encode(Hash);

    /// <summary>The signer, recovered from the signature (refuses high s and invalid signatures).</summary>
    public Address Sender => _sender ??= Secp256k1.RecoverAddress(Transaction.GetSigningHash(), Signature);

    /// <summary>
    /// Decodes a raw type-2 or legacy transaction with Nethereum's <see cref="TransactionFactory"/>. Other types, bad RLP
    /// or bad fields are a <see cref="FormatException"/>; a bad y parity or v an <see cref="InvalidSignatureException"/>.
    /// </summary>
    public static SignedTransaction Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.Length == 0)
        {
            throw new FormatException("Empty transaction bytes.");
        }

        var bytes = raw.ToArray();
        if (bytes[0] == 0x02)
        {
            var count = FieldCount(bytes.AsSpan(1));
            if (count != 12)
            {
                throw new FormatException($"A signed type-2 transaction has 12 fields, got {count}.");
            }

            var tx = (Transaction1559)Create(bytes);
            var parity = Hex.FromBigEndian(tx.Signature.V ?? []);
            if (parity > 1)
            {
                throw new InvalidSignatureException($"Type-2 y parity must be 0 or 1, got {parity}.");
            }

            var ours = new Eip1559Transaction
            {
                ChainId = tx.ChainId,
                Nonce = UInt64(tx.Nonce),
                MaxPriorityFeePerGas = tx.MaxPriorityFeePerGas ?? 0,
                MaxFeePerGas = tx.MaxFeePerGas ?? 0,
                GasLimit = UInt64(tx.GasLimit),
                To = DecodeTo(tx.ReceiverAddress),
                Value = tx.Amount ?? 0,
                Data = DecodeData(tx.Data),
                AccessList = [.. (tx.AccessList ?? []).Select(e => new AccessListEntry(
                    Address.Parse(e.Address.ToLowerInvariant()),
                    [.. e.StorageKeys.Select(k => k.Length == 32 ? k : throw new FormatException("Storage key must be 32 bytes."))]))],
            };
            return Canonical(ours.WithSignature(new Crypto.Signature(Scalar(tx.Signature.R), Scalar(tx.Signature.S), (byte)parity)), bytes);
        }

        if (bytes[0] >= 0xc0)
        {
            var count = FieldCount(bytes);
            if (count != 9)
            {
                throw new FormatException($"A signed legacy transaction has 9 fields, got {count}.");
            }

            var tx = (SignedLegacyTransaction)Create(bytes);
            var v = Hex.FromBigEndian(tx.Signature.V ?? []);
            BigInteger? chainId = v >= 35 ? (v - 35) / 2 : null;
            if (chainId == 0)
            {
                throw new InvalidSignatureException($"Legacy v = {v} implies chain id 0, which EIP-155 does not allow.");
            }

            var recId = Crypto.Signature.RecoveryIdFromLegacyV(v, chainId);
            var ours = new LegacyTransaction
            {
                ChainId = chainId,
                Nonce = UInt64(Hex.FromBigEndian(tx.Nonce ?? [])),
                GasPrice = Hex.FromBigEndian(tx.GasPrice ?? []),
                GasLimit = UInt64(Hex.FromBigEndian(tx.GasLimit ?? [])),
                To = tx.ReceiveAddress is { Length: > 0 } to ? DecodeTo(Hex.Encode(to)) : null,
                Value = Hex.FromBigEndian(tx.Value ?? []),
                Data = tx.Data ?? [],
            };
            return Canonical(ours.WithSignature(new Crypto.Signature(Scalar(tx.Signature.R), Scalar(tx.Signature.S), recId)), bytes);
        }

        throw new FormatException($"Unsupported transaction type 0x{raw[0]:x2}.");
    }

    public static SignedTransaction Decode(string rawHex) => Decode(Hex.Decode(rawHex));

    /// <summary>
    /// Nethereum's decoder is lenient (trailing bytes, leading zeros and long-form lengths pass), so a transaction is
    /// accepted only if encoding its decoded fields gives back the very same bytes.
    /// </summary>
    private static SignedTransaction Canonical(SignedTransaction reencoded, byte[] raw)
        => reencoded.Raw.AsSpan().SequenceEqual(raw)
            ? reencoded
            : throw new FormatException("The transaction is not canonical RLP (trailing bytes, leading zeros or a long form where a short one fits).");

    private static ISignedTransaction Create(byte[] raw)
    {
        try
        {
            return TransactionFactory.CreateTransaction(raw);
        }
        catch (Exception ex) when (ex is not FormatException and not OutOfMemoryException)
        {
            throw new FormatException($"Malformed transaction: {ex.Message}", ex);
        }
    }

    /// <summary>Fields of the outer RLP list (Nethereum's RLP decoder); anything else is malformed.</summary>
    private static int FieldCount(ReadOnlySpan<byte> rlp)
    {
        try
        {
            return RLP.Decode(rlp.ToArray()) is RLPCollection list
                ? list.Count
                : throw new FormatException("A transaction body must be an RLP list.");
        }
        catch (Exception ex) when (ex is not FormatException and not OutOfMemoryException)
        {
            throw new FormatException($"Malformed transaction RLP: {ex.Message}", ex);
        }
    }

    private static ulong UInt64(BigInteger? v) => v is { } x && x <= ulong.MaxValue && x.Sign >= 0
        ? (ulong)x
        : throw new FormatException("Transaction nonce or gas does not fit in 64 bits.");

    private static byte[] Scalar(byte[]? s) => (s ?? []).Length <= 32
        ? s ?? []
        : throw new InvalidSignatureException($"Signature scalar has {s!.Length} bytes, more than 32.");

    private static Address? DecodeTo(string? hex)
    {
        var bytes = string.IsNullOrEmpty(hex) ? [] : Hex.Decode(hex);
        return bytes.Length switch
        {
            0 => null,
            20 => new Address(bytes),
            var n => throw new FormatException($"Transaction 'to' must be 0 or 20 bytes, got {n}."),
        };
    }

    private static byte[] DecodeData(string? hex) => string.IsNullOrEmpty(hex) ? [] : Hex.Decode(hex);
}
