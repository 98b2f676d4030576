using System.Numerics;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Ethereum.Signing;
using HedgeDashboard.TestSupport;

namespace HedgeDashboard.Contracts.Tests;

/// <summary>
/// A protected position's whole life driven from C# (mint, register, operator, caps, pause, signed update, circuit breaker,
/// close), with every state change's event decoded through HedgeController.DecodeEvent, as an indexer would.
/// </summary>
[Collection(LocalMarketCollection.Name)]
public sealed class HedgeControllerLifecycleTests(LocalMarketFixture market)
{
    private const int AdminAccount = 0;
    private const int OwnerAccount = 7;
    private static readonly BigInteger E18 = BigInteger.Pow(10, 18);

    [Fact]
    public async Task Lifecycle_RegisterOperatorCapsPauseUpdateBreakerClose_EachStateChangeEmitsItsDecodedEvent()
    {
        var controller = new HedgeController(market.Rpc, market.Contract("hedgeController"));
        var txs = new TransactionSender(market.Rpc);
        using var owner = LocalMarketFixture.Account(OwnerAccount);
        using var admin = LocalMarketFixture.Account(AdminAccount);
        using var model = LocalMarketFixture.Account(8);
        using var operatorKey = LocalMarketFixture.Account(9);
        var pool = market.Contract("pool");
        var fromBlock = await market.Rpc.Chain.GetBlockNumberAsync() + 1;

        var tokenId = await MintAsync(txs, owner);
        var caps = new HedgeCaps(2 * E18, E18 * 3 / 10, 60, 50);
        var registered = Event(await txs.SendOkAsync(owner, controller.Address, HedgeController.EncodeRegister(pool, tokenId, E18 * 4 / 10, caps)), "PositionRegistered");
        var positionId = (BigInteger)registered["positionId"]!;
        Assert.Equal((owner.Address, pool, tokenId, E18 * 4 / 10), ((Address)registered["owner"]!, (Address)registered["pool"]!, (BigInteger)registered["tokenId"]!, (BigInteger)registered["initialRatio"]!));
        Assert.Equal(new object?[] { caps.MaxHedgeSize, caps.MaxRatioChange, caps.MinUpdateInterval, caps.MaxSlippageBps }, (object?[])registered["caps"]!);
        Assert.Equal(owner.Address, await controller.OwnerOfPositionAsync(positionId));

        var op = Event(await txs.SendOkAsync(owner, controller.Address, HedgeController.EncodeSetOperator(positionId, operatorKey.Address, true)), "OperatorChanged");
        Assert.Equal((positionId, owner.Address, operatorKey.Address, true), ((BigInteger)op["positionId"]!, (Address)op["owner"]!, (Address)op["operator"]!, (bool)op["approved"]!));
        Assert.True(await controller.IsOwnerOrOperatorAsync(positionId, operatorKey.Address));

        var newCaps = caps with { MaxHedgeSize = 3 * E18 };
        var capsChanged = Event(await txs.SendOkAsync(owner, controller.Address, new SetCapsFunction { PositionId = positionId, Caps = newCaps.ToStruct() }), "CapsChanged");
        Assert.Equal(3 * E18, ((object?[])capsChanged["caps"]!)[0]);
        Assert.Equal(newCaps, (await controller.GetPositionAsync(positionId)).Caps);

        // Paused by its owner: a valid signed update is refused with PositionNotActive(id, Paused).
        Assert.True((bool)Event(await txs.SendOkAsync(owner, controller.Address, new SetPositionPausedFunction { PositionId = positionId, Paused = true }), "PositionPauseChanged")["paused"]!);
        // 0.9 WETH: the model's largest size step under these caps (3 WETH x 0.3 ratio step).
        var update = new RatioUpdate(positionId, E18 * 6 / 10, E18 * 9 / 10, await controller.NonceOfAsync(positionId), await market.Rpc.DeadlineAsync(600));
        var calldata = HedgeController.EncodeUpdateRatio(update, HedgeController.SignUpdate(model, market.ChainId, controller.Address, update));
        Assert.Equal("PositionNotActive(" + positionId + ", 2)", await RevertAsync(txs, operatorKey, controller.Address, calldata));
        Assert.False((bool)Event(await txs.SendOkAsync(owner, controller.Address, new SetPositionPausedFunction { PositionId = positionId, Paused = false }), "PositionPauseChanged")["paused"]!);

        var accepted = await txs.SendOkAsync(operatorKey, controller.Address, calldata);
        Assert.Equal(E18 * 6 / 10, Event(accepted, "RatioUpdated")["newRatio"]);
        Assert.Equal(E18 * 9 / 10, Event(accepted, "HedgeExecuted")["newSize"]);

        // The admin's circuit breaker: every update refused with EnforcedPause until unpaused.
        var next = update with { NewRatio = E18 / 2, Nonce = update.Nonce + 1 };
        var nextCalldata = HedgeController.EncodeUpdateRatio(next, HedgeController.SignUpdate(model, market.ChainId, controller.Address, next));
        Assert.Equal(admin.Address, Event(await txs.SendOkAsync(admin, controller.Address, new PauseFunction()), "Paused")["account"]);
        try
        {
            Assert.Equal("EnforcedPause()", await RevertAsync(txs, operatorKey, controller.Address, nextCalldata));
        }
        finally
        {
            Assert.Equal(admin.Address, Event(await txs.SendOkAsync(admin, controller.Address, new UnpauseFunction()), "Unpaused")["account"]);
        }

        // Closing unwinds the hedge at the venue and ends the position; later updates are refused.
        var closed = await txs.SendOkAsync(owner, controller.Address, new CloseFunction { PositionId = positionId });
        var unwind = Event(closed, "HedgeExecuted");
        Assert.Equal((E18 * 9 / 10, BigInteger.Zero), ((BigInteger)unwind["oldSize"]!, (BigInteger)unwind["newSize"]!));
        Assert.Equal(positionId, Event(closed, "PositionClosed")["positionId"]);
        Assert.Equal(HedgePositionStatus.Closed, (await controller.GetPositionAsync(positionId)).Status);
        Assert.Equal("PositionNotActive(" + positionId + ", 3)", await RevertAsync(txs, operatorKey, controller.Address, nextCalldata));

        // Every controller log of the test decodes, in order, and nothing else was emitted.
        var logs = await market.Rpc.Logs.GetLogsAsync(new LogFilter { FromBlock = fromBlock, ToBlock = await market.Rpc.Chain.GetBlockNumberAsync(), Addresses = [controller.Address] });
        var names = logs.Select(l => HedgeController.DecodeEvent(l)?.Name ?? "undecoded").ToList();
        Assert.Equal(
            ["PositionRegistered", "OperatorChanged", "CapsChanged", "PositionPauseChanged", "PositionPauseChanged", "RatioUpdated", "HedgeExecuted", "Paused", "Unpaused", "HedgeExecuted", "PositionClosed"],
            names);
    }

    [Fact]
    public async Task DecodeEvent_DeploymentLogs_AllDecodeAndAnotherContractsLogDoesNot()
    {
        var controller = market.Contract("hedgeController");
        var first = (await market.Rpc.Logs.GetLogsAsync(new LogFilter { FromBlock = 0, ToBlock = market.DeployedBlock, Addresses = [controller] })).ToList();
        var decoded = first.Select(l => HedgeController.DecodeEvent(l)).ToList();
        Assert.All(decoded, d => Assert.NotNull(d));
        var names = decoded.Select(d => d!.Name).ToList();
        Assert.Contains("OwnershipTransferred", names);
        Assert.Contains("MaxFeedAgeChanged", names);
        var rotated = decoded.Single(d => d!.Name == "ModelSignerRotated")!.Values;
        Assert.Equal((Address.Zero, Address.Parse(market.Deployment.GetProperty("roles").GetProperty("modelSigner").GetString()!)), ((Address)rotated["previousSigner"]!, (Address)rotated["newSigner"]!));
        Assert.Equal(3, names.Count(n => n == "PositionRegistered"));
        Assert.Equal(3, names.Count(n => n == "OperatorChanged"));

        var poolLog = (await market.Rpc.Logs.GetLogsAsync(new LogFilter { FromBlock = 0, ToBlock = market.DeployedBlock, Addresses = [market.Contract("weth")] })).First();
        Assert.Null(HedgeController.DecodeEvent(poolLog));
    }

    private static IReadOnlyDictionary<string, object?> Event(TransactionReceipt receipt, string name)
    {
        var matches = receipt.Logs.Select(l => HedgeController.DecodeEvent(l)).Where(d => d?.Name == name).ToList();
        return Assert.Single(matches)!.Values;
    }

    private static async Task<string> RevertAsync(TransactionSender txs, EthereumAccount from, Address to, byte[] data)
    {
        var ex = await Assert.ThrowsAsync<ExecutionRevertedException>(() => txs.SendAsync(from, new TransactionRequest { To = to, Data = data }));
        var reason = RevertDecoder.Decode(ex.Reason.Data, HedgeController.Errors);
        Assert.Equal(RevertKind.CustomError, reason.Kind);
        return reason.Message;
    }

    private async Task<BigInteger> MintAsync(TransactionSender txs, EthereumAccount lp)
    {
        var npm = market.Contract("nonfungiblePositionManager");
        var (weth, usdc) = (market.Contract("weth"), market.Contract("usdc"));
        var poolInfo = market.Deployment.GetProperty("pool");
        var (token0, token1) = (Address.Parse(poolInfo.GetProperty("token0").GetString()!), Address.Parse(poolInfo.GetProperty("token1").GetString()!));
        await txs.SendOkAsync(lp, weth, new DepositFunction(), 3 * E18);
        await txs.SendOkAsync(lp, usdc, Uniswap.Faucet(new BigInteger(10_000) * BigInteger.Pow(10, 6)));
        await txs.SendOkAsync(lp, weth, Uniswap.Approve(npm, Uniswap.Uint128Max));
        await txs.SendOkAsync(lp, usdc, Uniswap.Approve(npm, Uniswap.Uint128Max));
        var tick = (await new UniswapV3Pool(market.Rpc, market.Contract("pool")).Slot0Async()).Tick;
        var (lower, upper) = (((int)Math.Floor((tick - 400) / 10.0) * 10), ((int)Math.Floor((tick + 400) / 10.0) * 10) + 10);
        var (d0, d1) = token0 == weth ? (2 * E18, new BigInteger(7_000) * BigInteger.Pow(10, 6)) : (new BigInteger(7_000) * BigInteger.Pow(10, 6), 2 * E18);
        var receipt = await txs.SendOkAsync(lp, npm, Uniswap.Mint(token0, token1, 500, lower, upper, d0, d1, lp.Address, await market.Rpc.DeadlineAsync()));
        return receipt.SingleEvent<IncreaseLiquidityEventDto>().TokenId;
    }
}
