using System.Text.Json;
using HedgeDashboard.Ethereum;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace HedgeDashboard.Workers.Book;

/// <summary>One chain the workers follow (an item of the top-level "Chains" list).</summary>
public sealed class ChainEntry
{
    /// <summary>The chain id (1 mainnet, 42161 Arbitrum, 31337 anvil); the node must serve it.</summary>
    public long Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>JSON-RPC URLs, tried in order: the next one takes over while one fails.</summary>
    public List<string> RpcUrls { get; set; } = [];

    /// <summary>Transaction link with <c>{hash}</c>, e.g. https://arbiscan.io/tx/{hash}; none when empty.</summary>
    public string? ExplorerTxUrlTemplate { get; set; }

    /// <summary>Blocks after which a transaction counts as final on this chain.</summary>
    public int ConfirmationDepth { get; set; } = 2;

    /// <summary>Symbol of the chain's gas token.</summary>
    public string NativeToken { get; set; } = "ETH";

    /// <summary>
    /// First block of the deposit history read for a position's entry (e.g. the position manager's deployment block);
    /// the logs from here to the head are read once per new position.
    /// </summary>
    public long HistoryFromBlock { get; set; }

    /// <summary>Deployment JSON of our contracts on this chain (HedgeController and its pool), or none.</summary>
    public string? DeploymentFile { get; set; }

    /// <summary>Uniswap v3 NonfungiblePositionManager; defaults to the deployment file's.</summary>
    public string? PositionManager { get; set; }

    /// <summary>Uniswap v3 factory; defaults to the deployment file's.</summary>
    public string? Factory { get; set; }

    /// <summary>
    /// Chainlink L2 sequencer uptime feed (rollups), or none. While it reports the sequencer down, or up for less than
    /// <see cref="SequencerGracePeriodSeconds"/>, the chain's valuation and automatic execution pause.
    /// </summary>
    public string? SequencerUptimeFeed { get; set; }

    /// <summary>How long the sequencer must have been back up before prices are trusted again (Chainlink suggests an hour).</summary>
    public int SequencerGracePeriodSeconds { get; set; } = 3600;

    /// <summary>
    /// Chainlink USD feeds by token address (token -> aggregator). A token without one is valued through the TWAP of
    /// the chain's pools to a token that has one, or is not priced.
    /// </summary>
    public Dictionary<string, string> PriceFeeds { get; set; } = [];

    /// <summary>
    /// Uniswap v2 pairs whose LP tokens the tracked wallets may hold; each also links its two tokens for USD pricing
    /// (reserves at spot, its price accumulators for the TWAP).
    /// </summary>
    public List<string> V2Pairs { get; set; } = [];

    /// <summary>
    /// Uniswap v3 pools the wallets hold nothing in that link a token to a fed one (a WBTC/USDC pool for a WBTC/DAI
    /// position): read and stored like the book's pools, used only for USD pricing.
    /// </summary>
    public List<string> PricingPools { get; set; } = [];
}

/// <summary>
/// The chains whose books the workers follow: the top-level "Chains" list, or, when it is absent, the single "Chain"
/// section (Chain:RpcUrl, Chain:ChainId, Chain:DeploymentFile) as a one-item list, so existing settings keep working
/// (a "Chain" section without a deployment file follows nothing, as before).
/// </summary>
public sealed class ChainsOptions
{
    public const string SectionName = "Chains";

    public List<ChainEntry> Chains { get; set; } = [];

    /// <summary>Binds "Chains", or maps the legacy "Chain" section onto one entry.</summary>
    public static void Bind(IConfiguration configuration, ChainsOptions o)
    {
        var section = configuration.GetSection(SectionName);
        if (section.GetChildren().Any())
        {
            section.Bind(o.Chains);
            return;
        }

        // Without a deployment file the legacy section is a dashboard started for UI work: no chain is followed, as before.
        var legacy = configuration.GetSection("Chain");
        if (string.IsNullOrWhiteSpace(legacy["RpcUrl"]) || string.IsNullOrWhiteSpace(legacy["DeploymentFile"]))
        {
            return;
        }

        var id = long.TryParse(legacy["ChainId"], out var parsed) && parsed > 0 ? parsed : 31337;
        o.Chains.Add(new ChainEntry
        {
            Id = id,
            Name = DefaultName(id), // MarketBootstrap's name for the same row
            RpcUrls = [legacy["RpcUrl"]!],
            DeploymentFile = legacy["DeploymentFile"],
        });
    }

    public static string DefaultName(long chainId) => chainId == 31337 ? "anvil" : $"chain {chainId}";

    /// <summary>True when configuration names any chain (either form).</summary>
    public static bool AnyConfigured(IConfiguration configuration)
    {
        var o = new ChainsOptions();
        Bind(configuration, o);
        return o.Chains.Count > 0;
    }
}

/// <summary>Validates the chains at start-up; each error names the key (Chains:1:RpcUrls:0).</summary>
public sealed class ChainsOptionsValidator : IValidateOptions<ChainsOptions>
{
    public ValidateOptionsResult Validate(string? name, ChainsOptions o)
    {
        var errors = new List<string>();
        for (var i = 0; i < o.Chains.Count; i++)
        {
            var c = o.Chains[i];
            var key = $"{ChainsOptions.SectionName}:{i}";
            if (c.Id <= 0)
            {
                errors.Add($"{key}:Id must be a positive chain id, got {c.Id}.");
            }
            else if (o.Chains.Take(i).Any(x => x.Id == c.Id))
            {
                errors.Add($"{key}:Id {c.Id} is listed twice.");
            }

            if (string.IsNullOrWhiteSpace(c.Name) || c.Name.Length > 64)
            {
                errors.Add($"{key}:Name must be 1 to 64 characters, got '{c.Name}'.");
            }
            else if (o.Chains.Take(i).Any(x => string.Equals(x.Name, c.Name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{key}:Name '{c.Name}' is used by another chain.");
            }

            if (c.RpcUrls.Count == 0)
            {
                errors.Add($"{key}:RpcUrls must list at least one JSON-RPC URL.");
            }

            for (var u = 0; u < c.RpcUrls.Count; u++)
            {
                if (!Uri.TryCreate(c.RpcUrls[u], UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    // The URL itself may hold an API key: never echo it.
                    errors.Add($"{key}:RpcUrls:{u} must be an absolute http(s) URL.");
                }
            }

            if (!string.IsNullOrWhiteSpace(c.ExplorerTxUrlTemplate)
                && (!c.ExplorerTxUrlTemplate.Contains("{hash}", StringComparison.Ordinal)
                    || !Uri.TryCreate(c.ExplorerTxUrlTemplate.Replace("{hash}", "0x", StringComparison.Ordinal), UriKind.Absolute, out var ex)
                    || ex.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{key}:ExplorerTxUrlTemplate must be an https URL containing {{hash}}, got '{c.ExplorerTxUrlTemplate}'.");
            }

            if (c.ConfirmationDepth is < 0 or > 1000)
            {
                errors.Add($"{key}:ConfirmationDepth must be in [0, 1000], got {c.ConfirmationDepth}.");
            }

            if (string.IsNullOrWhiteSpace(c.NativeToken) || c.NativeToken.Length > 16)
            {
                errors.Add($"{key}:NativeToken must be a symbol of 1 to 16 characters, got '{c.NativeToken}'.");
            }

            if (c.HistoryFromBlock < 0)
            {
                errors.Add($"{key}:HistoryFromBlock must be a block number (0 or more), got {c.HistoryFromBlock}.");
            }

            if (!string.IsNullOrWhiteSpace(c.DeploymentFile) && !File.Exists(c.DeploymentFile))
            {
                errors.Add($"{key}:DeploymentFile '{c.DeploymentFile}' does not exist.");
            }

            CheckAddress(errors, $"{key}:PositionManager", c.PositionManager);
            CheckAddress(errors, $"{key}:Factory", c.Factory);
            CheckAddress(errors, $"{key}:SequencerUptimeFeed", c.SequencerUptimeFeed);
            if (c.SequencerGracePeriodSeconds is < 0 or > 86_400)
            {
                errors.Add($"{key}:SequencerGracePeriodSeconds must be in [0, 86400], got {c.SequencerGracePeriodSeconds}.");
            }

            foreach (var (token, feed) in c.PriceFeeds)
            {
                if (!Address.TryParse(token, out _))
                {
                    errors.Add($"{key}:PriceFeeds: the key '{token}' must be a token's 0x-prefixed 20-byte address.");
                }

                CheckAddress(errors, $"{key}:PriceFeeds:{token}", feed, required: true);
            }

            for (var p = 0; p < c.V2Pairs.Count; p++)
            {
                CheckAddress(errors, $"{key}:V2Pairs:{p}", c.V2Pairs[p], required: true);
            }

            for (var p = 0; p < c.PricingPools.Count; p++)
            {
                CheckAddress(errors, $"{key}:PricingPools:{p}", c.PricingPools[p], required: true);
            }

            if (string.IsNullOrWhiteSpace(c.DeploymentFile) && (string.IsNullOrWhiteSpace(c.PositionManager) || string.IsNullOrWhiteSpace(c.Factory)))
            {
                errors.Add($"{key}: without a DeploymentFile, PositionManager and Factory are required (the Uniswap v3 contracts to discover positions in).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckAddress(List<string> errors, string key, string? value, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add($"{key} must be an address.");
            }

            return;
        }

        if (!Address.TryParse(value, out _))
        {
            errors.Add($"{key} must be a 0x-prefixed 20-byte address, got '{value}'.");
        }
    }
}

/// <summary>
/// The Uniswap v3 contracts of one chain's book, the pool our own contracts' ingestion already follows, the USD feeds by
/// token (configured, plus the deployment's feed for its WETH) and the sequencer uptime feed.
/// </summary>
public sealed record BookContracts(Address PositionManager, Address Factory, Address? OwnPool, bool HasHedgeController)
{
    public IReadOnlyDictionary<Address, Address> PriceFeeds { get; init; } = new Dictionary<Address, Address>();

    public Address? SequencerUptimeFeed { get; init; }

    /// <summary>The configured Uniswap v2 pairs (Chains:N:V2Pairs) whose liquidity tokens the tracked wallets may hold.</summary>
    public IReadOnlyList<Address> V2Pairs { get; init; } = [];

    /// <summary>Uniswap v3 pools read only to price tokens in USD (Chains:N:PricingPools).</summary>
    public IReadOnlyList<Address> PricingPools { get; init; } = [];

    public static BookContracts Resolve(ChainEntry c)
    {
        Address? npm = string.IsNullOrWhiteSpace(c.PositionManager) ? null : Address.Parse(c.PositionManager);
        Address? factory = string.IsNullOrWhiteSpace(c.Factory) ? null : Address.Parse(c.Factory);
        Address? ownPool = null;
        var controller = false;
        var feeds = c.PriceFeeds.ToDictionary(f => Address.Parse(f.Key), f => Address.Parse(f.Value));
        if (!string.IsNullOrWhiteSpace(c.DeploymentFile))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(c.DeploymentFile));
            var contracts = doc.RootElement.GetProperty("contracts");
            string? Read(string key) => contracts.TryGetProperty(key, out var v) ? v.GetString() : null;
            npm ??= Read("nonfungiblePositionManager") is { } n ? Address.Parse(n) : null;
            factory ??= Read("uniswapV3Factory") is { } f ? Address.Parse(f) : null;
            ownPool = Read("pool") is { } p ? Address.Parse(p) : null;
            controller = Read("hedgeController") is not null;
            if (Read("weth") is { } weth && Read("priceFeed") is { } feed)
            {
                feeds.TryAdd(Address.Parse(weth), Address.Parse(feed)); // the deployment's ETH/USD feed prices its WETH
            }
        }

        return new BookContracts(
            npm ?? throw new InvalidOperationException($"Chain {c.Id}: no PositionManager configured or in its deployment file."),
            factory ?? throw new InvalidOperationException($"Chain {c.Id}: no Factory configured or in its deployment file."),
            ownPool,
            controller)
        {
            PriceFeeds = feeds,
            SequencerUptimeFeed = string.IsNullOrWhiteSpace(c.SequencerUptimeFeed) ? null : Address.Parse(c.SequencerUptimeFeed),
            V2Pairs = [.. c.V2Pairs.Select(Address.Parse).Distinct()],
            PricingPools = [.. c.PricingPools.Select(Address.Parse).Distinct()],
        };
    }
}
