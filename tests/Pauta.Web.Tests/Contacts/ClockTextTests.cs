using System.Net;
using Pauta.Core.Organisations;
using Pauta.Data;
using Pauta.Tests.Shared;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using static Pauta.Web.Tests.Infrastructure.Browser;
using static Pauta.Web.Tests.Infrastructure.Text;

namespace Pauta.Web.Tests.Contacts;

/// <summary>The demo app on Saturday 7 March 2026 at 15:00 in Madrid, when Tiendas Suárez is closed (it opens Monday at 10:00).</summary>
public abstract class SaturdayAfternoonApp(DatabaseProvider provider) : PautaApp(provider)
{
    public static readonly DateTimeOffset SaturdayAfternoon = new(2026, 3, 7, 15, 0, 0, TimeSpan.FromHours(1));

    public ManualClock Clock { get; } = new(SaturdayAfternoon);

    protected override TimeProvider AppClock => Clock;
}

public sealed class SqliteSaturdayAfternoonApp() : SaturdayAfternoonApp(DatabaseProvider.Sqlite);

public sealed class PostgresSaturdayAfternoonApp() : SaturdayAfternoonApp(DatabaseProvider.Postgres);

/// <summary>
/// Service-level clocks read as durations ("4 min 50 s"), never as a time of day ("0:04:50"), and while the
/// organisation is closed a business-time clock says when it starts counting, in the reader's language.
/// </summary>
public abstract class ClockTextTests(SaturdayAfternoonApp app)
{
    [Fact]
    public async Task A_clock_says_when_it_starts_while_the_shop_is_closed_and_counts_a_duration_once_it_is_open()
    {
        // A phone return on Saturday afternoon: 20 s to answer and 300 s to resolve, both in business time.
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var agent = await app.SignInAsync(Demo.Agent);
        var contact = Guid.NewGuid();
        await (await agent.PostJsonAsync("/api/v1/contacts",
                new { id = contact, channel = Channels.Phone, reason = "quiero devolver unos zapatos", protocolId }))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);

        var run = await agent.GetPageAsync($"/contacts/{contact}");
        var resolution = run.Document.QuerySelector("#clock-Resolution .clock-value")!;
        resolution.TextContent.Trim().ShouldBe(Es("Contact.StartsOn", "lunes", "10:00"));
        resolution.HasAttribute("data-due").ShouldBeFalse("a closed shop's clock does not count down");

        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var board = await supervisor.GetPageAsync("/board");
        board.Document.QuerySelector($"#board-{contact}")!.TextContent.ShouldContain(Es("Contact.StartsOn", "lunes", "10:00"));

        var marta = await app.SignInAsync("marta@suarez.example");
        (await marta.SubmitAsync("/", Form(("language", "en"), ("returnUrl", "/")), "/account/language")).ShouldRedirectTo("/");
        (await marta.GetPageAsync($"/contacts/{contact}")).Document.QuerySelector("#clock-Resolution .clock-value")!.TextContent.Trim()
            .ShouldBe(En("Contact.StartsOn", "Monday", "10:00"));

        // Monday 10:00:10: ten seconds have counted. Signed in again, as two nights have passed.
        app.Clock.Advance(TimeSpan.FromHours(43) + TimeSpan.FromSeconds(10));
        agent = await app.SignInAsync(Demo.Agent);
        run = await agent.GetPageAsync($"/contacts/{contact}");
        resolution = run.Document.QuerySelector("#clock-Resolution .clock-value")!;
        resolution.TextContent.Trim().ShouldBe("4 min 50 s");
        DateTimeOffset.Parse(resolution.GetAttribute("data-due")!, System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBe(SaturdayAfternoonApp.SaturdayAfternoon.AddHours(43).AddMinutes(5));
        run.Document.QuerySelector("#clock-FirstResponse .clock-value")!.TextContent.Trim().ShouldBe("10 s");

        // A contact started on Monday at 13:57: its 300 s of resolution run past the 14:00 closing, so the page also
        // tells countdown.js where it stops and what it says then (the shop opens again at 16:30).
        app.Clock.Advance(TimeSpan.FromHours(4) - TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(10));
        agent = await app.SignInAsync(Demo.Agent);
        var late = Guid.NewGuid();
        await (await agent.PostJsonAsync("/api/v1/contacts",
                new { id = late, channel = Channels.Phone, reason = "quiero devolver unos zapatos", protocolId }))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);
        var lateClock = (await agent.GetPageAsync($"/contacts/{late}")).Document.QuerySelector("#clock-Resolution .clock-value")!;
        lateClock.TextContent.Trim().ShouldBe("5 min 00 s");
        lateClock.GetAttribute("data-stops").ShouldNotBeNull();
        lateClock.GetAttribute("data-stopped-text").ShouldBe(Es("Contact.StartsToday", "16:30"));
    }
}

public sealed class ClockTextOnSqlite(SqliteSaturdayAfternoonApp app) : ClockTextTests(app), IClassFixture<SqliteSaturdayAfternoonApp>;

public sealed class ClockTextOnPostgres(PostgresSaturdayAfternoonApp app) : ClockTextTests(app), IClassFixture<PostgresSaturdayAfternoonApp>;
