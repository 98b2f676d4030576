using HedgeDashboard.Data;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc;
using HedgeDashboard.Workers.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HedgeDashboard.Workers.Book;

/// <summary>
/// Follows one chain on its own loop (stage "chain:ID"): the head block from the first of the chain's RPC URLs that
/// answers, then, on a new block or every RefreshSeconds, the tracked wallets' book (<see cref="BookReader"/>) into the
/// database (<see cref="BookStore"/>). When no URL answers, the chain is marked unhealthy from that moment (its positions
/// are stale) and the other chains' followers carry on; the next tick tries again, so a restarted node is picked up
/// without restarting the app.
/// </summary>
public sealed class ChainFollower : PipelineStage
{
    private readonly ChainEntry _chain;
    private readonly BookOptions _o;
    private readonly WorkerDatabase _database;
    private readonly PipelineSignals _signals;
    private readonly IReadOnlyList<EthereumRpc> _nodes;
    private readonly Lazy<BookContracts> _contracts;
    private readonly Dictionary<int, BookReader> _readers = [];
    private readonly Dictionary<int, UsdValuation> _valuations = [];
    private readonly V2TwapHistory _v2Twaps = new();
    private int _current;
    private bool _chainRowReady;
    private bool _v2TwapsLoaded;
    private ulong _lastBlock;
    private DateTimeOffset _lastRefresh;

    public ChainFollower(
        ChainEntry chain, BookOptions options, IReadOnlyList<EthereumRpc> nodes, IServiceScopeFactory scopes, StageHealth health, TimeProvider time, ILogger<ChainFollower> logger, WorkerDatabase database, PipelineSignals signals)
        : base(scopes, health, time, logger)
    {
        _chain = chain;
        _o = options;
        _nodes = nodes;
        _database = database;
        _signals = signals;
        _contracts = new Lazy<BookContracts>(() => BookContracts.Resolve(chain));
    }

    public override string Name => $"chain:{_chain.Id}";

    /// <summary>JSON-RPC requests of the latest book refresh (the batching bound in practice).</summary>
    public int LastRefreshRequests { get; private set; }

    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(_o.PollIntervalMilliseconds);

    protected override string ConnectionString => _database.ConnectionString;

    protected override async Task RunTickAsync(IServiceProvider services, CancellationToken ct)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<HedgeDbContext>>();
        if (!_chainRowReady)
        {
            await BookStore.EnsureChainAsync(dbFactory, _chain, _contracts.Value.HasHedgeController, ct);
            _chainRowReady = true;
        }

        var now = Time.GetUtcNow();
        try
        {
            var (rpc, head, headTime) = await HeadAsync(ct);
            if (await BookStore.MarkUpAsync(dbFactory, _chain.Id, head, now, ct))
            {
                Logger.LogInformation("Chain {Chain} ({Id}) answers again at block {Block}", _chain.Name, _chain.Id, head);
            }

            if (head == _lastBlock && now - _lastRefresh < TimeSpan.FromSeconds(_o.RefreshSeconds))
            {
                return;
            }

            if (!_v2TwapsLoaded)
            {
                await LoadV2TwapsAsync(dbFactory, rpc, ct);
            }

            List<(string Address, long Id)> wallets;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                wallets = (await db.TrackedWallets.AsNoTracking().Where(w => w.IsActive && w.ChainId == _chain.Id).Select(w => new { w.Address, w.Id }).ToListAsync(ct))
                    .Select(w => (w.Address, w.Id)).ToList();
            }

            HashSet<Address> known;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                known = [.. (await db.Tokens.AsNoTracking().Where(t => t.ChainId == _chain.Id).Select(t => t.Address).ToListAsync(ct)).Select(Address.Parse)];
            }

            var reader = Reader(rpc);
            var snap = await reader.ReadAsync([.. wallets.Select(w => Address.Parse(w.Address))], known, head, ct);
            await BookStore.SaveAsync(dbFactory, _chain, _contracts.Value, snap, wallets.ToDictionary(w => w.Address, w => w.Id), now, ct);
            foreach (var problem in snap.Problems)
            {
                Logger.LogWarning("Chain {Chain} ({Id}): {Problem}", _chain.Name, _chain.Id, problem);
            }

            // Entries are read once per new position; a node refusing that history must not stop the book's valuation.
            try
            {
                await new BookEntries(rpc, _contracts.Value, _chain).ResolveAsync(dbFactory, snap, ct);
            }
            catch (Exception ex) when (ex is RpcException and not RpcTransportException or InvalidDataException or Ethereum.Abi.AbiDecodingException)
            {
                Logger.LogWarning("Chain {Chain} ({Id}): deposit history not read this refresh: {Error}", _chain.Name, _chain.Id, ex.Message);
            }

            // USD per token, unless the rollup's sequencer is down or just back (then the chain's positions are stale).
            var valuation = Valuation(rpc);
            var paused = await valuation.SequencerGateAsync(head, now, ct);
            if (await UsdValuation.SetPausedAsync(dbFactory, _chain.Id, paused, now, ct))
            {
                Logger.LogWarning("Chain {Chain} ({Id}): {State}", _chain.Name, _chain.Id, paused ?? "sequencer up past its grace period: valuation and automatic execution resume");
            }

            var valuationRequests = 0;
            if (paused is null)
            {
                // New token prices make new points of the chain's pair series, which scoring waits for.
                if (await valuation.RunAsync(dbFactory, head, headTime, now, ct) > 0
                    && await BookPairPrices.StoreAsync(dbFactory, _chain.Id, (long)head, now, ct) > 0)
                {
                    _signals.PricesIngested.Set();
                }

                valuationRequests = valuation.LastRequests;
            }

            LastRefreshRequests = snap.Requests + (_contracts.Value.SequencerUptimeFeed is null ? 0 : 1) + valuationRequests;
            _lastBlock = head;
            _lastRefresh = now;
        }
        catch (Exception ex) when (IsOutage(ex, ct))
        {
            if (await BookStore.MarkDownAsync(dbFactory, _chain.Id, $"no node answers: {ex.GetBaseException().Message}", now, ct))
            {
                Logger.LogWarning("Chain {Chain} ({Id}) unreachable; its positions are stale: {Error}", _chain.Name, _chain.Id, ex.GetBaseException().Message);
            }

            throw;
        }
    }

    /// <summary>The v2 pairs' stored accumulator readings (a restart keeps the TWAP window), once, on the first refresh.</summary>
    private async Task LoadV2TwapsAsync(IDbContextFactory<HedgeDbContext> dbFactory, EthereumRpc rpc, CancellationToken ct)
    {
        List<Address> pairs;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            pairs = [.. (await db.Pools.AsNoTracking().Where(p => p.ChainId == _chain.Id && p.Kind == Data.Entities.PositionKind.V2).Select(p => p.Address).ToListAsync(ct)).Select(Address.Parse)];
        }

        pairs.AddRange(_contracts.Value.V2Pairs.Where(a => !pairs.Contains(a))); // valued from the pools rows, configured ones before their first refresh
        var (loaded, discarded) = await V2TwapStore.LoadAsync(dbFactory, rpc, _chain.Id, pairs, _v2Twaps, ct);
        if (discarded is not null)
        {
            Logger.LogInformation("Chain {Chain} ({Id}): stored v2 TWAP readings discarded, the chain changed while stopped: {Reason}", _chain.Name, _chain.Id, discarded);
        }
        else if (loaded > 0)
        {
            Logger.LogInformation("Chain {Chain} ({Id}): {Count} stored v2 TWAP readings loaded", _chain.Name, _chain.Id, loaded);
        }

        _v2TwapsLoaded = true;
    }

    private UsdValuation Valuation(EthereumRpc rpc)
    {
        if (!_valuations.TryGetValue(_current, out var v))
        {
            v = new UsdValuation(rpc, _contracts.Value, _chain, _o, _v2Twaps);
            _valuations[_current] = v;
        }

        return v;
    }

    private BookReader Reader(EthereumRpc rpc)
    {
        if (!_readers.TryGetValue(_current, out var r))
        {
            r = new BookReader(rpc, _contracts.Value, _o.MaxBatchSize);
            _readers[_current] = r;
        }

        return r;
    }

    /// <summary>
    /// The head block's number and timestamp (the v2 accumulators' clock) from the current node, failing over to the
    /// next URLs in order; throws the last error when none answers.
    /// </summary>
    private async Task<(EthereumRpc Rpc, ulong Head, long Timestamp)> HeadAsync(CancellationToken ct)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < _nodes.Count; attempt++)
        {
            var i = (_current + attempt) % _nodes.Count;
            try
            {
                var head = await _nodes[i].Chain.GetBlockAsync(BlockParameter.Latest, ct) ?? throw new RpcProtocolException("eth_getBlockByNumber", "the node has no latest block");
                if (i != _current)
                {
                    Logger.LogWarning("Chain {Chain} ({Id}): RPC URL {From} failed, following URL {To} now", _chain.Name, _chain.Id, _current, i);
                    _current = i;
                }

                return (_nodes[i], head.Number, (long)head.Timestamp);
            }
            catch (Exception ex) when (IsOutage(ex, ct))
            {
                last = ex;
            }
        }

        throw last!;
    }

    private static bool IsOutage(Exception ex, CancellationToken ct) =>
        ex is RpcTransportException or HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested);
}
