using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Eip712;
using HedgeDashboard.Ethereum.Transactions;

namespace HedgeDashboard.Ethereum.Signing;

/// <summary>A signing account: an address plus the key that signs for it. Its ToString shows only the address.</summary>
public sealed class EthereumAccount(PrivateKey key) : IDisposable
{
    private readonly PrivateKey _key = key ?? throw new ArgumentNullException(nameof(key));

    public Address Address => _key.Address;

    public Signature SignHash(ReadOnlySpan<byte> hash32) => _key.SignHash(hash32);

    public SignedTransaction SignTransaction(IUnsignedTransaction transaction) => transaction.Sign(_key);

    public Signature SignTypedData(TypedData typedData) => _key.SignHash(TypedDataEncoder.Hash(typedData));

    public Signature SignTypedData<T>(Eip712Domain domain, T message)
        where T : IEip712Message => _key.SignHash(TypedDataEncoder.Hash(domain, message));

    public Signature SignPersonalMessage(ReadOnlySpan<byte> message) => PersonalMessage.Sign(message, _key);

    public override string ToString() => $"EthereumAccount({Address})";

    public void Dispose() => _key.Dispose();
}
