using System.Numerics;
using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Eip712;
using HedgeDashboard.Ethereum.Signing;
using HedgeDashboard.TestSupport;

namespace HedgeDashboard.Ethereum.Tests;

public class SignatureTests
{
    private const string MailJson = """
        {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},{"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
        "Person":[{"name":"name","type":"string"},{"name":"wallet","type":"address"}],
        "Mail":[{"name":"from","type":"Person"},{"name":"to","type":"Person"},{"name":"contents","type":"string"}]},
        "primaryType":"Mail",
        "domain":{"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
        "message":{"from":{"name":"Cow","wallet":"0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},"to":{"name":"Bob","wallet":"0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},"contents":"Hello, Bob!"}}
        """;

    private static readonly BigInteger N = BigInteger.Parse("115792089237316195423570985008687907852837564279074904382605163141518161494337");

    // Source: EIP-712 reference implementation (assets/eip-712/Example.js): domain separator, hashStruct(mail), digest,
    // and the signature by private key keccak256("cow") (v=28, r=0x4355..., s=0x0729...).
    [Fact]
    public void Eip712Mail_HashesAndSignature_MatchTheEipExample()
    {
        var data = TypedData.FromJson(MailJson);
        Assert.Equal("Mail(Person from,Person to,string contents)Person(string name,address wallet)", Eip712TypeStrings.EncodeType(data.Types, "Mail"));
        Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", Hex.Encode(TypedDataEncoder.HashDomain(data)));
        Assert.Equal("0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e", Hex.Encode(TypedDataEncoder.HashStruct(data.Types, "Mail", data.Message)));
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", Hex.Encode(TypedDataEncoder.Hash(data)));

        using var account = new EthereumAccount(new PrivateKey(Keccak256.HashUtf8("cow")));
        Assert.Equal(Address.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"), account.Address);
        var sig = account.SignTypedData(data);
        Assert.Equal(28, sig.V);
        Assert.Equal("0x4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d", Hex.Encode(sig.R));
        Assert.Equal("0x07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562", Hex.Encode(sig.S));
        Assert.Equal(account.Address, Secp256k1.RecoverAddress(TypedDataEncoder.Hash(data), sig));
    }

    private sealed record Person(string Name, Address Wallet);

    private sealed record Mail(Person From, Person To, string Contents) : IEip712Message
    {
        public string PrimaryType => "Mail";

        public IReadOnlyDictionary<string, IReadOnlyList<TypedDataField>> Types { get; } = new Dictionary<string, IReadOnlyList<TypedDataField>>
        {
            ["Person"] = [new("name", "string"), new("wallet", "address")],
            ["Mail"] = [new("from", "Person"), new("to", "Person"), new("contents", "string")],
        };

        public IReadOnlyDictionary<string, object?> ToMessage() => new Dictionary<string, object?>
        {
            ["from"] = new Dictionary<string, object?> { ["name"] = From.Name, ["wallet"] = From.Wallet },
            ["to"] = new Dictionary<string, object?> { ["name"] = To.Name, ["wallet"] = To.Wallet },
            ["contents"] = Contents,
        };
    }

    [Fact]
    public void Eip712Mail_StronglyTypedPath_GivesTheSameDigest()
    {
        var domain = new Eip712Domain { Name = "Ether Mail", Version = "1", ChainId = 1, VerifyingContract = Address.Parse("0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC") };
        var mail = new Mail(
            new Person("Cow", Address.Parse("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826")),
            new Person("Bob", Address.Parse("0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB")),
            "Hello, Bob!");
        Assert.Equal("0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f", Hex.Encode(TypedDataEncoder.HashDomain(domain)));
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", Hex.Encode(TypedDataEncoder.Hash(domain, mail)));
        var json = TypedData.Create(domain, mail).ToJson();
        Assert.Equal("0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2", Hex.Encode(TypedDataEncoder.Hash(TypedData.FromJson(json))));
    }

    [Fact]
    public void PersonalMessage_SignAndRecover_RoundTrips()
    {
        using var key = PrivateKey.FromHex(TestSupport.AnvilNode.DevAccounts[0].PrivateKey);
        var sig = PersonalMessage.Sign("hello"u8, key);
        Assert.Equal(key.Address, PersonalMessage.RecoverSigner("hello"u8, sig));
        Assert.NotEqual(key.Address, PersonalMessage.RecoverSigner("hellp"u8, sig));
        // keccak("\x19Ethereum Signed Message:\n5hello"), as printed by `cast hash-message hello`.
        Assert.Equal("0x50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750", Hex.Encode(PersonalMessage.Hash("hello")));
    }

    [Fact]
    public void Recover_HighS_IsRefused()
    {
        using var key = PrivateKey.Generate();
        var hash = Keccak256.HashUtf8("x");
        var sig = key.SignHash(hash);
        var highS = Hex.ToBigEndianPadded(N - sig.SValue, 32);
        var flipped = new Signature(sig.R, highS, (byte)(sig.RecoveryId ^ 1));
        var ex = Assert.Throws<InvalidSignatureException>(() => Secp256k1.RecoverAddress(hash, flipped));
        Assert.Contains("high s", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(26)]
    [InlineData(29)]
    [InlineData(37)]
    public void FromBytes65_BadV_IsRefused(byte v)
    {
        var bytes = new byte[65];
        bytes[31] = 1;
        bytes[63] = 1;
        bytes[64] = v;
        Assert.Contains($"v = {v}", Assert.Throws<InvalidSignatureException>(() => Signature.FromBytes65(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recover_ZeroOrOutOfRangeScalars_AreRefused()
    {
        var hash = Keccak256.HashUtf8("x");
        Assert.Throws<InvalidSignatureException>(() => Secp256k1.RecoverAddress(hash, new Signature(new byte[32], Hex.ToBigEndianPadded(1, 32), 0)));
        Assert.Throws<InvalidSignatureException>(() => Secp256k1.RecoverAddress(hash, new Signature(Hex.ToBigEndianPadded(N, 32), Hex.ToBigEndianPadded(1, 32), 0)));
        Assert.Throws<InvalidSignatureException>(() => Secp256k1.RecoverAddress(hash, new Signature(Hex.ToBigEndianPadded(1, 32), new byte[32], 0)));
        Assert.Throws<InvalidSignatureException>(() => Secp256k1.RecoverAddress(hash, new Signature(Hex.ToBigEndianPadded(1, 32), Hex.ToBigEndianPadded(1, 32), 4)));
        Assert.Throws<InvalidSignatureException>(() => Signature.FromBytes65(new byte[64]));
    }

    [Fact]
    public void Recover_RThatIsNoCurvePoint_RecoversToNothing()
    {
        var hash = Keccak256.HashUtf8("x");
        var failures = 0;
        for (var r = 1; r <= 20; r++)
        {
            try
            {
                Secp256k1.RecoverAddress(hash, new Signature(Hex.ToBigEndianPadded(r, 32), Hex.ToBigEndianPadded(1, 32), 0));
            }
            catch (InvalidSignatureException ex)
            {
                Assert.Contains("no point", ex.Message, StringComparison.Ordinal);
                failures++;
            }
        }

        Assert.InRange(failures, 1, 19);
    }

    [Fact]
    public void PrivateKey_NeverPrintsItself()
    {
        const string hex = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
        using var key = PrivateKey.FromHex(hex);
        Assert.DoesNotContain(hex, key.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("redacted", key.ToString(), StringComparison.Ordinal);
        using var account = new EthereumAccount(PrivateKey.FromHex(hex));
        Assert.DoesNotContain(hex, account.ToString(), StringComparison.OrdinalIgnoreCase);
        var bad = hex[..^1] + "z";
        Assert.DoesNotContain(bad, Assert.Throws<FormatException>(() => PrivateKey.FromHex(bad)).Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(hex[..20], Assert.Throws<FormatException>(() => PrivateKey.FromHex(hex[..62])).Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<ArgumentException>(() => new PrivateKey(new byte[32]));
        Assert.Throws<ArgumentException>(() => new PrivateKey(Hex.ToBigEndianPadded(N, 32)));
    }

    // Source: anvil's well-known accounts (anvil start-up banner), from the test mnemonic.
    [Fact]
    public void Address_FromAnvilKeys_MatchesAnvilList()
    {
        foreach (var (address, privateKey) in TestSupport.AnvilNode.DevAccounts)
        {
            using var key = PrivateKey.FromHex(privateKey);
            Assert.Equal(address, key.Address.ToString());
        }
    }
}
