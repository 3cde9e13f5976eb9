using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Organisations;
using Pauta.Data.Tenancy;
using Pauta.Tests.Shared;
using Pauta.Web.Features.Insights;
using Pauta.Web.Features.Surveys;
using Pauta.Web.Tests.Contacts;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests.Insights;

/// <summary>
/// The insights on both databases: a contact action, a survey answer shows in the numbers within the worker's bound,
/// the contacts behind a number are the right ones, and nothing of one organisation is readable from another.
/// Numbers are compared before and after, so contacts other tests or the demo history left behind do not matter.
/// </summary>
public abstract class InsightsTests(ClockedApp app)
{
    /// <summary>The worker's promise: at most this far behind the durable actions.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(app.UtcNow,
        TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid")));

    private InsightsFilter Around(Guid? protocolId = null) => new(Today.AddDays(-1), Today.AddDays(1), ProtocolId: protocolId);

    private Task<T> AsManager<T>(Func<InsightsReader, Task<T>> read) => app.Services.AsAsync(Demo.Manager, read);

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

    private async Task<ContactDto> StartAsync(Browser agent, Guid protocolId) =>
        await OkAsync(await agent.PostJsonAsync("/api/v1/contacts",
            new { id = Guid.NewGuid(), channel = Channels.Phone, reason = "Quiero devolver unos zapatos", protocolId }), HttpStatusCode.Created);

    private async Task<ContactDto> DoAsync(Browser who, ContactDto c, string kind, object? extra = null) =>
        await OkAsync(await who.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, kind, extra)));

    /// <summary>Polls (the hosted worker runs on its own) until the condition holds, failing after the worker's bound.</summary>
    private static async Task<T> WithinBoundAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (watch.Elapsed > Bound) throw new ShouldAssertException($"Not seen within {Bound}: {value}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_closed_contact_shows_in_the_numbers_within_the_workers_bound_and_drills_down_to_itself()
    {
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var filter = Around(protocolId);
        var before = await AsManager(r => r.SummaryAsync(filter, default));

        var agent = await app.SignInAsync(Demo.Agent);
        var c = await StartAsync(agent, protocolId);
        app.Clock.Advance(TimeSpan.FromSeconds(5));
        c = await DoAsync(agent, c, "Complete", new { stepKey = "saludo" });
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        c = await DoAsync(agent, c, "Close", new { outcome = "Resolved", overrideReason = "Lo resolvió en caja" });

        var after = await WithinBoundAsync(() => AsManager(r => r.SummaryAsync(filter, default)),
            s => s.Closed == before.Closed + 1);
        after.Contacts.ShouldBe(before.Contacts + 1);
        after.CloseOverridden.ShouldBe(before.CloseOverridden + 1);
        after.FirstResponse.Attainment.Met.ShouldBe(before.FirstResponse.Attainment.Met + 1);

        var overridden = await AsManager(r => r.DrillAsync(filter, new InsightsDrill(InsightMetric.CloseOverridden), 1, default));
        overridden.Items.Select(i => i.ContactId).ShouldContain(c.Id);
        overridden.Total.ShouldBe(after.CloseOverridden);
        var skipped = await AsManager(r => r.DrillAsync(filter, new InsightsDrill(InsightMetric.StepCompleted, Step: "saludo"), 1, default));
        skipped.Items.Select(i => i.ContactId).ShouldContain(c.Id);

        // Team: the people whose positions report to the supervisor's; department: the agent's.
        var organisation = await app.OrganisationOfAsync(Demo.Agent);
        var (andres, raul, service, tills) = await app.WithDbAsync(async db => (
            await db.Users.Where(u => u.Email == Demo.Supervisor).Select(u => u.Id).SingleAsync(),
            await db.Users.Where(u => u.Email == "raul@suarez.example").Select(u => u.Id).SingleAsync(),
            await db.Departments.Where(d => d.Name == "Atención al cliente").Select(d => d.Id).SingleAsync(),
            await db.Departments.Where(d => d.Name == "Caja y facturación").Select(d => d.Id).SingleAsync()), organisation);
        async Task<bool> Behind(InsightsFilter f) =>
            (await AsManager(r => r.DrillAsync(f, new InsightsDrill(InsightMetric.Contacts), 1, default))).Items.Any(i => i.ContactId == c.Id);
        (await Behind(filter with { TeamSupervisorUserId = andres })).ShouldBeTrue();
        (await Behind(filter with { TeamSupervisorUserId = raul })).ShouldBeFalse();
        (await Behind(filter with { DepartmentId = service })).ShouldBeTrue();
        (await Behind(filter with { DepartmentId = tills })).ShouldBeFalse();
        (await AsManager(r => r.SummaryAsync(filter with { TeamSupervisorUserId = andres }, default))).Closed.ShouldBeGreaterThanOrEqualTo(1);
        (await AsManager(r => r.SummaryAsync(filter with { DepartmentId = service }, default))).Closed.ShouldBeGreaterThanOrEqualTo(1);

        var adherence = (await AsManager(r => r.AdherenceAsync(filter, protocolId, c.ProtocolVersion, default)))!;
        var greeting = adherence.Steps.Single(s => s.Step == "saludo");
        greeting.Completed.ShouldBeGreaterThanOrEqualTo(1);
        greeting.TimeP50.ShouldNotBeNull();
        adherence.Steps.Single(s => s.Step == "ticket").Overridden.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_survey_answer_moves_satisfaction_and_a_low_score_opens_a_recovery_within_the_bound()
    {
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var filter = Around(protocolId);
        var agent = await app.SignInAsync(Demo.Agent);
        var c = await StartAsync(agent, protocolId);
        c = await DoAsync(agent, c, "Close", new { outcome = "NotResolved", overrideReason = "Colgó" });
        await WithinBoundAsync(() => AsManager(r => r.DrillAsync(filter, new InsightsDrill(InsightMetric.Closed), 1, default)),
            p => p.Items.Any(i => i.ContactId == c.Id));
        var before = await AsManager(r => r.SummaryAsync(filter, default));

        var organisation = await app.OrganisationOfAsync(Demo.Agent);
        string link;
        using (var scope = app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<Tenant>().Set(organisation);
            link = (await scope.ServiceProvider.GetRequiredService<SurveysService>().CreateAsync(c.Id, null, default))!.Path;
        }
        var sent = await app.NewBrowser().SubmitAsync(link, Form(("Input.Score", "1"), ("Input.Reason", "Nadie me ayudó")));
        sent.Status.ShouldBe(HttpStatusCode.OK);

        var after = await WithinBoundAsync(() => AsManager(r => r.SummaryAsync(filter, default)),
            s => s.Satisfaction.N == before.Satisfaction.N + 1);
        after.RecoveriesOpened.ShouldBe(before.RecoveriesOpened + 1);
        var ones = await AsManager(r => r.DrillAsync(filter, new InsightsDrill(InsightMetric.SurveyAnswered, Score: 1), 1, default));
        ones.Items.ShouldContain(i => i.ContactId == c.Id && i.Score == 1);
    }

    [Fact]
    public async Task Every_reader_method_asked_from_another_organisation_returns_nothing_of_the_first()
    {
        var protocolId = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var agent = await app.SignInAsync(Demo.Agent);
        var c = await StartAsync(agent, protocolId);
        c = await DoAsync(agent, c, "Complete", new { stepKey = "saludo" });
        c = await DoAsync(agent, c, "Escalate", new { target = "Supervisor", reason = "Pide un responsable" });
        c = await DoAsync(agent, c, "Close", new { outcome = "Escalated", overrideReason = "Pasa a tienda" });
        var filter = Around(protocolId);
        await WithinBoundAsync(() => AsManager(r => r.DrillAsync(filter, new InsightsDrill(InsightMetric.Escalated), 1, default)),
            p => p.Items.Any(i => i.ContactId == c.Id));

        var stranger = Demo.NewEmail("owner");
        await app.SignUpAsync($"Otra tienda {Guid.NewGuid():N}"[..20], stranger);
        var wide = new InsightsFilter(Today.AddDays(-300), Today.AddDays(1));
        foreach (var f in new[] { wide, wide with { ProtocolId = protocolId }, wide with { ProtocolId = protocolId, Version = c.ProtocolVersion } })
        {
            var summary = await app.Services.AsAsync<InsightsReader, InsightsSummary>(stranger, r => r.SummaryAsync(f, default));
            summary.Contacts.ShouldBe(0);
            summary.EscalationReasons.ShouldBeEmpty();
            (await app.Services.AsAsync<InsightsReader, IReadOnlyList<DailyPoint>>(stranger, r => r.DailyAsync(f, default)))
                .ShouldAllBe(p => p.Contacts == 0);
            foreach (var by in Enum.GetValues<SatisfactionBy>())
                (await app.Services.AsAsync<InsightsReader, IReadOnlyList<SatisfactionGroup>>(stranger, r => r.SatisfactionAsync(f, by, default)))
                    .ShouldAllBe(g => g.Satisfaction.N == 0);
            foreach (var metric in Enum.GetValues<InsightMetric>())
            {
                var page = await app.Services.AsAsync<InsightsReader, DrillPage>(stranger,
                    r => r.DrillAsync(f, new InsightsDrill(metric, Step: metric >= InsightMetric.StepReached ? "saludo" : null), 1, default));
                page.Total.ShouldBe(0, metric.ToString());
                page.Items.ShouldBeEmpty();
            }
            (await app.Services.AsAsync<InsightsReader, IReadOnlyList<TrainingCompletion>>(stranger, r => r.TrainingAsync(f, default)))
                .ShouldBeEmpty();
            (await app.Services.AsAsync<InsightsReader, SuggestionCounts>(stranger, r => r.SuggestionsAsync(f, default)))
                .ShouldBe(new SuggestionCounts(0, 0, 0, 0));
        }
        (await app.Services.AsAsync<InsightsReader, VersionAdherence?>(stranger, r => r.AdherenceAsync(wide, protocolId, c.ProtocolVersion, default)))
            .ShouldBeNull();
        (await app.Services.AsAsync<InsightsReader, VersionComparison?>(stranger, r => r.CompareAsync(wide, protocolId, 1, 2, default)))
            .ShouldBeNull();

        // The first organisation sees its own numbers through the same calls.
        (await AsManager(r => r.SummaryAsync(filter, default))).Escalated.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public void A_bad_filter_is_refused_on_its_field_and_a_missing_range_means_the_last_thirty_days()
    {
        var today = new DateOnly(2026, 3, 3);
        var bad = InsightsFilter.Parse(new InsightsQuery(From: "2026-13-01", To: "2026-03-01", Channel: "Fax", Version: "2", Agent: "x"), today);
        bad.Failure.ShouldBe(Pauta.Web.Features.Shared.Failure.Invalid);
        bad.Problems.Select(p => (p.Field, p.Code)).ShouldBe(
            [("From", "Insights.BadDate"), ("Channel", "Insights.BadChoice"), ("Version", "Insights.VersionNeedsProtocol"), ("Agent", "Insights.BadId")],
            ignoreOrder: true);
        InsightsFilter.Parse(new InsightsQuery(From: "2026-03-02", To: "2026-03-01"), today).Problems.Single().Code.ShouldBe("Insights.ToBeforeFrom");
        InsightsFilter.Parse(new InsightsQuery(From: "2024-01-01", To: "2026-03-01"), today).Problems.Single().Code.ShouldBe("Insights.RangeTooLong");

        var fine = InsightsFilter.Parse(new InsightsQuery(Channel: "phone"), today);
        fine.Value.ShouldBe(new InsightsFilter(new DateOnly(2026, 2, 2), today, Channel: Channels.Phone));
    }
}

public sealed class InsightsOnSqlite(SqliteClockedApp app) : InsightsTests(app), IClassFixture<SqliteClockedApp>;

public sealed class InsightsOnPostgres(PostgresClockedApp app) : InsightsTests(app), IClassFixture<PostgresClockedApp>;
