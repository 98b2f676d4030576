namespace HedgeDashboard.Data.Entities;

/// <summary>A wallet whose LP positions the ingestion stage syncs.</summary>
public sealed class TrackedWallet
{
    public long Id { get; set; }

    public long ChainId { get; set; }

    public Chain? Chain { get; set; }

    public required string Address { get; set; }

    public string? Label { get; set; }

    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}
