using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;

namespace Pauta.Web.Infrastructure;

/// <summary>
/// The address people reach Pauta by (<c>Pauta:PublicUrl</c>). Every absolute link Pauta hands out (reset and
/// invitation mails, copied links, survey links, poster QR codes) starts here, never with the request's Host header,
/// which whoever sends the request chooses.
/// </summary>
public sealed class PublicUrl
{
    public const string Setting = "Pauta:PublicUrl";
    public const string Default = "http://localhost:5080";

    public PublicUrl(string? configured)
    {
        var value = string.IsNullOrWhiteSpace(configured) ? Default : configured.Trim();
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
            !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            throw new InvalidOperationException($"{Setting} must be an absolute http or https address such as https://pauta.example.com, not '{value}'.");
        Root = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        Host = uri.IdnHost;
    }

    /// <summary>Scheme, host, port and any path prefix, without a trailing slash.</summary>
    public string Root { get; }

    public string Host { get; }

    /// <summary>An absolute link to <paramref name="pathAndQuery"/> (which starts with '/').</summary>
    public string Link(string pathAndQuery) => Root + pathAndQuery;

    /// <summary>
    /// The public URL, the host names requests may carry and the proxies whose X-Forwarded-* headers count.
    /// Hosts: <c>AllowedHosts</c> when set, else the public URL's host and the loopback names (health checks on the machine).
    /// Proxies: <c>Pauta:ForwardedHeaders:KnownProxies</c> / <c>KnownNetworks</c> when set, else loopback only.
    /// </summary>
    public static void AddPublicAddress(IServiceCollection services, IConfiguration config)
    {
        var publicUrl = new PublicUrl(config[Setting]);
        services.AddSingleton(publicUrl);
        services.Configure<HostFilteringOptions>(o =>
        {
            var hosts = Split(config["AllowedHosts"]);
            o.AllowedHosts = hosts.Count > 0 ? hosts : [publicUrl.Host, "localhost", "127.0.0.1", "[::1]"];
        });
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            var proxies = Split(config["Pauta:ForwardedHeaders:KnownProxies"]);
            var networks = Split(config["Pauta:ForwardedHeaders:KnownNetworks"]);
            if (proxies.Count == 0 && networks.Count == 0) return;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var ip) ? ip
                    : throw new InvalidOperationException($"Pauta:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address."));
            foreach (var network in networks)
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var n) ? n
                    : throw new InvalidOperationException($"Pauta:ForwardedHeaders:KnownNetworks: '{network}' is not a network such as 10.0.0.0/8."));
        });
    }

    private static List<string> Split(string? value) =>
        (value ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
