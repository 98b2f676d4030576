namespace HedgeDashboard.Workers.Relayer;

/// <summary>Named points of the send path where a crash leaves a distinct stored state (used by crash tests).</summary>
public static class RelayerCheckpoint
{
    /// <summary>A pending request was picked; nothing about it is stored yet.</summary>
    public const string BeforeSign = "before-sign";

    /// <summary>The signed transaction, its nonce and hash are committed; nothing was broadcast.</summary>
    public const string AfterSign = "after-sign";

    /// <summary>The node accepted the broadcast; the execution is not yet marked broadcast.</summary>
    public const string AfterSend = "after-send";

    /// <summary>A fee bump is signed and stored; it was not broadcast.</summary>
    public const string AfterBumpSign = "after-bump-sign";
}

/// <summary>Called at each <see cref="RelayerCheckpoint"/>; the product's implementation does nothing.</summary>
public interface IRelayerCheckpoints
{
    void Reached(string point, long executionId);
}

internal sealed class NoRelayerCheckpoints : IRelayerCheckpoints
{
    public void Reached(string point, long executionId)
    {
    }
}
