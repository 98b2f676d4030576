namespace HedgeDashboard.Workers.Hosting;

/// <summary>The connection string of the store (ConnectionStrings:Hedge), for advisory locks and LISTEN.</summary>
public sealed record WorkerDatabase(string ConnectionString);
