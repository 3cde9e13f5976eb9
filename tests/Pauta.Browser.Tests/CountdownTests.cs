using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Pauta.Browser.Tests.Axe;

namespace Pauta.Browser.Tests;

/// <summary>
/// /js/countdown.js keeps the service-level clocks moving each second with the rules of Pauta.Core's Durations:
/// "15 h 05 min", "4 min 05 s", never "15:05:25"; a clock that stops when the organisation closes then says when it
/// starts again. The browser's clock is Playwright's, fixed by the test.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CountdownTests(BrowserHost host)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 6, 18, 55, 0, TimeSpan.Zero);

    private static string Iso(TimeSpan after) => Start.Add(after).ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_countdown_writes_durations_stops_at_closing_and_says_when_time_is_up()
    {
        await using var context = await host.NewContextAsync();
        var page = await context.NewPageAsync();
        var console = new ConsoleWatch(page);
        await page.Clock.InstallAsync(new() { TimeDate = Start.UtcDateTime.AddSeconds(-30) });
        await page.GotoAsync("/account/signin");
        // Before the clock is paused: axe waits on timers of its own.
        await AxeCleanAsync(page);
        await page.Clock.PauseAtAsync(Start.UtcDateTime);

        var clocks = new (string Id, TimeSpan Due, TimeSpan? Stops)[]
        {
            ("long", new TimeSpan(15, 5, 26), null),
            ("short", new TimeSpan(0, 4, 6), null),
            ("closing", TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(2)),
            ("ending", TimeSpan.FromSeconds(2), null),
        };
        foreach (var (id, due, stops) in clocks)
        {
            await page.EvaluateAsync("""
                ([id, due, stops]) => {
                  const cell = document.createElement("div");
                  const span = document.createElement("span");
                  span.id = id; span.className = "clock-value";
                  span.setAttribute("data-due", due);
                  span.setAttribute("data-units", "d|h|min|s");
                  span.setAttribute("data-over-text", "Tiempo agotado");
                  if (stops) { span.setAttribute("data-stops", stops); span.setAttribute("data-stopped-text", "empieza el lunes a las 10:00"); }
                  cell.appendChild(span); document.body.appendChild(cell);
                }
                """, new object?[] { id, Iso(due), stops is { } s ? Iso(s) : null });
        }
        // The page says the server's clock reads Start too (the countdown follows the server's clock, not the device's).
        await page.EvaluateAsync("now => document.querySelector('meta[name=\"pauta-server-now\"]').setAttribute('content', now)", Iso(TimeSpan.Zero));
        await page.AddScriptTagAsync(new() { Url = "/js/countdown.js" });

        await page.Clock.RunForAsync(1000);
        await Expect(page.Locator("#long")).ToHaveTextAsync("15 h 05 min");
        await Expect(page.Locator("#short")).ToHaveTextAsync("4 min 05 s");
        await Expect(page.Locator("#closing")).ToHaveTextAsync("9 min 59 s");
        await Expect(page.Locator("#ending")).ToHaveTextAsync("1 s");

        await page.Clock.RunForAsync(2000);
        await Expect(page.Locator("#closing")).ToHaveTextAsync("empieza el lunes a las 10:00");
        await Expect(page.Locator("#ending")).ToHaveTextAsync("Tiempo agotado");
        await Expect(page.Locator("#short")).ToHaveTextAsync("4 min 03 s");
        console.Errors.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_device_whose_clock_is_an_hour_ahead_still_counts_on_the_servers_clock()
    {
        await using var context = await host.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.Clock.InstallAsync(new() { TimeDate = Start.UtcDateTime.AddHours(1) });
        await page.GotoAsync("/account/signin");
        await page.Clock.PauseAtAsync(Start.UtcDateTime.AddHours(1).AddSeconds(5));
        await page.EvaluateAsync("""
            ([now, due]) => {
              document.querySelector('meta[name="pauta-server-now"]').setAttribute('content', now);
              const span = document.createElement("span");
              span.id = "long"; span.className = "clock-value";
              span.setAttribute("data-due", due);
              span.setAttribute("data-units", "d|h|min|s");
              span.setAttribute("data-over-text", "Tiempo agotado");
              const cell = document.createElement("div"); cell.appendChild(span); document.body.appendChild(cell);
            }
            """, new object[] { Iso(TimeSpan.Zero), Iso(new TimeSpan(15, 5, 26)) });
        await page.AddScriptTagAsync(new() { Url = "/js/countdown.js" });

        await page.Clock.RunForAsync(1000);
        await Expect(page.Locator("#long")).ToHaveTextAsync("15 h 05 min");
    }
}
