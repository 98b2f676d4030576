namespace HedgeDashboard.Data.Entities;

// Every enum is stored as snake_case text with a CHECK constraint listing the valid values,
// so adding a value is a migration that rewrites one constraint (see EnumText).

/// <summary>Lifecycle of an LP position.</summary>
public enum PositionStatus
{
    Open,
    Closed,
}

/// <summary>
/// Which Uniswap a position or pool is: a v3 NFT position (a tick range) or v2 liquidity tokens of a pair (full range;
/// one row per pair and owner, its balance in <c>liquidity</c>).
/// </summary>
public enum PositionKind
{
    V3,
    V2,
}

/// <summary>How a position's suggestions are approved.</summary>
public enum ExecutionMode
{
    /// <summary>A person approves each suggestion.</summary>
    Manual,

    /// <summary>Approved by policy within the position's limits.</summary>
    Auto,
}

/// <summary>
/// Suggestion state machine: pending -> approved | rejected | expired | superseded;
/// approved -> executing -> executed | failed.
/// </summary>
public enum SuggestionStatus
{
    Pending,
    Approved,
    Rejected,
    Expired,
    Superseded,
    Executing,
    Executed,
    Failed,
}

/// <summary>Outbox row state: pending (requested) -> signed -> broadcast -> mined -> confirmed; failed or needs_review end it.</summary>
public enum ExecutionStatus
{
    Pending,
    Signed,
    Broadcast,
    Mined,
    Confirmed,
    Failed,
    NeedsReview,
}

/// <summary>Lifecycle of a trained model.</summary>
public enum ModelStatus
{
    Candidate,
    Active,
    Retired,
}

/// <summary>What a hedge venue charged a position's hedge.</summary>
public enum VenueChargeKind
{
    /// <summary>The trading fee of one hedge adjustment (HedgeAdjusted.fee).</summary>
    TradeFee,

    /// <summary>Funding on the open short since the previous charge (FundingCharged).</summary>
    Funding,
}

/// <summary>A NonfungiblePositionManager log that moves tokens owed to a position's NFT.</summary>
public enum LpPositionEventKind
{
    /// <summary>DecreaseLiquidity: principal released into tokensOwed (not yet paid out).</summary>
    DecreaseLiquidity,

    /// <summary>Collect: tokensOwed paid out, principal released earlier and fees alike.</summary>
    Collect,
}

/// <summary>Put or call (the contracts number them 0 and 1).</summary>
public enum OptionKind
{
    Put,
    Call,
}

/// <summary>
/// Lifecycle of an option leg: proposed with its suggestion, approved (an execution row sends the signed order),
/// open once the indexer sees OptionBought, settled once it sees OptionLegSettled; rejected or failed otherwise.
/// </summary>
public enum OptionLegStatus
{
    Proposed,
    Approved,
    Open,
    Settled,
    Rejected,
    Failed,
}
