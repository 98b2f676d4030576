using System.Numerics;
using System.Text.RegularExpressions;
using HedgeDashboard.Data.Entities;
using HedgeDashboard.Data.Workflow;
using HedgeDashboard.Ethereum.Eip712;
using HedgeDashboard.Ethereum.Rpc.Contracts;
using HedgeDashboard.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace HedgeDashboard.Web.Tests;

/// <summary>
/// Issue 21 items 6 and 7: with Hosting:Roles split across processes each holds only its own key, and a manual
/// approval signed in the browser by the LP's wallet (an injected EIP-1193 provider signing with an anvil key) is
/// checked by the web process, sent by the relayer with its operator key and confirmed on anvil.
/// </summary>
[Collection(SplitRolesCollection.Name)]
public sealed partial class SplitRolesWalletTests(SplitRolesFixture fixture, ITestOutputHelper output)
{
    private static readonly BigInteger E18 = BigInteger.Pow(10, 18);
    private static string ModelSigner => AnvilNode.DevAccounts[8].Address;
    private static string Operator => AnvilNode.DevAccounts[9].Address;

    [Fact]
    public async Task SplitRoles_EachProcessHoldsOnlyItsKey_AndTheSignerSignsWhatTheRelayerSends()
    {
        // The start-up line of each process lists the key addresses it loaded (never a key).
        Assert.Equal("none", await KeysLineAsync(fixture.Web));
        Assert.Equal($"operator {Operator}", await KeysLineAsync(fixture.Relayer));
        Assert.Equal($"model signer {ModelSigner}", await KeysLineAsync(fixture.Signer));
        foreach (var p in new[] { fixture.Web, fixture.Relayer, fixture.Signer })
        {
            Assert.DoesNotContain(AnvilNode.DevAccounts[8].PrivateKey[2..], p.Output, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(AnvilNode.DevAccounts[9].PrivateKey[2..], p.Output, StringComparison.OrdinalIgnoreCase);
        }

        // An approval by a person: the signer process signs the update, the relayer process sends it.
        var (positionId, onChainId) = await fixture.PositionAsync(0);
        var suggestionId = await fixture.SeedSuggestionAsync(positionId, 0.7m);
        await using (var db = fixture.Db())
        {
            await db.ApproveAsync(suggestionId, "approver", null, DateTimeOffset.UtcNow);
        }

        var execution = await fixture.ConfirmedAsync(suggestionId);
        Assert.Equal(ModelSigner.ToLowerInvariant(), execution.UpdateSigner);
        Assert.Equal(Operator.ToLowerInvariant(), execution.FromAddress);
        var onChain = await new HedgeController(fixture.Market.Rpc, fixture.Market.Contract("hedgeController")).GetPositionAsync(onChainId);
        Assert.Equal(E18 * 7 / 10, onChain.Ratio);
        Assert.Equal(E18 * 10 / 4, onChain.HedgeSize); // the model's size step: 10 WETH cap x 0.25
    }

    [Fact]
    public async Task WalletSign_InjectedProviderSignsAsTheOwner_UpdateConfirmedOnAnvil()
    {
        // Demo position 1 belongs to anvil account 2 (5 WETH cap). 50 % -> 100 % in one step is beyond the model's caps:
        // only the owner's own signature can ask for it.
        var (positionId, onChainId) = await fixture.PositionAsync(1);
        var owner = LocalMarketFixture.Account(2);
        var suggestionId = await fixture.SeedSuggestionAsync(positionId, 1m);
        var controller = new HedgeController(fixture.Market.Rpc, fixture.Market.Contract("hedgeController"));
        var before = await controller.GetPositionAsync(onChainId);

        var page = await WalletPageAsync(owner);
        await page.GetByTestId($"wallet-sign-{suggestionId}").ClickAsync();
        // The card says so, unless the live inbox has already moved the approved suggestion to the decisions table.
        var signed = page.GetByTestId($"wallet-status-{suggestionId}").Filter(new() { HasText = "Signed by your wallet" })
            .Or(page.GetByText("signed in the browser by wallet"));
        await Assertions.Expect(signed.First).ToBeVisibleAsync(new() { Timeout = 60_000 });

        var execution = await fixture.ConfirmedAsync(suggestionId);
        Assert.Equal(owner.Address.ToLowerHex(), execution.UpdateSigner);
        Assert.Equal(Operator.ToLowerInvariant(), execution.FromAddress);
        var after = await controller.GetPositionAsync(onChainId);
        Assert.Equal((E18, E18 * 5, before.Nonce + 1), (after.Ratio, after.HedgeSize, after.Nonce));
        await using var db = fixture.Db();
        Assert.Equal(SuggestionStatus.Executed, (await db.Suggestions.AsNoTracking().SingleAsync(s => s.Id == suggestionId)).Status);
        Assert.Contains(await db.AuditLog.AsNoTracking().Where(a => a.Action == "suggestion.approved").Select(a => a.Details).ToListAsync(), d => d!.Contains(owner.Address.ToString(), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task WalletSign_StrangersWallet_RefusedBeforeQueueing()
    {
        var (positionId, _) = await fixture.PositionAsync(2);
        var stranger = LocalMarketFixture.Account(5);
        var suggestionId = await fixture.SeedSuggestionAsync(positionId, 0.6m);

        var page = await WalletPageAsync(stranger);
        await page.GetByTestId($"wallet-sign-{suggestionId}").ClickAsync();
        await Assertions.Expect(page.GetByTestId($"wallet-status-{suggestionId}")).ToContainTextAsync("neither the owner", new() { Timeout = 60_000 });

        await using var db = fixture.Db();
        Assert.False(await db.Executions.AnyAsync(e => e.SuggestionId == suggestionId));
        Assert.Equal(SuggestionStatus.Pending, (await db.Suggestions.AsNoTracking().SingleAsync(s => s.Id == suggestionId)).Status);
    }

    /// <summary>The suggestions page with an EIP-1193 provider whose eth_signTypedData_v4 signs in this process with <paramref name="wallet"/>'s key.</summary>
    private async Task<IPage> WalletPageAsync(Ethereum.Signing.EthereumAccount wallet)
    {
        var page = await DashboardFixture.SignInAsync(fixture.Browser, fixture.Web.BaseUrl, "approver", "/suggestions");
        await page.ExposeFunctionAsync("__hdWalletSign", (string account, string typedDataJson) =>
        {
            Assert.Equal(wallet.Address.ToString(), account, ignoreCase: true);
            output.WriteLine("wallet signs: " + typedDataJson);
            return wallet.SignTypedData(TypedData.FromJson(typedDataJson)).ToHex();
        });
        await page.AddInitScriptAsync(
            """
            window.ethereum = {
              request: async ({ method, params }) => {
                if (method === "eth_requestAccounts" || method === "eth_accounts") return ["__ACCOUNT__"];
                if (method === "eth_signTypedData_v4") return await window.__hdWalletSign(params[0], params[1]);
                throw Object.assign(new Error("unsupported method " + method), { code: 4200 });
              },
            };
            """.Replace("__ACCOUNT__", wallet.Address.ToLowerHex(), StringComparison.Ordinal));
        await page.ReloadAsync();
        await page.Locator(".hd-shell[data-interactive=true]").WaitForAsync(new() { Timeout = 30_000 });
        return page;
    }

    private async Task<string> KeysLineAsync(DashboardProcess process)
    {
        var line = await fixture.EventuallyAsync(
            () => Task.FromResult(KeysLine().Match(process.Output) is { Success: true } m ? m.Groups[1].Value.Trim() : null),
            "the start-up line listing the process's keys",
            TimeSpan.FromSeconds(60));
        output.WriteLine("keys: " + line);
        return line;
    }

    [GeneratedRegex("Signing keys held by this process: (.+)")]
    private static partial Regex KeysLine();
}
