using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HedgeDashboard.Web.Hosting;

/// <summary>Turns the start-up failures an operator can fix into one line that names the setting.</summary>
public static class StartupError
{
    public static bool TryDescribe(Exception ex, out string message)
    {
        message = Unwrap(ex) switch
        {
            OptionsValidationException e => string.Join("; ", e.Failures),
            IOException { InnerException: AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } } e =>
                $"{e.Message} (set the listen address with --urls or ASPNETCORE_URLS; scripts/run.sh uses HEDGE_WEB_PORT)",
            NpgsqlException e => $"cannot reach the database named by ConnectionStrings:Hedge: {e.Message}",
            StartupConfigurationException e => e.Message,
            _ => "",
        };
        return message.Length > 0;
    }

    private static Exception Unwrap(Exception ex)
    {
        while (ex is AggregateException { InnerException: { } inner })
        {
            ex = inner;
        }

        return ex;
    }
}

/// <summary>A setting is missing or wrong; the message names it.</summary>
public sealed class StartupConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
