using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Insights;
using Pauta.Core.Organisations;
using Pauta.Data.Entities;
using Pauta.Web.Features.Insights;
using Pauta.Web.Tests.Contacts;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests.Insights;

/// <summary>
/// The insights pages on both databases, through HTTP as people use them: the numbers of a contact made through the app
/// on the dashboard and the protocol page, each linking to the contacts behind it and on to the timeline; CSV of every
/// table; bad filters refused on their field; another organisation's ids showing nothing; and alert rules raising an
/// item on the home page and the board until acknowledged, evaluated at instants the test's clock chooses.
/// </summary>
public abstract class DashboardTests(ClockedApp app)
{
    /// <summary>
    /// Longer than the worker's 5 s promise: a freshly started app first catches up with the demo's generated history
    /// (thousands of past contacts), and the first test of a class may land in that catch-up.
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(app.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid")));

    private string Range => $"from={Today.AddDays(-1):yyyy-MM-dd}&to={Today.AddDays(1):yyyy-MM-dd}";

    private static object Act(ContactDto c, string kind, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["actionId"] = Guid.NewGuid(), ["version"] = c.Version, ["kind"] = kind };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        return body;
    }

    private static async Task<ContactDto> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ContactDto>(Json))!;
    }

    /// <summary>An agent starts a contact on the protocol, completes the greeting and closes it over the open required step.</summary>
    private async Task<ContactDto> OverriddenContactAsync(Guid protocolId)
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var c = await OkAsync(await agent.PostJsonAsync("/api/v1/contacts",
            new { id = Guid.NewGuid(), channel = Channels.Phone, reason = "Quiero devolver unos zapatos", protocolId }), HttpStatusCode.Created);
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        c = await OkAsync(await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "Complete", new { stepKey = "saludo" })));
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        c = await OkAsync(await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "Close", new { outcome = "Resolved", overrideReason = "Lo resolvió en caja" })));
        // The rollups follow the durable actions within seconds (a worker): wait until the drill-down has the contact.
        var filter = new InsightsFilter(Today.AddDays(-1), Today.AddDays(1), ProtocolId: protocolId);
        var watch = Stopwatch.StartNew();
        while (!(await app.AsAsync<InsightsReader, DrillPage>(Demo.Manager, r => r.DrillAsync(filter, new InsightsDrill(InsightMetric.CloseOverridden), 1, default)))
                   .Items.Any(i => i.ContactId == c.Id))
        {
            if (watch.Elapsed > Bound) throw new ShouldAssertException($"contact {c.Id} not in the insights after {Bound}");
            await Task.Delay(50);
        }
        return c;
    }

    private static string Href(Page page, string selector) =>
        page.Document.QuerySelector(selector).ShouldNotBeNull(selector).GetAttribute("href").ShouldNotBeNull();

    [Fact]
    public async Task A_closed_contact_shows_on_the_dashboard_and_its_numbers_drill_down_to_the_contact_and_on_to_its_timeline()
    {
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var c = await OverriddenContactAsync(protocolId);
        var manager = await app.SignInAsync(Demo.Manager);

        var page = await manager.GetPageAsync($"/insights?{Range}&protocol={protocolId}");
        page.ShouldHaveStatus(HttpStatusCode.OK);
        page.Title.ShouldBe(Text.Es("Insights.Dash.Title"));
        int.Parse(page.Document.QuerySelector("#tile-contacts .tile-value")!.TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(1);
        page.Document.QuerySelector("figure[data-chart] canvas[aria-hidden=true]").ShouldNotBeNull();
        page.Document.QuerySelector("#daily-table tbody tr").ShouldNotBeNull();
        page.Document.QuerySelectorAll("script[src*='/lib/chartjs/chart.umd.min']").Length.ShouldBe(1);

        var overrides = Href(page, "#tile-overrides .tile-value");
        overrides.ShouldStartWith("/insights/contacts?");
        overrides.ShouldContain("metric=CloseOverridden");
        overrides.ShouldContain($"protocol={protocolId}");
        var drill = await manager.GetPageAsync(overrides);
        drill.ShouldHaveStatus(HttpStatusCode.OK);
        var row = drill.Document.GetElementById($"drill-{c.Id}").ShouldNotBeNull();
        var timeline = row.QuerySelector("a[href]")!.GetAttribute("href")!;
        timeline.ShouldBe($"/contacts/{c.Id}");
        (await manager.GetPageAsync(timeline)).ShouldHaveStatus(HttpStatusCode.OK);

        // Sorted by date both ways: the same contacts, in opposite order.
        var newest = drill.Document.QuerySelectorAll("#drill-table tbody tr").Select(r => r.Id).ToList();
        var oldest = await manager.GetPageAsync(Href(drill, "#sort-date"));
        oldest.ShouldHaveStatus(HttpStatusCode.OK);
        Href(oldest, "#sort-date").ShouldContain("sort=newest");
        if (newest.Count < 50) oldest.Document.QuerySelectorAll("#drill-table tbody tr").Select(r => r.Id).ShouldBe(newest.AsEnumerable().Reverse());
        (await manager.GetPageAsync(overrides + "&sort=sideways")).FieldError("sort").ShouldContain("sideways");

        // Every number on the dashboard is a link, and every link to the contacts answers.
        var links = page.Document.QuerySelectorAll("#insights a[href^='/insights/contacts?']").Select(a => a.GetAttribute("href")!).Distinct().ToList();
        links.Count.ShouldBeGreaterThan(15);
        foreach (var link in links.Take(30)) (await manager.GetPageAsync(link)).ShouldHaveStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_protocol_page_shows_adherence_per_step_and_compares_two_versions_with_the_difference()
    {
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var c = await OverriddenContactAsync(protocolId);
        var manager = await app.SignInAsync(Demo.Manager);

        var page = await manager.GetPageAsync($"/insights/protocol?{Range}&protocol={protocolId}");
        page.ShouldHaveStatus(HttpStatusCode.OK);
        var greeting = page.Document.QuerySelector("#steps-table tr[data-step='saludo']").ShouldNotBeNull();
        greeting.QuerySelector("td a")!.GetAttribute("href")!.ShouldContain("metric=StepReached");
        var ticket = page.Document.QuerySelector("#steps-table tr[data-step='ticket']").ShouldNotBeNull();
        var overridden = ticket.QuerySelectorAll("td a").Single(a => a.GetAttribute("href")!.Contains("metric=StepOverridden", StringComparison.Ordinal));
        int.Parse(overridden.TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(1);
        var drill = await manager.GetPageAsync(overridden.GetAttribute("href")!);
        drill.ShouldHaveStatus(HttpStatusCode.OK);
        drill.Document.GetElementById($"drill-{c.Id}").ShouldNotBeNull();
        page.Document.QuerySelector("#steps-table .skip-rate").ShouldNotBeNull().GetAttribute("href")!.ShouldContain("metric=StepSkipped");

        // A protocol with two versions: v1 against v2, each measure with both sides and the difference.
        var twoVersions = await app.WithDbAsync(db => db.Protocols.IgnoreQueryFilters().Where(p => p.PublishedVersion >= 2).Select(p => p.Id).FirstAsync());
        var compare = await manager.GetPageAsync($"/insights/protocol?{Range}&protocol={twoVersions}&a=1&b=2");
        compare.ShouldHaveStatus(HttpStatusCode.OK);
        var table = compare.Document.GetElementById("compare-table").ShouldNotBeNull();
        table.QuerySelectorAll("thead th").Select(t => t.TextContent.Trim()).ShouldBe([Text.Es("Insights.Protocol.Measure"), "v1", "v2", "v2 − v1"]);
        foreach (var key in new[] { "contacts", "first_response_attainment_percent", "resolution_attainment_percent", "escalation_rate_percent", "override_rate_percent", "satisfaction_mean" })
            compare.Document.GetElementById($"compare-{key}").ShouldNotBeNull(key).QuerySelectorAll("td").Length.ShouldBe(3);
        Href(compare, "#compare-contacts td a").ShouldContain("version=1");

        (await manager.GetPageAsync($"/insights/protocol?{Range}&protocol={twoVersions}&a=2&b=2")).Document.GetElementById("compare-none").ShouldNotBeNull();
    }

    [Fact]
    public async Task Every_table_downloads_as_csv_with_a_bom_and_the_contacts_csv_lists_the_contact()
    {
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var c = await OverriddenContactAsync(protocolId);
        var manager = await app.SignInAsync(Demo.Manager);

        static async Task<string[]> LinesAsync(HttpResponseMessage response)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        }

        var summary = await LinesAsync(await manager.GetAsync($"/insights?{Range}&protocol={protocolId}&format=csv&table=summary"));
        summary[0].ShouldBe("measure,value,of,rate_percent");
        int.Parse(summary.Single(l => l.StartsWith("close_overridden,", StringComparison.Ordinal)).Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)
            .ShouldBeGreaterThanOrEqualTo(1);
        foreach (var table in IndexModel.Tables)
            (await LinesAsync(await manager.GetAsync($"/insights?{Range}&protocol={protocolId}&version=1&format=csv&table={table}"))).Length.ShouldBeGreaterThanOrEqualTo(1, table);
        var daily = await LinesAsync(await manager.GetAsync($"/insights?{Range}&format=csv&table=daily"));
        daily.Length.ShouldBe(1 + 3);

        var steps = await LinesAsync(await manager.GetAsync($"/insights/protocol?{Range}&protocol={protocolId}&format=csv&table=steps"));
        steps[0].ShouldStartWith("order,step,title,plan,required,reached,completed,skipped");
        steps.ShouldContain(l => l.Contains(",ticket,", StringComparison.Ordinal));

        var contacts = await LinesAsync(await manager.GetAsync($"/insights/contacts?{Range}&protocol={protocolId}&metric=CloseOverridden&format=csv"));
        contacts[0].ShouldBe("contact,started_at,channel,agent,protocol,version,status,outcome,score");
        contacts.ShouldContain(l => l.StartsWith(c.Id + ",", StringComparison.Ordinal) && l.Contains(",Sofía Díaz,", StringComparison.Ordinal));
        Href(await manager.GetPageAsync($"/insights/contacts?{Range}&metric=Contacts"), "#csv-contacts").ShouldContain("format=csv");
    }

    [Fact]
    public async Task Bad_filters_answer_400_with_the_message_on_their_field_and_never_500()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var page = await manager.GetPageAsync("/insights?from=2026-13-01&to=ayer&channel=Fax");
        page.ShouldHaveStatus(HttpStatusCode.BadRequest);
        page.FieldError("from").ShouldContain("2026-13-01");
        page.FieldError("to").ShouldContain("ayer");
        page.FieldError("channel").ShouldContain("Fax");
        page.Document.GetElementById("insights-invalid").ShouldNotBeNull();

        (await manager.GetPageAsync("/insights?from=2026-03-05&to=2026-03-01")).FieldError("to").ShouldBe(Text.Es("Insights.ToBeforeFrom"));
        (await manager.GetPageAsync("/insights?format=xlsx")).ShouldHaveStatus(HttpStatusCode.BadRequest);
        (await manager.GetPageAsync("/insights?format=csv&table=nope")).FieldError("table").ShouldContain("nope");
        var protocol = await manager.GetPageAsync("/insights/protocol?a=uno&b=0");
        protocol.ShouldHaveStatus(HttpStatusCode.BadRequest);
        protocol.FieldError("a").ShouldContain("uno");
        protocol.FieldError("b").ShouldContain("0");
        var drill = await manager.GetPageAsync("/insights/contacts?metric=Bogus&day=mañana&page=0&score=9");
        drill.ShouldHaveStatus(HttpStatusCode.BadRequest);
        drill.FieldError("metric").ShouldContain("Bogus");
        drill.FieldError("day").ShouldContain("mañana");
        drill.FieldError("page").ShouldContain("0");
        drill.FieldError("score").ShouldContain("9");
        (await manager.GetPageAsync("/insights/contacts?metric=StepSkipped")).FieldError("step").ShouldBe(Text.Es("Insights.Drill.StepNeedsVersion"));
        (await manager.GetPageAsync("/insights/contacts")).ShouldHaveStatus(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Another_organisations_protocol_and_agent_ids_in_the_query_show_nothing_of_it()
    {
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var c = await OverriddenContactAsync(protocolId);
        var agentId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync());

        var stranger = await app.SignUpAsync($"Otra tienda {Guid.NewGuid():N}"[..20], Demo.NewEmail("owner"));
        var query = $"{Range}&protocol={protocolId}&agent={agentId}";
        var dashboard = await stranger.GetPageAsync($"/insights?{query}");
        dashboard.ShouldHaveStatus(HttpStatusCode.OK);
        dashboard.Document.QuerySelector("#tile-contacts .tile-value")!.TextContent.Trim().ShouldBe("0");
        dashboard.Text.ShouldNotContain(ProtocolScenarios.DemoReturns);
        dashboard.Text.ShouldNotContain("Sofía");

        var protocol = await stranger.GetPageAsync($"/insights/protocol?{query}&version=1");
        protocol.ShouldHaveStatus(HttpStatusCode.NotFound);
        protocol.Document.GetElementById("protocol-unknown").ShouldNotBeNull();
        protocol.Text.ShouldNotContain(ProtocolScenarios.DemoReturns);

        foreach (var metric in Enum.GetValues<InsightMetric>())
        {
            var drill = await stranger.GetPageAsync($"/insights/contacts?{query}&version=1&metric={metric}&step=saludo");
            drill.ShouldHaveStatus(HttpStatusCode.OK);
            drill.Document.GetElementById("drill-empty").ShouldNotBeNull(metric.ToString());
            drill.Html.ShouldNotContain(c.Id.ToString());
        }
        var csv = await stranger.GetAsync($"/insights/contacts?{query}&metric=Contacts&format=csv");
        (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(1);
        (await stranger.SubmitAsync("/insights/alerts", Form(("Input.Kind", "StepOverridesAbove"), ("Input.Threshold", "1"), ("Input.Protocol", protocolId.ToString())),
            "/insights/alerts?handler=Add")).FieldError("Input.Protocol").ShouldContain(protocolId.ToString());
    }

    [Fact]
    public async Task Agents_may_not_open_insights_and_a_supervisor_sees_only_their_team()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        (await agent.GetPageAsync("/insights")).ShouldHaveStatus(HttpStatusCode.Forbidden);
        (await agent.GetPageAsync("/insights/contacts?metric=Contacts")).ShouldHaveStatus(HttpStatusCode.Forbidden);
        (await agent.GetPageAsync("/")).Document.GetElementById("nav-insights").ShouldBeNull();

        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var page = await supervisor.GetPageAsync("/insights?team=" + Guid.NewGuid());
        page.ShouldHaveStatus(HttpStatusCode.OK);
        page.Document.GetElementById("insights-team-only").ShouldNotBeNull();
        page.Document.GetElementById("team").ShouldBeNull();
        page.Document.GetElementById("nav-insights").ShouldNotBeNull();
        (await supervisor.GetPageAsync("/insights/alerts")).Document.GetElementById("rule-form").ShouldBeNull();
        // The chart library is loaded only where charts are drawn.
        (await supervisor.GetPageAsync("/")).Document.QuerySelectorAll("script[src*='/lib/chartjs/']").ShouldBeEmpty();
    }

    [Fact]
    public async Task The_hour_an_attainment_alert_reads_counts_both_clocks_of_a_contact_started_in_it_and_no_other_hour_does()
    {
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");
        var hour = InsightAlertRules.WindowAt(InsightAlertKind.AttainmentBelow, app.Clock.GetUtcNow(), madrid);
        Task<Attainment> ReadAsync(DateTime from, DateTime to) =>
            app.AsAsync<InsightsReader, Attainment>(Demo.Manager, r => r.HourAttainmentAsync(protocolId, from, to, default));
        var before = await ReadAsync(hour.StartUtc, hour.EndUtc);
        var earlier = await ReadAsync(hour.StartUtc.AddHours(-1), hour.StartUtc);

        await OverriddenContactAsync(protocolId);

        var after = await ReadAsync(hour.StartUtc, hour.EndUtc);
        (after.Of - before.Of).ShouldBe(2, "first response and resolution");
        (after.Met - before.Met).ShouldBe(2, "the greeting came in seconds and the contact closed resolved");
        (await ReadAsync(hour.StartUtc.AddHours(-1), hour.StartUtc)).ShouldBe(earlier);
        (await app.AsAsync<InsightsReader, Attainment>(Demo.Manager, r => r.HourAttainmentAsync(Guid.NewGuid(), hour.StartUtc, hour.EndUtc, default)))
            .ShouldBe(new Attainment(0, 0));
    }

    [Fact]
    public async Task An_override_rule_raises_an_alert_on_the_home_page_and_the_board_until_acknowledged_and_a_new_week_starts_clear()
    {
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var manager = await app.SignInAsync(Demo.Manager);
        var added = await manager.SubmitAsync("/insights/alerts",
            Form(("Input.Kind", "StepOverridesAbove"), ("Input.Threshold", "0"), ("Input.Protocol", protocolId.ToString())), "/insights/alerts?handler=Add");
        added.Status.ShouldBe(HttpStatusCode.Redirect, added.Text);
        var bad = await manager.SubmitAsync("/insights/alerts", Form(("Input.Kind", "AttainmentBelow"), ("Input.Threshold", "150")), "/insights/alerts?handler=Add");
        bad.ShouldHaveStatus(HttpStatusCode.BadRequest);
        bad.FieldError("Input.Threshold").ShouldContain("150");

        var worker = app.Services.GetRequiredService<InsightAlertWorker>();
        await OverriddenContactAsync(protocolId);
        (await worker.TickAsync(default)).ShouldBeGreaterThanOrEqualTo(1);
        (await worker.TickAsync(default)).ShouldBe(0, "an alert is raised once per step and week");

        var home = await manager.GetPageAsync("/");
        var items = home.Document.GetElementById("insight-alerts").ShouldNotBeNull().QuerySelectorAll("li")
            .Where(li => li.TextContent.Contains(ProtocolScenarios.DemoReturns, StringComparison.Ordinal)).ToList();
        items.ShouldNotBeEmpty();
        items.ShouldContain(li => li.TextContent.Contains("Ticket", StringComparison.OrdinalIgnoreCase) || li.TextContent.Contains("ticket", StringComparison.Ordinal));
        items[0].QuerySelector("a")!.GetAttribute("href")!.ShouldStartWith("/insights/protocol?");
        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var board = await supervisor.GetPageAsync("/board");
        foreach (var item in items) board.Document.GetElementById(item.Id!).ShouldNotBeNull();
        (await supervisor.GetPageAsync("/")).Document.GetElementById("insight-alerts").ShouldBeNull();

        foreach (var item in items)
        {
            var ack = await manager.SubmitAsync("/", Form(("returnUrl", "/")), $"/insights/alerts?handler=Acknowledge&id={item.Id!["alert-".Length..]}");
            ack.Status.ShouldBe(HttpStatusCode.Redirect);
            ack.Location.ShouldBe("/");
            (await manager.GetPageAsync("/")).Document.GetElementById(item.Id!).ShouldBeNull();
        }
        board = await supervisor.GetPageAsync("/board");
        foreach (var item in items) board.Document.GetElementById(item.Id!).ShouldBeNull();

        // A week later the overrides are last week's: nothing is raised.
        app.Clock.Advance(TimeSpan.FromDays(7));
        (await worker.TickAsync(default)).ShouldBe(0);
        (await manager.GetPageAsync("/")).Document.GetElementById("insight-alerts")?.TextContent.ShouldNotContain(ProtocolScenarios.DemoReturns);
        app.Clock.Advance(TimeSpan.FromDays(-7));
    }
}

public sealed class DashboardOnSqlite(SqliteClockedApp app) : DashboardTests(app), IClassFixture<SqliteClockedApp>;

public sealed class DashboardOnPostgres(PostgresClockedApp app) : DashboardTests(app), IClassFixture<PostgresClockedApp>;
