using HedgeDashboard.Ethereum.Crypto;
using HedgeDashboard.Ethereum.Keystore;
using HedgeDashboard.TestSupport;
using HedgeDashboard.Workers.Relayer;

namespace HedgeDashboard.Relayer.Tests;

/// <summary>Production keys from encrypted keystore files, passwords from configuration.</summary>
public sealed class RelayerKeystoreTests : IDisposable
{
    private const string Controller = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private const string Password = "correct horse battery staple";
    private static readonly KeystoreOptions Fast = new() { ScryptN = 1024 };
    private readonly string _dir = Directory.CreateTempSubdirectory("relayer-keys").FullName;

    [Fact]
    public void Load_KeystoreSource_DecryptsBothAccounts()
    {
        var options = KeystoreOptionsFor(AnvilNode.DevAccounts[8].PrivateKey, AnvilNode.DevAccounts[9].PrivateKey, Password);
        Assert.True(new RelayerOptionsValidator().Validate(null, options).Succeeded);

        using var keys = RelayerKeys.Load(options, chainId: 1);

        Assert.Equal(AnvilNode.DevAccounts[8].Address, keys.ModelSigner.Address.ToString());
        Assert.Equal(AnvilNode.DevAccounts[9].Address, keys.Operator.Address.ToString());
    }

    [Fact]
    public void Load_WrongPassword_ErrorNamesTheKeyAndShowsNoSecret()
    {
        var options = KeystoreOptionsFor(AnvilNode.DevAccounts[8].PrivateKey, AnvilNode.DevAccounts[9].PrivateKey, Password);
        options.OperatorKeystorePassword = "wrong password";

        var e = Assert.Throws<InvalidOperationException>(() => RelayerKeys.Load(options, chainId: 1));

        Assert.Contains("Relayer:OperatorKeystorePath", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong password", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AnvilNode.DevAccounts[9].PrivateKey[2..], e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Validate_KeystoreSourceWithoutFiles_NamesEachMissingSetting()
    {
        var r = new RelayerOptionsValidator().Validate(null, new RelayerOptions { ControllerAddress = Controller, KeysSource = RelayerKeysSource.Keystore });

        Assert.False(r.Succeeded);
        Assert.Contains("Relayer:OperatorKeystorePath", r.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Relayer:ModelSignerKeystorePassword", r.FailureMessage, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private RelayerOptions KeystoreOptionsFor(string modelSignerKey, string operatorKey, string password) => new()
    {
        ControllerAddress = Controller,
        KeysSource = RelayerKeysSource.Keystore,
        ModelSignerKeystorePath = Write("model-signer.json", modelSignerKey, password),
        ModelSignerKeystorePassword = password,
        OperatorKeystorePath = Write("operator.json", operatorKey, password),
        OperatorKeystorePassword = password,
    };

    private string Write(string name, string hexKey, string password)
    {
        using var key = PrivateKey.FromHex(hexKey);
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, KeystoreV3.Encrypt(key, password, Fast));
        return path;
    }
}
