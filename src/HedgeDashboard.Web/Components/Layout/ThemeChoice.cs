namespace HedgeDashboard.Web.Components.Layout;

/// <summary>The light/dark choice read from the theme cookie when the page was requested.</summary>
public sealed record ThemeChoice(bool Dark);
