using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Pauta.Browser.Tests.Text;
using static Pauta.Browser.Tests.Axe;

namespace Pauta.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class NarrowLayoutTests(BrowserHost host)
{
    private const int Width = 768;

    [Fact]
    public async Task At_768_pixels_wide_the_navigation_and_sign_in_form_fit_and_work_without_console_errors()
    {
        var story = new Story("narrow-layout");
        var run = Guid.NewGuid().ToString("N")[..8];
        var email = $"tablet.{run}@example.com";
        const string password = "Tableta-Ancha-768";
        const string name = "Lucía Tableta";

        await using var context = await host.NewContextAsync(width: Width, height: 1024);
        var page = await context.NewPageAsync();
        var console = new ConsoleWatch(page);
        story.Page = page;

        await story.Step("an owner signs up on a 768 px wide screen", async () =>
        {
            await page.GotoAsync("/account/signup");
            await ShouldFitTheWidthAsync(page);
            await AxeCleanAsync(page);
            await page.Locator("[name='Input.OrganisationName']").FillAsync($"Tableta {run}");
            await page.Locator("[name='Input.BrandName']").FillAsync("Tableta");
            await page.Locator("[name='Input.TimeZoneId']").FillAsync("Europe/Madrid");
            await page.Locator("[name='Input.DisplayName']").FillAsync(name);
            await page.Locator("[name='Input.Email']").FillAsync(email);
            await page.Locator("[name='Input.Password']").FillAsync(password);
            await page.GetByRole(AriaRole.Button, new() { Name = Es("SignUp.Submit"), Exact = true }).ClickAsync();
            await page.WaitForURLAsync(host.BaseUrl + "/");
        });

        await story.Step("every link of the main navigation is visible inside the screen", async () =>
        {
            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = Es("Nav.Main") });
            await Expect(nav).ToBeVisibleAsync();
            var links = nav.GetByRole(AriaRole.Link);
            await Expect(links).ToHaveTextAsync([
                Es("Nav.Home"), Es("Nav.OrgChart"), Es("Nav.Protocols"), Es("Nav.Training"), Es("Nav.Suggestions"), Es("Nav.Board"), Es("Nav.Insights"), Es("Nav.Contacts"), Es("Nav.Customers"),
                Es("Nav.People"), Es("Nav.Departments"), Es("Nav.Positions"), Es("Nav.Settings"), Es("Nav.Hours"), Es("Nav.Audit"),
            ]);
            foreach (var link in await links.AllAsync())
                await ShouldBeInsideTheScreenAsync(link);
            await ShouldFitTheWidthAsync(page);
            await AxeCleanAsync(page);
        });

        await story.Step("the navigation is usable: its People link opens the people page", async () =>
        {
            await page.GetByRole(AriaRole.Navigation, new() { Name = Es("Nav.Main") })
                .GetByRole(AriaRole.Link, new() { Name = Es("Nav.People"), Exact = true }).ClickAsync();
            await page.WaitForURLAsync(host.BaseUrl + "/people");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Es("People.Title"), Exact = true })).ToBeVisibleAsync();
            await ShouldFitTheWidthAsync(page);
            await AxeCleanAsync(page);
        });

        await story.Step("the owner signs out from the top bar and gets the sign-in form", async () =>
        {
            var signOut = page.GetByRole(AriaRole.Button, new() { Name = Es("Nav.SignOut"), Exact = true });
            await ShouldBeInsideTheScreenAsync(signOut);
            await signOut.ClickAsync();
            await page.WaitForURLAsync(host.BaseUrl + "/account/signin");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Es("SignIn.Title"), Exact = true })).ToBeVisibleAsync();
            await ShouldFitTheWidthAsync(page);
            await AxeCleanAsync(page);
        });

        await story.Step("the sign-in form's fields and button are inside the screen and sign the owner back in", async () =>
        {
            var emailBox = page.Locator("[name='Input.Email']");
            var passwordBox = page.Locator("[name='Input.Password']");
            var submit = page.GetByRole(AriaRole.Button, new() { Name = Es("SignIn.Submit"), Exact = true });
            foreach (var control in new[] { emailBox, passwordBox, submit })
                await ShouldBeInsideTheScreenAsync(control);

            await emailBox.FillAsync(email);
            await passwordBox.FillAsync(password);
            await submit.ClickAsync();

            await page.WaitForURLAsync(host.BaseUrl + "/");
            await Expect(page.Locator(".who")).ToContainTextAsync(name);
        });

        await story.Step("no page visited logged a console error, an uncaught exception or a CSP violation", () =>
        {
            console.Errors.ShouldBeEmpty();
            return Task.CompletedTask;
        });

        await story.Step("the console watch itself notices a CSP violation, so a clean run means something", async () =>
        {
            // An inline script is exactly what the CSP forbids; Chromium reports the refusal as a console error.
            await page.RunAndWaitForConsoleMessageAsync(
                () => page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.pautaInline = 1'; document.body.appendChild(s); }"),
                new() { Predicate = m => m.Type == "error" && m.Text.Contains("Content Security Policy", StringComparison.Ordinal) });

            console.Errors.ShouldContain(e => e.Contains("Content Security Policy", StringComparison.Ordinal));
            (await page.EvaluateAsync<bool>("() => window.pautaInline === undefined")).ShouldBeTrue("the inline script must not have run");
        });
    }

    private static async Task ShouldBeInsideTheScreenAsync(ILocator locator)
    {
        await Expect(locator).ToBeVisibleAsync();
        await locator.ScrollIntoViewIfNeededAsync();
        var box = (await locator.BoundingBoxAsync()).ShouldNotBeNull($"{locator} should have a box on screen");
        box.X.ShouldBeGreaterThanOrEqualTo(0, $"{locator} starts left of the screen");
        (box.X + box.Width).ShouldBeLessThanOrEqualTo(Width, $"{locator} ends right of the {Width} px screen");
        box.Width.ShouldBeGreaterThan(0, $"{locator} has no width");
    }

    private static async Task ShouldFitTheWidthAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, innerWidth) = (widths[0], widths[1]);
        scrollWidth.ShouldBeLessThanOrEqualTo(innerWidth, $"{page.Url} scrolls sideways at {innerWidth} px");
    }
}
