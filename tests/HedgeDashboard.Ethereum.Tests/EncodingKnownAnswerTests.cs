using System.Numerics;
using System.Text;
using Nethereum.RLP;

namespace HedgeDashboard.Ethereum.Tests;

public class EncodingKnownAnswerTests
{
    // RLP is Nethereum's now; these vectors check our use of it (integers through its ToBytesForRLPEncoding).
    // Source: Ethereum wiki "RLP" (ethereum.org/developers/docs/data-structures-and-encoding/rlp), examples section.
    [Theory]
    [InlineData("dog", "0x83646f67")]
    [InlineData("", "0x80")]
    [InlineData("Lorem ipsum dolor sit amet, consectetur adipisicing elit", "0xb8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069736963696e6720656c6974")]
    public void Rlp_WikiStrings_EncodeAsDocumented(string text, string expected)
    {
        var encoded = RLP.EncodeElement(Encoding.UTF8.GetBytes(text));
        Assert.Equal(expected, Hex.Encode(encoded));
        Assert.Equal(Encoding.UTF8.GetBytes(text), RLP.Decode(encoded).RLPData ?? []);
    }

    // Source: Ethereum wiki "RLP": integer 0 -> 0x80, 15 -> 0x0f, 1024 -> 0x820400; STACK.md: chain id 31337 -> 0x827a69.
    [Theory]
    [InlineData(0UL, "0x80")]
    [InlineData(15UL, "0x0f")]
    [InlineData(1024UL, "0x820400")]
    [InlineData(31337UL, "0x827a69")]
    public void Rlp_WikiIntegers_EncodeAsDocumented(ulong value, string expected)
    {
        Assert.Equal(expected, Hex.Encode(RLP.EncodeElement(new BigInteger(value).ToBytesForRLPEncoding())));
        Assert.Equal(new BigInteger(value), (RLP.Decode(Hex.Decode(expected)).RLPData ?? []).ToBigIntegerFromRLPDecoded());
    }

    // Source: Ethereum wiki "RLP": ["cat","dog"] -> 0xc88363617483646f67, [] -> 0xc0,
    // the set-theoretic representation of three [ [], [[]], [ [], [[]] ] ] -> 0xc7c0c1c0c3c0c1c0.
    [Fact]
    public void Rlp_WikiLists_EncodeAndDecodeAsDocumented()
    {
        Assert.Equal("0xc88363617483646f67", Hex.Encode(RLP.EncodeList(RLP.EncodeElement("cat"u8.ToArray()), RLP.EncodeElement("dog"u8.ToArray()))));
        Assert.Equal("0xc0", Hex.Encode(RLP.EncodeList()));
        var empty = RLP.EncodeList();
        Assert.Equal("0xc7c0c1c0c3c0c1c0", Hex.Encode(RLP.EncodeList(empty, RLP.EncodeList(empty), RLP.EncodeList(empty, RLP.EncodeList(empty)))));
        var decoded = Assert.IsType<RLPCollection>(RLP.Decode(Hex.Decode("0xc7c0c1c0c3c0c1c0")));
        Assert.Equal(3, decoded.Count);
    }

    // Source: Keccak team / Ethereum yellow paper usage: KEC("") and KEC("abc"). NIST SHA3-256("") differs (a7ffc6f8...).
    [Theory]
    [InlineData("", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("abc", "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    public void Keccak256_KnownAnswers_AreKeccakNotSha3(string input, string expected)
    {
        var hash = Hex.Encode(Keccak256.HashUtf8(input));
        Assert.Equal(expected, hash);
        Assert.NotEqual("0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", hash);
    }

    // Source: EIP-55 "Test Cases" (all caps, all lower, normal).
    [Theory]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x8617E340B3D01FA5F11F306F4090FD50E238070D")]
    [InlineData("0xde709f2102306220921060314715629080e2fb77")]
    [InlineData("0x27b1fdb04752bbc536007a920d24acb045561c26")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void Address_Eip55Examples_RoundTripThroughChecksum(string checksummed)
    {
        var address = Address.Parse(checksummed);
        Assert.Equal(checksummed, address.ToChecksumString());
        Assert.Equal(address, Address.Parse(checksummed.ToLowerInvariant()));
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "checksum")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beae", "40 hex")]
    [InlineData("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00", "40 hex")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg", "Invalid hex digit")]
    public void Address_BadInput_ThrowsFormatException(string text, string messagePart)
        => Assert.Contains(messagePart, Assert.Throws<FormatException>(() => Address.Parse(text)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("0x123", "odd number")]
    [InlineData("0xzz", "Invalid hex digit 'z'")]
    [InlineData("0x0g", "position 1")]
    public void Hex_Malformed_ThrowsFormatException(string text, string messagePart)
        => Assert.Contains(messagePart, Assert.Throws<FormatException>(() => Hex.Decode(text)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("0x", "Not a hex quantity")]
    [InlineData("12", "Not a hex quantity")]
    [InlineData("0x1q", "Invalid hex digit")]
    public void Hex_MalformedQuantity_ThrowsFormatException(string text, string messagePart)
        => Assert.Contains(messagePart, Assert.Throws<FormatException>(() => Hex.DecodeQuantity(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Hex_Quantities_RoundTrip()
    {
        Assert.Equal("0x0", Hex.EncodeQuantity(BigInteger.Zero));
        Assert.Equal("0x7a69", Hex.EncodeQuantity(new BigInteger(31337)));
        Assert.Equal(new BigInteger(31337), Hex.DecodeQuantity("0x7a69"));
        Assert.Throws<OverflowException>(() => Hex.DecodeQuantityUInt64("0x10000000000000000"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hex.EncodeQuantity(BigInteger.MinusOne));
        Assert.Throws<FormatException>(() => Hex.Decode("0x0102", 3));
    }
}

public class ContractAddressTests
{
    // Source: anvil/hardhat: account 0's first contract (nonce 0) is 0x5FbDB2315678afecb367f032d93F642f64180aa3 (see .local deployment: weth).
    [Fact]
    public void Create_AnvilAccount0Nonce0_IsTheWellKnownAddress()
        => Assert.Equal("0x5FbDB2315678afecb367f032d93F642f64180aa3", ContractAddress.Create(Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), 0).ToString());

    // Source: EIP-1014 example 0: deployer 0x0, salt 0, init code 0x00 -> 0x4D1A2e2bB4F88F0250f26Ffff098B0b30B26BF38.
    [Fact]
    public void Create2_Eip1014Example0_Matches()
        => Assert.Equal("0x4D1A2e2bB4F88F0250f26Ffff098B0b30B26BF38", ContractAddress.Create2(Address.Zero, new byte[32], [0x00]).ToString());
}
