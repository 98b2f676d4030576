using System.Numerics;
using System.Text;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Rpc.Api;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Rpc.Tests;

/// <summary>Nethereum event and function DTOs: their signatures, decoding, and the strictness we keep on top.</summary>
public class ContractDtoTests
{
    private static readonly Address Sender = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    private static readonly Address Recipient = Address.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");

    private static byte[] Word(Address a) => Encode(["address"], [a.ToLowerHex()]);

    private static byte[] Encode(string[] types, object[] values)
        => new ParametersEncoder().EncodeParameters([.. types.Select((t, i) => new Parameter(t, "p" + i, i + 1))], values);

    private static LogEntry SwapLog(byte[]? data = null, byte[]? recipientTopic = null) => new()
    {
        Address = Address.Zero,
        Topics = [EventDecoding.Topic0<SwapEventDto>(), Word(Sender), recipientTopic ?? Word(Recipient)],
        Data = data ?? Encode(
            ["int256", "int256", "uint160", "uint128", "int24"],
            [new BigInteger(-5), new BigInteger(7), BigInteger.One << 96, new BigInteger(1000), -887220]),
    };

    // Sources: Uniswap v3 pool Swap topic as seen on Etherscan; RatioUpdated as in contracts/src (RatioUpdateVectorTests);
    // latestRoundData's selector from Chainlink's AggregatorV3Interface docs.
    [Fact]
    public void EventDtos_Topics_MatchTheContracts()
    {
        Assert.Equal("0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67", Hex.Encode(EventDecoding.Topic0<SwapEventDto>()));
        Assert.Equal("RatioUpdated(uint256,uint256,uint256,uint256,uint256,address)", EventDecoding.AbiOf<RatioUpdatedEventDto>().Signature);
        Assert.Equal("Collect(uint256,address,uint256,uint256)", EventDecoding.AbiOf<CollectEventDto>().Signature);
        Assert.Equal("HedgeAdjusted(uint256,uint256,uint256,uint256,uint256,int256)", EventDecoding.AbiOf<HedgeAdjustedEventDto>().Signature);
        Assert.Equal("0xfeaf968c", Hex.Encode(new LatestRoundDataFunction().GetCallData()));
    }

    // Every controller event's topic 0 is keccak of the signature written out from IHedgeController.sol and
    // OpenZeppelin (the CastCrossCheckTests check our keccak against cast).
    [Theory]
    [InlineData("PositionRegistered(uint256,address,address,uint256,uint256,(uint128,uint64,uint32,uint16))")]
    [InlineData("CapsChanged(uint256,(uint128,uint64,uint32,uint16))")]
    [InlineData("OperatorChanged(uint256,address,address,bool)")]
    [InlineData("PositionPauseChanged(uint256,bool)")]
    [InlineData("PositionClosed(uint256,uint256)")]
    [InlineData("RatioUpdated(uint256,uint256,uint256,uint256,uint256,address)")]
    [InlineData("HedgeExecuted(uint256,uint256,uint256,uint256,uint256)")]
    [InlineData("ModelSignerRotated(address,address)")]
    [InlineData("MaxFeedAgeChanged(uint256,uint256)")]
    [InlineData("Paused(address)")]
    [InlineData("Unpaused(address)")]
    [InlineData("OwnershipTransferStarted(address,address)")]
    [InlineData("OwnershipTransferred(address,address)")]
    [InlineData("EIP712DomainChanged()")]
    public void ControllerEventDtos_TopicIsKeccakOfTheSolidityEvent(string signature)
    {
        var name = signature[..signature.IndexOf('(', StringComparison.Ordinal)];
        var kind = Assert.Single(HedgeController.Events, e => e.Name == name);
        Assert.Equal(Hex.Encode(Keccak256.Hash(Encoding.ASCII.GetBytes(signature))), Hex.Encode(kind.Topic0));
    }

    // Selectors of the controller's calls against keccak of the Solidity signatures.
    [Fact]
    public void ControllerFunctionMessages_SelectorsMatchTheSoliditySignatures()
    {
        static string Selector(string s) => Hex.Encode(Keccak256.Hash(Encoding.ASCII.GetBytes(s))[..4]);
        static string Of(byte[] calldata) => Hex.Encode(calldata[..4]);
        const string RatioUpdate = "(uint256,uint256,uint256,uint256,uint256)";
        const string Caps = "(uint128,uint64,uint32,uint16)";
        Assert.Equal(Selector($"updateRatio({RatioUpdate},bytes)"), Of(new UpdateRatioFunction().GetCallData()));
        Assert.Equal(Selector($"updateRatios({RatioUpdate}[],bytes[])"), Of(new UpdateRatiosFunction().GetCallData()));
        Assert.Equal(Selector($"register(address,uint256,uint256,{Caps})"), Of(new RegisterFunction { Pool = Sender.ToLowerHex() }.GetCallData()));
        Assert.Equal(Selector($"setCaps(uint256,{Caps})"), Of(new SetCapsFunction().GetCallData()));
        Assert.Equal(Selector("setOperator(uint256,address,bool)"), Of(new SetOperatorFunction { Operator = Sender.ToLowerHex() }.GetCallData()));
        Assert.Equal(Selector("setPositionPaused(uint256,bool)"), Of(new SetPositionPausedFunction().GetCallData()));
        Assert.Equal(Selector("close(uint256)"), Of(new CloseFunction().GetCallData()));
        Assert.Equal(Selector("setModelSigner(address)"), Of(new SetModelSignerFunction { NewSigner = Sender.ToLowerHex() }.GetCallData()));
        Assert.Equal(Selector("setMaxFeedAge(uint256)"), Of(new SetMaxFeedAgeFunction().GetCallData()));
        Assert.Equal(Selector("pause()"), Of(new PauseFunction().GetCallData()));
        Assert.Equal(Selector("unpause()"), Of(new UnpauseFunction().GetCallData()));
        Assert.Equal(Selector($"hashRatioUpdate({RatioUpdate})"), Of(new HashRatioUpdateFunction().GetCallData()));
        Assert.Equal(Selector("getPosition(uint256)"), Of(new GetPositionFunction().GetCallData()));
        Assert.Equal(Selector("isOwnerOrOperator(uint256,address)"), Of(new IsOwnerOrOperatorFunction { Account = Sender.ToLowerHex() }.GetCallData()));
    }

    // A batch of two updates, byte for byte against an encoding written out by hand from the ABI specification.
    [Fact]
    public void UpdateRatios_TwoUpdates_EncodesAsTheAbiSpecSays()
    {
        var data = HedgeController.EncodeUpdateRatios([new RatioUpdate(1, 2, 3, 4, 5), new RatioUpdate(6, 7, 8, 9, 10)], [[0xaa], [0xbb, 0xcc]]);
        static string W(long v) => v.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
        var expected = string.Concat(
            W(0x40), W(0x40 + 0x20 + (2 * 5 * 0x20)), // heads: offsets of updates[] and signatures[]
            W(2), W(1), W(2), W(3), W(4), W(5), W(6), W(7), W(8), W(9), W(10), // updates: length, then two static tuples inline
            W(2), W(0x40), W(0x80), // signatures: length, offsets of the two bytes
            W(1), "aa" + new string('0', 62), W(2), "bbcc" + new string('0', 60));
        Assert.Equal(expected, Hex.Encode(data[4..])[2..]);
    }

    [Fact]
    public void SwapLog_DecodesThroughTheDto()
    {
        var swap = UniswapV3Pool.DecodeSwap(SwapLog());
        Assert.Equal(Sender, swap.Sender);
        Assert.Equal(Recipient, swap.Recipient);
        Assert.Equal(new BigInteger(-5), swap.Amount0);
        Assert.Equal(BigInteger.One << 96, swap.SqrtPriceX96);
        Assert.Equal(-887220, swap.Tick);
    }

    // Nethereum alone reads the missing words as zeros, an address from a dirty word, any non-zero word as true;
    // the strict check refuses each.
    [Fact]
    public void MalformedLogs_AreRefusedBeforeNethereumDecodesThem()
    {
        var full = SwapLog().Data;
        Assert.Throws<AbiDecodingException>(() => EventDecoding.Decode<SwapEventDto>(SwapLog(full[..^32])));
        var dirtyTick = (byte[])full.Clone();
        dirtyTick[4 * 32] = 0x01; // int24 word with high bits that are not a sign extension
        Assert.Throws<AbiDecodingException>(() => EventDecoding.Decode<SwapEventDto>(SwapLog(dirtyTick)));
        var dirtyTopic = Word(Recipient);
        dirtyTopic[0] = 0x01;
        Assert.Throws<AbiDecodingException>(() => EventDecoding.Decode<SwapEventDto>(SwapLog(recipientTopic: dirtyTopic)));
        Assert.False(EventDecoding.Matches<CollectEventDto>(SwapLog()));
        Assert.Throws<AbiDecodingException>(() => EventDecoding.Decode<CollectEventDto>(SwapLog()));

        var paused = new LogEntry
        {
            Address = Address.Zero,
            Topics = [EventDecoding.Topic0<PositionPauseChangedEventDto>(), Encode(["uint256"], [BigInteger.One])],
            Data = Encode(["uint256"], [new BigInteger(2)]), // a bool word of 2
        };
        Assert.Throws<AbiDecodingException>(() => HedgeController.DecodeEvent(paused));
    }

    [Fact]
    public void Replies_ShortOrDirty_AreRefused()
    {
        var reply = Encode(["uint80", "int256", "uint256", "uint256", "uint80"], [BigInteger.One, new BigInteger(3000), BigInteger.Zero, BigInteger.Zero, BigInteger.One]);
        Assert.Equal(3000, (int)EthCallApi.DecodeOutput<LatestRoundDataFunction, RoundDataOutputDto>(reply, Address.Zero).Answer);
        Assert.Throws<RpcProtocolException>(() => EthCallApi.DecodeOutput<LatestRoundDataFunction, RoundDataOutputDto>(reply[..^1], Address.Zero));
        var wide = (byte[])reply.Clone();
        wide[0] = 0x01; // uint80 word with a bit above 80
        Assert.Throws<RpcProtocolException>(() => EthCallApi.DecodeOutput<LatestRoundDataFunction, RoundDataOutputDto>(wide, Address.Zero));
        Assert.Throws<RpcProtocolException>(() => EthCallApi.DecodeReturn<IsOwnerOrOperatorFunction, bool>(Encode(["uint256"], [new BigInteger(2)]), Address.Zero));
        Assert.Throws<RpcProtocolException>(() => EthCallApi.DecodeReturn<DescriptionFunction, string>(Encode(["uint256", "uint256"], [new BigInteger(0x20), new BigInteger(0xff)]), Address.Zero));
        Assert.Equal(Sender, EthCallApi.DecodeReturn<OwnerOfFunction, Address>(Word(Sender), Address.Zero));
        Assert.Throws<RpcProtocolException>(() => EthCallApi.DecodeReturn<OwnerOfFunction, Address>([], Address.Zero));
    }
}
