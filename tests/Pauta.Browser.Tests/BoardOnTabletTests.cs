using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Pauta.Browser.Tests.Text;
using static Pauta.Browser.Tests.Axe;

namespace Pauta.Browser.Tests;

/// <summary>A supervisor on a 768 px tablet opens a contact from the live board and takes it over.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BoardOnTabletTests(BrowserHost host, DemoHost demo) : IClassFixture<DemoHost>
{
    private const int Width = 768;
    private const string Returns = "Devoluciones y cambios";

    [Fact]
    public async Task At_768_pixels_wide_a_supervisor_opens_a_contact_from_the_board_and_takes_it_over()
    {
        var story = new Story("board-on-tablet");
        var sofia = await demo.SignInAsync(host.Browser, "sofia@suarez.example", width: 1280);
        story.Page = sofia;
        var contactId = Guid.Empty;

        await story.Step("Sofía starts a phone contact for a return", async () =>
        {
            await sofia.GotoAsync("/contacts/new");
            await sofia.GetByRole(AriaRole.Radio, new() { Name = Es("Channel.Phone"), Exact = true }).CheckAsync();
            await sofia.GetByLabel(Es("Contact.Reason"), new() { Exact = true }).FillAsync("quiero devolver unos zapatos que me quedaron chicos");
            await Expect(sofia.Locator("#suggestion-0 strong")).ToHaveTextAsync(Returns);
            await sofia.Locator("#start").ClickAsync();
            await sofia.WaitForURLAsync(new Regex("/contacts/[0-9a-f-]{36}$"));
            contactId = Guid.Parse(new Uri(sofia.Url).AbsolutePath.Split('/').Last());
        });

        var andres = await demo.SignInAsync(host.Browser, "andres@suarez.example", width: Width);
        var console = new ConsoleWatch(andres);
        story.Page = andres;

        await story.Step("on the tablet the board row's link to the contact is visible and inside the screen", async () =>
        {
            await andres.GotoAsync("/board");
            var link = andres.Locator($"#board-{contactId} a[href='/contacts/{contactId}']");
            await Expect(link).ToBeVisibleAsync();
            await link.ScrollIntoViewIfNeededAsync();
            var box = (await link.BoundingBoxAsync()).ShouldNotBeNull();
            box.X.ShouldBeGreaterThanOrEqualTo(0);
            (box.X + box.Width).ShouldBeLessThanOrEqualTo(Width);
            var widths = await andres.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            widths[0].ShouldBeLessThanOrEqualTo(widths[1], "the board page scrolls sideways");
            await AxeCleanAsync(andres);
        });

        await story.Step("Andrés opens the contact from the board and takes it over", async () =>
        {
            await andres.Locator($"#board-{contactId} a[href='/contacts/{contactId}']").ClickAsync();
            await andres.WaitForURLAsync(demo.BaseUrl + $"/contacts/{contactId}");
            var takeOver = andres.Locator("#take-over button");
            await Expect(takeOver).ToBeVisibleAsync();
            await AxeCleanAsync(andres);
            await takeOver.ClickAsync();
            await Expect(andres.Locator("#take-over")).ToHaveCountAsync(0);
            await Expect(andres.Locator("main :focus, main:focus")).ToHaveCountAsync(1);
            await AxeCleanAsync(andres);
            console.Errors.ShouldBeEmpty();
        });
    }
}
