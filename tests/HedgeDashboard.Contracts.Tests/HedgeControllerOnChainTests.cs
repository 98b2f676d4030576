using System.Numerics;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.TestSupport;

namespace HedgeDashboard.Contracts.Tests;

/// <summary>
/// Ratio updates made by the C# layer (HedgeController binding: EIP-712 RatioUpdate signed by the model signer, anvil
/// account 8; updateRatio / updateRatios sent by the relayer's operator key, anvil account 9) against the deployed controller.
/// </summary>
[Collection(LocalMarketCollection.Name)]
public sealed class HedgeControllerOnChainTests(LocalMarketFixture market)
{
    private const int ModelSignerAccount = 8;
    private const int OperatorAccount = 9;
    private static readonly BigInteger E18 = BigInteger.Pow(10, 18);

    [Fact]
    public async Task UpdateRatio_SignedInCSharpAndSentByOperator_IsAcceptedThenTheSameUpdateRevertsWithInvalidNonce()
    {
        var controller = Controller();
        using var model = LocalMarketFixture.Account(ModelSignerAccount);
        using var operatorKey = LocalMarketFixture.Account(OperatorAccount);
        var positionId = LocalMarketFixture.Big(market.Position(0).GetProperty("positionId"));
        Assert.Equal(model.Address, await controller.ModelSignerAsync());
        Assert.Equal(Address.Parse(market.Deployment.GetProperty("roles").GetProperty("operator").GetString()!), operatorKey.Address);
        Assert.True(await controller.IsOwnerOrOperatorAsync(positionId, operatorKey.Address));

        var before = await controller.GetPositionAsync(positionId);
        Assert.Equal((HedgePositionStatus.Active, E18 / 2, BigInteger.Zero), (before.Status, before.Ratio, before.HedgeSize));
        var nonce = await controller.NonceOfAsync(positionId);
        Assert.Equal(before.Nonce, nonce);
        var update = new RatioUpdate(positionId, E18 * 6 / 10, 2 * E18, nonce, await market.Rpc.DeadlineAsync(600));

        // The C# digest is the contract's digest; the signature recovers to the model signer.
        Assert.Equal(Hex.Encode(HedgeController.Digest(market.ChainId, controller.Address, update)), Hex.Encode(await controller.HashRatioUpdateAsync(update)));
        var signature = HedgeController.SignUpdate(model, market.ChainId, controller.Address, update);
        Assert.Equal(65, signature.Length);
        Assert.Equal(model.Address, HedgeController.RecoverUpdateSigner(market.ChainId, controller.Address, update, signature));

        var txs = new TransactionSender(market.Rpc);
        var calldata = HedgeController.EncodeUpdateRatio(update, signature);
        var receipt = await txs.SendAndWaitAsync(operatorKey, new TransactionRequest { To = controller.Address, Data = calldata });
        Assert.True(receipt.Succeeded);
        Assert.Equal(operatorKey.Address, receipt.From);

        var updated = HedgeController.DecodeRatioUpdated(Assert.Single(receipt.Logs, l => EventDecoding.Matches<RatioUpdatedEventDto>(l)));
        Assert.Equal((positionId, E18 / 2, update.NewRatio, update.TargetHedgeSize, nonce, operatorKey.Address),
            (updated.PositionId, updated.OldRatio, updated.NewRatio, updated.TargetHedgeSize, updated.Nonce, updated.Sender));
        var hedge = HedgeController.DecodeHedgeExecuted(Assert.Single(receipt.Logs, l => EventDecoding.Matches<HedgeExecutedEventDto>(l)));
        Assert.Equal((positionId, BigInteger.Zero, update.TargetHedgeSize), (hedge.PositionId, hedge.OldSize, hedge.NewSize));
        var feedPrice = LocalMarketFixture.Big(market.Deployment.GetProperty("priceFeed").GetProperty("answer"));
        Assert.InRange(hedge.ExecutionPrice, feedPrice * (10_000 - before.Caps.MaxSlippageBps) / 10_000, feedPrice); // a sell, within the owner's slippage cap
        Assert.Equal(update.TargetHedgeSize * hedge.ExecutionPrice / E18 * 5 / 10_000, hedge.Fee); // the mock venue's 5 bps of notional

        var after = await controller.GetPositionAsync(positionId);
        var block = (await market.Rpc.Chain.GetBlockAsync(BlockParameter.Number(receipt.BlockNumber)))!;
        Assert.Equal((update.NewRatio, update.TargetHedgeSize, nonce + 1, new BigInteger(block.Timestamp)), (after.Ratio, after.HedgeSize, after.Nonce, after.LastUpdateAt));
        Assert.Equal(nonce + 1, await controller.NonceOfAsync(positionId));

        // The same signed update again: refused at estimation with the decoded custom error...
        var replay = await Assert.ThrowsAsync<ExecutionRevertedException>(() => txs.SendAsync(operatorKey, new TransactionRequest { To = controller.Address, Data = calldata }));
        AssertInvalidNonce(replay, positionId, expected: nonce + 1, given: nonce);

        // ...and, forced on chain with a fixed gas limit, mined as a failed transaction that changes nothing.
        var forced = await txs.SendAndWaitAsync(operatorKey, new TransactionRequest { To = controller.Address, Data = calldata, GasLimit = 400_000 });
        Assert.False(forced.Succeeded);
        Assert.DoesNotContain(forced.Logs, l => EventDecoding.Matches<RatioUpdatedEventDto>(l));
        Assert.Equal(after, await controller.GetPositionAsync(positionId));
        var atThatBlock = await Assert.ThrowsAsync<ExecutionRevertedException>(() => market.Rpc.Calls.CallAsync(
            new CallRequest { From = operatorKey.Address, To = controller.Address, Data = calldata }, BlockParameter.Number(forced.BlockNumber)));
        AssertInvalidNonce(atThatBlock, positionId, expected: nonce + 1, given: nonce);

        var fromLogs = await controller.GetRatioUpdatesAsync(receipt.BlockNumber, forced.BlockNumber);
        Assert.Equal(update.NewRatio, Assert.Single(fromLogs, e => e.PositionId == positionId).NewRatio);
    }

    [Fact]
    public async Task UpdateRatios_BatchForTwoPositions_AppliesBothInOneTransaction()
    {
        var controller = Controller();
        using var model = LocalMarketFixture.Account(ModelSignerAccount);
        using var operatorKey = LocalMarketFixture.Account(OperatorAccount);
        var ids = new[] { LocalMarketFixture.Big(market.Position(1).GetProperty("positionId")), LocalMarketFixture.Big(market.Position(2).GetProperty("positionId")) };
        var ratios = new[] { E18 * 7 / 10, E18 * 3 / 10 };
        var deadline = await market.Rpc.DeadlineAsync(600);
        var updates = new List<RatioUpdate>();
        for (var i = 0; i < ids.Length; i++)
        {
            updates.Add(new RatioUpdate(ids[i], ratios[i], E18 * (i + 1), await controller.NonceOfAsync(ids[i]), deadline));
        }

        var signatures = updates.Select(u => HedgeController.SignUpdate(model, market.ChainId, controller.Address, u)).ToList();
        var receipt = await new TransactionSender(market.Rpc).SendAndWaitAsync(
            operatorKey, new TransactionRequest { To = controller.Address, Data = HedgeController.EncodeUpdateRatios(updates, signatures) });
        Assert.True(receipt.Succeeded);

        var events = receipt.Logs.Where(l => EventDecoding.Matches<RatioUpdatedEventDto>(l)).Select(HedgeController.DecodeRatioUpdated).ToList();
        Assert.Equal(ids, events.Select(e => e.PositionId));
        Assert.Equal(ratios, events.Select(e => e.NewRatio));
        Assert.All(events, e => Assert.Equal(E18 / 2, e.OldRatio));
        Assert.Equal(2, receipt.Logs.Count(l => EventDecoding.Matches<HedgeExecutedEventDto>(l)));
        for (var i = 0; i < ids.Length; i++)
        {
            var p = await controller.GetPositionAsync(ids[i]);
            Assert.Equal((ratios[i], updates[i].TargetHedgeSize, updates[i].Nonce + 1), (p.Ratio, p.HedgeSize, p.Nonce));
        }
    }

    [Fact]
    public async Task UpdateRatio_SignedForAnotherChainOrContract_RevertsWithInvalidSigner()
    {
        var controller = Controller();
        using var model = LocalMarketFixture.Account(ModelSignerAccount);
        using var operatorKey = LocalMarketFixture.Account(OperatorAccount);
        var positionId = LocalMarketFixture.Big(market.Position(0).GetProperty("positionId"));
        var update = new RatioUpdate(positionId, E18 / 2, E18, await controller.NonceOfAsync(positionId), await market.Rpc.DeadlineAsync(600));
        var txs = new TransactionSender(market.Rpc);
        foreach (var (chainId, verifyingContract) in new[] { (BigInteger.One, controller.Address), (market.ChainId, market.Contract("hedgeVenue")) })
        {
            var wrong = HedgeController.SignUpdate(model, chainId, verifyingContract, update);
            var ex = await Assert.ThrowsAsync<ExecutionRevertedException>(() => txs.SendAsync(operatorKey, new TransactionRequest { To = controller.Address, Data = HedgeController.EncodeUpdateRatio(update, wrong) }));
            var reason = RevertDecoder.Decode(ex.Reason.Data, HedgeController.Errors);
            Assert.Equal(RevertKind.CustomError, reason.Kind);
            Assert.StartsWith("InvalidSigner(", reason.Message, StringComparison.Ordinal);
            var recovered = (Address)reason.Arguments![0]!;
            Assert.Equal(HedgeController.RecoverUpdateSigner(market.ChainId, controller.Address, update, wrong), recovered);
            Assert.NotEqual(model.Address, recovered);
        }
    }

    private HedgeController Controller()
    {
        var address = market.Contract("hedgeController");
        Assert.Equal(address, Address.Parse(market.Deployment.GetProperty("eip712").GetProperty("verifyingContract").GetString()!));
        return new HedgeController(market.Rpc, address);
    }

    private static void AssertInvalidNonce(ExecutionRevertedException ex, BigInteger positionId, BigInteger expected, BigInteger given)
    {
        var reason = RevertDecoder.Decode(ex.Reason.Data, HedgeController.Errors);
        Assert.Equal(RevertKind.CustomError, reason.Kind);
        Assert.StartsWith("InvalidNonce(", reason.Message, StringComparison.Ordinal);
        Assert.Equal(new object?[] { positionId, expected, given }, reason.Arguments);
    }
}
