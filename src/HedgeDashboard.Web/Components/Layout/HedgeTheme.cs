using MudBlazor;

namespace HedgeDashboard.Web.Components.Layout;

/// <summary>The app's one MudTheme (light and dark palettes) and the cookie that remembers the reader's choice.</summary>
public static class HedgeTheme
{
    /// <summary>Read at prerender so a reload paints the chosen palette at once; written by wwwroot/js/theme.js.</summary>
    public const string Cookie = "hd-theme";

    /// <summary>System fonts only: Google Fonts (Roboto) is not reachable from the machines this runs on.</summary>
    public const string FontStack = "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", \"Liberation Sans\", Arial, sans-serif";

    private static readonly string[] Fonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Noto Sans", "Liberation Sans", "Arial", "sans-serif"];

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            Secondary = "#00897b",
            AppbarBackground = "#283593",
            AppbarText = "#ffffff",
            Background = "#f5f6fa",
            DrawerBackground = "#ffffff",
            TextPrimary = "#1d2433",
            TextSecondary = "#5a6275",
        },
        // Dark: a dark header (not MudBlazor's light grey), and a primary light enough that links stay readable.
        PaletteDark = new PaletteDark
        {
            Primary = "#8c9eff",
            Secondary = "#4db6ac",
            AppbarBackground = "#161a23",
            AppbarText = "#e6e9f0",
            Background = "#0f1218",
            Surface = "#1b202b",
            DrawerBackground = "#161a23",
            DrawerText = "#d5d9e3",
            TextPrimary = "#e6e9f0",
            TextSecondary = "#aab1c2",
            LinesDefault = "#2e3545",
            TableLines = "#2e3545",
            Divider = "#2e3545",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts },
            H1 = new H1Typography { FontFamily = Fonts },
            H2 = new H2Typography { FontFamily = Fonts },
            H3 = new H3Typography { FontFamily = Fonts },
            H4 = new H4Typography { FontFamily = Fonts },
            H5 = new H5Typography { FontFamily = Fonts },
            H6 = new H6Typography { FontFamily = Fonts },
            Subtitle1 = new Subtitle1Typography { FontFamily = Fonts },
            Subtitle2 = new Subtitle2Typography { FontFamily = Fonts },
            Body1 = new Body1Typography { FontFamily = Fonts },
            Body2 = new Body2Typography { FontFamily = Fonts },
            Button = new ButtonTypography { FontFamily = Fonts },
            Caption = new CaptionTypography { FontFamily = Fonts },
            Overline = new OverlineTypography { FontFamily = Fonts },
        },
    };

    public static bool IsDark(string? cookieValue) => cookieValue == "dark";
}
