using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Pauta.Browser.Tests.Text;
using static Pauta.Browser.Tests.Axe;

namespace Pauta.Browser.Tests;

/// <summary>
/// The journey of issue 3 in Chromium, with three people of the demo organisation in their own browser contexts:
/// a manager writes a protocol from the phone template and submits it, a second manager approves it, the manager
/// publishes v1; an agent reads it with its flowchart and suggests a change; the manager accepts it, works it into
/// a new draft that is approved and published as v2; and the diff of v1 and v2 shows the change.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ProtocolLifecycleJourneyTests(BrowserHost host, DemoHost demo) : IClassFixture<DemoHost>
{
    private const string Department = "Atención al cliente";

    private static string Squash(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());

    private async Task<IPage> SignInAsync(string email)
    {
        var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = demo.BaseUrl, Locale = "es-ES", ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/signin");
        await page.Locator("[name='Input.Email']").FillAsync(email);
        await page.Locator("[name='Input.Password']").FillAsync(DemoHost.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = Es("SignIn.Submit"), Exact = true }).ClickAsync();
        await page.WaitForURLAsync(demo.BaseUrl + "/");
        return page;
    }

    [Fact]
    public async Task A_protocol_is_written_approved_published_read_improved_by_a_suggestion_and_compared()
    {
        var story = new Story("protocol-lifecycle-journey");
        var title = $"Línea de la tienda online {Guid.NewGuid().ToString("N")[..6]}";
        var lucia = await SignInAsync("lucia@suarez.example");
        var luciaConsole = new ConsoleWatch(lucia);
        story.Page = lucia;
        var editUrl = "";

        await story.Step("Lucía creates a protocol from the phone template and names it", async () =>
        {
            await lucia.GotoAsync("/protocols/new");
            await AxeCleanAsync(lucia);
            await lucia.GetByRole(AriaRole.Radio, new() { Name = "Atención telefónica" }).CheckAsync();
            await lucia.GetByLabel(Es("Editor.Field.Department"), new() { Exact = true }).SelectOptionAsync(Department);
            await lucia.GetByRole(AriaRole.Button, new() { Name = Es("New.Create"), Exact = true }).ClickAsync();
            await lucia.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/protocols/[0-9a-f-]{36}/edit$"));
            editUrl = new Uri(lucia.Url).AbsolutePath;
            await lucia.Locator("#f-title").FillAsync(title);
            await AxeCleanAsync(lucia);
        });

        await story.Step("she edits the greeting with a placeholder Pauta does not know, and the check marks it beside the script", async () =>
        {
            await lucia.Locator("#f-steps-0-scripts-0-text").FillAsync("Buenos días, {clienta}, gracias por llamar a {empresa}. Le atiende {agente}.");
            await lucia.GetByRole(AriaRole.Button, new() { Name = Es("Editor.Check"), Exact = true }).ClickAsync();
            await Expect(lucia.Locator("#m-steps-0-scripts-0-text")).ToContainTextAsync("clienta");
            await AxeCleanAsync(lucia);
        });

        await story.Step("she fixes it, adds an answer to the call's question branch, saves and submits", async () =>
        {
            await lucia.Locator("#f-steps-0-scripts-0-text").FillAsync("Buenos días, gracias por llamar a {empresa}. Le atiende {agente}.");
            await lucia.Locator("#b-add-steps-3-answers").ClickAsync();
            await lucia.Locator("#f-steps-3-answers-3-label").FillAsync("Pregunta por un pedido online");
            await lucia.Locator(".savebar").GetByRole(AriaRole.Button, new() { Name = Es("Action.Save"), Exact = true }).ClickAsync();
            await Expect(lucia.Locator("#editor-status")).ToHaveTextAsync(Es("Editor.Saved"));
            await Expect(lucia.Locator("#m-steps-0-scripts-0-text")).ToHaveCountAsync(0);
            await Expect(lucia.Locator("#lint-summary")).ToHaveTextAsync(Es("Editor.LintClean"));
            await lucia.GetByRole(AriaRole.Button, new() { Name = Es("Editor.Submit"), Exact = true }).ClickAsync();
            await Expect(lucia.Locator("#protocol-status")).ToHaveTextAsync(Es("Protocols.Status.InReview"));
            await AxeCleanAsync(lucia);
        });

        var marta = await SignInAsync("marta@suarez.example");
        var martaConsole = new ConsoleWatch(marta);
        await story.Step("Marta, another manager, finds it waiting for her on her home page and approves it", async () =>
        {
            story.Page = marta;
            await marta.GotoAsync("/");
            await Expect(marta.Locator("#approvals")).ToBeVisibleAsync();
            await AxeCleanAsync(marta);
            await marta.Locator("#approvals").GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
            await marta.GetByRole(AriaRole.Button, new() { Name = Es("Editor.Approve"), Exact = true }).ClickAsync();
            await Expect(marta.Locator("#protocol-status")).ToHaveTextAsync(Es("Protocols.Status.Approved"));
            await AxeCleanAsync(marta);
        });

        await story.Step("Lucía publishes it as v1", async () =>
        {
            story.Page = lucia;
            await lucia.GotoAsync(editUrl);
            await lucia.Locator("#change-summary").FillAsync("Primera versión de la línea online.");
            await lucia.GetByRole(AriaRole.Button, new() { Name = Es("Editor.Publish"), Exact = true }).ClickAsync();
            // Publishing lands on the published protocol.
            await Expect(lucia.Locator(".flash")).ToContainTextAsync(Es("Editor.Published", 1));
            await Expect(lucia.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
            await AxeCleanAsync(lucia);
        });

        var sofia = await SignInAsync("sofia@suarez.example");
        var sofiaConsole = new ConsoleWatch(sofia);
        await story.Step("Sofía, an agent, reads v1 with its flowchart and suggests a change to the greeting", async () =>
        {
            story.Page = sofia;
            await sofia.GotoAsync(editUrl.Replace("/edit", "", StringComparison.Ordinal));
            await Expect(sofia.Locator("pre.mermaid svg")).ToBeVisibleAsync();
            // The new answer labels an arrow of the drawn flow (SVG text wraps, so spaces are ignored).
            Squash(await sofia.Locator("pre.mermaid svg").TextContentAsync() ?? "").ShouldContain(Squash("Pregunta por un pedido online"));
            await AxeCleanAsync(sofia);
            await sofia.Locator("a.suggest-link").First.ClickAsync();
            await Expect(sofia.Locator("[name='Input.Text']")).ToBeVisibleAsync();
            await AxeCleanAsync(sofia);
            await sofia.Locator("[name='Input.Text']").FillAsync("Saludar al cliente por su nombre cuando lo sepamos.");
            await sofia.GetByRole(AriaRole.Button, new() { Name = Es("Read.Suggest.Send"), Exact = true }).ClickAsync();
            await sofia.GotoAsync("/protocols/suggestions/mine");
            await Expect(sofia.Locator("body")).ToContainTextAsync("Saludar al cliente por su nombre");
            await AxeCleanAsync(sofia);
        });

        await story.Step("Lucía accepts the suggestion and works it into the new draft", async () =>
        {
            story.Page = lucia;
            await lucia.GotoAsync("/protocols/suggestions");
            var card = lucia.Locator(".suggestion", new() { HasText = "Saludar al cliente por su nombre" });
            await Expect(card).ToBeVisibleAsync();
            await AxeCleanAsync(lucia);
            await card.GetByRole(AriaRole.Button, new() { Name = Es("Suggestions.Accept"), Exact = true }).ClickAsync();
            await Expect(lucia.Locator(".flash")).ToContainTextAsync(title);
            await lucia.GotoAsync(editUrl);
            await lucia.Locator("#f-steps-0-scripts-0-text").FillAsync("Buenos días, {cliente|estimado cliente}, gracias por llamar a {empresa}. Le atiende {agente}.");
            await lucia.Locator(".savebar").GetByRole(AriaRole.Button, new() { Name = Es("Action.Save"), Exact = true }).ClickAsync();
            await Expect(lucia.Locator("#editor-status")).ToHaveTextAsync(Es("Editor.Saved"));
            await lucia.GetByRole(AriaRole.Button, new() { Name = Es("Editor.Submit"), Exact = true }).ClickAsync();
            await Expect(lucia.Locator("#protocol-status")).ToHaveTextAsync(Es("Protocols.Status.InReview"));
        });

        await story.Step("Marta approves the new draft and Lucía publishes it as a minor v2", async () =>
        {
            story.Page = marta;
            await marta.GotoAsync(editUrl);
            await Expect(marta.Locator("#review-diff h2")).ToHaveTextAsync(Es("Editor.ReviewDiffTitle", 1));
            await Expect(marta.Locator("#review-diff ol.diff ins").First).ToBeVisibleAsync();
            await AxeCleanAsync(marta);
            await marta.GetByRole(AriaRole.Button, new() { Name = Es("Editor.Approve"), Exact = true }).ClickAsync();
            await Expect(marta.Locator("#protocol-status")).ToHaveTextAsync(Es("Protocols.Status.Approved"));
            story.Page = lucia;
            await lucia.GotoAsync(editUrl);
            await lucia.Locator("#change-summary").FillAsync("Saludo con el nombre del cliente.");
            await lucia.Locator("input[name='changeSize'][value='Minor']").CheckAsync();
            await lucia.GetByRole(AriaRole.Button, new() { Name = Es("Editor.Publish"), Exact = true }).ClickAsync();
            await lucia.GotoAsync(editUrl.Replace("/edit", "", StringComparison.Ordinal));
            await Expect(lucia.Locator("body")).ToContainTextAsync("Sofía Díaz");
        });

        await story.Step("the diff of v1 and v2 marks the greeting's added words", async () =>
        {
            await lucia.GotoAsync(editUrl.Replace("/edit", "/diff?from=1&to=2", StringComparison.Ordinal));
            var greeting = lucia.Locator(".diff-section[data-section='step:saludo']");
            await Expect(greeting.Locator("ins")).ToContainTextAsync("{cliente|estimado");
            (await lucia.Locator(".diff-section:not(.unchanged) ins").CountAsync()).ShouldBeGreaterThan(0);
            await AxeCleanAsync(lucia);
        });

        await story.Step("no page logged a console error, an uncaught exception or a CSP violation", () =>
        {
            luciaConsole.Errors.Concat(martaConsole.Errors).Concat(sofiaConsole.Errors).ShouldBeEmpty();
            return Task.CompletedTask;
        });
    }
}
