using System.Numerics;
using HedgeDashboard.Ethereum.Rpc.Api;
using HedgeDashboard.Ethereum.Signing;
using HedgeDashboard.Ethereum.Transactions;

namespace HedgeDashboard.Ethereum.Rpc;

/// <summary>What to send; missing nonce, gas and fees are filled from the node.</summary>
public sealed record TransactionRequest
{
    public Address? To { get; init; }

    public byte[] Data { get; init; } = [];

    public BigInteger Value { get; init; }

    public ulong? Nonce { get; init; }

    public ulong? GasLimit { get; init; }

    public BigInteger? MaxFeePerGas { get; init; }

    public BigInteger? MaxPriorityFeePerGas { get; init; }

    /// <summary>Multiplier on the gas estimate when no gas limit is given.</summary>
    public double GasEstimateMargin { get; init; } = 1.2;
}

/// <summary>
/// Builds, signs and sends type-2 transactions: chain id, pending nonce, estimated gas and suggested fees
/// are taken from the node unless given. One sender per signing address (nonce order is the caller's concern).
/// </summary>
public sealed class TransactionSender(EthereumRpc rpc, FeeSuggestionOptions? feeOptions = null)
{
    private BigInteger? _chainId;

    public async Task<Eip1559Transaction> BuildAsync(Address from, TransactionRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _chainId ??= await rpc.Chain.GetChainIdAsync(ct).ConfigureAwait(false);
        var nonce = request.Nonce ?? await rpc.Accounts.GetTransactionCountAsync(from, BlockParameter.Pending, ct).ConfigureAwait(false);
        BigInteger maxFee, tip;
        if (request.MaxFeePerGas is { } mf && request.MaxPriorityFeePerGas is { } mp)
        {
            (maxFee, tip) = (mf, mp);
        }
        else
        {
            var s = await rpc.Fees.SuggestAsync(feeOptions, ct).ConfigureAwait(false);
            (maxFee, tip) = (request.MaxFeePerGas ?? s.MaxFeePerGas, request.MaxPriorityFeePerGas ?? s.MaxPriorityFeePerGas);
        }

        var gas = request.GasLimit ?? (ulong)Math.Ceiling(await rpc.Calls.EstimateGasAsync(
            new CallRequest { From = from, To = request.To, Data = request.Data, Value = request.Value }, ct).ConfigureAwait(false) * request.GasEstimateMargin);
        return new Eip1559Transaction
        {
            ChainId = _chainId.Value,
            Nonce = nonce,
            MaxFeePerGas = maxFee,
            MaxPriorityFeePerGas = BigInteger.Min(tip, maxFee),
            GasLimit = gas,
            To = request.To,
            Value = request.Value,
            Data = request.Data,
        };
    }

    /// <summary>Builds, signs and sends; returns the signed transaction (its hash is what the node reports).</summary>
    public async Task<SignedTransaction> SendAsync(EthereumAccount account, TransactionRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var tx = await BuildAsync(account.Address, request, ct).ConfigureAwait(false);
        var signed = account.SignTransaction(tx);
        await rpc.Transactions.SendRawTransactionAsync(signed, ct).ConfigureAwait(false);
        return signed;
    }

    /// <summary>Sends and waits for the receipt.</summary>
    public async Task<TransactionReceipt> SendAndWaitAsync(EthereumAccount account, TransactionRequest request, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var signed = await SendAsync(account, request, ct).ConfigureAwait(false);
        return await rpc.Transactions.WaitForReceiptAsync(signed.Hash, timeout, TimeSpan.FromMilliseconds(200), ct).ConfigureAwait(false);
    }
}
