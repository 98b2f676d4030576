using HedgeDashboard.Workers.Relayer;

namespace HedgeDashboard.Relayer.Tests;

public sealed class RelayerOptionsTests
{
    private const string Controller = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

    [Fact]
    public void Validate_Defaults_WithController_Succeeds()
    {
        var r = new RelayerOptionsValidator().Validate(null, new RelayerOptions { ControllerAddress = Controller });
        Assert.True(r.Succeeded, r.FailureMessage);
    }

    [Theory]
    [InlineData("ConfirmationDepth", "Relayer:ConfirmationDepth")]
    [InlineData("BumpAfterSeconds", "Relayer:BumpAfterSeconds")]
    [InlineData("MaxFeeGwei", "Relayer:MaxFeeGwei")]
    [InlineData("PollIntervalMilliseconds", "Relayer:PollIntervalMilliseconds")]
    [InlineData("Controller", "Relayer:ControllerAddress")]
    [InlineData("MaxBatchSize", "Relayer:MaxBatchSize")]
    [InlineData("MaxBatchGas", "Relayer:MaxBatchGas")]
    public void Validate_BadValue_ErrorNamesTheKey(string field, string key)
    {
        var o = new RelayerOptions { ControllerAddress = Controller };
        switch (field)
        {
            case "ConfirmationDepth": o.ConfirmationDepth = 0; break;
            case "BumpAfterSeconds": o.BumpAfterSeconds = 0; break;
            case "MaxFeeGwei": o.MaxFeeGwei = -1; break;
            case "PollIntervalMilliseconds": o.PollIntervalMilliseconds = 0; break;
            case "Controller": o.ControllerAddress = null; break;
            case "MaxBatchSize": o.MaxBatchSize = 0; break;
            case "MaxBatchGas": o.MaxBatchGas = 30_000_000; break;
        }

        var r = new RelayerOptionsValidator().Validate(null, o);
        Assert.False(r.Succeeded);
        Assert.Contains(key, r.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConfigKeysSource_MissingOrBadKeys_NamesKeysWithoutEchoingValues()
    {
        const string secretLooking = "0xnot-a-key-but-secret-looking-value";
        var r = new RelayerOptionsValidator().Validate(null, new RelayerOptions
        {
            ControllerAddress = Controller,
            KeysSource = RelayerKeysSource.Config,
            OperatorPrivateKey = secretLooking,
        });
        Assert.False(r.Succeeded);
        Assert.Contains("Relayer:OperatorPrivateKey", r.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Relayer:ModelSignerPrivateKey", r.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(secretLooking, r.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadKeys_DevSourceOnAnotherChain_Refused()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => RelayerKeys.Load(new RelayerOptions { KeysSource = RelayerKeysSource.Dev }, 1));
        Assert.Contains("Relayer:KeysSource", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadKeys_Dev_ModelSignerIsAccount8AndOperatorAccount9()
    {
        using var keys = RelayerKeys.Load(new RelayerOptions { KeysSource = RelayerKeysSource.Dev }, 31337);
        Assert.Equal("0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f", keys.ModelSigner.Address.ToString());
        Assert.Equal("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720", keys.Operator.Address.ToString());
        Assert.DoesNotContain("dbda18", keys.ModelSigner.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void LoadKeys_OnlyTheRolesKeys_TheOtherIsNeitherLoadedNorReachable()
    {
        using var signerOnly = RelayerKeys.Load(new RelayerOptions { KeysSource = RelayerKeysSource.Dev }, 31337, modelSigner: true, operatorKey: false);
        using var relayerOnly = RelayerKeys.Load(new RelayerOptions { KeysSource = RelayerKeysSource.Dev }, 31337, modelSigner: false, operatorKey: true);

        Assert.Equal("model signer 0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f", signerOnly.Describe());
        Assert.Equal("operator 0xa0Ee7A142d267C1f36714E4a8F75612F20a79720", relayerOnly.Describe());
        Assert.False(signerOnly.HasOperator);
        Assert.False(relayerOnly.HasModelSigner);
        Assert.Contains("Hosting:Roles", Assert.Throws<InvalidOperationException>(() => signerOnly.Operator).Message, StringComparison.Ordinal);
        Assert.Contains("Hosting:Roles", Assert.Throws<InvalidOperationException>(() => relayerOnly.ModelSigner).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConfigKeysSource_RequiresOnlyTheKeysOfThisProcesssRoles()
    {
        var relayerOnly = new RelayerOptions { ControllerAddress = Controller, KeysSource = RelayerKeysSource.Config, OperatorPrivateKey = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6", UsesModelSignerKey = false };
        Assert.True(new RelayerOptionsValidator().Validate(null, relayerOnly).Succeeded);

        var signerOnly = new RelayerOptions { ControllerAddress = Controller, KeysSource = RelayerKeysSource.Config, OperatorPrivateKey = "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6", UsesOperatorKey = false };
        var r = new RelayerOptionsValidator().Validate(null, signerOnly);
        Assert.False(r.Succeeded);
        Assert.Contains("Relayer:ModelSignerPrivateKey", r.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Relayer:OperatorPrivateKey", r.FailureMessage, StringComparison.Ordinal);
    }
}
