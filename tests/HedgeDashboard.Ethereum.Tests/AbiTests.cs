using System.Numerics;
using HedgeDashboard.Ethereum.Abi;

namespace HedgeDashboard.Ethereum.Tests;

public class AbiTests
{
    // Source: Solidity docs, "Contract ABI Specification", Examples: baz(uint32,bool) with 69, true.
    [Fact]
    public void EncodeCall_SolidityDocsBaz_MatchesDocs()
    {
        var f = AbiFunction.Parse("function baz(uint32 x, bool y) public pure returns (bool r)");
        Assert.Equal("baz(uint32,bool)", f.Signature);
        Assert.Equal("0xcdcd77c0", Hex.Encode(f.Selector));
        Assert.Equal(
            "0xcdcd77c0" + "0000000000000000000000000000000000000000000000000000000000000045" + "0000000000000000000000000000000000000000000000000000000000000001",
            Hex.Encode(f.EncodeCall(69, true)));
        Assert.Equal([true], f.DecodeOutput(Hex.Decode("0x0000000000000000000000000000000000000000000000000000000000000001")));
    }

    // Source: Solidity docs, ABI examples: bar(bytes3[2]) with ["abc", "def"].
    [Fact]
    public void EncodeCall_SolidityDocsBar_MatchesDocs()
    {
        var f = AbiFunction.Parse("bar(bytes3[2])");
        Assert.Equal("0xfce353f6", Hex.Encode(f.Selector));
        Assert.Equal(
            "0xfce353f6" + "6162630000000000000000000000000000000000000000000000000000000000" + "6465660000000000000000000000000000000000000000000000000000000000",
            Hex.Encode(f.EncodeCall(new object?[] { new object[] { "abc"u8.ToArray(), "def"u8.ToArray() } })));
    }

    // Source: Solidity docs, ABI examples: sam(bytes,bool,uint256[]) with "dave", true, [1,2,3].
    [Fact]
    public void EncodeCall_SolidityDocsSam_MatchesDocsAndDecodesBack()
    {
        var f = AbiFunction.Parse("sam(bytes,bool,uint256[])");
        var expected = "0xa5643bf2"
            + "0000000000000000000000000000000000000000000000000000000000000060"
            + "0000000000000000000000000000000000000000000000000000000000000001"
            + "00000000000000000000000000000000000000000000000000000000000000a0"
            + "0000000000000000000000000000000000000000000000000000000000000004"
            + "6461766500000000000000000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000003"
            + "0000000000000000000000000000000000000000000000000000000000000001"
            + "0000000000000000000000000000000000000000000000000000000000000002"
            + "0000000000000000000000000000000000000000000000000000000000000003";
        var data = f.EncodeCall("dave"u8.ToArray(), true, new BigInteger[] { 1, 2, 3 });
        Assert.Equal(expected, Hex.Encode(data));
        var back = f.DecodeInput(data);
        Assert.Equal("dave"u8.ToArray(), back[0]);
        Assert.Equal(true, back[1]);
        Assert.Equal(new object[] { new BigInteger(1), new BigInteger(2), new BigInteger(3) }, (object?[])back[2]!);
    }

    // Source: ERC-20 Transfer topic and Uniswap v3 pool Swap topic as seen on Etherscan.
    [Fact]
    public void EventTopics_WellKnownEvents_MatchMainnet()
    {
        Assert.Equal("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", Hex.Encode(AbiEvent.Parse("event Transfer(address indexed from, address indexed to, uint256 value)").Topic0));
        Assert.Equal("0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67",
            Hex.Encode(AbiEvent.Parse("event Swap(address indexed sender, address indexed recipient, int256 amount0, int256 amount1, uint160 sqrtPriceX96, uint128 liquidity, int24 tick)").Topic0));
    }

    [Fact]
    public void DecodeLog_IndexedAndDataParameters_ComeBackInOrder()
    {
        var ev = AbiEvent.Parse("event Transfer(address indexed from, address indexed to, uint256 value)");
        var from = Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
        var to = Address.Parse("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
        var topics = new[] { ev.Topic0, AbiCodec.Encode(AbiType.Address, from), AbiCodec.Encode(AbiType.Address, to) };
        var values = ev.DecodeLogByName(topics, AbiCodec.Encode(AbiType.UInt(256), new BigInteger(1000)));
        Assert.Equal(from, values["from"]);
        Assert.Equal(to, values["to"]);
        Assert.Equal(new BigInteger(1000), values["value"]);
        Assert.Throws<AbiDecodingException>(() => ev.DecodeLog(topics[..2], AbiCodec.Encode(AbiType.UInt(256), new BigInteger(1000))));
    }

    [Theory]
    [InlineData("uint", "uint256")]
    [InlineData("int", "int256")]
    [InlineData("tuple(uint8 a, address[] b)[2]", "(uint8,address[])[2]")]
    [InlineData("(bytes32,(bool,string))[]", "(bytes32,(bool,string))[]")]
    public void AbiType_Parse_CanonicalName(string text, string canonical) => Assert.Equal(canonical, AbiType.Parse(text).CanonicalName);

    [Theory]
    [InlineData("uint7")]
    [InlineData("uint264")]
    [InlineData("bytes33")]
    [InlineData("bytes0")]
    [InlineData("foo")]
    [InlineData("uint256[x]")]
    [InlineData("(uint256")]
    public void AbiType_BadName_ThrowsFormatException(string text) => Assert.ThrowsAny<FormatException>(() => AbiType.Parse(text));

    [Fact]
    public void Encode_OutOfRangeIntegers_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AbiCodec.Encode(AbiType.UInt(8), 256));
        Assert.Throws<ArgumentOutOfRangeException>(() => AbiCodec.Encode(AbiType.UInt(256), -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => AbiCodec.Encode(AbiType.Int(8), 128));
        Assert.Throws<ArgumentOutOfRangeException>(() => AbiCodec.Encode(AbiType.Int(8), -129));
        Assert.Throws<ArgumentOutOfRangeException>(() => AbiCodec.Encode(AbiType.UInt(256), BigInteger.One << 256));
        Assert.Equal(Hex.Decode("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80"), AbiCodec.Encode(AbiType.Int(8), -128));
        Assert.Throws<ArgumentException>(() => AbiCodec.Encode(AbiType.FixedBytes(4), new byte[3]));
        Assert.Throws<ArgumentException>(() => AbiCodec.Encode(AbiType.Bool, 1));
    }

    [Fact]
    public void Decode_BadData_ThrowsAbiDecodingException()
    {
        var word = (string w) => Hex.Decode(w.PadLeft(64, '0'));
        Assert.Throws<AbiDecodingException>(() => AbiCodec.Decode(AbiType.UInt(256), new byte[31]));
        Assert.Throws<AbiDecodingException>(() => AbiCodec.Decode(AbiType.UInt(8), word("100")));
        Assert.Throws<AbiDecodingException>(() => AbiCodec.Decode(AbiType.Bool, word("2")));
        Assert.Throws<AbiDecodingException>(() => AbiCodec.Decode(AbiType.Address, Hex.Decode("0x01" + new string('0', 62))));
        Assert.Throws<AbiDecodingException>(() => AbiCodec.Decode(AbiType.String, word("20"))); // offset past the end
        Assert.Throws<AbiDecodingException>(() => AbiCodec.Decode(AbiType.String, [.. word("20"), .. word("ff")])); // length past the end
        Assert.Throws<AbiDecodingException>(() => AbiCodec.Decode(AbiType.ArrayOf(AbiType.UInt(256)), [.. word("20"), .. word("ffffffff")]));
        Assert.Throws<AbiDecodingException>(() => AbiCodec.Decode(AbiType.Int(8), word("80")));
    }

    [Fact]
    public void RevertDecoder_ErrorPanicAndCustom_AreDecoded()
    {
        var error = AbiFunction.Parse("Error(string)").EncodeCall("not allowed");
        Assert.Equal("0x08c379a0", Hex.Encode(error[..4]));
        var r = RevertDecoder.Decode(error);
        Assert.Equal(RevertKind.ErrorString, r.Kind);
        Assert.Equal("not allowed", r.Message);

        var panic = RevertDecoder.Decode(AbiFunction.Parse("Panic(uint256)").EncodeCall(0x11));
        Assert.Equal(RevertKind.Panic, panic.Kind);
        Assert.Equal(new BigInteger(0x11), panic.PanicCode);
        Assert.Contains("overflow", panic.Message, StringComparison.Ordinal);

        var custom = AbiError.Parse("error Unauthorized(address caller, uint256 code)");
        var data = AbiFunction.Parse("Unauthorized(address,uint256)").EncodeCall(Address.Zero, 7);
        var c = RevertDecoder.Decode(data, [custom]);
        Assert.Equal(RevertKind.CustomError, c.Kind);
        Assert.StartsWith("Unauthorized(0x0000000000000000000000000000000000000000, 7)", c.Message, StringComparison.Ordinal);
        Assert.Equal(RevertKind.CustomError, RevertDecoder.Decode(data).Kind);
        Assert.Equal(RevertKind.Empty, RevertDecoder.Decode([]).Kind);
    }
}
