using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Simulator;

/// <summary>Section "Workers:Simulator" (development chains only; off unless enabled).</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Workers:Simulator";

    /// <summary>Replays the shipped ETH hourly series on the local chain.</summary>
    public bool Enabled { get; set; }

    /// <summary>Real seconds per replayed hourly bar (accelerated time).</summary>
    public double SecondsPerBar { get; set; } = 3;

    /// <summary>CSV with timestamp and close columns; empty: the shipped file next to the binary.</summary>
    public string DataFile { get; set; } = "";

    /// <summary>Owner of the mock feed (anvil account 0's well-known test key by default: dev chains only).</summary>
    public string FeedOwnerPrivateKey { get; set; } = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

    /// <summary>The account that swaps the pool (anvil account 5's well-known test key by default).</summary>
    public string TraderPrivateKey { get; set; } = "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba";

    /// <summary>Observation slots the simulator gives the pool, so the TWAP has history.</summary>
    public int ObservationCardinality { get; set; } = 200;

    /// <summary>Refuse to run against any chain id but these (anvil, its second instance, hardhat).</summary>
    public long[] AllowedChainIds { get; set; } = [31337, 31338, 1337];

    /// <summary>
    /// The account that moves the books' feeds and pools (anvil account 6's well-known test key by default): its own
    /// nonces, apart from the main simulator's accounts on the same chain.
    /// </summary>
    public string BookPrivateKey { get; set; } = "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e";

    /// <summary>LP books (scripts/deploy-book.sh) whose pools the book simulator moves, one per chain.</summary>
    public List<SimulatedBook> Books { get; set; } = [];

    /// <summary>BTC hourly closes (CSV or .csv.gz with timestamp and close) for the books' WBTC; required with Books.</summary>
    public string BtcDataFile { get; set; } = "";
}

/// <summary>A book to move: the chain's JSON-RPC URL and the book file deploy-book.sh wrote.</summary>
public sealed class SimulatedBook
{
    public string RpcUrl { get; set; } = "";

    public string BookFile { get; set; } = "";
}

public sealed class SimulatorOptionsValidator : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions o)
    {
        if (!o.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (o.SecondsPerBar is < 0.05 or > 3600)
        {
            errors.Add($"Workers:Simulator:SecondsPerBar must be in [0.05, 3600], got {o.SecondsPerBar}.");
        }

        if (!string.IsNullOrEmpty(o.DataFile) && !File.Exists(o.DataFile))
        {
            errors.Add($"Workers:Simulator:DataFile '{o.DataFile}' does not exist.");
        }

        if (o.ObservationCardinality is < 1 or > 65535)
        {
            errors.Add($"Workers:Simulator:ObservationCardinality must be in [1, 65535], got {o.ObservationCardinality}.");
        }

        if (string.IsNullOrWhiteSpace(o.FeedOwnerPrivateKey) || string.IsNullOrWhiteSpace(o.TraderPrivateKey))
        {
            errors.Add("Workers:Simulator:FeedOwnerPrivateKey and Workers:Simulator:TraderPrivateKey must be set.");
        }

        for (var i = 0; i < o.Books.Count; i++)
        {
            if (!Uri.TryCreate(o.Books[i].RpcUrl, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"Workers:Simulator:Books:{i}:RpcUrl must be an absolute http(s) URL.");
            }

            if (!File.Exists(o.Books[i].BookFile))
            {
                errors.Add($"Workers:Simulator:Books:{i}:BookFile '{o.Books[i].BookFile}' does not exist.");
            }
        }

        if (o.Books.Count > 0 && !File.Exists(o.BtcDataFile))
        {
            errors.Add($"Workers:Simulator:BtcDataFile '{o.BtcDataFile}' does not exist (the books' WBTC follows it).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
