using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.OptionLegs;

/// <summary>Section "Workers:OptionKeeper": the stage that settles expired option legs through the outbox.</summary>
public sealed class OptionKeeperOptions
{
    public const string SectionName = "Workers:OptionKeeper";

    public bool Enabled { get; set; } = true;

    /// <summary>Fallback tick when no new-block signal arrives (seconds).</summary>
    public int IntervalSeconds { get; set; } = 10;
}

public sealed class OptionKeeperOptionsValidator : IValidateOptions<OptionKeeperOptions>
{
    public ValidateOptionsResult Validate(string? name, OptionKeeperOptions o) =>
        o.IntervalSeconds is < 1 or > 3600
            ? ValidateOptionsResult.Fail($"Workers:OptionKeeper:IntervalSeconds must be in [1, 3600], got {o.IntervalSeconds}.")
            : ValidateOptionsResult.Success;
}
