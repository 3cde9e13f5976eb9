using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Pauta.Browser.Tests.Text;
using static Pauta.Browser.Tests.Axe;

namespace Pauta.Browser.Tests;

/// <summary>
/// A manager writes a protocol in Chromium: from a template, with the script preview and the linter updating in place
/// (htmx), rows added and steps moved with the keyboard, then submitted; and the editor fits a 768 px screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EditorJourneyTests(BrowserHost host)
{
    private const string Department = "Atención al cliente";

    [Fact]
    public async Task An_owner_creates_a_protocol_from_a_template_fixes_what_the_linter_marks_in_place_and_submits_it()
    {
        var story = new Story("editor-journey");
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var context = await host.NewContextAsync();
        var page = await context.NewPageAsync();
        var console = new ConsoleWatch(page);
        story.Page = page;

        await story.Step("an owner signs up and adds a department", async () =>
        {
            await page.GotoAsync("/account/signup");
            await AxeCleanAsync(page);
            await page.Locator("[name='Input.OrganisationName']").FillAsync($"Editorial {run}");
            await page.Locator("[name='Input.BrandName']").FillAsync("Editorial");
            await page.Locator("[name='Input.Language']").SelectOptionAsync("es");
            await page.Locator("[name='Input.TimeZoneId']").FillAsync("Europe/Madrid");
            await page.Locator("[name='Input.DisplayName']").FillAsync("Elena Editora");
            await page.Locator("[name='Input.Email']").FillAsync($"elena.{run}@example.com");
            await page.Locator("[name='Input.Password']").FillAsync("Editora-Segura-1");
            await page.GetByRole(AriaRole.Button, new() { Name = Es("SignUp.Submit"), Exact = true }).ClickAsync();
            await page.WaitForURLAsync(host.BaseUrl + "/");
            await AxeCleanAsync(page);
            await page.GotoAsync("/departments");
            await page.Locator("[name='Name']").FillAsync(Department);
            await page.GetByRole(AriaRole.Button, new() { Name = Es("Departments.Create"), Exact = true }).ClickAsync();
            await Expect(page.Locator(".flash")).ToContainTextAsync(Department);
            await AxeCleanAsync(page);
        });

        await story.Step("from the protocol list, the phone template becomes a new protocol open in the editor", async () =>
        {
            await page.GetByRole(AriaRole.Navigation, new() { Name = Es("Nav.Main") }).GetByRole(AriaRole.Link, new() { Name = Es("Nav.Protocols"), Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = Es("Protocols.New"), Exact = true })).ToBeVisibleAsync();
            await AxeCleanAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = Es("Protocols.New"), Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Atención telefónica" })).ToBeVisibleAsync();
            await AxeCleanAsync(page);
            await page.GetByRole(AriaRole.Radio, new() { Name = "Atención telefónica" }).CheckAsync();
            await page.GetByLabel(Es("Editor.Field.Department"), new() { Exact = true }).SelectOptionAsync(Department);
            await page.GetByRole(AriaRole.Button, new() { Name = Es("New.Create"), Exact = true }).ClickAsync();
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/protocols/[0-9a-f-]{36}/edit$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Atención telefónica");
            // A new organisation has nobody in the Supervisor role yet: the template's escalation cannot reach anyone.
            await Expect(page.Locator("#m-escalationRules-0-target")).ToContainTextAsync(Es("Lint.EscalationTargetUnknown", "Supervisor"));
            await AxeCleanAsync(page);
        });

        await story.Step("typing an unknown placeholder in the greeting shows it as an error in the live preview, without reloading", async () =>
        {
            await page.EvaluateAsync("() => { window.stillTheSamePage = true; }");
            await page.Locator("#f-steps-0-scripts-0-text").FillAsync("Hola {clienta}, le atiende {agente}.");
            await Expect(page.Locator("#pv-steps-0-scripts-0 mark.ph-unknown")).ToHaveTextAsync("{clienta}");
            await Expect(page.Locator("#pv-steps-0-scripts-0 mark.sample")).ToContainTextAsync("Lucía Gómez");
            await AxeCleanAsync(page);
        });

        await story.Step("checking without saving puts the linter's message beside the script, still on the same page", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = Es("Editor.Check"), Exact = true }).ClickAsync();
            await Expect(page.Locator("#m-steps-0-scripts-0-text")).ToContainTextAsync(Es("Lint.PlaceholderUnknown", 1, 6, "clienta"));
            await Expect(page.Locator("#f-steps-0-scripts-0-text")).ToHaveAttributeAsync("aria-invalid", "true");
            (await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true")).ShouldBeTrue("htmx swaps the editor in place");
            await AxeCleanAsync(page);
        });

        await story.Step("the owner fixes the greeting and sends escalations to a role the organisation has", async () =>
        {
            await page.Locator("#f-steps-0-scripts-0-text").FillAsync("Buenos días, gracias por llamar a {empresa}. Le atiende {agente}.");
            await page.Locator("#f-escalationRules-0-target").SelectOptionAsync("Owner");
            await page.Locator("#f-escalationRules-1-target").SelectOptionAsync("Owner");
        });

        await story.Step("adding an answer to the question puts the focus in the new answer's label", async () =>
        {
            await page.Locator("#b-add-steps-3-answers").ClickAsync();
            var label = page.Locator("#f-steps-3-answers-3-label");
            await Expect(label).ToBeFocusedAsync();
            await label.FillAsync("Quiere otra cosa");
            // What was typed before the row was added is still there.
            await Expect(page.Locator("#f-steps-0-scripts-0-text")).ToHaveValueAsync("Buenos días, gracias por llamar a {empresa}. Le atiende {agente}.");
        });

        await story.Step("uploading a photo for the first step adds its address to the step with the focus on it, on the same page", async () =>
        {
            // The section opens by itself when the step has media or examples already; otherwise its summary opens it.
            var media = page.Locator("#f-steps-0 details").First;
            if (!await media.EvaluateAsync<bool>("d => d.open")) await media.Locator("summary").ClickAsync();
            await page.Locator("#f-steps-0-upload").SetInputFilesAsync(new FilePayload
            {
                Name = "mostrador.png", MimeType = "image/png", Buffer = Pauta.Tests.Shared.TestImages.Png(120, 90, seed: 3),
            });
            await page.Locator("#b-upload-steps-0").ClickAsync();
            var image = page.Locator("#f-steps-0-images-0");
            await Expect(image).ToBeFocusedAsync();
            await Expect(image).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^/media/[0-9a-f-]{36}$"));
            await Expect(page.Locator("#editor-status")).ToHaveTextAsync(Es("Editor.ImageUploaded"));
            // The thumbnail is the uploaded image, served back at its full size.
            await page.WaitForFunctionAsync("() => { const i = document.querySelector('#f-steps-0 img.thumb'); return !!i && i.complete && i.naturalWidth === 120; }");
            (await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true")).ShouldBeTrue("htmx swaps the editor in place");
            await Expect(page.Locator("#f-steps-3-answers-3-label")).ToHaveValueAsync("Quiere otra cosa");
            await AxeCleanAsync(page);
        });

        await story.Step("Alt+ArrowUp inside a step moves it up, keeping the keyboard focus on its move buttons", async () =>
        {
            await page.Locator("#f-steps-1-title").FocusAsync();
            await page.Keyboard.PressAsync("Alt+ArrowUp");
            await Expect(page.Locator("#f-steps-0-key")).ToHaveValueAsync("identificar");
            await Expect(page.Locator("#f-steps-1-key")).ToHaveValueAsync("saludo");
            await Expect(page.Locator("#b-down-steps-0")).ToBeFocusedAsync();
        });

        await story.Step("saving stores the draft and the checks come back clean", async () =>
        {
            await page.Locator(".savebar").GetByRole(AriaRole.Button, new() { Name = Es("Action.Save"), Exact = true }).ClickAsync();
            await Expect(page.Locator("#editor-status")).ToHaveTextAsync(Es("Editor.Saved"));
            await Expect(page.Locator("#lint-summary")).ToHaveTextAsync(Es("Editor.LintClean"));
            await Expect(page.Locator("#f-steps-3-answers-3-label")).ToHaveValueAsync("Quiere otra cosa");
        });

        await story.Step("submitting for review moves the draft to review and freezes the form", async () =>
        {
            await page.GetByRole(AriaRole.Button, new() { Name = Es("Editor.Submit"), Exact = true }).ClickAsync();
            await Expect(page.Locator("#editor-status")).ToHaveTextAsync(Es("Editor.Submitted"));
            await Expect(page.Locator("#protocol-status")).ToHaveTextAsync(Es("Protocols.Status.InReview"));
            await Expect(page.Locator("#f-title")).ToBeDisabledAsync();
            await AxeCleanAsync(page);
        });

        await story.Step("at 768 px wide the editor fits the screen and its buttons stay inside it", async () =>
        {
            await page.SetViewportSizeAsync(768, 1024);
            await page.ReloadAsync();
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            widths[0].ShouldBeLessThanOrEqualTo(widths[1], "the editor scrolls sideways at 768 px");
            var publish = page.Locator("form.publish button.primary");
            await publish.ScrollIntoViewIfNeededAsync();
            var box = (await publish.BoundingBoxAsync()).ShouldNotBeNull();
            (box.X + box.Width).ShouldBeLessThanOrEqualTo(768);
        });

        await story.Step("no page logged a console error, an uncaught exception or a CSP violation", () =>
        {
            console.Errors.ShouldBeEmpty();
            return Task.CompletedTask;
        });
    }
}
