using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Pauta.Web.Tests.Infrastructure;

/// <summary>
/// What a person's browser (or an API client with the session cookie) does: keeps cookies, sees
/// redirects instead of following them, fetches a form's antiforgery token before posting it.
/// </summary>
public sealed class Browser(HttpClient client, System.Net.CookieContainer? cookies = null) : IDisposable
{
    public const string AntiforgeryField = "__RequestVerificationToken";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private static readonly HtmlParser Parser = new();

    public HttpClient Client { get; } = client;

    /// <summary>The cookies this browser holds for <paramref name="address"/>, as a Cookie header.</summary>
    public string CookieHeader(Uri address) => cookies?.GetCookieHeader(address) ?? "";

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    public async Task<Page> GetPageAsync(string url)
    {
        var response = await Client.GetAsync(url);
        return await Page.ReadAsync(response);
    }

    /// <summary>The antiforgery token of the first form on <paramref name="pageUrl"/>, fetched as the current user.</summary>
    public async Task<string> GetAntiforgeryTokenAsync(string pageUrl)
    {
        var page = await GetPageAsync(pageUrl);
        page.Status.ShouldBe(HttpStatusCode.OK, $"GET {pageUrl} to read its form");
        return page.AntiforgeryToken ?? throw new ShouldAssertException($"{pageUrl} has no {AntiforgeryField} input");
    }

    /// <summary>Opens <paramref name="pageUrl"/> like a person would, then submits a form of it to <paramref name="action"/> (default: the page itself).</summary>
    public async Task<Page> SubmitAsync(string pageUrl, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var token = await GetAntiforgeryTokenAsync(pageUrl);
        return await PostFormAsync(action ?? pageUrl, fields.Append(new(AntiforgeryField, token)));
    }

    /// <summary>Posts a form as is: no token is added.</summary>
    public async Task<Page> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var response = await Client.PostAsync(url, new FormUrlEncodedContent(fields));
        return await Page.ReadAsync(response);
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password, bool rememberMe = false)
    {
        var page = await SubmitAsync("/account/signin", Form(
            ("Input.Email", email), ("Input.Password", password), ("Input.RememberMe", rememberMe ? "true" : "false")));
        return page.Response;
    }

    public async Task<HttpResponseMessage> SignUpAsync(IReadOnlyDictionary<string, string> fields) =>
        (await SubmitAsync("/account/signup", fields)).Response;

    public async Task<T> GetJsonAsync<T>(string url)
    {
        var response = await Client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"GET {url}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    public Task<HttpResponseMessage> GetAsync(string url) => Client.GetAsync(url);

    public Task<HttpResponseMessage> PostJsonAsync(string url, object body) => Client.PostAsJsonAsync(url, body, Json);

    public Task<HttpResponseMessage> PutJsonAsync(string url, object body) => Client.PutAsJsonAsync(url, body, Json);

    public Task<HttpResponseMessage> DeleteAsync(string url) => Client.DeleteAsync(url);

    public Task<HttpResponseMessage> PostAsync(string url) => Client.PostAsync(url, null);

    public static IEnumerable<KeyValuePair<string, string>> Form(params (string Name, string Value)[] fields) =>
        fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value));

    /// <summary>The same form fields with <paramref name="name"/> set to <paramref name="value"/>.</summary>
    public static List<KeyValuePair<string, string>> With(IEnumerable<KeyValuePair<string, string>> fields, string name, string value) =>
        fields.Where(f => f.Key != name).Append(new(name, value)).ToList();

    public void Dispose() => Client.Dispose();
}

/// <summary>A response with its HTML parsed.</summary>
public sealed class Page
{
    private Page(HttpResponseMessage response, string html)
    {
        Response = response;
        Html = html;
        Document = Browser.Parse(html);
    }

    public HttpResponseMessage Response { get; }
    public HttpStatusCode Status => Response.StatusCode;
    public string Html { get; }
    public IDocument Document { get; }
    public string? Location => Response.Headers.Location?.OriginalString;
    public string Text => Document.Body?.TextContent ?? "";
    public string Title => Document.QuerySelector("h1")?.TextContent.Trim() ?? "";

    public string? AntiforgeryToken =>
        Document.QuerySelector($"input[name='{Browser.AntiforgeryField}']")?.GetAttribute("value");

    /// <summary>The error text shown beside the input named <paramref name="field"/> (e.g. "Input.Email").</summary>
    public string FieldError(string field) =>
        string.Join(" ", Document.QuerySelectorAll("[data-valmsg-for]")
            .Where(e => e.GetAttribute("data-valmsg-for") == field)
            .Select(e => e.TextContent.Trim()));

    /// <summary>Errors that belong to no field (the validation summary).</summary>
    public string SummaryErrors =>
        string.Join(" ", Document.QuerySelectorAll(".validation-summary-errors, [data-valmsg-summary]").Select(e => e.TextContent.Trim()));

    /// <summary>
    /// The fields a browser would submit for the first form matching <paramref name="selector"/>:
    /// inputs (checked boxes only), selected options and text areas, antiforgery token included.
    /// </summary>
    public List<KeyValuePair<string, string>> FormFields(string selector = "form.form") =>
        FieldsOf(Document.QuerySelector(selector) ?? throw new ShouldAssertException($"no {selector} on the page: {this}"));

    /// <summary>What a browser would send for <paramref name="form"/>: every named field, checked boxes only.</summary>
    public static List<KeyValuePair<string, string>> FieldsOf(AngleSharp.Dom.IElement form)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var e in form.QuerySelectorAll("input[name], select[name], textarea[name]"))
        {
            var name = e.GetAttribute("name")!;
            switch (e)
            {
                case AngleSharp.Html.Dom.IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked) fields.Add(new(name, input.Value));
                    break;
                case AngleSharp.Html.Dom.IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case AngleSharp.Html.Dom.IHtmlSelectElement select:
                    var selected = select.Options.FirstOrDefault(o => o.IsSelected) ?? select.Options.FirstOrDefault();
                    if (selected is not null) fields.Add(new(name, selected.Value));
                    break;
                case AngleSharp.Html.Dom.IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value));
                    break;
            }
        }
        return fields;
    }

    public static async Task<Page> ReadAsync(HttpResponseMessage response) =>
        new(response, await response.Content.ReadAsStringAsync());

    public override string ToString() => $"{(int)Status} {Location} {Text[..Math.Min(Text.Length, 2000)]}";
}
