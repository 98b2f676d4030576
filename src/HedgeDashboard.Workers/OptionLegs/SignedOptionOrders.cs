using System.Numerics;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Ethereum.Signing;

namespace HedgeDashboard.Workers.OptionLegs;

/// <summary>
/// The signed OptionOrder of an option leg's outbox row: signed by the model signer (signer role) from the position's
/// option nonce on chain, and stored as buyOption calldata in the leg (the signature also in the execution row, which
/// marks it signed for the signer and relayer loops), so the relayer sends exactly what was signed.
/// </summary>
public static class SignedOptionOrders
{
    /// <summary>The decimals of the option venue's feed (strikes and premiums are in its units).</summary>
    public static async Task<int> FeedDecimalsAsync(EthereumRpc rpc, Address optionController, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        var venue = await rpc.Calls.QueryAsync<OptionVenueFunction, Address>(optionController, new OptionVenueFunction(), null, ct);
        var feed = await rpc.Calls.QueryAsync<OptionPriceFeedFunction, Address>(venue, new OptionPriceFeedFunction(), null, ct);
        return (int)await rpc.Calls.QueryAsync<DecimalsFunction, BigInteger>(feed, new DecimalsFunction(), null, ct);
    }

    public static OptionOrder Order(OptionLeg leg, long onChainPositionId, BigInteger nonce, long deadline, int feedDecimals)
    {
        ArgumentNullException.ThrowIfNull(leg);
        return new OptionOrder(
            onChainPositionId,
            leg.Kind == OptionKind.Put ? OptionOrderKind.Put : OptionOrderKind.Call,
            OptionUnits.ToRaw(leg.Strike, feedDecimals),
            leg.Expiry.ToUnixTimeSeconds(),
            OptionUnits.ToRaw(leg.Notional, OptionUnits.BaseDecimals),
            OptionUnits.ToRaw(leg.MaxPremium, feedDecimals),
            nonce,
            deadline);
    }

    /// <summary>Reads the position's option nonce, signs the leg's order with the model signer and stores it in the leg and the row.</summary>
    public static async Task SignAndStoreAsync(
        EthereumRpc rpc, Address optionController, long chainId, EthereumAccount modelSigner, HedgeExecution e, OptionLeg leg, long onChainPositionId, long deadline, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modelSigner);
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(leg);
        var book = await new OptionHedgeController(rpc, optionController).BookOfAsync(onChainPositionId, BlockParameter.Latest, ct);
        var decimals = await FeedDecimalsAsync(rpc, optionController, ct);
        var order = Order(leg, onChainPositionId, book.Nonce, deadline, decimals);
        var signature = OptionHedgeController.SignOrder(modelSigner, chainId, optionController, order);
        leg.OrderCalldata = OptionHedgeController.EncodeBuyOption(order, signature);
        leg.OrderNonce = (long)book.Nonce;
        e.UpdateSignature = signature;
        e.UpdateSigner = modelSigner.Address.ToLowerHex();
        e.UpdatePositionNonce = (long)book.Nonce;
        e.UpdateDeadline = deadline;
    }
}
