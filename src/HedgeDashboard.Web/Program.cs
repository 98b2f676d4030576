using HedgeDashboard.Web.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddHedgeDashboard();
    var app = builder.Build();
    await app.PrepareDatabaseAsync();
    app.MapHedgeDashboard();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupError.TryDescribe(ex, out var message))
{
    // One line naming the setting, not a stack trace: this is what an operator needs to fix it.
    Console.Error.WriteLine($"hedgedashboard: {message}");
    return 1;
}
