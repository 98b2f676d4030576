using System.Globalization;
using System.Numerics;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using HedgeDashboard.Ethereum.Signing;
using HedgeDashboard.TestSupport;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Tests;

public class HedgeControllerVectorTests
{
    // Source: contracts/test/HedgeControllerVectors.t.sol and docs/decisions/0003 (typehash, domain separator, digest and the
    // `cast wallet sign --data` signature by anvil account 8 for update (1, 0.6e18, 2e18, 0, 1800000600) at 0x2279...eBe6, chain 31337).
    [Fact]
    public void RatioUpdate_KnownAnswerVector_MatchesTheContractsTest()
    {
        var controller = Address.Parse("0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6");
        var update = new RatioUpdate(1, BigInteger.Parse("600000000000000000", CultureInfo.InvariantCulture), BigInteger.Parse("2000000000000000000", CultureInfo.InvariantCulture), 0, 1_800_000_600);
        Assert.Equal("0x8dbd4861be32b39e16a9767f3ba2524593690f7c408bc1ed508ceb92ee7e7cc8", Hex.Encode(Eip712TypeStrings.TypeHash(update.Types, "RatioUpdate")));
        Assert.Equal("0xf485b4178a5604338ac455836eb21bfccf7e4daf13960fc5fc372cabcb83986b", Hex.Encode(Eip712.TypedDataEncoder.HashDomain(HedgeController.Domain(31337, controller))));
        Assert.Equal("0xa986694f8de33ad9cb169df2f81715c54e5e96b0b1be1e2aeda2977b75c19862", Hex.Encode(HedgeController.Digest(31337, controller, update)));
        using var signer = new EthereumAccount(PrivateKey.FromHex(TestSupport.AnvilNode.DevAccounts[8].PrivateKey));
        var sig = HedgeController.SignUpdate(signer, 31337, controller, update);
        Assert.Equal("0x6690fad58f070f79bdc44e0eb753e8da2cf7e4b3da7a56415c3b2fe668f812d66854e006853087c2d57ac9a8bf8a86b4cd0ff6c17533d0e446f8fe9b8bf897111c", Hex.Encode(sig));
        Assert.Equal(signer.Address, HedgeController.RecoverUpdateSigner(31337, controller, update, sig));
    }

    [Fact]
    public void UpdateRatioCalldata_DecodesBack()
    {
        var update = new RatioUpdate(3, 5, 6, 7, 8);
        var data = HedgeController.EncodeUpdateRatio(update, new byte[65]);
        var back = new UpdateRatioFunction().DecodeInput(Hex.Encode(data));
        Assert.Equal((3, 5, 6, 7, 8), ((int)back.Update.PositionId, (int)back.Update.NewRatio, (int)back.Update.TargetHedgeSize, (int)back.Update.Nonce, (int)back.Update.Deadline));
        Assert.Equal(65, back.Signature.Length);
        Assert.Equal(Hex.Encode(Keccak256.Hash("updateRatio((uint256,uint256,uint256,uint256,uint256),bytes)"u8.ToArray())[..4]), Hex.Encode(data[..4]));
    }
}

public class LocalMarketBindingTests(LocalMarketFixture market) : IClassFixture<LocalMarketFixture>
{
    private static readonly BigInteger E18 = BigInteger.Pow(10, 18);

    [Fact]
    public async Task ChainlinkFeed_ReadsDecimalsAndLatestRound()
    {
        var feed = new ChainlinkAggregator(market.Rpc, market.Contract("priceFeed"));
        Assert.Equal(8, await feed.DecimalsAsync());
        Assert.Equal("ETH / USD", await feed.DescriptionAsync());
        var round = await feed.LatestRoundDataAsync();
        Assert.Equal(BigInteger.Parse(market.Deployment.GetProperty("priceFeed").GetProperty("answer").GetString()!, CultureInfo.InvariantCulture), round.Answer);
        Assert.Equal(round.RoundId, round.AnsweredInRound);
        Assert.True(round.UpdatedAt > 0);
    }

    [Fact]
    public async Task Pool_Slot0TokensFeeLiquidityAndObserve()
    {
        var info = market.Deployment.GetProperty("pool");
        var pool = new UniswapV3Pool(market.Rpc, market.Contract("pool"));
        Assert.Equal(Address.Parse(info.GetProperty("token0").GetString()!), await pool.Token0Async());
        Assert.Equal(Address.Parse(info.GetProperty("token1").GetString()!), await pool.Token1Async());
        Assert.Equal(500, await pool.FeeAsync());
        var slot0 = await pool.Slot0Async();
        Assert.True(slot0.Unlocked);
        Assert.InRange(slot0.Tick, -199000, -193000);
        Assert.True(await pool.LiquidityAsync() > 0);
        var obs = await pool.ObserveAsync([0]);
        Assert.Single(obs.TickCumulatives);
        Assert.Single(obs.SecondsPerLiquidityCumulativeX128s);
    }

    [Fact]
    public async Task PositionManager_ListsAndReadsThePositions()
    {
        var npm = new NonfungiblePositionManager(market.Rpc, market.Contract("nonfungiblePositionManager"));
        var expected = market.Deployment.GetProperty("positions")[0];
        var owner = Address.Parse(expected.GetProperty("owner").GetString()!);
        var tokenId = new BigInteger(expected.GetProperty("tokenId").GetInt32());
        Assert.Equal(owner, await npm.OwnerOfAsync(tokenId));
        Assert.True(await npm.BalanceOfAsync(owner) >= 1);
        Assert.Contains(tokenId, await npm.TokenIdsOfAsync(owner));
        Assert.Equal(tokenId, await npm.TokenOfOwnerByIndexAsync(owner, 0));
        var p = await npm.PositionsAsync(tokenId);
        Assert.Equal(expected.GetProperty("tickLower").GetInt32(), p.TickLower);
        Assert.Equal(expected.GetProperty("tickUpper").GetInt32(), p.TickUpper);
        Assert.Equal(500, p.Fee);
        Assert.Equal(market.Contract("weth"), p.Token0);
        var reverted = await Assert.ThrowsAsync<ExecutionRevertedException>(() => npm.PositionsAsync(999));
        Assert.Equal(RevertKind.ErrorString, reverted.Reason.Kind);
    }

    [Fact]
    public async Task Swap_ThroughTheRouter_IsDecodedFromTheSwapEvent()
    {
        using var trader = AnvilFixture.Account(5);
        var txs = new TransactionSender(market.Rpc);
        var weth = market.Contract("weth");
        var router = market.Contract("swapRouter");
        var from = await market.Rpc.Chain.GetBlockNumberAsync();
        Assert.True((await txs.SendAndWaitAsync(trader, new TransactionRequest { To = weth, Value = E18, Data = new DepositFunction().GetCallData() })).Succeeded);
        Assert.True((await txs.SendAndWaitAsync(trader, new TransactionRequest { To = weth, Data = new ApproveFunction { Spender = router.ToLowerHex(), Amount = E18 }.GetCallData() })).Succeeded);
        var swap = await txs.SendAndWaitAsync(trader, new TransactionRequest
        {
            To = router,
            Data = new ExactInputSingleFunction
            {
                Params = new()
                {
                    TokenIn = weth.ToLowerHex(), TokenOut = market.Contract("usdc").ToLowerHex(), Fee = 500, Recipient = trader.Address.ToLowerHex(), Deadline = new BigInteger(4_000_000_000),
                    AmountIn = E18,
                },
            }.GetCallData(),
        });
        Assert.True(swap.Succeeded);

        var pool = new UniswapV3Pool(market.Rpc, market.Contract("pool"));
        var swaps = await pool.GetSwapsAsync(from, swap.BlockNumber);
        var s = Assert.Single(swaps);
        Assert.Equal(E18, s.Amount0);
        Assert.True(s.Amount1 < 0);
        Assert.Equal(trader.Address, s.Recipient);
        Assert.Equal(router, s.Sender);
        Assert.Equal((await pool.Slot0Async()).Tick, s.Tick);
        Assert.Equal(swap.TransactionHash, s.TransactionHash);
    }

    [Fact]
    public async Task HedgeController_SignedUpdate_IsAcceptedOnChain_AndAForgedOneIsDecoded()
    {
        var controllerAddress = market.Contract("hedgeController");
        var controller = new HedgeController(market.Rpc, controllerAddress);
        using var model = AnvilFixture.Account(8);
        using var operatorAccount = AnvilFixture.Account(9);
        using var forger = AnvilFixture.Account(7);
        Assert.Equal(model.Address, await controller.ModelSignerAsync());
        var positionId = new BigInteger(2);
        Assert.True(await controller.IsOwnerOrOperatorAsync(positionId, operatorAccount.Address));
        var before = await controller.GetPositionAsync(positionId);
        Assert.Equal(HedgePositionStatus.Active, before.Status);

        var nonce = await controller.NonceOfAsync(positionId);
        var head = (await market.Rpc.Chain.GetBlockAsync(BlockParameter.Latest))!;
        var newRatio = before.Ratio + (before.Caps.MaxRatioChange / 2);
        var update = new RatioUpdate(positionId, newRatio, BigInteger.Min(before.Caps.MaxHedgeSize, E18 / 10), nonce, head.Timestamp + 600);
        Assert.Equal(HedgeController.Digest(31337, controllerAddress, update), await controller.HashRatioUpdateAsync(update));

        var txs = new TransactionSender(market.Rpc);
        var forged = HedgeController.SignUpdate(forger, 31337, controllerAddress, update);
        var ex = await Assert.ThrowsAsync<ExecutionRevertedException>(() => txs.SendAsync(operatorAccount, new TransactionRequest { To = controllerAddress, Data = HedgeController.EncodeUpdateRatio(update, forged) }));
        var reason = ex.ReasonWith(HedgeController.Errors);
        Assert.Equal(RevertKind.CustomError, reason.Kind);
        Assert.StartsWith("InvalidSigner(" + forger.Address.ToString(), reason.Message, StringComparison.Ordinal);

        var signature = HedgeController.SignUpdate(model, 31337, controllerAddress, update);
        var receipt = await txs.SendAndWaitAsync(operatorAccount, new TransactionRequest { To = controllerAddress, Data = HedgeController.EncodeUpdateRatio(update, signature) });
        Assert.True(receipt.Succeeded);
        Assert.Equal(operatorAccount.Address, receipt.From);
        var ev = HedgeController.DecodeRatioUpdated(Assert.Single(receipt.Logs, l => EventDecoding.Matches<RatioUpdatedEventDto>(l)));
        Assert.Equal(positionId, ev.PositionId);
        Assert.Equal(newRatio, ev.NewRatio);
        Assert.Equal(operatorAccount.Address, ev.Sender);
        Assert.Equal(nonce + 1, await controller.NonceOfAsync(positionId));
        var fromLogs = await controller.GetRatioUpdatesAsync(receipt.BlockNumber, receipt.BlockNumber);
        Assert.Equal(newRatio, Assert.Single(fromLogs).NewRatio);
    }
}
