using System.Numerics;
using HedgeDashboard.Ethereum.Abi;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.ABI.Model;
using Nethereum.Contracts;

namespace HedgeDashboard.Ethereum.Tests;

/// <summary>Our use of Nethereum's typed messages against the Solidity docs' vectors; the strict decoding and revert decoding on top.</summary>
public class AbiTests
{
    // Source: Solidity docs, "Contract ABI Specification", Examples: baz(uint32,bool) with 69, true.
    [Fact]
    public void EncodeCall_SolidityDocsBaz_MatchesDocs()
    {
        Assert.Equal("baz(uint32,bool)", ABITypedRegistry.GetFunctionABI<Baz>().Signature);
        Assert.Equal(
            "0xcdcd77c0" + "0000000000000000000000000000000000000000000000000000000000000045" + "0000000000000000000000000000000000000000000000000000000000000001",
            Hex.Encode(new Baz { X = 69, Y = true }.GetCallData()));
        var output = StrictAbi.Decode(ABITypedRegistry.GetFunctionABI<Baz>().OutputParameters, Hex.Decode("0x0000000000000000000000000000000000000000000000000000000000000001"), "baz");
        Assert.Equal(true, output[0].Result);
    }

    // Source: Solidity docs, ABI examples: bar(bytes3[2]) with ["abc", "def"].
    [Fact]
    public void EncodeCall_SolidityDocsBar_MatchesDocs()
    {
        Assert.Equal(
            "0xfce353f6" + "6162630000000000000000000000000000000000000000000000000000000000" + "6465660000000000000000000000000000000000000000000000000000000000",
            Hex.Encode(new Bar { Values = ["abc"u8.ToArray(), "def"u8.ToArray()] }.GetCallData()));
    }

    // Source: Solidity docs, ABI examples: sam(bytes,bool,uint256[]) with "dave", true, [1,2,3].
    [Fact]
    public void EncodeCall_SolidityDocsSam_MatchesDocsAndDecodesBack()
    {
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
        var data = new Sam { Name = "dave"u8.ToArray(), Flag = true, Ids = [1, 2, 3] }.GetCallData();
        Assert.Equal(expected, Hex.Encode(data));
        var back = new Sam().DecodeInput(Hex.Encode(data));
        Assert.Equal("dave"u8.ToArray(), back.Name);
        Assert.True(back.Flag);
        Assert.Equal([1, 2, 3], back.Ids.Select(i => (int)i));
    }

    // Source: ERC-20 Transfer topic as seen on Etherscan.
    [Fact]
    public void EventTopic_Erc20Transfer_MatchesMainnet()
        => Assert.Equal("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", ABITypedRegistry.GetEvent<TransferEvent>().Sha3Signature);

    // Each case is something Nethereum's own decoder accepts (zeros for missing words, empty for an offset past the
    // end, a truncated address, any non-zero word as true, a too-wide integer as is).
    [Fact]
    public void StrictDecode_BadData_ThrowsAbiDecodingException()
    {
        static byte[] Word(string w) => Hex.Decode("0x" + w.PadLeft(64, '0'));
        static void Bad(string type, byte[] data) => Assert.Throws<AbiDecodingException>(() => StrictAbi.Decode([new Parameter(type, "v", 1)], data, "test"));
        Bad("uint256", new byte[31]);
        Bad("uint8", Word("100"));
        Bad("bool", Word("2"));
        Bad("address", Hex.Decode("0x01" + new string('0', 62)));
        Bad("string", Word("20")); // offset past the end
        Bad("string", [.. Word("20"), .. Word("ff")]); // length past the end
        Bad("uint256[]", [.. Word("20"), .. Word("ffffffff")]);
        Bad("int8", Word("80"));
        Assert.Equal(new BigInteger(-128), StrictAbi.Decode([new Parameter("int8", "v", 1)], Hex.Decode("0x" + new string('f', 62) + "80"), "test")[0].Result);
    }

    [Fact]
    public void Encode_OutOfRangeIntegers_AreRefusedByNethereum()
    {
        static byte[] Encode(string type, object value) => new ParametersEncoder().EncodeParameters([new Parameter(type, "v", 1)], [value]);
        Assert.ThrowsAny<Exception>(() => Encode("uint8", new BigInteger(256)));
        Assert.ThrowsAny<Exception>(() => Encode("uint256", BigInteger.MinusOne));
        Assert.ThrowsAny<Exception>(() => Encode("int8", new BigInteger(128)));
        Assert.ThrowsAny<Exception>(() => Encode("int8", new BigInteger(-129)));
        Assert.ThrowsAny<Exception>(() => Encode("uint256", BigInteger.One << 256));
        Assert.Equal("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80", Hex.Encode(Encode("int8", new BigInteger(-128))));
    }

    [Fact]
    public void RevertDecoder_ErrorPanicAndCustom_AreDecoded()
    {
        var error = new ErrorMessage { Message = "not allowed" }.GetCallData();
        Assert.Equal("0x08c379a0", Hex.Encode(error[..4]));
        var r = RevertDecoder.Decode(error);
        Assert.Equal(RevertKind.ErrorString, r.Kind);
        Assert.Equal("not allowed", r.Message);

        var panic = RevertDecoder.Decode(new PanicMessage { Code = 0x11 }.GetCallData());
        Assert.Equal(RevertKind.Panic, panic.Kind);
        Assert.Equal(new BigInteger(0x11), panic.PanicCode);
        Assert.Contains("overflow", panic.Message, StringComparison.Ordinal);

        var data = new UnauthorizedMessage { Caller = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", Code = 7 }.GetCallData();
        var c = RevertDecoder.Decode(data, RevertDecoder.ErrorAbis("Unauthorized(address,uint256)"));
        Assert.Equal(RevertKind.CustomError, c.Kind);
        Assert.Equal("Unauthorized(0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed, 7)", c.Message);
        Assert.Equal(Address.Parse("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"), c.Arguments![0]);
        Assert.Equal(RevertKind.CustomError, RevertDecoder.Decode(data).Kind);
        Assert.Equal(RevertKind.Unknown, RevertDecoder.Decode(data[..^1], RevertDecoder.ErrorAbis("Unauthorized(address,uint256)")).Kind);
        Assert.Equal(RevertKind.Empty, RevertDecoder.Decode([]).Kind);
    }

    [Function("baz", "bool")]
    private sealed class Baz : FunctionMessage
    {
        [Parameter("uint32", "x", 1)]
        public uint X { get; set; }

        [Parameter("bool", "y", 2)]
        public bool Y { get; set; }
    }

    [Function("bar")]
    private sealed class Bar : FunctionMessage
    {
        [Parameter("bytes3[2]", "values", 1)]
        public List<byte[]> Values { get; set; } = [];
    }

    [Function("sam")]
    private sealed class Sam : FunctionMessage
    {
        [Parameter("bytes", "name", 1)]
        public byte[] Name { get; set; } = [];

        [Parameter("bool", "flag", 2)]
        public bool Flag { get; set; }

        [Parameter("uint256[]", "ids", 3)]
        public List<BigInteger> Ids { get; set; } = [];
    }

    [Event("Transfer")]
    private sealed class TransferEvent : IEventDTO
    {
        [Parameter("address", "from", 1, true)]
        public string From { get; set; } = "";

        [Parameter("address", "to", 2, true)]
        public string To { get; set; } = "";

        [Parameter("uint256", "value", 3, false)]
        public BigInteger Value { get; set; }
    }

    [Function("Error")]
    private sealed class ErrorMessage : FunctionMessage
    {
        [Parameter("string", "message", 1)]
        public string Message { get; set; } = "";
    }

    [Function("Panic")]
    private sealed class PanicMessage : FunctionMessage
    {
        [Parameter("uint256", "code", 1)]
        public BigInteger Code { get; set; }
    }

    [Function("Unauthorized")]
    private sealed class UnauthorizedMessage : FunctionMessage
    {
        [Parameter("address", "caller", 1)]
        public string Caller { get; set; } = "";

        [Parameter("uint256", "code", 2)]
        public BigInteger Code { get; set; }
    }
}
