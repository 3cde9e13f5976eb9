using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Pauta.Cluster.Tests;

/// <summary>
/// One signed-in person, as a browser holds them: a cookie jar. The cookies belong to the host (127.0.0.1), not to a
/// port, so the same person can talk to the balancer or to one node directly with the same sign-in.
/// </summary>
public sealed partial class Session : IDisposable
{
    public const string Password = "Pauta-demo-1";
    public const string NodeHeader = "X-Pauta-Node";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly CookieContainer _cookies = new();
    private readonly Dictionary<string, HttpClient> _clients = [];
    private readonly Lock _lock = new();

    public Session(string email, string defaultUrl)
    {
        Email = email;
        DefaultUrl = defaultUrl;
    }

    public string Email { get; }
    public string DefaultUrl { get; }

    /// <summary>A client for <paramref name="baseUrl"/> (default: the balancer) that sends this person's cookies.</summary>
    public HttpClient To(string? baseUrl = null)
    {
        baseUrl ??= DefaultUrl;
        lock (_lock)
        {
            if (_clients.TryGetValue(baseUrl, out var client)) return client;
            var handler = new SocketsHttpHandler
            {
                CookieContainer = _cookies, UseCookies = true, AllowAutoRedirect = false,
                // A short lifetime so keep-alive connections do not pin a client to one node for the whole test
                // (HAProxy balances each request anyway; this only keeps the test honest about it).
                PooledConnectionLifetime = TimeSpan.FromSeconds(5),
            };
            client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
            _clients[baseUrl] = client;
            return client;
        }
    }

    public string CookieHeader(string url) => _cookies.GetCookieHeader(new Uri(url));

    public static async Task<Session> SignInAsync(string email, string balancerUrl)
    {
        var session = new Session(email, balancerUrl);
        var client = session.To();
        var page = await client.GetStringAsync("/account/signin");
        var token = TokenField().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("no antiforgery token on /account/signin");
        // The form came from one node; the POST goes to the next one in the round: the antiforgery cookie and token
        // are checked with the data-protection keys all nodes share.
        var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = Password, ["Input.RememberMe"] = "false", ["__RequestVerificationToken"] = token,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"sign-in of {email}");
        return session;
    }

    public Task<HttpResponseMessage> PostJsonAsync(string url, object body, string? baseUrl = null) =>
        To(baseUrl).PostAsJsonAsync(url, body, Json);

    public async Task<T> GetJsonAsync<T>(string url, string? baseUrl = null)
    {
        var response = await To(baseUrl).GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {url}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public static string? NodeOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(NodeHeader, out var values) ? values.FirstOrDefault() : null;

    public static StringContent Text(string text, string type) => new(text, Encoding.UTF8, type);

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    public void Dispose()
    {
        foreach (var c in _clients.Values) c.Dispose();
    }
}
