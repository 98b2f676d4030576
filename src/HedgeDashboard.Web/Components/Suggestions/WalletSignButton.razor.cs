using HedgeDashboard.Web.Auth;
using HedgeDashboard.Web.Suggestions;
using HedgeDashboard.Workers.Approvals;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace HedgeDashboard.Web.Components.Suggestions;

/// <summary>
/// Approves a suggestion with the LP's own wallet: the server prepares the RatioUpdate, the browser wallet signs it
/// (wwwroot/js/wallet.js, eth_signTypedData_v4), the server checks the signer against the chain and queues the
/// approval with that signature; the relayer sends it with its operator key.
/// </summary>
public sealed partial class WalletSignButton
{
    private IJSObjectReference? _module;
    private bool _busy;
    private string? _message;

    [Parameter, EditorRequired]
    public long SuggestionId { get; set; }

    [Inject] public required WalletApprovals Wallets { get; init; }

    [Inject] public required Rights Rights { get; init; }

    [Inject] public required IJSRuntime JS { get; init; }

    [Inject] public required NavigationManager Nav { get; init; }

    private async Task SignAsync()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            // An event handler is a public endpoint: the same rights and recent sign-in as the Approve button.
            var user = await Rights.UserAsync();
            var decider = Decider.FromPrincipal(user);
            if (!decider.MayDecide)
            {
                _message = "You are not allowed to approve suggestions.";
                return;
            }

            if (!Rights.IsRecentlyAuthenticated(user))
            {
                Nav.NavigateTo($"account/reauthenticate?returnUrl={Uri.EscapeDataString("/suggestions")}", forceLoad: true);
                return;
            }

            _message = "Preparing the update…";
            var prepared = await Wallets.PrepareAsync(SuggestionId);
            _message = "Confirm the signature in your wallet…";
            StateHasChanged();
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/wallet.js");
            var signed = await _module.InvokeAsync<WalletSignature>("signTypedData", prepared.TypedDataJson);
            var result = await Wallets.SubmitAsync(prepared, signed.Signature, decider);
            _message = result.Succeeded ? $"Signed by your wallet: {result.Message}" : result.Message;
        }
        catch (WalletApprovalException ex)
        {
            _message = ex.Message;
        }
        catch (JSException ex)
        {
            _message = "The wallet did not sign: " + ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; so is the module.
            }
        }
    }

    private sealed record WalletSignature(string Account, string Signature);
}
