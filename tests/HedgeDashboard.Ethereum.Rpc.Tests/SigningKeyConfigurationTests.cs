using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Keystore;
using HedgeDashboard.TestSupport;
using Microsoft.Extensions.Configuration;

namespace HedgeDashboard.Ethereum.Rpc.Tests;

public class SigningKeyConfigurationTests
{
    private static IConfigurationSection Section(Dictionary<string, string?> values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(kv => "Relayer:Signer:" + kv.Key, kv => kv.Value)).Build().GetSection("Relayer:Signer");

    [Fact]
    public void AllThreeSources_LoadTheConfiguredAccount()
    {
        var (address, hex) = AnvilNode.DevAccounts[4];
        var file = Path.GetTempFileName();
        try
        {
            using (var key = PrivateKey.FromHex(hex))
            {
                File.WriteAllText(file, KeystoreV3.Encrypt(key, "s3cret", new KeystoreOptions { ScryptN = 1024 }));
            }

            foreach (var values in new[]
            {
                new Dictionary<string, string?> { ["Source"] = "DevMnemonic", ["AccountIndex"] = "4" },
                new Dictionary<string, string?> { ["Source"] = "RawKey", ["PrivateKey"] = hex },
                new Dictionary<string, string?> { ["Source"] = "Keystore", ["KeystorePath"] = file, ["KeystorePassword"] = "s3cret" },
            })
            {
                using var account = SigningKeyConfiguration.FromConfiguration(Section(values)).LoadAccount();
                Assert.Equal(address, account.Address.ToString());
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("Nope", null, "Relayer:Signer:Source")]
    [InlineData("RawKey", null, "Relayer:Signer:PrivateKey is required")]
    [InlineData("RawKey", "0x1234", "Relayer:Signer:PrivateKey is not a valid")]
    [InlineData("Keystore", null, "Relayer:Signer:KeystorePath")]
    public void BadConfiguration_NamesTheKey_AndNeverEchoesTheSecret(string source, string? key, string part)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => SigningKeyConfiguration.FromConfiguration(Section(new() { ["Source"] = source, ["PrivateKey"] = key })));
        Assert.Contains(part, ex.Message, StringComparison.Ordinal);
        if (key is not null)
        {
            Assert.DoesNotContain(key, ex.Message, StringComparison.Ordinal);
        }
    }
}
