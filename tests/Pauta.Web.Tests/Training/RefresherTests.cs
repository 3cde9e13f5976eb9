using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Organisations;
using Pauta.Core.Training;
using Pauta.Data.Entities;
using Pauta.Tests.Shared;
using Pauta.Web.Features.Training;
using Pauta.Web.Tests.Contacts;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;

namespace Pauta.Web.Tests.Training;

/// <summary>
/// The refresher schedule follows acknowledgements and failed attempts (FSRS, exact dates on the demo's working days) and
/// live work brings it forward: the worker's round is called directly, on a clock the test moves.
/// </summary>
public abstract class RefresherTests(ClockedApp app)
{
    private const string Person = "diego@suarez.example";

    private Task<RefresherSchedule?> ScheduleAsync(Guid member, Guid protocol) =>
        app.WithDbAsync(db => db.RefresherSchedules.IgnoreQueryFilters().SingleOrDefaultAsync(r => r.MemberId == member && r.ProtocolId == protocol));

    private Task<int> TickAsync() => app.Services.GetRequiredService<RefresherWorker>().TickAsync(default);

    private static DateTime Utc(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, DateTimeKind.Utc);

    private async Task SkipGreetingAsync(Browser agent, Guid protocol)
    {
        var started = await agent.PostJsonAsync("/api/v1/contacts", new { id = Guid.NewGuid(), channel = Channels.Phone, reason = "devolver unos zapatos", protocolId = protocol });
        started.StatusCode.ShouldBe(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var c = (await started.Content.ReadFromJsonAsync<ContactDto>(Browser.Json))!;
        var skipped = await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions",
            new { actionId = Guid.NewGuid(), version = c.Version, kind = "Skip", stepKey = "saludo", reason = "el cliente tenía prisa" });
        skipped.StatusCode.ShouldBe(HttpStatusCode.OK, await skipped.Content.ReadAsStringAsync());
        app.Clock.Advance(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Reviews_set_the_date_and_three_skips_of_a_required_step_bring_it_to_the_next_working_day()
    {
        await app.SetOrganisationGateAsync(GateMode.Off);
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        var (organisation, member, _) = await app.MemberAsync(Person);
        var version = await app.WithDbAsync(db => db.Protocols.IgnoreQueryFilters().Where(p => p.Id == protocol).Select(p => p.PublishedVersion).SingleAsync());
        // The other tests of this class move the clock by minutes at most before this one moves it by days.
        app.UtcNow.Date.ShouldBe(TestInstants.WorkingMorning.UtcDateTime.Date);

        // Acknowledged with 90 % on Tuesday 3 March at 10:30 in Madrid: Good, S = 3.173, 3 days → Friday 6 March at the 10:00 opening.
        await app.AcknowledgeAsync(Person, protocol, version, score: 90, at: TestInstants.WorkingMorning.UtcDateTime);
        await TickAsync();
        var s = (await ScheduleAsync(member, protocol))!;
        s.Reviews.ShouldBe(1);
        s.Stability.ShouldBe(3.173, 1e-9);
        s.DueAt.ShouldBe(Utc(6, 9));
        s.BroughtForwardBy.ShouldBeNull();
        (await TickAsync()).ShouldBe(0, "a second round with nothing new writes nothing");

        // Two skips of the required greeting: not yet. The third: the next working day, Wednesday 4 March at 10:00.
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var agent = await app.SignInAsync(Person);
        await SkipGreetingAsync(agent, protocol);
        await SkipGreetingAsync(agent, protocol);
        await TickAsync();
        (await ScheduleAsync(member, protocol))!.DueAt.ShouldBe(Utc(6, 9));
        await SkipGreetingAsync(agent, protocol);
        await TickAsync();
        s = (await ScheduleAsync(member, protocol))!;
        s.DueAt.ShouldBe(Utc(4, 9));
        s.BroughtForwardBy.ShouldBe("skips:saludo");
        (await TickAsync()).ShouldBe(0, "once brought forward it stays there");

        // A failed attempt on Saturday 7 March is a new review (Again): S = 1.12, 1 day → Sunday, closed → Monday 9 March 10:00.
        // The skips came before it, so they no longer count.
        var failedAt = Utc(7, 9, 30);
        app.Clock.Advance(failedAt - app.UtcNow + TimeSpan.FromHours(2));
        await app.WithDbAsync(async db =>
        {
            db.QuizAttempts.Add(new QuizAttempt
            {
                OrganisationId = organisation, Id = Guid.NewGuid(), MemberId = member, ProtocolId = protocol, VersionNumber = version,
                StartedAt = failedAt.AddMinutes(-10), Paper = "{}", SubmittedAt = failedAt, Answers = "{}", ScorePercent = 40, Passed = false,
            });
            await db.SaveChangesAsync();
        }, organisation);
        await TickAsync();
        s = (await ScheduleAsync(member, protocol))!;
        s.Reviews.ShouldBe(2);
        s.Stability.ShouldBe(1.120207, 1e-5);
        s.LastReviewAt.ShouldBe(failedAt);
        s.DueAt.ShouldBe(Utc(9, 9));
        s.BroughtForwardBy.ShouldBeNull();
    }

    [Fact]
    public async Task The_workers_own_rounds_read_only_what_is_new_and_still_see_a_new_acknowledgement()
    {
        var worker = app.Services.GetRequiredService<RefresherWorker>();
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoComplaints);
        var (_, member, _) = await app.MemberAsync("paula@suarez.example");
        await worker.TickAsync(default, full: false);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var version = await app.WithDbAsync(db => db.Protocols.IgnoreQueryFilters().Where(p => p.Id == protocol).Select(p => p.PublishedVersion).SingleAsync());
        await app.AcknowledgeAsync("paula@suarez.example", protocol, version, score: 100, at: app.UtcNow);
        await worker.TickAsync(default, full: false);
        var s = (await ScheduleAsync(member, protocol))!;
        s.Reviews.ShouldBe(1);
        s.Stability.ShouldBe(Refresher.W[3], 1e-9);
        (await worker.TickAsync(default, full: false)).ShouldBe(0);
    }

    [Fact]
    public async Task Someone_never_acknowledged_has_no_schedule_and_another_organisation_is_untouched()
    {
        var protocol = await app.ProtocolIdAsync(ProtocolScenarios.DemoPhone);
        var (_, member, _) = await app.MemberAsync("valentina@suarez.example");
        await TickAsync();
        (await ScheduleAsync(member, protocol)).ShouldBeNull();
        var email = Demo.NewEmail("owner");
        await app.SignUpAsync($"Otra {Guid.NewGuid():N}"[..20], email);
        var (other, _, _) = await app.MemberAsync(email);
        await TickAsync();
        (await app.WithDbAsync(db => db.RefresherSchedules.IgnoreQueryFilters().CountAsync(r => r.OrganisationId == other))).ShouldBe(0);
    }
}

public sealed class RefreshersOnSqlite(SqliteClockedApp app) : RefresherTests(app), IClassFixture<SqliteClockedApp>;

public sealed class RefreshersOnPostgres(PostgresClockedApp app) : RefresherTests(app), IClassFixture<PostgresClockedApp>;
