namespace HedgeDashboard.Web.Hosting;

/// <summary>How the web process treats the schema. The connection string itself is ConnectionStrings:Hedge.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply pending migrations at start-up (development); production runs `hedge db migrate`.</summary>
    public bool MigrateOnStartup { get; set; }
}
