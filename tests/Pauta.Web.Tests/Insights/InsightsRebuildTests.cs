using CsCheck;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.ServiceLevels;
using Pauta.Data;
using Pauta.Data.Contacts;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using Pauta.Web.Features.Insights;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Features.Shared;
using Pauta.Web.Tests.Infrastructure;
using ContactEvent = Pauta.Core.Contacts.ContactEvent;
using ContactOutcome = Pauta.Core.Contacts.ContactOutcome;

namespace Pauta.Web.Tests.Insights;

/// <summary>
/// The property the rollups rest on: random contact histories (late actions, pauses, breaches, plans, take-overs, every
/// published version of the demo protocols, starts around both of Madrid's clock changes, surveys and recoveries done
/// later) written action by action and applied incrementally in random batches, by the worker and by direct refreshes,
/// give exactly the rows a rebuild from the raw actions gives.
/// </summary>
public abstract class InsightsRebuildTests(PautaApp app, int samples)
{
    private sealed class Run(Guid id, PublishedVersion version, ContactState state)
    {
        public Guid Id { get; } = id;
        public PublishedVersion Version { get; } = version;
        public ContactState State { get; set; } = state;
        public int Sequence { get; set; }
    }

    private static readonly string[] SkipReasons = ["Ya lo dijo", "  Ya   lo dijo ", "Con prisa", "No aplica"];

    [Fact]
    public async Task Incremental_rollups_equal_a_rebuild_from_the_raw_actions()
    {
        var organisation = await app.OrganisationOfAsync(Demo.Agent);
        await Gen.Int[0, int.MaxValue].SampleAsync(seed => ScenarioAsync(organisation, seed), seed: "0N0XIzNsQ0O2", iter: samples, threads: 1);
    }

    private async Task ScenarioAsync(Guid organisation, int seed)
    {
        var random = new Random(seed);
        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<Tenant>().Set(organisation);
        var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
        var published = scope.ServiceProvider.GetRequiredService<PublishedProtocols>();
        var projector = scope.ServiceProvider.GetRequiredService<InsightsProjector>();
        var worker = app.Services.GetRequiredService<InsightsWorker>();
        var calendar = await OrganisationCalendar.ForClocksAsync(db, default);

        var versionKeys = await db.ProtocolVersions.AsNoTracking().Select(v => new { v.ProtocolId, v.Number }).ToListAsync();
        var versions = (await published.VersionsAsync(versionKeys.Select(v => (v.ProtocolId, v.Number)).ToList(), default)).Values
            .Where(v => v.Protocol.Steps.Count > 0 && v.Protocol.Channels != Channels.None).OrderBy(v => v.ProtocolId).ThenBy(v => v.Number).ToList();
        var people = await db.Members.AsNoTracking().Where(m => m.Role == Role.Agent || m.Role == Role.Supervisor)
            .OrderBy(m => m.UserId).Select(m => new { m.UserId, m.Role }).ToListAsync();
        var agents = people.Where(p => p.Role == Role.Agent).Select(p => p.UserId).ToList();
        var supervisors = people.Where(p => p.Role == Role.Supervisor).Select(p => p.UserId).ToList();
        DateTimeOffset[] starts =
        [
            new(2026, 3, 28, 21, 0, 0, TimeSpan.Zero), // spring forward in Madrid on the night of 28–29 March
            new(2026, 10, 24, 21, 0, 0, TimeSpan.Zero), // autumn back on the night of 24–25 October
            new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero),
        ];

        var open = new List<Run>();
        var touched = new List<Guid>();
        var actions = random.Next(25, 60);
        for (var i = 0; i < actions; i++)
        {
            if (open.Count == 0 || random.Next(5) == 0)
            {
                var version = versions[random.Next(versions.Count)];
                var channels = ChannelList.Each.Where(c => (version.Protocol.Channels & c) == c).ToList();
                var at = starts[random.Next(starts.Length)] + TimeSpan.FromMinutes(random.Next(0, 36 * 60));
                var start = new ContactCommand.Start(at, agents[random.Next(agents.Count)], channels[random.Next(channels.Count)], "Una consulta", "es");
                var decision = GuidedRun.Decide(GuidedRun.New(version.Protocol), start);
                decision.IsAccepted.ShouldBeTrue();
                var run = new Run(Guid.NewGuid(), version, decision.State);
                db.Contacts.Add(new Contact
                {
                    Id = run.Id, Channel = start.Channel, Reason = start.Reason, ProtocolId = version.ProtocolId, ProtocolVersion = version.Number,
                    AgentUserId = start.ActorUserId, HandlerUserId = start.ActorUserId, StartedAt = at.UtcDateTime, UpdatedAt = app.UtcNow,
                });
                await db.SaveChangesAsync();
                await AppendAsync(db, run, decision.Events);
                open.Add(run);
                touched.Add(run.Id);
            }
            else
            {
                var run = open[random.Next(open.Count)];
                var command = Next(run.State, random, supervisors, calendar);
                var decision = GuidedRun.Decide(run.State, command);
                if (decision.IsAccepted && decision.Events.Count > 0)
                {
                    await AppendAsync(db, run, decision.Events);
                    run.State = decision.State;
                    if (run.State.IsClosed)
                    {
                        open.Remove(run);
                        await FeedbackAsync(db, run, random);
                    }
                }
            }

            switch (random.Next(8))
            {
                case 0: await worker.TickAsync(default); break;
                case 1:
                    var some = touched.Where(_ => random.Next(2) == 0).Distinct().Take(InsightsProjector.MaxBatch).ToList();
                    await projector.RefreshAsync(some, default);
                    break;
                case 2: await CompleteSomeRecoveryAsync(db, random); break;
            }
        }
        // Whatever is still behind, the worker catches up with.
        while (await worker.TickAsync(default) > 0) { }

        var incremental = await SnapshotAsync(db);
        // The scenario wrote something worth comparing: facts, steps and counters of the contacts it touched.
        incremental.Count(r => r.StartsWith("fact ", StringComparison.Ordinal) && touched.Any(t => r.Contains(t.ToString(), StringComparison.Ordinal)))
            .ShouldBe(touched.Count);
        incremental.ShouldContain(r => r.StartsWith("counter ", StringComparison.Ordinal));
        incremental.ShouldContain(r => r.StartsWith("step-counter ", StringComparison.Ordinal));
        await projector.RebuildAsync(default);
        var rebuilt = await SnapshotAsync(db);
        var differences = incremental.Except(rebuilt).Concat(rebuilt.Except(incremental).Select(r => "rebuilt: " + r)).ToList();
        differences.ShouldBeEmpty($"seed {seed}");
        incremental.Count.ShouldBe(rebuilt.Count);

        // The all-agents rows (what unfiltered dashboards read) are the sums of the agents' rows.
        var counters = await db.InsightCounters.AsNoTracking().ToListAsync();
        var totals = counters.Where(c => c.DepartmentId == InsightCounter.AllDepartments).ToList();
        foreach (var group in counters.Except(totals).GroupBy(c => (c.Day, c.ProtocolId, c.ProtocolVersion, c.Channel, c.DepartmentId)))
        {
            var sum = Pauta.Core.Insights.InsightCounts.EmptyContact();
            foreach (var row in group.Where(r => r.AgentUserId != InsightCounter.AllAgents)) sum.AddText(row.Counts);
            group.Single(r => r.AgentUserId == InsightCounter.AllAgents).Counts.ShouldBe(sum.ToText());
        }
        // The day × version totals are the sums of the all-agents rows over channels and departments.
        totals.ShouldNotBeEmpty();
        totals.ShouldAllBe(t => t.AgentUserId == InsightCounter.AllAgents && t.Channel == Channels.None);
        foreach (var group in counters.Where(c => c.AgentUserId == InsightCounter.AllAgents && c.DepartmentId != InsightCounter.AllDepartments)
                     .GroupBy(c => (c.Day, c.ProtocolId, c.ProtocolVersion)))
        {
            var sum = Pauta.Core.Insights.InsightCounts.EmptyContact();
            foreach (var row in group) sum.AddText(row.Counts);
            totals.Single(t => (t.Day, t.ProtocolId, t.ProtocolVersion) == group.Key).Counts.ShouldBe(sum.ToText());
        }
        totals.Count.ShouldBe(counters.Where(c => c.DepartmentId != InsightCounter.AllDepartments).Select(c => (c.Day, c.ProtocolId, c.ProtocolVersion)).Distinct().Count());
        // The integer columns the dashboards sum in SQL hold the numbers of the text, on every row.
        foreach (var row in counters)
        {
            var parsed = Pauta.Core.Insights.InsightCounts.ParseContact(row.Counts);
            Numbers(row).ShouldBe(string.Join(',', Enum.GetValues<Pauta.Core.Insights.InsightCounts.Contact>().Select(n => parsed[n])), $"seed {seed}");
        }
        var steps = await db.InsightStepCounters.AsNoTracking().ToListAsync();
        foreach (var group in steps.GroupBy(c => (c.Day, c.ProtocolId, c.ProtocolVersion, c.Step, c.Channel, c.DepartmentId)))
        {
            var sum = Pauta.Core.Insights.InsightCounts.EmptyStep();
            foreach (var row in group.Where(r => r.AgentUserId != InsightCounter.AllAgents)) sum.AddText(row.Counts);
            group.Single(r => r.AgentUserId == InsightCounter.AllAgents).Counts.ShouldBe(sum.ToText());
        }
    }

    /// <summary>A command the contact's handler (or a supervisor, or the server) might send next, at a later instant.</summary>
    private static ContactCommand Next(ContactState state, Random random, List<Guid> supervisors, BusinessCalendar calendar)
    {
        TimeSpan[] gaps = [TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(40), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(30), TimeSpan.FromHours(3)];
        var at = state.LastEventAt!.Value + gaps[random.Next(gaps.Length)];
        var handler = state.HandlerUserId;
        var supervisor = supervisors.Where(s => s != handler).ToList() is { Count: > 0 } others ? others[random.Next(others.Count)] : handler;
        var step = state.CurrentStep;
        var due = ContactClocks.At(state, calendar, at).BreachesDue(at);
        if (due.Count > 0 && random.Next(2) == 0) return new ContactCommand.RecordBreach(at, ContactActors.System, due[0]);
        switch (random.Next(14))
        {
            case <= 3 when step is not null:
                return step.Answers.Count > 0
                    ? new ContactCommand.ChooseAnswer(at, handler, step.Key, random.Next(step.Answers.Count))
                    : new ContactCommand.CompleteStep(at, handler, step.Key);
            case 4 when step is not null:
                return new ContactCommand.SkipStep(at, handler, step.Key, SkipReasons[random.Next(SkipReasons.Length)]);
            case 5 when step is { Checklist.Count: > 0 }:
                return new ContactCommand.TickChecklist(at, handler, step.Key, random.Next(step.Checklist.Count), random.Next(3) > 0);
            case 6:
                return new ContactCommand.GoBack(at, handler, step?.Key);
            case 7 when state.Protocol.ContingencyPlans.Count > 0:
                return state.CurrentPlanKey is { } plan && random.Next(2) == 0
                    ? new ContactCommand.LeavePlan(at, handler, plan)
                    : new ContactCommand.EnterPlan(at, handler, state.Protocol.ContingencyPlans[random.Next(state.Protocol.ContingencyPlans.Count)].Key!);
            case 8:
                var rules = state.Protocol.EscalationRules;
                return rules.Count > 0 && random.Next(2) == 0
                    ? new ContactCommand.Escalate(at, handler, rules[random.Next(rules.Count)].Key, null, null)
                    : new ContactCommand.Escalate(at, handler, null, "Supervisor", "Pide un responsable");
            case 9:
                return state.IsTakenOver
                    ? new ContactCommand.ReturnWithGuidance(at, handler, "Sigue tú")
                    : new ContactCommand.TakeOver(at, supervisor);
            case 10:
                return state.IsWaitingOnCustomer ? new ContactCommand.CustomerResponds(at, handler) : new ContactCommand.WaitOnCustomer(at, handler);
            case 11:
                return new ContactCommand.RecordFirstResponse(at, handler);
            default:
                var outcome = (ContactOutcome)random.Next(4);
                if (outcome == ContactOutcome.Escalated && state.Escalations.Count == 0) outcome = ContactOutcome.Resolved;
                return new ContactCommand.Close(at, handler, outcome, state.OpenRequiredSteps.Count > 0 ? "Cerrado antes" : null,
                    outcome == ContactOutcome.NeedsFollowUp ? DateOnly.FromDateTime(at.UtcDateTime).AddDays(3) : null);
        }
    }

    private async Task AppendAsync(PautaDbContext db, Run run, IReadOnlyList<ContactEvent> events)
    {
        var sequence = ++run.Sequence;
        db.ContactEvents.Add(new Pauta.Data.Entities.ContactEvent
        {
            ContactId = run.Id, Sequence = sequence, Id = Guid.NewGuid(), Type = ContactEventJson.TypeOf(events), At = events[0].At.UtcDateTime,
            ActorUserId = events[0].ActorUserId, Data = ContactEventJson.Write(events), RecordedAt = app.UtcNow,
        });
        var row = await db.Contacts.SingleAsync(c => c.Id == run.Id);
        row.LastSequence = sequence;
        row.UpdatedAt = app.UtcNow;
        var closed = events.OfType<ContactEvent.Closed>().FirstOrDefault();
        if (closed is not null)
        {
            row.Status = ContactStatus.Closed;
            row.ClosedAt = closed.At.UtcDateTime;
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    /// <summary>Some closed contacts are answered; a low score opens a recovery, due in the past or the future.</summary>
    private async Task FeedbackAsync(PautaDbContext db, Run run, Random random)
    {
        if (random.Next(3) == 0) return;
        var score = random.Next(1, 6);
        db.SurveyInvitations.Add(new SurveyInvitation
        {
            Id = Guid.NewGuid(), ContactId = run.Id, TokenHash = Guid.NewGuid().ToString("N"), CreatedAt = app.UtcNow,
            ExpiresAt = app.UtcNow.AddDays(7), AnsweredAt = app.UtcNow, Score = score,
        });
        if (score <= 2)
        {
            db.FollowUps.Add(new FollowUp
            {
                Id = Guid.NewGuid(), ContactId = run.Id, AssignedUserId = run.State.AgentUserId, Kind = FollowUpKind.ServiceRecovery,
                DueAt = app.UtcNow.AddHours(random.Next(-24, 48)), Note = "Llamar",
            });
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    private async Task CompleteSomeRecoveryAsync(PautaDbContext db, Random random)
    {
        var pending = await db.FollowUps.Where(f => f.Kind == FollowUpKind.ServiceRecovery && f.DoneAt == null).OrderBy(f => f.Id).ToListAsync();
        if (pending.Count == 0) return;
        pending[random.Next(pending.Count)].DoneAt = app.UtcNow;
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    private static string Numbers(InsightCounter c) => string.Join(',', new[]
    {
        c.Contacts, c.Closed, c.FirstResponseMet, c.FirstResponseMissed, c.FirstResponsePending, c.ResolutionMet, c.ResolutionMissed,
        c.ResolutionPending, c.Escalated, c.Overridden, c.ContingencyEntered, c.TakenOver, c.SurveyAnswers, c.SurveySum, c.SurveySumOfSquares,
        c.RecoveriesOpened, c.RecoveriesOnTime, c.RecoveriesDone,
    });

    private static async Task<List<string>> SnapshotAsync(PautaDbContext db)
    {
        var rows = new List<string>();
        rows.AddRange((await db.ContactFacts.AsNoTracking().ToListAsync()).Select(f =>
            $"fact {f.ContactId} {f.Day} {f.StartedAt:O} {f.ProtocolId} {f.ProtocolVersion} {f.Channel} {f.AgentUserId} {f.DepartmentId} " +
            $"{f.IsClosed} {f.Outcome} {f.FirstResponse} {f.Resolution} {f.Escalated} {f.Overridden} {f.ContingencyEntered} {f.SurveyScore} " +
            $"{f.RecoveryDueAt:O} {f.RecoveryDoneAt:O} {f.LastSequence} {f.Counts}"));
        rows.AddRange((await db.ContactStepFacts.AsNoTracking().ToListAsync()).Select(s =>
            $"step {s.ContactId} {s.Step} {s.ProtocolId} {s.ProtocolVersion} {s.Reached} {s.Resolution} {s.SkipReason} {s.AnswerIndex} {s.Overridden} {s.Counts}"));
        rows.AddRange((await db.ContactFactTags.AsNoTracking().ToListAsync()).Select(t => $"tag {t.ContactId} {t.Kind} {t.Key}"));
        rows.AddRange((await db.InsightCounters.AsNoTracking().ToListAsync()).Select(c =>
            $"counter {c.Day} {c.ProtocolId} {c.ProtocolVersion} {c.Channel} {c.AgentUserId} {c.DepartmentId} {c.Counts} {Numbers(c)}"));
        rows.AddRange((await db.InsightStepCounters.AsNoTracking().ToListAsync()).Select(c =>
            $"step-counter {c.ProtocolId} {c.ProtocolVersion} {c.Step} {c.Day} {c.Channel} {c.AgentUserId} {c.DepartmentId} {c.Counts}"));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}

public sealed class InsightsRebuildOnSqlite(SqliteApp app) : InsightsRebuildTests(app, samples: 12), IClassFixture<SqliteApp>;

public sealed class InsightsRebuildOnPostgres(PostgresApp app) : InsightsRebuildTests(app, samples: 4), IClassFixture<PostgresApp>;
