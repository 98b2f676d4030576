using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Hd;
using HedgeDashboard.Ethereum.Keystore;
using HedgeDashboard.Ethereum.Signing;

namespace HedgeDashboard.Ethereum.Tests;

public class KeyDerivationTests
{
    // Source: BIP-39 test vectors (trezor/python-mnemonic vectors.json, English), passphrase "TREZOR".
    [Theory]
    [InlineData("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
        "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04")]
    [InlineData("legal winner thank year wave sausage worth useful legal winner thank yellow",
        "2e8905819b8723fe2c1d161860e5ee1830318dbf49a83bd451cfb8440c28bd6fa457fe1296106559a3c80937a1c1069be3a3a5bd381ee6260e8d9739fce1f607")]
    [InlineData("letter advice cage absurd amount doctor acoustic avoid letter advice cage above",
        "d71de856f81a8acc65e6fc851a38d4d7ec216fd0796d0a6827a3ad6ed5511a30fa280f12eb2e47ed2ac03b5c462a0358d18d69fe4f985ec81778c1b370b652a8")]
    [InlineData("zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong",
        "ac27495480225222079d7be181583751e86f571027b0497b5b5d11218e0a8a13332572917f0f8e5a589620c6f15b11c61dee327651a14c34e18231052e48c069")]
    [InlineData("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon art",
        "bda85446c68413707090a52022edd26a1c9462295029f2e60cd7c4f2bbd3097170af7a4d73245cafa9c3cca8d561a7c3de6f5d4a10be8ed2a5e608d68f92fcc8")]
    public void Bip39_TrezorVectors_SeedMatches(string mnemonic, string seed)
        => Assert.Equal(seed, Hex.Encode(Bip39.MnemonicToSeed(mnemonic, "TREZOR"), false));

    [Fact]
    public void Bip39_WrongWordCount_IsRefusedWithoutEchoingWords()
    {
        var ex = Assert.Throws<FormatException>(() => Bip39.MnemonicToSeed("secret words only here"));
        Assert.DoesNotContain("secret", ex.Message, StringComparison.Ordinal);
        ex = Assert.Throws<FormatException>(() => Bip39.MnemonicToSeed("test test test test test test test test test test test jumk"));
        Assert.DoesNotContain("jumk", ex.Message, StringComparison.Ordinal);
    }

    // Source: BIP-32 "Test vector 1" (seed 000102030405060708090a0b0c0d0e0f), extended private keys.
    [Theory]
    [InlineData("m", "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi")]
    [InlineData("m/0'", "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7")]
    [InlineData("m/0'/1", "xprv9wTYmMFdV23N2TdNG573QoEsfRrWKQgWeibmLntzniatZvR9BmLnvSxqu53Kw1UmYPxLgboyZQaXwTCg8MSY3H2EU4pWcQDnRnrVA1xe8fs")]
    [InlineData("m/0'/1/2'", "xprv9z4pot5VBttmtdRTWfWQmoH1taj2axGVzFqSb8C9xaxKymcFzXBDptWmT7FwuEzG3ryjH4ktypQSAewRiNMjANTtpgP4mLTj34bhnZX7UiM")]
    [InlineData("m/0'/1/2'/2", "xprvA2JDeKCSNNZky6uBCviVfJSKyQ1mDYahRjijr5idH2WwLsEd4Hsb2Tyh8RfQMuPh7f7RtyzTtdrbdqqsunu5Mm3wDvUAKRHSC34sJ7in334")]
    [InlineData("m/0'/1/2'/2/1000000000", "xprvA41z7zogVVwxVSgdKUHDy1SKmdb533PjDz7J6N6mV6uS3ze1ai8FHa8kmHScGpWmj4WggLyQjgPie1rFSruoUihUZREPSL39UNdE3BBDu76")]
    public void Bip32_TestVector1_ExtendedKeysMatch(string path, string xprv)
    {
        var master = ExtendedKey.FromSeed(Hex.Decode("000102030405060708090a0b0c0d0e0f"));
        Assert.Equal(xprv, master.Derive(path).ToXprv());
        Assert.DoesNotContain("xprv", master.Derive(path).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0/1")]
    [InlineData("m/x")]
    [InlineData("m/2147483648")]
    public void Bip32_BadPath_ThrowsFormatException(string path)
        => Assert.Throws<FormatException>(() => ExtendedKey.FromSeed(new byte[16]).Derive(path));

    // Source: anvil's start-up banner for the mnemonic "test test ... junk" (accounts 0..9 at m/44'/60'/0'/0/N).
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(9)]
    public void HdWallet_TestMnemonic_MatchesAnvilAccounts(int index)
    {
        using var key = HdWallet.DeriveAccount(Bip39.TestMnemonic, index);
        Assert.Equal(TestSupport.AnvilNode.DevAccounts[index].Address, key.Address.ToString());
        Assert.Equal(TestSupport.AnvilNode.DevAccounts[index].PrivateKey, Hex.Encode(key.ExportBytes()));
    }

    // Source: Web3 Secret Storage Definition (ethereum.org / go-ethereum wiki), test vectors, password "testpassword".
    private const string Pbkdf2Vector = """
        {"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"6087dab2f9fdbbfaddc31a909735c1e6"},"ciphertext":"5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46","kdf":"pbkdf2","kdfparams":{"c":262144,"dklen":32,"prf":"hmac-sha256","salt":"ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},"mac":"517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},"id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}
        """;

    private const string ScryptVector = """
        {"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"83dbcc02d8ccb40e466191a123791e0e"},"ciphertext":"d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c","kdf":"scrypt","kdfparams":{"dklen":32,"n":262144,"r":1,"p":8,"salt":"ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"},"mac":"2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"},"id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}
        """;

    [Theory]
    [InlineData(Pbkdf2Vector)]
    [InlineData(ScryptVector)]
    public void KeystoreV3_SpecVectors_DecryptToTheDocumentedKey(string json)
    {
        using var key = KeystoreV3.Decrypt(json, "testpassword");
        Assert.Equal("7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d", Hex.Encode(key.ExportBytes(), false));
    }

    [Fact]
    public void KeystoreV3_WrongPassword_IsAMacMismatch()
        => Assert.Contains("MAC mismatch", Assert.Throws<KeystoreException>(() => KeystoreV3.Decrypt(Pbkdf2Vector, "wrong")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"version\":2}")]
    [InlineData("{\"version\":3,\"crypto\":{\"cipher\":\"aes-128-cbc\"}}")]
    [InlineData("{\"version\":3,\"crypto\":{\"cipher\":\"aes-128-ctr\",\"cipherparams\":{\"iv\":\"00\"}}}")]
    public void KeystoreV3_Malformed_ThrowsKeystoreException(string json)
        => Assert.Throws<KeystoreException>(() => KeystoreV3.Decrypt(json, "x"));

    [Theory]
    [InlineData(KeystoreKdf.Scrypt)]
    [InlineData(KeystoreKdf.Pbkdf2)]
    public void KeystoreV3_EncryptThenDecrypt_RoundTrips(KeystoreKdf kdf)
    {
        using var key = PrivateKey.Generate();
        var json = KeystoreV3.Encrypt(key, "pässword", new KeystoreOptions { Kdf = kdf, ScryptN = 1024, Pbkdf2Iterations = 1000 });
        Assert.DoesNotContain(Hex.Encode(key.ExportBytes(), false), json, StringComparison.Ordinal);
        using var back = KeystoreV3.Decrypt(json, "pässword");
        Assert.Equal(key.Address, back.Address);
        Assert.Throws<KeystoreException>(() => KeystoreV3.Decrypt(json, "password"));
    }

    [Fact]
    public void KeySources_AllGiveTheExpectedAccount_AndNeverPrintTheKey()
    {
        var (address, hex) = TestSupport.AnvilNode.DevAccounts[3];
        using var fromKey = PrivateKey.FromHex(hex);
        ISigningKeySource[] sources =
        [
            new DevMnemonicKeySource(3),
            new RawKeySource(hex),
            new KeystoreKeySource(KeystoreV3.Encrypt(fromKey, "pw", new KeystoreOptions { ScryptN = 1024 }), "pw"),
        ];
        foreach (var source in sources)
        {
            using var account = source.LoadAccount();
            Assert.Equal(address, account.Address.ToString());
            Assert.DoesNotContain(hex[2..], source.Description + source + account, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("zz", Assert.Throws<FormatException>(() => new RawKeySource("0xzz" + hex[4..])).Message, StringComparison.Ordinal);
    }
}

public class ScryptTests
{
    // The scrypt our keystores use is Nethereum.KeyStore's. Source: RFC 7914 section 12, scrypt test vectors 1 and 3.
    [Theory]
    [InlineData("", "", 16, 1, 1, "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")]
    [InlineData("password", "NaCl", 1024, 8, 16, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")]
    public void Scrypt_Rfc7914Vectors_Match(string password, string salt, int n, int r, int p, string expected)
        => Assert.Equal(expected, Hex.Encode(Nethereum.KeyStore.Crypto.SCrypt.Generate(System.Text.Encoding.ASCII.GetBytes(password), System.Text.Encoding.ASCII.GetBytes(salt), n, r, p, 64), false));
}
