using System.Numerics;
using HedgeDashboard.Ethereum.Abi;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.Ethereum.Rpc.Contracts.Dtos;

namespace HedgeDashboard.Ethereum.Rpc.Tests;

/// <summary>Nethereum event and function DTOs: their signatures, decoding, and the strictness we keep on top.</summary>
public class ContractDtoTests
{
    private static readonly Address Sender = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
    private static readonly Address Recipient = Address.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");

    private static LogEntry SwapLog(byte[]? data = null) => new()
    {
        Address = Address.Zero,
        Topics = [UniswapV3Pool.Swap.Topic0, AbiCodec.Encode(AbiType.Address, Sender), AbiCodec.Encode(AbiType.Address, Recipient)],
        Data = data ?? AbiCodec.Encode(
            [AbiType.Int(256), AbiType.Int(256), AbiType.UInt(160), AbiType.UInt(128), AbiType.Int(24)],
            [new BigInteger(-5), new BigInteger(7), BigInteger.One << 96, new BigInteger(1000), -887220]),
    };

    // Source: Uniswap v3 pool Swap topic as seen on Etherscan; RatioUpdated as in contracts/src (RatioUpdateVectorTests).
    [Fact]
    public void EventDtos_Topics_MatchTheContracts()
    {
        Assert.Equal("0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67", Hex.Encode(EventDecoding.AbiOf<SwapEventDto>().Topic0));
        Assert.Equal("RatioUpdated(uint256,uint256,uint256,uint256,uint256,address)", EventDecoding.AbiOf<RatioUpdatedEventDto>().Signature);
        Assert.Equal("Collect(uint256,address,uint256,uint256)", EventDecoding.AbiOf<CollectEventDto>().Signature);
        Assert.Equal("HedgeAdjusted(uint256,uint256,uint256,uint256,uint256,int256)", EventDecoding.AbiOf<HedgeAdjustedEventDto>().Signature);
        Assert.Equal("latestRoundData()", FunctionCalls.AbiOf<LatestRoundDataFunction>().Signature);
        Assert.Equal("0xfeaf968c", Hex.Encode(FunctionCalls.AbiOf<LatestRoundDataFunction>().Selector));
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

    // Nethereum alone reads the missing words as zeros; the strict check refuses the log.
    [Fact]
    public void TruncatedLog_IsRefusedBeforeNethereumDecodesIt()
    {
        var full = SwapLog().Data;
        Assert.Throws<AbiDecodingException>(() => EventDecoding.Decode<SwapEventDto>(SwapLog(full[..^32])));
        Assert.False(EventDecoding.Matches<CollectEventDto>(SwapLog()));
        Assert.Throws<AbiDecodingException>(() => EventDecoding.Decode<CollectEventDto>(SwapLog()));
    }
}
