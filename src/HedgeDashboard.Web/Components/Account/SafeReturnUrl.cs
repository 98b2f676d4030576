namespace HedgeDashboard.Web.Components.Account;

/// <summary>Keeps sign-in redirects on this site (no open redirect to another host).</summary>
public static class SafeReturnUrl
{
    public static string From(string? returnUrl)
    {
        if (string.IsNullOrWhiteSpace(returnUrl))
        {
            return "/";
        }

        var url = returnUrl.Trim();
        if (url.StartsWith("//", StringComparison.Ordinal) || url.StartsWith("/\\", StringComparison.Ordinal) || url.Contains("://", StringComparison.Ordinal))
        {
            return "/";
        }

        return url.StartsWith('/') ? url : "/" + url;
    }
}
