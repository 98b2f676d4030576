namespace HedgeDashboard.Web.Hosting;

/// <summary>
/// Switches for the browser tests, honoured in Development only. AllowForgedActions lets a page render action
/// buttons for a role that may not use them (?show-all-actions=true), so a test can send the forbidden event over
/// the circuit and see the server refuse and audit it.
/// </summary>
public sealed class TestHooks(IConfiguration config, IWebHostEnvironment env)
{
    public bool AllowForgedActions { get; } = env.IsDevelopment() && config.GetValue<bool>("Testing:AllowForgedActions");
}
