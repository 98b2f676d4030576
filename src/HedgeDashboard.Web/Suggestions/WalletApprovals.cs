using HedgeDashboard.Data;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Eip712;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Workers.Approvals;
using HedgeDashboard.Workers.Chain;
using HedgeDashboard.Workers.Relayer;
using Microsoft.EntityFrameworkCore;

namespace HedgeDashboard.Web.Suggestions;

/// <summary>
/// Manual approvals signed by the LP's own wallet (EIP-1193 <c>eth_signTypedData_v4</c> in the browser): the server
/// prepares the RatioUpdate for the suggestion's ratio from the chain, and before queueing checks that the signature
/// recovers to the position's owner or an operator the owner approved (not the relayer's own operator, whose
/// signature the controller refuses when it also sends). The web role holds no key for this.
/// </summary>
public sealed class WalletApprovals(IDbContextFactory<HedgeDbContext> dbFactory, EthereumRpc rpc, IConfiguration config, ApprovalService approvals, TimeProvider time)
{
    /// <summary>How long the wallet's signature stays valid (the update's deadline).</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromHours(1);

    /// <summary>The update to sign and its typed data; kept on the server (the circuit) between the two steps.</summary>
    public sealed record Prepared(long SuggestionId, long ChainId, Address Controller, Address RelayerOperator, RatioUpdate Update, string TypedDataJson);

    /// <summary>The typed data for the suggestion's ratio: size = ratio x the owner's maxHedgeSize (the owner's hard bounds).</summary>
    public async Task<Prepared> PrepareAsync(long suggestionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var s = await db.Suggestions.AsNoTracking().Include(x => x.Position).SingleOrDefaultAsync(x => x.Id == suggestionId, ct)
            ?? throw new WalletApprovalException($"Suggestion {suggestionId} does not exist.");
        if (s.Status != SuggestionStatus.Pending)
        {
            throw new WalletApprovalException($"Suggestion {suggestionId} is {s.Status.ToString().ToLowerInvariant()}, not pending.");
        }

        var onChainId = s.Position?.ProtectedPositionId ?? throw new WalletApprovalException("The position is not registered with the HedgeController.");
        var file = config[$"{ChainDeploymentOptions.SectionName}:{nameof(ChainDeploymentOptions.DeploymentFile)}"];
        if (string.IsNullOrWhiteSpace(file))
        {
            throw new WalletApprovalException("Chain:DeploymentFile is not set: the controller's address is unknown.");
        }

        var deployment = ChainDeployment.Load(file);
        var chainId = (long)await rpc.Chain.GetChainIdAsync(ct);
        var position = await new HedgeController(rpc, deployment.HedgeController).GetPositionAsync(onChainId, BlockParameter.Latest, ct);
        var ratio = RatioFixedPoint.FromDecimal(s.ProposedRatio);
        var deadline = time.GetUtcNow().Add(Validity).ToUnixTimeSeconds();
        var update = new RatioUpdate(onChainId, ratio, ratio * position.Caps.MaxHedgeSize / RatioFixedPoint.One, position.Nonce, deadline);
        var json = TypedData.Create(HedgeController.Domain(chainId, deployment.HedgeController), update).ToJson();
        return new Prepared(suggestionId, chainId, deployment.HedgeController, deployment.Operator, update, json);
    }

    /// <summary>Checks the wallet's signature against the chain and queues the approval with it.</summary>
    public async Task<DecisionResult> SubmitAsync(Prepared prepared, string signatureHex, Decider decider, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(decider);
        Signature signature;
        Address signer;
        try
        {
            signature = Signature.FromHex(signatureHex);
            signer = Secp256k1.RecoverAddress(HedgeController.Digest(prepared.ChainId, prepared.Controller, prepared.Update), signature);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidSignatureException)
        {
            return new(prepared.SuggestionId, DecisionOutcome.Forbidden, "The wallet returned no valid signature: " + ex.Message);
        }

        var controller = new HedgeController(rpc, prepared.Controller);
        if (!await controller.IsOwnerOrOperatorAsync(prepared.Update.PositionId, signer, ct))
        {
            return new(prepared.SuggestionId, DecisionOutcome.Forbidden, $"Signed by {signer}, which is neither the owner of position {prepared.Update.PositionId} nor an operator the owner approved.");
        }

        if (signer == prepared.RelayerOperator)
        {
            return new(prepared.SuggestionId, DecisionOutcome.Forbidden, $"Signed by {signer}, the relayer's own operator: the controller accepts an operator's signature only when another account sends it.");
        }

        var signed = new WalletSignedUpdate(signature.ToBytes65(), signer.ToLowerHex(), (decimal)prepared.Update.TargetHedgeSize, (long)prepared.Update.Nonce, (long)prepared.Update.Deadline);
        return await approvals.ApproveWalletSignedAsync(prepared.SuggestionId, decider, signed, $"signed in the browser by wallet {signer}", ct);
    }
}

/// <summary>The update cannot be prepared for signing; the message says why.</summary>
public sealed class WalletApprovalException(string message) : Exception(message);
