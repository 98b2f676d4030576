namespace HedgeDashboard.Data.Entities;

/// <summary>A trained forecasting model; at most one active version per name.</summary>
public sealed class ModelVersion
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Model family, e.g. "ewma", "garch11", "har_rv", "mlnet-fasttree-gamma".</summary>
    public required string Kind { get; set; }

    public int Version { get; set; }

    public string Parameters { get; set; } = "{}";

    /// <summary>The ML.NET model file of ML.NET kinds (bytea); null for models whose parameters are all numbers.</summary>
    public byte[]? ModelBytes { get; set; }

    /// <summary>Feature schema the model was trained on (FeatureBuilder.SchemaVersion); a loader refuses another.</summary>
    public int? FeatureSchema { get; set; }

    public string Metrics { get; set; } = "{}";

    public DateTimeOffset TrainedAt { get; set; }

    public ModelStatus Status { get; set; } = ModelStatus.Candidate;

    public DateTimeOffset? ActivatedAt { get; set; }
}
