using System.Net;
using System.Net.Sockets;

namespace HedgeDashboard.Workers.Alerts;

/// <summary>
/// Which hosts a webhook may reach: public addresses only, unless Workers:Alerts:AllowPrivateWebhookTargets. Checked
/// when the URL is saved (the host resolved) and again on every connection, against the address actually dialled,
/// so a name that later resolves to 127.0.0.1 (DNS rebinding) is refused too.
/// </summary>
public static class WebhookTargets
{
    private static readonly IPNetwork[] Blocked =
    [
        IPNetwork.Parse("0.0.0.0/8"),        // "this network", unspecified
        IPNetwork.Parse("10.0.0.0/8"),       // private
        IPNetwork.Parse("100.64.0.0/10"),    // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),      // loopback
        IPNetwork.Parse("169.254.0.0/16"),   // link-local (cloud metadata at 169.254.169.254)
        IPNetwork.Parse("172.16.0.0/12"),    // private
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments
        IPNetwork.Parse("192.168.0.0/16"),   // private
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking
        IPNetwork.Parse("224.0.0.0/3"),      // multicast, reserved, broadcast
        IPNetwork.Parse("::/128"),           // unspecified
        IPNetwork.Parse("::1/128"),          // loopback
        IPNetwork.Parse("fc00::/7"),         // unique local
        IPNetwork.Parse("fe80::/10"),        // link-local
        IPNetwork.Parse("ff00::/8"),         // multicast
    ];

    /// <summary>Loopback, private, link-local, unspecified, multicast or reserved (IPv4 inside IPv6 included).</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && Embedded(address) is { } v4)
        {
            return IsPrivate(v4);
        }

        return Blocked.Any(n => n.Contains(address));
    }

    /// <summary>The IPv4 address inside a NAT64 (64:ff9b::/96) or IPv4-compatible (::/96) IPv6 address.</summary>
    private static IPAddress? Embedded(IPAddress v6)
    {
        var b = v6.GetAddressBytes();
        var nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0;
        var compatible = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !IPAddress.IPv6Loopback.Equals(v6) && !IPAddress.IPv6Any.Equals(v6);
        return nat64 || compatible ? new IPAddress(b.AsSpan(12, 4)) : null;
    }

    /// <summary>Why the URL may not be used as a webhook (after resolving its host), or null when it may.</summary>
    public static async Task<string?> CheckAsync(string url, bool allowPrivate, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "An absolute http(s) URL, or empty for no webhook.";
        }

        if (allowPrivate)
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.DnsSafeHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.DnsSafeHost, ct);
        }
        catch (SocketException ex)
        {
            return $"The host {uri.Host} does not resolve: {ex.Message}";
        }

        return addresses.FirstOrDefault(IsPrivate) is { } bad
            ? $"{uri.Host} is a loopback, private or link-local address ({bad}); webhooks go to public hosts only (Workers:Alerts:AllowPrivateWebhookTargets)."
            : null;
    }

    /// <summary>
    /// The webhook client's handler: every connection resolves the host itself and dials only a permitted address; no
    /// proxy (it would dial for us), no redirects (a 30x to an internal host), response headers capped.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(bool allowPrivate) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        MaxResponseHeadersLength = 16, // KB
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
            var permitted = allowPrivate ? addresses : addresses.Where(a => !IsPrivate(a)).ToArray();
            if (permitted.Length == 0)
            {
                throw new HttpRequestException($"webhook host {host} resolves only to loopback, private or link-local addresses ({string.Join(", ", addresses.Select(a => a.ToString()))}); refused (Workers:Alerts:AllowPrivateWebhookTargets)");
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(permitted, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
