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

    /// <summary>geth's default txpool.pricebump: a replacement must raise both fee fields by at least 10%.</summary>
    public const int MinReplacementBumpPercent = 10;

    /// <summary>The same transaction with both fee fields raised by <paramref name="percent"/> (rounded up).</summary>
    public static Eip1559Transaction BumpFees(Eip1559Transaction tx, int percent)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return tx with
        {
            MaxFeePerGas = CeilPercent(tx.MaxFeePerGas, 100 + percent),
            MaxPriorityFeePerGas = CeilPercent(tx.MaxPriorityFeePerGas, 100 + percent),
        };
    }

    /// <summary>
    /// Sends a replacement for a pending transaction (same nonce). Refuses, before sending, a bump below
    /// <see cref="MinReplacementBumpPercent"/> on either fee field: geth would refuse it and some nodes (anvil) would
    /// accept it, so the rule is enforced here for every node.
    /// </summary>
    public async Task<SignedTransaction> ReplaceAsync(EthereumAccount account, Eip1559Transaction pending, Eip1559Transaction replacement, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(replacement);
        if (replacement.Nonce != pending.Nonce)
        {
            throw new ArgumentException($"A replacement must reuse nonce {pending.Nonce}, not {replacement.Nonce}.", nameof(replacement));
        }

        if (replacement.MaxFeePerGas * 100 < pending.MaxFeePerGas * (100 + MinReplacementBumpPercent)
            || replacement.MaxPriorityFeePerGas * 100 < pending.MaxPriorityFeePerGas * (100 + MinReplacementBumpPercent))
        {
            throw new ReplacementUnderpricedException("eth_sendRawTransaction", 0,
                $"replacement transaction underpriced: fees must rise by at least {MinReplacementBumpPercent}% (maxFee {pending.MaxFeePerGas} -> {replacement.MaxFeePerGas}, tip {pending.MaxPriorityFeePerGas} -> {replacement.MaxPriorityFeePerGas}); checked before sending", null);
        }

        var signed = account.SignTransaction(replacement);
        await rpc.Transactions.SendRawTransactionAsync(signed, ct).ConfigureAwait(false);
        return signed;
    }

    private static BigInteger CeilPercent(BigInteger v, int percent) => ((v * percent) + 99) / 100;

    /// <summary>
    /// Deploys a contract: init code (bytecode) followed by the ABI-encoded constructor arguments. Returns the receipt;
    /// a failed deployment is an <see cref="InvalidOperationException"/> naming the transaction.
    /// </summary>
    public async Task<(Address Address, TransactionReceipt Receipt)> DeployAsync(EthereumAccount account, byte[] bytecode, byte[]? encodedConstructorArgs = null, ulong? gasLimit = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bytecode);
        byte[] data = [.. bytecode, .. encodedConstructorArgs ?? []];
        var receipt = await SendAndWaitAsync(account, new TransactionRequest { Data = data, GasLimit = gasLimit }, timeout, ct).ConfigureAwait(false);
        if (!receipt.Succeeded || receipt.ContractAddress is not { } address)
        {
            throw new InvalidOperationException($"Deployment transaction {Hex.Encode(receipt.TransactionHash)} failed (status 0, gas used {receipt.GasUsed}).");
        }

        return (address, receipt);
    }

    /// <summary>Sends and waits for the receipt.</summary>
    public async Task<TransactionReceipt> SendAndWaitAsync(EthereumAccount account, TransactionRequest request, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var signed = await SendAsync(account, request, ct).ConfigureAwait(false);
        return await rpc.Transactions.WaitForReceiptAsync(signed.Hash, timeout, TimeSpan.FromMilliseconds(200), ct).ConfigureAwait(false);
    }
}
