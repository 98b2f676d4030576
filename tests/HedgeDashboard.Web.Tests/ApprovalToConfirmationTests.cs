using System.Numerics;
using System.Text.Json;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Ethereum;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace HedgeDashboard.Web.Tests;

/// <summary>
/// The whole way, as a person sees it: an Approver approves a suggestion in the browser, and the same page (never
/// reloaded) follows the execution through the relayer and the chain to "confirmed", with the transaction linked
/// through the configured explorer; then the chain and the database agree.
/// </summary>
[Collection(ChainDashboardCollection.Name)]
public sealed class ApprovalToConfirmationTests(ChainDashboardFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ToConfirmed = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Approver_ApprovesSuggestion_PageFollowsItToConfirmedOnChain()
    {
        var id = fixture.SuggestionId;
        var controller = fixture.Market.Contract("hedgeController");
        var (ratioBefore, nonceBefore) = await OnChainAsync(controller);
        Assert.Equal(RatioUnits(0.5m), ratioBefore);

        var page = await DashboardFixture.SignInAsync(fixture.Browser, fixture.App.BaseUrl, "approver", "/suggestions");
        var card = page.GetByTestId($"suggestion-{id}");
        await Assertions.Expect(card).ToContainTextAsync("hedge 50% → 70%", new() { Timeout = 30_000 });

        // Mark this document (a reload or navigation would lose the mark) and record every execution status it shows.
        await page.EvaluateAsync(
            """
            id => {
              window.__hdSameDocument = true;
              window.__hdStatuses = [];
              const read = () => {
                const badge = document.querySelector(`[data-testid="execution-${id}"]`);
                const text = badge ? badge.textContent.trim() : null;
                const seen = window.__hdStatuses;
                if (text && seen[seen.length - 1] !== text) seen.push(text);
              };
              new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
            }
            """,
            id);

        await DashboardFlowTests.Comment(page).FillAsync("vol is up: hedge 70 %");
        await page.GetByTestId($"approve-{id}").ClickAsync();
        await page.GetByTestId("confirm-approve").ClickAsync();

        var status = page.GetByTestId($"execution-{id}");
        await Assertions.Expect(status).ToHaveTextAsync("confirmed", new() { Timeout = (float)ToConfirmed.TotalMilliseconds });
        var link = page.GetByTestId($"tx-link-{id}");
        await Assertions.Expect(link).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId($"decision-{id}")).ToHaveTextAsync("executed", new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__hdSameDocument === true"), "the page was reloaded or left");
        var statuses = await page.EvaluateAsync<string[]>("() => window.__hdStatuses");
        output.WriteLine("statuses shown: " + string.Join(" → ", statuses));
        // Live, not after the fact: the page first showed a state before confirmation (normally "execution requested";
        // "signed" when the relayer wins the race with the page's own reload), then each change it was told of.
        Assert.True(statuses.Length >= 2, "the status never changed on the page: " + string.Join(", ", statuses));
        Assert.All(statuses, s => Assert.Contains(s, new[] { "execution requested", "signed", "broadcast", "mined", "confirmed" }));
        Assert.Equal("confirmed", statuses[^1]);
        Assert.Single(statuses, "confirmed");

        // Let the notices (6 s each) go for the screenshot.
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await DashboardFlowTests.Shot(page, "suggestions-confirmed");

        // The database: the execution is confirmed, with the hash the page links to.
        await using var db = fixture.Db();
        var execution = await db.Executions.AsNoTracking().SingleAsync(e => e.SuggestionId == id);
        Assert.Equal(ExecutionStatus.Confirmed, execution.Status);
        Assert.NotNull(execution.TxHash);
        Assert.Equal(ChainDashboardFixture.ExplorerTemplate.Replace("{hash}", execution.TxHash, StringComparison.Ordinal), await link.GetAttributeAsync("href"));
        Assert.Equal("_blank", await link.GetAttributeAsync("target"));
        Assert.Equal(ChainDashboardFixture.ProposedRatio, execution.TargetRatio);
        var suggestion = await db.Suggestions.AsNoTracking().SingleAsync(s => s.Id == id);
        Assert.Equal(SuggestionStatus.Executed, suggestion.Status);
        Assert.Equal("approver", suggestion.DecidedBy);
        Assert.Equal("vol is up: hedge 70 %", suggestion.DecisionComment);

        // The chain: the controller holds the new ratio for the position, applied by exactly this transaction.
        var (ratioAfter, nonceAfter) = await OnChainAsync(controller);
        Assert.Equal(RatioUnits(ChainDashboardFixture.ProposedRatio), ratioAfter);
        Assert.Equal(nonceBefore + 1, nonceAfter);
        var receipt = await fixture.Market.Node.RpcAsync("eth_getTransactionReceipt", execution.TxHash!);
        Assert.Equal("0x1", receipt.GetProperty("status").GetString());
        Assert.Equal(execution.BlockNumber, (long)Hex.DecodeQuantity(receipt.GetProperty("blockNumber").GetString()!));

        // The indexer stored the RatioUpdated event of that transaction against the position and reconciled its ratio.
        var indexed = await fixture.EventuallyAsync(
            async () =>
            {
                await using var q = fixture.Db();
                return await q.ControllerEvents.AsNoTracking()
                    .Where(e => e.TxHash == execution.TxHash && e.EventName == "RatioUpdated" && !e.Removed)
                    .Select(e => (long?)e.PositionId).SingleOrDefaultAsync();
            },
            "the indexer to store the RatioUpdated event",
            TimeSpan.FromSeconds(60));
        Assert.Equal(fixture.PositionId, indexed);
        var positionRatio = await fixture.EventuallyAsync(
            async () =>
            {
                await using var q = fixture.Db();
                var r = await q.Positions.AsNoTracking().Where(p => p.Id == fixture.PositionId).Select(p => p.OnChainHedgeRatio).SingleAsync();
                return r == ChainDashboardFixture.ProposedRatio ? r : (decimal?)null;
            },
            "the position's on-chain ratio to follow the event",
            TimeSpan.FromSeconds(60));
        Assert.Equal(ChainDashboardFixture.ProposedRatio, positionRatio);

        // The audit trail: the person's approval and the relayer's sign and confirmation of that execution.
        var audit = await db.AuditLog.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
        var approved = Assert.Single(audit, a => a.Action == "suggestion.approved" && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("approver", approved.Actor);
        var executionId = execution.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Single(audit, a => a.Action == "execution.signed" && a.EntityId == executionId);
        var confirmed = Assert.Single(audit, a => a.Action == "execution.confirmed" && a.EntityId == executionId);
        Assert.Equal(execution.TxHash, JsonDocument.Parse(confirmed.Details).RootElement.GetProperty("hash").GetString());
        await page.Context.CloseAsync();
    }

    private static BigInteger RatioUnits(decimal ratio) => new(ratio * 1_000_000_000_000_000_000m);

    /// <summary>getPosition(id) on the controller (eth_call): the position's ratio (1e18 = 100 %) and nonce.</summary>
    private async Task<(BigInteger Ratio, BigInteger Nonce)> OnChainAsync(Address controller)
    {
        var position = await new HedgeController(fixture.Market.Rpc, controller).GetPositionAsync(fixture.OnChainPositionId);
        return (position.Ratio, position.Nonce);
    }
}
