using System.Globalization;
using System.Numerics;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Signing;

namespace HedgeDashboard.Workers.Relayer;

/// <summary>
/// The signed RatioUpdate of an outbox row: made by the model signer (signer role) from the position's state on chain,
/// or by the LP's wallet (manual approval); stored in the row so that the relayer, which holds only the operator key,
/// sends exactly what was signed.
/// </summary>
public static class SignedUpdates
{
    /// <summary>Reads the position (nonce, hedge, caps) and signs the model's update for <paramref name="targetRatio"/>.</summary>
    public static async Task<(RatioUpdate Update, byte[] Signature)> SignModelUpdateAsync(
        EthereumRpc rpc, Address controller, long chainId, EthereumAccount modelSigner, long onChainId, decimal targetRatio, long deadline, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(modelSigner);
        var pos = await new HedgeController(rpc, controller).GetPositionAsync(onChainId, BlockParameter.Latest, ct);
        return SignModelUpdate(pos, controller, chainId, modelSigner, onChainId, targetRatio, deadline);
    }

    /// <summary>Signs the model's update for <paramref name="targetRatio"/> against the position as read on chain.</summary>
    public static (RatioUpdate Update, byte[] Signature) SignModelUpdate(
        HedgePosition pos, Address controller, long chainId, EthereumAccount modelSigner, long onChainId, decimal targetRatio, long deadline)
    {
        ArgumentNullException.ThrowIfNull(pos);
        ArgumentNullException.ThrowIfNull(modelSigner);
        var newRatio = RatioFixedPoint.FromDecimal(targetRatio);
        var targetSize = RatioFixedPoint.ModelTargetSize(newRatio, pos.HedgeSize, pos.Caps.MaxHedgeSize, pos.Caps.MaxRatioChange);
        var update = new RatioUpdate(onChainId, newRatio, targetSize, pos.Nonce, deadline);
        return (update, modelSigner.SignTypedData(HedgeController.Domain(chainId, controller), update).ToBytes65());
    }

    /// <summary>Stores the update's fields and signature in the row (the ratio is the row's TargetRatio).</summary>
    public static void Store(HedgeExecution e, RatioUpdate update, byte[] signature, Address signer)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(update);
        e.UpdateSignature = signature;
        e.UpdateSigner = signer.ToLowerHex();
        e.UpdateTargetHedgeSize = (decimal)update.TargetHedgeSize;
        e.UpdatePositionNonce = (long)update.Nonce;
        e.UpdateDeadline = (long)update.Deadline;
    }

    /// <summary>The update stored in the row, or null if it is not signed yet.</summary>
    public static RatioUpdate? Stored(HedgeExecution e, long onChainId)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.UpdateSignature is null
            ? null
            : new RatioUpdate(onChainId, RatioFixedPoint.FromDecimal(e.TargetRatio), new BigInteger(e.UpdateTargetHedgeSize!.Value), e.UpdatePositionNonce!.Value, e.UpdateDeadline!.Value);
    }

    internal static string Wei(BigInteger v) => v.ToString(CultureInfo.InvariantCulture);
}
