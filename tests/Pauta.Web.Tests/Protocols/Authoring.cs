using System.Net;
using Microsoft.EntityFrameworkCore;
using Pauta.Data.Entities;
using Pauta.Data.Protocols;
using Pauta.Web.Tests.Infrastructure;
using Protocol = Pauta.Core.Protocols.Protocol;

namespace Pauta.Web.Tests.Protocols;

/// <summary>What a manager does with the authoring pages, as a browser does it: open, fill in, post the form back.</summary>
public static class Authoring
{
    public const string FormSelector = "#protocol-form";

    public static string EditUrl(Guid id) => $"/protocols/{id}/edit";

    /// <summary>The reading page of the latest published version.</summary>
    public static string ReadUrl(Guid id) => $"/protocols/{id}";

    /// <summary>Creates a protocol through /protocols/new and returns its id, read from the redirect to the editor.</summary>
    public static async Task<Guid> CreateAsync(Browser browser, string template, string department = "Atención al cliente", string title = "")
    {
        var page = await browser.SubmitAsync("/protocols/new", Browser.Form(
            ("Input.Template", template), ("Input.Title", title), ("Input.Department", department)));
        page.ShouldHaveStatus(HttpStatusCode.Redirect, $"creating from {template}");
        var path = Assertions.LocalPath(page.Location);
        path.ShouldStartWith("/protocols/");
        path.ShouldEndWith("/edit");
        return Guid.Parse(path["/protocols/".Length..^"/edit".Length]);
    }

    public static async Task<Page> OpenAsync(Browser browser, Guid id)
    {
        var page = await browser.GetPageAsync(EditUrl(id));
        page.ShouldHaveStatus(HttpStatusCode.OK);
        return page;
    }

    /// <summary>The editor form's fields as the browser would post them.</summary>
    public static List<KeyValuePair<string, string>> Fields(Page page) => page.FormFields(FormSelector);

    /// <summary>Posts the editor form with a button's op ("save", "check", "add:terms"…).</summary>
    public static Task<Page> PostAsync(Browser browser, Guid id, IEnumerable<KeyValuePair<string, string>> fields, string op) =>
        browser.PostFormAsync(EditUrl(id), fields.Where(f => f.Key != "op").Append(new("op", op)));

    /// <summary>Posts one lifecycle form (Submit, Approve, Publish…) of the editor page as it is shown now.</summary>
    public static async Task<Page> LifecycleAsync(Browser browser, Guid id, string handler, params (string Name, string Value)[] extra)
    {
        var page = await OpenAsync(browser, id);
        var version = page.Document.QuerySelector($"form[action*='handler={handler}'] input[name='Version']")?.GetAttribute("value")
            ?? page.Document.QuerySelector("#protocol-form input[name='Version']")?.GetAttribute("value") ?? "0";
        var fields = Browser.Form(extra).Append(new("Version", version)).Append(new(Browser.AntiforgeryField, page.AntiforgeryToken!));
        return await browser.PostFormAsync($"{EditUrl(id)}?handler={handler}", fields);
    }

    public static async Task SaveAsync(Browser browser, Guid id, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var saved = await PostAsync(browser, id, fields, "save");
        saved.ShouldRedirectTo(EditUrl(id));
    }

    /// <summary>The stored protocol row, read past the tenant filter (the tests know which organisation it is).</summary>
    public static Task<ProtocolRecord> RecordAsync(PautaApp app, Guid id) =>
        app.WithDbAsync(db => db.Protocols.IgnoreQueryFilters().AsNoTracking().SingleAsync(p => p.Id == id));

    public static async Task<string> DraftTextAsync(PautaApp app, Guid id) =>
        (await RecordAsync(app, id)).DraftText ?? throw new ShouldAssertException($"protocol {id} has no draft");

    public static async Task<Protocol> DraftAsync(PautaApp app, Guid id) =>
        ProtocolFile.Parse("draft.md", await DraftTextAsync(app, id)).Protocol!;

    public static Task<List<ProtocolVersion>> VersionsAsync(PautaApp app, Guid id) =>
        app.WithDbAsync(db => db.ProtocolVersions.IgnoreQueryFilters().AsNoTracking().Where(v => v.ProtocolId == id).OrderBy(v => v.Number).ToListAsync());

    /// <summary>The id of a demo protocol by its title: the first one so called, since tests create others from templates.</summary>
    public static Task<Guid> DemoProtocolAsync(PautaApp app, string title) =>
        app.WithDbAsync(db => db.Protocols.IgnoreQueryFilters().Where(p => p.Title == title).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Select(p => p.Id).FirstAsync());

    /// <summary>The messages shown beside the part a linter path names.</summary>
    public static string MarksAt(Page page, string path) =>
        page.Document.GetElementById("m-" + Slug(path))?.TextContent.Trim() ?? "";

    /// <summary>The value of the input (or text area, or selected option) a linter path names.</summary>
    public static string ValueAt(Page page, string path)
    {
        var element = page.Document.GetElementById("f-" + Slug(path)) ?? throw new ShouldAssertException($"no input for {path}");
        return element switch
        {
            AngleSharp.Html.Dom.IHtmlTextAreaElement area => area.Value,
            AngleSharp.Html.Dom.IHtmlSelectElement select => select.Value ?? "",
            AngleSharp.Html.Dom.IHtmlInputElement input => input.Value,
            _ => element.TextContent,
        };
    }

    public static string Slug(string path) => string.Join('-', path.Split(['[', ']', '.'], StringSplitOptions.RemoveEmptyEntries));

    public static List<KeyValuePair<string, string>> Set(this List<KeyValuePair<string, string>> fields, string name, string value) =>
        Browser.With(fields, name, value);

    public static List<KeyValuePair<string, string>> Without(this List<KeyValuePair<string, string>> fields, string name, string? value = null) =>
        fields.Where(f => !(f.Key == name && (value is null || f.Value == value))).ToList();

    public static List<KeyValuePair<string, string>> Plus(this List<KeyValuePair<string, string>> fields, string name, string value) =>
        fields.Append(new(name, value)).ToList();
}
