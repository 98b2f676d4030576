using System.Diagnostics;
using HedgeDashboard.TestSupport;

namespace HedgeDashboard.Ethereum.Tests;

/// <summary>Runs foundry's `cast` (npm @foundry-rs/cast) as the peer implementation.</summary>
internal static class CastTool
{
    public static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo(RepoPaths.NpmTool("cast"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["ETH_RPC_URL"] = "http://127.0.0.1:9";
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0
            ? stdout.Result.Trim()
            : throw new InvalidOperationException($"cast {string.Join(' ', args)} failed ({p.ExitCode}): {stderr}");
    }
}
