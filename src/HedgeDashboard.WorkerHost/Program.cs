using HedgeDashboard.Data;
using HedgeDashboard.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

// The worker-only process: the pipeline stages (and the relayer) without the web UI. Run it beside web
// instances started with Hosting:Roles=web; several of it can run against one database.
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Hosting:Roles"] = "workers" });
builder.Configuration.AddEnvironmentVariables().AddCommandLine(args); // explicit settings still win over the default role
var connectionString = builder.Configuration.GetConnectionString("Hedge");
if (string.IsNullOrWhiteSpace(connectionString))
{
    Console.Error.WriteLine("ConnectionStrings:Hedge is not set (environment variable ConnectionStrings__Hedge).");
    return 2;
}

builder.Services.AddHedgeData(connectionString);
builder.Services.AddHedgeWorkers(builder.Configuration);
try
{
    await builder.Build().RunAsync();
    return 0;
}
catch (Microsoft.Extensions.Options.OptionsValidationException ex)
{
    Console.Error.WriteLine($"Configuration error: {string.Join("; ", ex.Failures)}");
    return 2;
}
