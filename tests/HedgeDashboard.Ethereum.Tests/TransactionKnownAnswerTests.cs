using System.Numerics;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Transactions;

namespace HedgeDashboard.Ethereum.Tests;

public class TransactionKnownAnswerTests
{
    // Source: EIP-155 "Example": nonce 9, gasprice 20 gwei, startgas 21000, to 0x3535..., value 1 ether, data empty, chain id 1,
    // private key 0x4646...46.
    private static readonly LegacyTransaction Eip155Example = new()
    {
        ChainId = 1,
        Nonce = 9,
        GasPrice = 20_000_000_000,
        GasLimit = 21000,
        To = Address.Parse("0x3535353535353535353535353535353535353535"),
        Value = BigInteger.Pow(10, 18),
    };

    [Fact]
    public void Eip155Example_SigningHashAndSignedBytes_MatchTheEip()
    {
        using var key = PrivateKey.FromHex("0x4646464646464646464646464646464646464646464646464646464646464646");
        Assert.Equal("0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53", Hex.Encode(Eip155Example.GetSigningHash()));
        var signed = Eip155Example.Sign(key);
        Assert.Equal(BigInteger.Parse("18515461264373351373200002665853028612451056578545711640558177340181847433846"), signed.Signature.RValue);
        Assert.Equal(BigInteger.Parse("46948507304638947509940763649030358759909902576025900602547168820602576006531"), signed.Signature.SValue);
        Assert.Equal(
            "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83",
            signed.RawHex);
        Assert.Equal(key.Address, signed.Sender);
    }

    [Fact]
    public void Eip155Example_Decode_RecoversFieldsAndSender()
    {
        var decoded = SignedTransaction.Decode("0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83");
        var tx = Assert.IsType<LegacyTransaction>(decoded.Transaction);
        Assert.Equal(Eip155Example, tx with { Data = Eip155Example.Data });
        Assert.Equal(new BigInteger(1), tx.ChainId);
        using var key = PrivateKey.FromHex("0x4646464646464646464646464646464646464646464646464646464646464646");
        Assert.Equal(key.Address, decoded.Sender);
    }

    [Fact]
    public void Type2_SignEncodeDecode_RoundTripsAndRecoversSender()
    {
        using var key = PrivateKey.FromHex(TestSupport.AnvilNode.DevAccounts[0].PrivateKey);
        var tx = new Eip1559Transaction
        {
            ChainId = 31337,
            Nonce = 7,
            MaxPriorityFeePerGas = 1_000_000_000,
            MaxFeePerGas = 3_000_000_000,
            GasLimit = 21000,
            To = Address.Parse(TestSupport.AnvilNode.DevAccounts[1].Address),
            Value = 12345,
            Data = [1, 2, 3],
        };
        var signed = tx.Sign(key);
        Assert.Equal(0x02, signed.Raw[0]);
        var decoded = SignedTransaction.Decode(signed.Raw);
        var back = Assert.IsType<Eip1559Transaction>(decoded.Transaction);
        Assert.Equal(tx.Nonce, back.Nonce);
        Assert.Equal(tx.Data, back.Data);
        Assert.Equal(tx.To, back.To);
        Assert.Equal(Address.Parse(TestSupport.AnvilNode.DevAccounts[0].Address), decoded.Sender);
        Assert.Equal(signed.Hash, decoded.Hash);
        Assert.True(signed.Signature.SValue <= (BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337") / 2));
    }

    [Theory]
    [InlineData("0x", "Empty")]
    [InlineData("0x05c0", "Unsupported transaction type")]
    [InlineData("0x02c0", "12 fields")]
    [InlineData("0x02c3010203", "12 fields")]
    public void Decode_Malformed_ThrowsFormatException(string hex, string part)
        => Assert.Contains(part, Assert.ThrowsAny<FormatException>(() => SignedTransaction.Decode(hex)).Message, StringComparison.Ordinal);

    [Fact]
    public void Type2_InvalidFees_AreRefusedBeforeSigning()
    {
        using var key = PrivateKey.Generate();
        var tx = new Eip1559Transaction { ChainId = 1, Nonce = 0, MaxPriorityFeePerGas = 10, MaxFeePerGas = 5, GasLimit = 21000 };
        Assert.Throws<ArgumentOutOfRangeException>(() => tx.Sign(key));
    }
}

public class TransactionBadInputTests
{
    private static readonly BigInteger N = BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337");

    private static SignedTransaction SignedType2()
    {
        using var key = PrivateKey.FromHex(TestSupport.AnvilNode.DevAccounts[0].PrivateKey);
        return new Eip1559Transaction { ChainId = 31337, Nonce = 1, MaxPriorityFeePerGas = 1, MaxFeePerGas = 2, GasLimit = 21000, To = Address.Zero }.Sign(key);
    }

    [Fact]
    public void Decode_HighS_RecoveryIsRefused()
    {
        var signed = SignedType2();
        var tx = (Eip1559Transaction)signed.Transaction;
        var highS = new Signature(signed.Signature.R, Hex.ToBigEndianPadded(N - signed.Signature.SValue, 32), (byte)(signed.Signature.RecoveryId ^ 1));
        var decoded = SignedTransaction.Decode(tx.WithSignature(highS).Raw);
        Assert.Throws<InvalidSignatureException>(() => decoded.Sender);
    }

    [Fact]
    public void Decode_Type2ParityAboveOne_IsRefused()
    {
        var signed = SignedType2();
        var tx = ((Eip1559Transaction)signed.Transaction).ToNethereum();
        tx.SetSignature(new Nethereum.Model.Signature(signed.Signature.R.ToArray(), signed.Signature.S.ToArray(), [2]));
        var raw = tx.GetRLPEncoded();
        Assert.Contains("parity", Assert.Throws<InvalidSignatureException>(() => SignedTransaction.Decode(raw)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_LegacyVNotMatchingAnyChain_IsRefused()
    {
        // EIP-155 example with v = 36 (chain id 0) and v = 29 (neither 27/28 nor EIP-155).
        Assert.Throws<InvalidSignatureException>(() => SignedTransaction.Decode("0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a7640000801da028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"));
        var raw = "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008024a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";
        Assert.Throws<InvalidSignatureException>(() => SignedTransaction.Decode(raw));
    }

    [Fact]
    public void Decode_PreEip155Legacy_HasNoChainIdAndRecovers()
    {
        using var key = PrivateKey.Generate();
        var tx = new LegacyTransaction { Nonce = 0, GasPrice = 1, GasLimit = 21000, To = Address.Zero };
        var decoded = SignedTransaction.Decode(tx.Sign(key).Raw);
        Assert.Null(((LegacyTransaction)decoded.Transaction).ChainId);
        Assert.Equal(key.Address, decoded.Sender);
    }

    [Fact]
    public void Decode_TruncatedEnvelope_IsAFormatException()
    {
        var raw = SignedType2().Raw;
        Assert.ThrowsAny<FormatException>(() => SignedTransaction.Decode(raw.AsSpan(0, raw.Length - 1)));
    }

    // Nethereum's RLP decoder is lenient; our decoder accepts only bytes that Nethereum re-encodes identically.
    [Fact]
    public void Decode_TrailingByte_IsRefusedAsNonCanonical()
    {
        byte[] raw = [.. SignedType2().Raw, 0x00];
        Assert.Contains("canonical", Assert.ThrowsAny<FormatException>(() => SignedTransaction.Decode(raw)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_IntegerWithLeadingZero_IsRefusedAsNonCanonical()
    {
        // The EIP-155 example with its nonce 0x09 written as 0x0009 (list length 0x6c -> 0x6e).
        const string canonical = "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83";
        var padded = "0xf86e820009" + canonical[8..];
        Assert.Contains("canonical", Assert.ThrowsAny<FormatException>(() => SignedTransaction.Decode(padded)).Message, StringComparison.Ordinal);
    }

    // Before Nethereum this was signed with v = 35 and only refused later by our own decoder.
    [Fact]
    public void LegacySign_ChainIdZero_IsRefused()
    {
        using var key = PrivateKey.Generate();
        var tx = new LegacyTransaction { ChainId = 0, Nonce = 0, GasPrice = 1, GasLimit = 21000, To = Address.Zero };
        Assert.Throws<ArgumentOutOfRangeException>(() => tx.Sign(key));
    }
}
