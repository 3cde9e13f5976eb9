using System.Text;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pauta.Core.Protocols;
using static Microsoft.Playwright.Assertions;
using static Pauta.Browser.Tests.Axe;

namespace Pauta.Browser.Tests;

/// <summary>
/// Issue 11's dashboard journey in Chromium on the demo organisation: contacts are made through the app on version 1 of
/// the returns protocol (the greeting skipped on most) and on a version 2 published after; then a manager opens the
/// insights, narrows to the protocol, compares v1 with v2, clicks the worst step's skip rate, lands on the contacts,
/// opens one timeline and exports the CSV. Every insights page passes axe, has no sideways scroll at 1280 and 768 px,
/// and draws its charts without a console error (the CSP allows no inline script).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InsightsJourneyTests(BrowserHost host, DemoHostWithPast demo) : IClassFixture<DemoHostWithPast>
{
    private const string Returns = "Devoluciones y cambios";
    private static async Task NoSidewaysScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        widths[0].ShouldBeLessThanOrEqualTo(widths[1], $"sideways scroll on {page.Url}");
    }

    /// <summary>One contact through the API as the signed-in agent: started, the greeting skipped or completed, closed over the open steps.</summary>
    private static async Task<Guid> ContactAsync(IAPIRequestContext api, Guid protocolId, bool skipGreeting)
    {
        var id = Guid.NewGuid();
        var started = await api.PostAsync("/api/v1/contacts", new() { DataObject = new { id, channel = "Phone", reason = "Quiero devolver unos zapatos", protocolId } });
        started.Status.ShouldBe(201, await started.TextAsync());
        var version = (await started.JsonAsync())!.Value.GetProperty("version").GetInt32();
        async Task ActAsync(object body)
        {
            var r = await api.PostAsync($"/api/v1/contacts/{id}/actions", new() { DataObject = body });
            r.Status.ShouldBe(200, await r.TextAsync());
            version = (await r.JsonAsync())!.Value.GetProperty("version").GetInt32();
        }
        if (skipGreeting) await ActAsync(new { actionId = Guid.NewGuid(), version, kind = "Skip", stepKey = "saludo", reason = "El cliente tenía prisa" });
        else await ActAsync(new { actionId = Guid.NewGuid(), version, kind = "Complete", stepKey = "saludo" });
        await ActAsync(new { actionId = Guid.NewGuid(), version, kind = "Close", outcome = "Resolved", overrideReason = "Resuelto en caja" });
        return id;
    }

    private static int Count(string? text) => int.Parse(text!.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_manager_narrows_the_dashboard_to_a_protocol_compares_v1_with_v2_follows_the_worst_skip_rate_to_a_timeline_and_exports_csv()
    {
        var story = new Story("insights-journey");
        var returnsId = await demo.ProtocolIdAsync(Returns);

        var sofia = await demo.SignInAsync(host.Browser, "sofia@suarez.example", width: 1280);
        story.Page = sofia;
        var made = new List<Guid>();
        await story.Step("Sofía serves three customers on v1 (skipping the greeting twice), then two on v2 once it is published", async () =>
        {
            made.Add(await ContactAsync(sofia.Context.APIRequest, returnsId, skipGreeting: true));
            made.Add(await ContactAsync(sofia.Context.APIRequest, returnsId, skipGreeting: true));
            made.Add(await ContactAsync(sofia.Context.APIRequest, returnsId, skipGreeting: false));
            (await demo.PublishEditAsync(Returns, p => p with { Steps = [p.Steps[0] with { Title = "Saludar con una sonrisa" }, .. p.Steps.Skip(1)] },
                "El saludo, más cálido.")).ShouldBe(2);
            made.Add(await ContactAsync(sofia.Context.APIRequest, returnsId, skipGreeting: false));
            made.Add(await ContactAsync(sofia.Context.APIRequest, returnsId, skipGreeting: false));
            // The insights follow the stored actions within seconds.
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (await demo.ReadAsync(db => db.ContactFacts.IgnoreQueryFilters().CountAsync(f => made.Contains(f.ContactId) && f.IsClosed)) < made.Count)
            {
                // The app first catches up with the demo's generated history; after that it is seconds.
                watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(120));
                await Task.Delay(100);
            }
        });

        var lucia = await demo.SignInAsync(host.Browser, "lucia@suarez.example", width: 1280);
        var console = new ConsoleWatch(lucia);
        story.Page = lucia;

        await story.Step("Lucía opens the insights from the menu: tiles, the daily chart drawn beside its table", async () =>
        {
            await lucia.Locator("#nav-insights").ClickAsync();
            await lucia.WaitForURLAsync(demo.BaseUrl + "/insights");
            await Expect(lucia.Locator("#tiles")).ToBeVisibleAsync();
            await Expect(lucia.Locator("#daily figure.chart.drawn canvas")).ToHaveCountAsync(1);
            await Expect(lucia.Locator("#daily-table")).ToBeVisibleAsync();
            await AxeCleanAsync(lucia);
            await NoSidewaysScrollAsync(lucia);
        });

        await story.Step("she narrows to the returns protocol with the filter form: the address keeps the filter and focus moves to the results", async () =>
        {
            await lucia.Locator("#protocol").SelectOptionAsync(returnsId.ToString());
            await lucia.Locator("#insights-apply").ClickAsync();
            await lucia.WaitForURLAsync(new System.Text.RegularExpressions.Regex($"protocol={returnsId}"));
            await Expect(lucia.Locator("#insights-results")).ToContainTextAsync(Returns);
            await Expect(lucia.Locator("#insights-results")).ToBeFocusedAsync();
            int.Parse((await lucia.Locator("#tile-contacts .tile-value").TextContentAsync())!.Trim(), System.Globalization.CultureInfo.InvariantCulture)
                .ShouldBeGreaterThanOrEqualTo(5);
            await AxeCleanAsync(lucia);
        });

        await story.Step("she opens the protocol's steps and compares v1 with v2 side by side", async () =>
        {
            await lucia.Locator("#open-protocol").ClickAsync();
            await lucia.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/insights/protocol\\?"));
            await lucia.Locator("#a").SelectOptionAsync("1");
            await lucia.Locator("#b").SelectOptionAsync("2");
            await lucia.Locator("#compare-apply").ClickAsync();
            await Expect(lucia.Locator("#compare-table thead")).ToContainTextAsync("v2 − v1");
            // At least the contacts made above (the demo's generated history may add more).
            Count(await lucia.Locator("#compare-contacts td").Nth(0).TextContentAsync()).ShouldBeGreaterThanOrEqualTo(3);
            Count(await lucia.Locator("#compare-contacts td").Nth(1).TextContentAsync()).ShouldBeGreaterThanOrEqualTo(2);
            await AxeCleanAsync(lucia);
            await NoSidewaysScrollAsync(lucia);
        });

        var skipped = 0;
        await story.Step("she looks at v1's steps and follows the skip rate of the most skipped step to the contacts behind it", async () =>
        {
            await lucia.Locator("#version").SelectOptionAsync("1");
            await lucia.Locator("#insights-apply").ClickAsync();
            await lucia.WaitForURLAsync(new System.Text.RegularExpressions.Regex("version=1"));
            await Expect(lucia.Locator("#insights-results")).ToContainTextAsync("v1");
            await Expect(lucia.Locator("#insights-results")).ToBeFocusedAsync();
            await Expect(lucia.Locator("#steps-table tr.worst")).ToHaveCountAsync(1);
            await Expect(lucia.Locator("#steps figure.chart.drawn")).ToHaveCountAsync(1);
            var worst = lucia.Locator("#steps-table tr.worst");
            skipped = Count(await worst.Locator(".skip-rate + .hint").TextContentAsync());
            skipped.ShouldBeGreaterThanOrEqualTo(2);
            await worst.Locator(".skip-rate").ClickAsync();
            await lucia.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/insights/contacts\\?.*metric=StepSkipped"));
            await Expect(lucia.Locator("#drill-table tbody tr")).ToHaveCountAsync(Math.Min(skipped, 50));
            await AxeCleanAsync(lucia);
            await NoSidewaysScrollAsync(lucia);
        });

        await story.Step("she exports those contacts as CSV (UTF-8 with a BOM) and opens one contact's timeline", async () =>
        {
            var download = await lucia.RunAndWaitForDownloadAsync(() => lucia.Locator("#csv-contacts").ClickAsync());
            var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
            bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
            var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            lines.Length.ShouldBe(1 + skipped);
            lines[0].ShouldStartWith("contact,started_at,");

            await lucia.Locator("#drill-table tbody tr th a").First.ClickAsync();
            await lucia.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/contacts/[0-9a-f-]{36}$"));
            await Expect(lucia.Locator("#timeline-title")).ToBeVisibleAsync();
        });

        await story.Step("at 768 px the dashboard and the protocol page still have no sideways scroll", async () =>
        {
            await lucia.SetViewportSizeAsync(768, 1000);
            await lucia.GotoAsync($"/insights?protocol={returnsId}");
            await NoSidewaysScrollAsync(lucia);
            await lucia.GotoAsync($"/insights/protocol?protocol={returnsId}&version=1&a=1&b=2");
            await NoSidewaysScrollAsync(lucia);
            await AxeCleanAsync(lucia);
        });

        console.Errors.ShouldBeEmpty();
    }
}
