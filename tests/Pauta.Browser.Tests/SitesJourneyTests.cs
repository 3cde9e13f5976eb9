using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Pauta.Browser.Tests.Axe;

namespace Pauta.Browser.Tests;

/// <summary>
/// Issue 12's first step in Chromium: an admin adds a legal calendar for Colombia (Monday to Friday, the whole day),
/// generates its national holidays after checking the list, and adds a Bogotá site that counts legal terms on it.
/// Every page passes axe at 1280 and 768 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SitesJourneyTests(BrowserHost host, DemoHost demo) : IClassFixture<DemoHost>
{
    [Theory]
    [InlineData(1280)]
    [InlineData(768)]
    public async Task An_admin_adds_a_Bogota_site_with_a_legal_calendar_and_Colombian_holidays(int width)
    {
        var jorge = await demo.SignInAsync(host.Browser, "jorge@suarez.example", width);

        await jorge.GotoAsync("/organisation/calendars");
        await Expect(jorge.Locator("h1")).ToHaveTextAsync(Text.Es("Calendars.Title"));
        await AxeCleanAsync(jorge);
        var key = $"legal-bog-{width}";
        var name = $"Legal Bogotá {width}";
        await jorge.Locator("#Input_Key").FillAsync(key);
        await jorge.Locator("#Input_Name").FillAsync(name);
        await jorge.Locator("#Input_TimeZoneId").FillAsync("America/Bogota");
        await jorge.Locator("#Input_StartFrom").SelectOptionAsync("legal");
        await jorge.Locator("#add-calendar ~ form button[type=submit]").ClickAsync();

        await Expect(jorge.Locator("h1")).ToHaveTextAsync(name);
        await Expect(jorge.Locator("#hours-hours-Monday")).ToHaveValueAsync("00:00-24:00");
        await Expect(jorge.Locator("#hours-hours-Saturday")).ToHaveValueAsync("");

        await jorge.Locator("#Country").SelectOptionAsync("CO");
        await jorge.Locator("#FromYear").FillAsync("2026");
        await jorge.Locator("#ToYear").FillAsync("2027");
        await jorge.Locator("#generate-form button").ClickAsync();
        var preview = jorge.Locator("#preview li");
        await Expect(preview.First).ToBeVisibleAsync();
        var generated = await preview.CountAsync();
        generated.ShouldBeGreaterThan(30);
        await AxeCleanAsync(jorge);
        await jorge.Locator("#save-generated button").ClickAsync();
        await Expect(jorge.Locator("#holidays li")).ToHaveCountAsync(generated);

        await jorge.GotoAsync("/organisation/sites");
        await Expect(jorge.Locator("h1")).ToHaveTextAsync(Text.Es("Sites.Title"));
        await AxeCleanAsync(jorge);
        var site = $"Tienda Bogotá Norte {width}";
        await jorge.Locator("#site-name").FillAsync(site);
        await jorge.Locator("#site-address").FillAsync("Calle 100 # 15-20, Bogotá");
        await jorge.Locator("#site-zone").FillAsync("America/Bogota");
        await jorge.Locator("#site-legal").SelectOptionAsync(new SelectOptionValue { Label = $"{name} ({key})" });
        await jorge.Locator("#hours-hours-Sunday").FillAsync("11:00-19:00");
        await jorge.Locator("#add-site ~ form button[type=submit]").ClickAsync();

        await Expect(jorge.Locator("h1")).ToHaveTextAsync(site);
        await Expect(jorge.Locator("#site-legal option:checked")).ToHaveTextAsync($"{name} ({key})");
        await AxeCleanAsync(jorge);
        await jorge.Locator("#site-calendar").ClickAsync();
        await Expect(jorge.Locator("#hours-hours-Sunday")).ToHaveValueAsync("11:00-19:00");
        await AxeCleanAsync(jorge);
        await jorge.Context.CloseAsync();
    }
}
