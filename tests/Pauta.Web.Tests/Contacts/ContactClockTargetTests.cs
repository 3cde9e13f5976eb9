using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Web.Features.Contacts;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;

namespace Pauta.Web.Tests.Contacts;

public sealed record TargetWarningDto(int Index, DateTimeOffset? DueAt, DateTimeOffset? WarnedAt);

public sealed record TargetClockDto(string Status, DateTimeOffset? DueAt, bool Paused, string? Clock, string? Unit, string? Calendar,
    int? DaysLeft, DateOnly? DueDate, TimeSpan? Extension, List<TargetWarningDto>? Warnings);

public sealed record TargetContactDto(Guid Id, int Version, List<ContactTimelineDto> Timeline, string? SubChannel, DateTimeOffset? ReceivedAt,
    string? ReceivedReason, List<TargetClockDto> Clocks)
{
    public TargetClockDto Of(string clock) => Clocks.Single(c => c.Clock == clock);
}

/// <summary>
/// Clocks of format-2 targets through the API and the background worker, on both databases: a legal term in business
/// days on the demo shop's calendar with an early warning that escalates by rule, its breach, received-at, sub-channels,
/// extensions and milestones. The demo chat protocol is given targets in this app's copy of its published version
/// (publishing a format-2 file is the format part's; the run only reads the parsed protocol).
/// </summary>
public abstract class ContactClockTargetTests(ClockedApp app)
{
    private const string Chat = "Atención por chat, correo electrónico y redes sociales";

    private static readonly IReadOnlyList<ServiceTarget> Targets =
    [
        new() { Clock = ContactClock.FirstResponse, Channel = Channels.Electronic, SubChannels = SubChannels.Chat, Amount = 2, Unit = TargetUnit.Minutes, Counting = ServiceClock.Calendar },
        new() { Clock = ContactClock.FirstResponse, Channel = Channels.Electronic, Amount = 4, Unit = TargetUnit.Hours },
        new() { Clock = ContactClock.Acknowledgement, Channel = Channels.Electronic, Amount = 1, Unit = TargetUnit.BusinessDays, Calendar = CalendarRefs.Legal },
        new()
        {
            Clock = ContactClock.Resolution, Channel = Channels.Electronic, Amount = 5, Unit = TargetUnit.BusinessDays, Calendar = CalendarRefs.Legal,
            ExtendableBy = 3, Warnings = [new TargetWarning { Left = 2, LeftUnit = TargetUnit.BusinessDays }],
        },
    ];

    /// <summary>The demo chat protocol with format-2 targets and a rule for a target at risk, as this app's published copy.</summary>
    private async Task<Guid> ProtocolWithTargetsAsync()
    {
        var id = await app.ProtocolIdAsync(Chat);
        var organisation = await app.OrganisationOfAsync(Demo.Agent);
        var version = await app.AsAsync<PublishedProtocols, PublishedVersion>(Demo.Agent, p => p.CurrentAsync(id, default)!);
        var protocol = version.Protocol with
        {
            ServiceLevels = [],
            ServiceTargets = Targets,
            EscalationRules =
            [
                .. version.Protocol.EscalationRules,
                new EscalationRule { Key = "plazo-en-riesgo", Condition = EscalationCondition.TargetAtRisk, Detail = "Quedan dos días hábiles.", Target = "Jefa de atención al cliente" },
            ],
        };
        var keyType = typeof(PublishedProtocols).GetNestedType("VersionKey", BindingFlags.NonPublic)!;
        var key = Activator.CreateInstance(keyType, organisation, id, version.Number)!;
        app.Services.GetRequiredService<IMemoryCache>().Set(key, version with { Protocol = protocol });
        return id;
    }

    private static async Task<TargetContactDto> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TargetContactDto>(Browser.Json))!;
    }

    private async Task<TargetContactDto> StartAsync(Browser agent, object? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["id"] = Guid.NewGuid(), ["channel"] = Channels.Electronic, ["reason"] = "no me llega el pedido",
            ["protocolId"] = await ProtocolWithTargetsAsync(),
        };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        return await OkAsync(await agent.PostJsonAsync("/api/v1/contacts", body), HttpStatusCode.Created);
    }

    private static Dictionary<string, object?> Act(TargetContactDto c, string kind, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["actionId"] = Guid.NewGuid(), ["version"] = c.Version, ["kind"] = kind };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        return body;
    }

    private static DateTimeOffset Madrid(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_worker_records_a_legal_terms_warning_with_its_escalation_and_then_its_breach()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var c = await StartAsync(agent, new { subChannel = "Email" });
        var resolution = c.Of("Resolution");

        // Tuesday 3 March 2026: five business days of the demo shops (Saturday mornings count) end on Monday the 9th at
        // 20:30; two business days before its close, the warning is due at Friday's close.
        resolution.Unit.ShouldBe("BusinessDays");
        resolution.Calendar.ShouldBe("legal");
        resolution.DueAt.ShouldBe(Madrid("2026-03-09T20:30:00+01:00"));
        resolution.DueDate.ShouldBe(new DateOnly(2026, 3, 9));
        resolution.DaysLeft.ShouldBe(5);
        resolution.Warnings!.ShouldHaveSingleItem().DueAt.ShouldBe(Madrid("2026-03-06T20:30:00+01:00"));
        c = await OkAsync(await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "FirstResponse")));
        c = await OkAsync(await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "Milestone", new { clock = "Acknowledgement" })));
        c.Of("Acknowledgement").Status.ShouldBe("Fulfilled");
        var row = await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().SingleAsync(x => x.Id == c.Id));
        row.NextClockDueAt.ShouldBe(Madrid("2026-03-06T20:30:00+01:00").UtcDateTime);
        row.SubChannel.ShouldBe(SubChannels.Email);

        app.Clock.Advance(Madrid("2026-03-06T20:30:01+01:00") - app.Clock.GetUtcNow());
        await app.Services.GetRequiredService<BreachWorker>().TickAsync(default);
        var warned = await agent.GetJsonAsync<TargetContactDto>($"/api/v1/contacts/{c.Id}");
        warned.Of("Resolution").Warnings!.Single().WarnedAt.ShouldNotBeNull();
        warned.Timeline.ShouldContain(t => t.Kind == "ClockWarned" && t.Actor == "Pauta");
        warned.Timeline.ShouldContain(t => t.Kind == "EscalatedAutomatically" && t.Subject == "Jefa de atención al cliente");
        row = await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().SingleAsync(x => x.Id == c.Id));
        row.NextClockDueAt.ShouldBe(Madrid("2026-03-09T20:30:00+01:00").UtcDateTime);
        row.Breached.ShouldBeFalse();

        app.Clock.Advance(Madrid("2026-03-09T20:30:01+01:00") - app.Clock.GetUtcNow());
        await app.Services.GetRequiredService<BreachWorker>().TickAsync(default);
        await app.Services.GetRequiredService<BreachWorker>().TickAsync(default);
        var breached = await agent.GetJsonAsync<TargetContactDto>($"/api/v1/contacts/{c.Id}");
        breached.Of("Resolution").Status.ShouldBe("Breached");
        breached.Timeline.Count(t => t.Kind == "ClockWarned").ShouldBe(1);
        breached.Timeline.Count(t => t.Kind == "ClockBreached").ShouldBe(1);
        breached.Timeline.ShouldContain(t => t.Kind == "EscalatedAutomatically" && t.Subject == "Supervisor de tienda");
        row = await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().SingleAsync(x => x.Id == c.Id));
        row.Breached.ShouldBeTrue();
        row.NextClockDueAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_request_received_yesterday_counts_from_its_arrival_and_is_stored_with_its_reason()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var received = app.Clock.GetUtcNow().AddDays(-1);

        var c = await StartAsync(agent, new { subChannel = "Chat", receivedAt = received, receivedReason = "Llegó fuera de horario" });

        c.ReceivedAt.ShouldBe(received);
        c.ReceivedReason.ShouldBe("Llegó fuera de horario");
        c.SubChannel.ShouldBe("Chat");
        // Two minutes of a chat counted from yesterday: already run out.
        c.Of("FirstResponse").DueAt.ShouldBe(received.AddMinutes(2));
        var row = await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().SingleAsync(x => x.Id == c.Id));
        row.ReceivedAt.ShouldBe(received.UtcDateTime);
        row.SubChannel.ShouldBe(SubChannels.Chat);
    }

    [Fact]
    public async Task A_received_instant_out_of_bounds_or_an_unknown_site_is_refused_with_the_field_and_nothing_is_written()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var protocolId = await ProtocolWithTargetsAsync();
        var before = await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().CountAsync());

        async Task RefusedAsync(object body, string field)
        {
            var response = await agent.PostJsonAsync("/api/v1/contacts", body);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
            (await response.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.ShouldContain(field);
        }

        var now = app.Clock.GetUtcNow();
        await RefusedAsync(new { id = Guid.NewGuid(), channel = Channels.Electronic, reason = "x", protocolId, receivedAt = now.AddHours(1) }, "receivedAt");
        await RefusedAsync(new { id = Guid.NewGuid(), channel = Channels.Electronic, reason = "x", protocolId, receivedAt = now.AddDays(-2) }, "receivedReason");
        await RefusedAsync(new { id = Guid.NewGuid(), channel = Channels.Electronic, reason = "x", protocolId, siteId = Guid.NewGuid() }, "siteId");
        await RefusedAsync(new { id = Guid.NewGuid(), channel = Channels.Electronic, reason = "x", protocolId, receivedAt = "ayer" }, "receivedAt");
        (await app.WithDbAsync(db => db.Contacts.IgnoreQueryFilters().CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task A_term_is_extended_once_through_the_actions_with_a_reason()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        var c = await StartAsync(agent);

        var missing = await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "Extend", new { clock = "Resolution" }));
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys.ShouldContain("reason");
        c = await OkAsync(await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions",
            Act(c, "Extend", new { clock = "Resolution", reason = "Esperamos la respuesta del transportista" })));

        // Three more business days after Monday the 9th: Tuesday, Wednesday and Thursday.
        c.Of("Resolution").DueAt.ShouldBe(Madrid("2026-03-12T20:30:00+01:00"));
        c.Of("Resolution").Extension.ShouldNotBeNull().ShouldBeGreaterThan(TimeSpan.Zero);
        c.Timeline.ShouldContain(t => t.Kind == "ClockExtended" && t.Detail == "Esperamos la respuesta del transportista");
        var again = await agent.PostJsonAsync($"/api/v1/contacts/{c.Id}/actions", Act(c, "Extend", new { clock = "Resolution", reason = "Otra vez" }));
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}

public sealed class ContactClockTargetsOnSqlite(SqliteClockedApp app) : ContactClockTargetTests(app), IClassFixture<SqliteClockedApp>;

public sealed class ContactClockTargetsOnPostgres(PostgresClockedApp app) : ContactClockTargetTests(app), IClassFixture<PostgresClockedApp>;
