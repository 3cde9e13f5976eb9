using Microsoft.Extensions.Caching.Memory;
using Pauta.Core.Training;
using Pauta.Data.Contacts;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using CoreEvent = Pauta.Core.Contacts.ContactEvent;

namespace Pauta.Web.Features.Training;

/// <summary>
/// Keeps every person's refresher schedule (<see cref="RefresherSchedule"/>) in step with what they did, for one organisation:
/// each acknowledgement (graded by its quiz score) and each failed quiz attempt after the first acknowledgement is a review of
/// the FSRS model (<see cref="Refresher"/>); then live work of the last 7 days may bring the date forward
/// (<see cref="LiveWorkNudge"/>). Idempotent: reviews already counted (at or before <c>LastReviewAt</c>) are not counted again,
/// so <see cref="RefresherWorker"/> can run it every few seconds on every node.
/// </summary>
public sealed class Refreshers(PautaDbContext db, Tenant tenant, Protocols.PublishedProtocols published, TimeProvider time, IMemoryCache cache,
    ILogger<Refreshers> log)
{
    private sealed record ReviewRow(Guid MemberId, Guid ProtocolId, DateTime At, int? Score, bool Passed);

    /// <summary>
    /// Brings this organisation's schedules up to date; answers how many were written. <paramref name="since"/> limits the
    /// acknowledgements and attempts read to those at or after it (null: all of them); <paramref name="nudge"/> says whether
    /// to look at live work this time.
    /// </summary>
    public async Task<int> UpdateAsync(CancellationToken ct, DateTime? since = null, bool nudge = true)
    {
        var now = time.GetUtcNow();
        var calendar = await OrganisationCalendar.ForClocksAsync(db, cache, tenant.OrganisationId!.Value, ct);
        var schedules = await db.RefresherSchedules.ToDictionaryAsync(s => (s.MemberId, s.ProtocolId), ct);

        var acknowledgementRows = db.TrainingAcknowledgements.AsNoTracking();
        // Every graded attempt: a failed one, and a passed one taken as a refresher (after the first acknowledgement).
        var attemptRows = db.QuizAttempts.AsNoTracking().Where(a => a.SubmittedAt != null);
        if (since is { } from)
        {
            acknowledgementRows = acknowledgementRows.Where(a => a.At >= from);
            attemptRows = attemptRows.Where(a => a.SubmittedAt >= from);
        }
        var acknowledgements = await acknowledgementRows
            .Select(a => new ReviewRow(a.MemberId, a.ProtocolId, a.At, a.ScorePercent, true)).ToListAsync(ct);
        var attempted = await attemptRows
            .Select(a => new ReviewRow(a.MemberId, a.ProtocolId, a.SubmittedAt!.Value, a.ScorePercent, a.Passed == true)).ToListAsync(ct);
        // An attempt is a review once the person has acknowledged the protocol (a schedule exists, or an acknowledgement read now
        // came first): the attempts that led to the first acknowledgement are that acknowledgement's review, not more of them.
        var firstAcknowledged = acknowledgements.GroupBy(a => (a.MemberId, a.ProtocolId)).ToDictionary(g => g.Key, g => g.Min(a => a.At));
        var reviews = acknowledgements
            .Concat(attempted.Where(f => schedules.ContainsKey((f.MemberId, f.ProtocolId)) ||
                                      (firstAcknowledged.TryGetValue((f.MemberId, f.ProtocolId), out var first) && f.At > first)))
            .GroupBy(r => (r.MemberId, r.ProtocolId));

        var written = 0;
        foreach (var group in reviews)
        {
            schedules.TryGetValue(group.Key, out var row);
            var reviewed = row?.LastReviewAt;
            var fresh = group.Where(r => reviewed is null || r.At > reviewed.Value).OrderBy(r => r.At).ThenBy(r => r.Passed).ToList();
            if (fresh.Count == 0) continue;
            var state = row is null ? RefresherState.New
                : new RefresherState(row.Stability, row.Difficulty, row.Reviews, row.LastReviewAt is { } l ? Utc(l) : null);
            foreach (var r in fresh) state = Refresher.Review(state, Refresher.GradeOf(r.Score, r.Passed), Utc(r.At));
            if (row is null)
            {
                row = new RefresherSchedule { OrganisationId = tenant.OrganisationId!.Value, MemberId = group.Key.MemberId, ProtocolId = group.Key.ProtocolId };
                db.RefresherSchedules.Add(row);
                schedules[group.Key] = row;
            }
            row.Stability = state.Stability;
            row.Difficulty = state.Difficulty;
            row.Reviews = state.Reviews;
            row.LastReviewAt = state.LastReview!.Value.UtcDateTime;
            row.DueAt = Refresher.NextDue(state, calendar).UtcDateTime;
            row.BroughtForwardBy = null;
            written++;
        }

        if (nudge) written += await NudgeAsync(schedules, now, calendar, ct);
        if (written == 0) return 0;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e)
        {
            // Another node wrote the same schedules first; the next round starts from what it wrote.
            log.LogInformation(e, "Refresher schedules of organisation {Organisation} changed meanwhile; trying again next round", tenant.OrganisationId!.Value);
            return 0;
        }
        return written;
    }

    /// <summary>Live work: skips of required steps and closes over the gate, by person and protocol, in the last 7 days.</summary>
    private async Task<int> NudgeAsync(Dictionary<(Guid MemberId, Guid ProtocolId), RefresherSchedule> schedules, DateTimeOffset now,
        Pauta.Core.ServiceLevels.BusinessCalendar calendar, CancellationToken ct)
    {
        if (schedules.Count == 0) return 0;
        var from = (now - LiveWorkNudge.Window).UtcDateTime;
        // Contacts started in the last 8 days (an index serves it): a contact open for more than a day before a slip is rare.
        var startedFrom = from.AddDays(-1);
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.StartedAt >= startedFrom)
            .Select(c => new { c.Id, c.ProtocolId, c.ProtocolVersion }).ToDictionaryAsync(c => c.Id, ct);
        if (contacts.Count == 0) return 0;
        var ids = contacts.Keys.ToList();
        var stored = await db.ContactEvents.AsNoTracking()
            .Where(e => ids.Contains(e.ContactId) && e.At >= from && (e.Type == "stepSkipped" || e.Type == "closed" || e.Type == "clock"))
            .Select(e => new { e.ContactId, e.Data }).ToListAsync(ct);
        if (stored.Count == 0) return 0;
        var members = await db.Members.AsNoTracking().Select(m => new { m.UserId, m.Id }).ToDictionaryAsync(m => m.UserId, m => m.Id, ct);
        var versions = await published.VersionsAsync(stored.Select(e => (contacts[e.ContactId].ProtocolId, contacts[e.ContactId].ProtocolVersion)).Distinct().ToList(), ct);

        var slips = new Dictionary<(Guid, Guid), List<LiveSlip>>();
        foreach (var e in stored)
        {
            var contact = contacts[e.ContactId];
            var protocol = versions[(contact.ProtocolId, contact.ProtocolVersion)].Protocol;
            foreach (var ev in ContactEventJson.Read(e.Data))
            {
                if (!members.TryGetValue(ev.ActorUserId, out var member) || !schedules.ContainsKey((member, contact.ProtocolId))) continue;
                var list = slips.TryGetValue((member, contact.ProtocolId), out var l) ? l : slips[(member, contact.ProtocolId)] = [];
                switch (ev)
                {
                    case CoreEvent.StepSkipped s when IsRequired(protocol, s.StepKey):
                        list.Add(new LiveSlip.RequiredSkip(s.At, s.StepKey));
                        break;
                    case CoreEvent.Closed c when c.OverrideReason is not null:
                        foreach (var step in c.OverriddenSteps) list.Add(new LiveSlip.CloseOverride(c.At, step[(step.IndexOf('/') + 1)..], e.ContactId));
                        break;
                }
            }
        }

        var written = 0;
        foreach (var (key, list) in slips)
        {
            var row = schedules[key];
            var nudge = LiveWorkNudge.Decide(list, now, row.LastReviewAt is { } l ? Utc(l) : null, Utc(row.DueAt), calendar);
            if (nudge is null) continue;
            row.DueAt = nudge.DueAt.UtcDateTime;
            row.BroughtForwardBy = nudge.Reason;
            written++;
        }
        return written;
    }

    private static bool IsRequired(Pauta.Core.Protocols.Protocol protocol, string stepKey) =>
        protocol.Steps.Concat(protocol.ContingencyPlans.SelectMany(p => p.Steps)).FirstOrDefault(s => s.Key == stepKey) is { Required: true };

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));
}

/// <summary>
/// Runs <see cref="Refreshers"/> for every organisation every <see cref="Interval"/> (like <see cref="Contacts.BreachWorker"/>),
/// so the learner's acknowledgements and attempts move the refresher dates without their code calling in. One node at a
/// time runs it (the <see cref="WorkerLease.Refreshers"/> lease). Two at once (a lease lost mid-tick) compute the same
/// schedules from the same rows; a schedule both create is refused once by its key and the loser reads it next round.
/// </summary>
public sealed class RefresherWorker(IServiceScopeFactory scopes, IWorkerLeases leases, TimeProvider time, ILogger<RefresherWorker> log)
    : LeasedWorker(leases, time, log)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    public override WorkerLease Lease => WorkerLease.Refreshers;
    public override TimeSpan Period => Interval;
    protected override Task RunTickAsync(CancellationToken ct) => TickAsync(ct, full: false);

    /// <summary>How often live work is looked at (it moves a refresher to the next working day, so minutes do not matter).</summary>
    public static readonly TimeSpan NudgeInterval = TimeSpan.FromMinutes(10);

    /// <summary>Acknowledgements and attempts are read again from this long before the previous round began (late commits).</summary>
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(5);

    // Per organisation on this node: when the last complete round began, and when live work was last looked at. The first
    // round after a start reads everything.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, (DateTimeOffset Round, DateTimeOffset Nudged)> rounds = new();

    /// <summary>
    /// One round over every organisation; answers how many schedules were written. <paramref name="full"/> reads every
    /// acknowledgement and attempt and looks at live work whatever the intervals (tests call it so).
    /// </summary>
    public async Task<int> TickAsync(CancellationToken ct, bool full = true)
    {
        List<Guid> organisations;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
            organisations = await db.Organisations.AsNoTracking().IgnoreQueryFilters().Select(o => o.Id).ToListAsync(ct);
        }
        var written = 0;
        foreach (var organisation in organisations)
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<Tenant>().Set(organisation);
            var began = Clock.GetUtcNow();
            var known = !full && rounds.TryGetValue(organisation, out var last) ? last : ((DateTimeOffset Round, DateTimeOffset Nudged)?)null;
            var nudge = known is null || began - known.Value.Nudged >= NudgeInterval;
            try
            {
                written += await scope.ServiceProvider.GetRequiredService<Refreshers>()
                    .UpdateAsync(ct, known is { } k ? (k.Round - Overlap).UtcDateTime : null, nudge);
                rounds[organisation] = (began, nudge ? began : known!.Value.Nudged);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Could not update the refresher schedules of organisation {Organisation}", organisation);
            }
        }
        return written;
    }
}
