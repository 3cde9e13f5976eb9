using Microsoft.Extensions.Caching.Memory;
using Pauta.Core.Contacts;
using Pauta.Core.Insights;
using Pauta.Data.Contacts;
using Pauta.Data.Entities;
using Pauta.Web.Features.Protocols;
using ContactOutcome = Pauta.Core.Contacts.ContactOutcome;

namespace Pauta.Web.Features.Insights;

/// <summary>
/// Keeps the insights' rollups of the current organisation equal to the facts of its contacts: recomputes a contact's
/// facts from all its stored actions, its survey and its service recovery (<see cref="ContactFacts.Of"/>), and moves the
/// counter rows by the difference between the old and the new contribution. Recomputing an unchanged contact writes
/// nothing, so it is safe to refresh a contact any number of times (ADR-010, insights).
/// </summary>
public sealed class InsightsProjector(PautaDbContext db, PublishedProtocols published, IMemoryCache cache, ILogger<InsightsProjector> log)
{
    /// <summary>How many contacts one refresh reads and writes at most; the caller splits larger sets.</summary>
    public const int MaxBatch = 200;

    private sealed record CounterKey(DateOnly Day, Guid ProtocolId, int Version, Channels Channel, Guid AgentUserId, Guid DepartmentId);

    private sealed record StepKey(Guid ProtocolId, int Version, string Step, DateOnly Day, Channels Channel, Guid AgentUserId, Guid DepartmentId);

    private sealed record Computed(ContactFactRow Row, IReadOnlyList<ContactStepFactRow> Steps, IReadOnlyList<ContactFactTag> Tags);

    /// <summary>Recomputes the listed contacts (at most <see cref="MaxBatch"/>); answers how many facts changed.</summary>
    public async Task<int> RefreshAsync(IReadOnlyCollection<Guid> contactIds, CancellationToken ct)
    {
        if (contactIds.Count == 0) return 0;
        if (contactIds.Count > MaxBatch) throw new ArgumentOutOfRangeException(nameof(contactIds), contactIds.Count, $"At most {MaxBatch} a refresh.");
        var organisation = db.TenantId ?? throw new InvalidOperationException("No organisation in scope.");
        var ids = contactIds.Distinct().ToList();

        var own = db.Database.CurrentTransaction is null;
        await using var transaction = own ? await BeginAsync(organisation, ct) : null;

        var computed = await ComputeAsync(organisation, ids, ct);
        // Unchanged facts this context tracks from an earlier refresh may be stale (another node's worker, or a rebuild, changed or
        // removed the rows since): forget them, so the reads below see the rows as they are and a re-added row is not
        // refused as a second instance of a tracked key.
        var idSet = ids.ToHashSet();
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State == EntityState.Unchanged).Where(e =>
                     e.Entity is ContactFactRow f && idSet.Contains(f.ContactId) ||
                     e.Entity is ContactStepFactRow st && idSet.Contains(st.ContactId) ||
                     e.Entity is ContactFactTag t && idSet.Contains(t.ContactId)).ToList())
            entry.State = EntityState.Detached;
        var oldFacts = await db.ContactFacts.Where(f => ids.Contains(f.ContactId)).ToDictionaryAsync(f => f.ContactId, ct);
        var oldSteps = (await db.ContactStepFacts.Where(s => ids.Contains(s.ContactId)).ToListAsync(ct)).ToLookup(s => s.ContactId);
        var oldTags = (await db.ContactFactTags.Where(t => ids.Contains(t.ContactId)).ToListAsync(ct)).ToLookup(t => t.ContactId);

        var contactDeltas = new Dictionary<CounterKey, InsightCounts>();
        var stepDeltas = new Dictionary<StepKey, InsightCounts>();
        var changed = 0;
        foreach (var id in ids)
        {
            var old = oldFacts.GetValueOrDefault(id);
            var now = computed.GetValueOrDefault(id);
            if (old is not null && now is not null && Same(old, oldSteps[id], now)) continue;
            changed++;
            if (old is not null)
            {
                MoveContact(contactDeltas, KeyOf(old), InsightCounts.ParseContact(old.Counts), -1);
                foreach (var s in oldSteps[id]) MoveStep(stepDeltas, KeyOf(old, s.Step), InsightCounts.ParseStep(s.Counts), -1);
            }
            if (now is null)
            {
                if (old is not null)
                {
                    db.ContactStepFacts.RemoveRange(oldSteps[id]);
                    db.ContactFactTags.RemoveRange(oldTags[id]);
                    db.ContactFacts.Remove(old);
                }
                continue;
            }
            MoveContact(contactDeltas, KeyOf(now.Row), InsightCounts.ParseContact(now.Row.Counts), 1);
            foreach (var s in now.Steps) MoveStep(stepDeltas, KeyOf(now.Row, s.Step), InsightCounts.ParseStep(s.Counts), 1);
            now.Row.OrganisationId = organisation;
            if (old is null) db.ContactFacts.Add(now.Row);
            else db.Entry(old).CurrentValues.SetValues(now.Row);

            // Rows whose key stays are updated in place: EF cannot track a removed row and a new one with the same key.
            var keptSteps = oldSteps[id].ToDictionary(r => r.Step, StringComparer.Ordinal);
            foreach (var step in now.Steps)
            {
                step.OrganisationId = organisation;
                if (keptSteps.Remove(step.Step, out var existing)) db.Entry(existing).CurrentValues.SetValues(step);
                else db.ContactStepFacts.Add(step);
            }
            db.ContactStepFacts.RemoveRange(keptSteps.Values);
            var keptTags = oldTags[id].ToDictionary(t => (t.Kind, t.Key));
            foreach (var tag in now.Tags)
            {
                tag.OrganisationId = organisation;
                if (!keptTags.Remove((tag.Kind, tag.Key))) db.ContactFactTags.Add(tag);
            }
            db.ContactFactTags.RemoveRange(keptTags.Values);
        }
        if (changed == 0) return 0;

        await ApplyAsync(contactDeltas, stepDeltas, ct);
        await db.SaveChangesAsync(ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return changed;
    }

    /// <summary>
    /// A transaction in which this node alone refreshes the organisation: two nodes never move the same counter row from
    /// the same old value (PostgreSQL: an advisory lock per organisation; SQLite: the transaction takes the write lock at once).
    /// </summary>
    /// <summary>
    /// Recomputes the listed contacts inside the caller's open transaction (an erasure that redacted their actions), with
    /// the organisation's rollup lock held until that transaction ends, so the rollups change with the rows they sum.
    /// </summary>
    public async Task RefreshWithinAsync(IReadOnlyCollection<Guid> contactIds, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null) throw new InvalidOperationException("RefreshWithinAsync needs the caller's transaction.");
        var organisation = db.TenantId ?? throw new InvalidOperationException("No organisation in scope.");
        if (contactIds.Count == 0) return;
        await LockAsync(organisation, ct);
        foreach (var chunk in contactIds.Distinct().Chunk(MaxBatch)) await RefreshAsync(chunk, ct);
    }

    private async Task LockAsync(Guid organisation, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({organisation.ToString()}, 11))", ct);
    }

    private async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginAsync(Guid organisation, CancellationToken ct)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(organisation, ct);
        return transaction;
    }

    /// <summary>Throws every rollup of the organisation away and computes them again from the stored actions.</summary>
    public async Task RebuildAsync(CancellationToken ct)
    {
        var organisation = db.TenantId ?? throw new InvalidOperationException("No organisation in scope.");
        // One transaction, so the worker never sees counters gone while the facts they summed are still there.
        await using var transaction = await BeginAsync(organisation, ct);
        await db.InsightStepCounters.ExecuteDeleteAsync(ct);
        await db.InsightCounters.ExecuteDeleteAsync(ct);
        await db.ContactFactTags.ExecuteDeleteAsync(ct);
        await db.ContactStepFacts.ExecuteDeleteAsync(ct);
        await db.ContactFacts.ExecuteDeleteAsync(ct);
        var ids = await db.Contacts.AsNoTracking().Select(c => c.Id).ToListAsync(ct);
        foreach (var batch in ids.Chunk(MaxBatch)) await RefreshAsync(batch, ct);
        await transaction.CommitAsync(ct);
    }

    private static bool Same(ContactFactRow old, IEnumerable<ContactStepFactRow> oldSteps, Computed now) =>
        old.LastSequence == now.Row.LastSequence && old.Counts == now.Row.Counts && old.DepartmentId == now.Row.DepartmentId &&
        old.Day == now.Row.Day && old.SurveyScore == now.Row.SurveyScore && old.RecoveryDueAt == now.Row.RecoveryDueAt &&
        old.RecoveryDoneAt == now.Row.RecoveryDoneAt && old.IsClosed == now.Row.IsClosed &&
        oldSteps.OrderBy(s => s.Step, StringComparer.Ordinal).Select(s => (s.Step, s.Counts))
            .SequenceEqual(now.Steps.Select(s => (s.Step, s.Counts)));

    private static CounterKey KeyOf(ContactFactRow f) => new(f.Day, f.ProtocolId, f.ProtocolVersion, f.Channel, f.AgentUserId, f.DepartmentId);

    private static StepKey KeyOf(ContactFactRow f, string step) =>
        new(f.ProtocolId, f.ProtocolVersion, step, f.Day, f.Channel, f.AgentUserId, f.DepartmentId);

    /// <summary>
    /// Moves the agent's row, the all-agents row (<see cref="InsightCounter.AllAgents"/>) of the same day, version, channel and
    /// department, and the day × version total (<see cref="InsightCounter.AllDepartments"/>, no channel).
    /// </summary>
    private static void MoveContact(Dictionary<CounterKey, InsightCounts> deltas, CounterKey key, InsightCounts counts, int sign)
    {
        Move(deltas, key, counts, sign);
        Move(deltas, key with { AgentUserId = InsightCounter.AllAgents }, counts, sign);
        Move(deltas, key with { AgentUserId = InsightCounter.AllAgents, Channel = Channels.None, DepartmentId = InsightCounter.AllDepartments }, counts, sign);
    }

    private static void MoveStep(Dictionary<StepKey, InsightCounts> deltas, StepKey key, InsightCounts counts, int sign)
    {
        Move(deltas, key, counts, sign);
        Move(deltas, key with { AgentUserId = InsightCounter.AllAgents }, counts, sign);
    }

    private static void Move<TKey>(Dictionary<TKey, InsightCounts> deltas, TKey key, InsightCounts counts, int sign) where TKey : notnull
    {
        if (!deltas.TryGetValue(key, out var delta))
        {
            delta = key is StepKey ? InsightCounts.EmptyStep() : InsightCounts.EmptyContact();
            deltas[key] = delta;
        }
        delta.Add(counts, sign);
    }

    private async Task ApplyAsync(Dictionary<CounterKey, InsightCounts> contactDeltas, Dictionary<StepKey, InsightCounts> stepDeltas, CancellationToken ct)
    {
        var days = contactDeltas.Keys.Select(k => k.Day).Concat(stepDeltas.Keys.Select(k => k.Day)).Distinct().ToList();
        var protocols = contactDeltas.Keys.Select(k => k.ProtocolId).Concat(stepDeltas.Keys.Select(k => k.ProtocolId)).Distinct().ToList();
        var agents = contactDeltas.Keys.Select(k => k.AgentUserId).Concat(stepDeltas.Keys.Select(k => k.AgentUserId)).Distinct().ToList();

        var counters = (await db.InsightCounters
                .Where(c => days.Contains(c.Day) && protocols.Contains(c.ProtocolId) && agents.Contains(c.AgentUserId)).ToListAsync(ct))
            .ToDictionary(c => new CounterKey(c.Day, c.ProtocolId, c.ProtocolVersion, c.Channel, c.AgentUserId, c.DepartmentId));
        foreach (var (key, delta) in contactDeltas)
        {
            if (delta.IsZero) continue;
            var row = counters.GetValueOrDefault(key);
            var sum = row is null ? InsightCounts.EmptyContact() : InsightCounts.ParseContact(row.Counts);
            sum.Add(delta);
            Store(row, sum, () =>
            {
                var added = new InsightCounter
                {
                    Day = key.Day, ProtocolId = key.ProtocolId, ProtocolVersion = key.Version, Channel = key.Channel,
                    AgentUserId = key.AgentUserId, DepartmentId = key.DepartmentId, Counts = sum.ToText(),
                };
                added.SetNumbers(sum);
                db.InsightCounters.Add(added);
            }, r => db.InsightCounters.Remove(r), r =>
            {
                r.Counts = sum.ToText();
                r.SetNumbers(sum);
            });
        }

        var steps = (await db.InsightStepCounters
                .Where(c => days.Contains(c.Day) && protocols.Contains(c.ProtocolId) && agents.Contains(c.AgentUserId)).ToListAsync(ct))
            .ToDictionary(c => new StepKey(c.ProtocolId, c.ProtocolVersion, c.Step, c.Day, c.Channel, c.AgentUserId, c.DepartmentId));
        foreach (var (key, delta) in stepDeltas)
        {
            if (delta.IsZero) continue;
            var row = steps.GetValueOrDefault(key);
            var sum = row is null ? InsightCounts.EmptyStep() : InsightCounts.ParseStep(row.Counts);
            sum.Add(delta);
            Store(row, sum, () => db.InsightStepCounters.Add(new InsightStepCounter
            {
                ProtocolId = key.ProtocolId, ProtocolVersion = key.Version, Step = key.Step, Day = key.Day, Channel = key.Channel,
                AgentUserId = key.AgentUserId, DepartmentId = key.DepartmentId, Counts = sum.ToText(),
            }), r => db.InsightStepCounters.Remove(r), r => r.Counts = sum.ToText());
        }
    }

    private static void Store<TRow>(TRow? row, InsightCounts sum, Action add, Action<TRow> remove, Action<TRow> update) where TRow : class
    {
        if (row is null)
        {
            if (!sum.IsZero) add();
        }
        else if (sum.IsZero) remove(row);
        else update(row);
    }

    /// <summary>The new facts of each contact; absent for a contact that is gone, not started, or whose history cannot be replayed.</summary>
    private async Task<Dictionary<Guid, Computed>> ComputeAsync(Guid organisation, List<Guid> ids, CancellationToken ct)
    {
        var contacts = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.ProtocolId, c.ProtocolVersion, c.LastSequence, c.AgentUserId }).ToListAsync(ct);
        var stored = (await db.ContactEvents.AsNoTracking().Where(e => ids.Contains(e.ContactId))
                .Select(e => new { e.ContactId, e.Sequence, e.Data }).ToListAsync(ct))
            .ToLookup(e => e.ContactId);
        var scores = (await db.SurveyInvitations.AsNoTracking().Where(s => ids.Contains(s.ContactId) && s.Score != null)
                .Select(s => new { s.ContactId, s.AnsweredAt, s.Id, s.Score }).ToListAsync(ct))
            .GroupBy(s => s.ContactId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.AnsweredAt).ThenBy(s => s.Id).First().Score);
        var recoveries = (await db.FollowUps.AsNoTracking().Where(f => ids.Contains(f.ContactId) && f.Kind == FollowUpKind.ServiceRecovery)
                .Select(f => new { f.ContactId, f.DueAt, f.DoneAt, f.Id }).ToListAsync(ct))
            .GroupBy(f => f.ContactId)
            .ToDictionary(g => g.Key, g => g.OrderBy(f => f.DueAt).ThenBy(f => f.Id).First());
        var agents = contacts.Select(c => c.AgentUserId).Distinct().ToList();
        var departments = await db.Members.AsNoTracking().Where(m => agents.Contains(m.UserId))
            .ToDictionaryAsync(m => m.UserId, m => m.DepartmentId ?? Guid.Empty, ct);
        var protocols = await published.VersionsAsync(contacts.Select(c => (c.ProtocolId, c.ProtocolVersion)).Distinct().ToList(), ct);
        var calendar = await OrganisationCalendar.ForClocksAsync(db, cache, organisation, ct);
        var (_, zone) = await OrganisationCalendar.ProfileAsync(db, cache, organisation, ct);

        var result = new Dictionary<Guid, Computed>(contacts.Count);
        foreach (var c in contacts)
        {
            if (!protocols.TryGetValue((c.ProtocolId, c.ProtocolVersion), out var protocol)) continue;
            var events = stored[c.Id].Where(e => e.Sequence <= c.LastSequence).OrderBy(e => e.Sequence).SelectMany(e => ContactEventJson.Read(e.Data));
            var recovery = recoveries.GetValueOrDefault(c.Id);
            var feedback = new CustomerFeedback(scores.GetValueOrDefault(c.Id),
                recovery is null ? null : new DateTimeOffset(recovery.DueAt, TimeSpan.Zero),
                recovery?.DoneAt is { } done ? new DateTimeOffset(done, TimeSpan.Zero) : null);
            ContactFact? fact;
            try { fact = ContactFacts.Of(protocol.Protocol, events, calendar, zone, feedback); }
            catch (InvalidContactHistoryException e)
            {
                log.LogError(e, "Contact {Contact} cannot be replayed; it is left out of the insights", c.Id);
                continue;
            }
            if (fact is null) continue;
            result[c.Id] = Rows(c.Id, c.ProtocolId, c.ProtocolVersion, c.LastSequence, departments.GetValueOrDefault(c.AgentUserId), fact);
        }
        return result;
    }

    private static Computed Rows(Guid contactId, Guid protocolId, int version, int lastSequence, Guid department, ContactFact fact)
    {
        var row = new ContactFactRow
        {
            ContactId = contactId, Day = fact.Day, StartedAt = fact.StartedAt.UtcDateTime, ProtocolId = protocolId, ProtocolVersion = version,
            Channel = fact.Channel, AgentUserId = fact.AgentUserId, DepartmentId = department, IsClosed = fact.IsClosed,
            Outcome = fact.Outcome is { } o ? (int)o : null, FirstResponse = fact.FirstResponse.Result, Resolution = fact.Resolution.Result,
            Escalated = fact.Escalated, Overridden = fact.Overridden, ContingencyEntered = fact.PlansEntered.Count > 0,
            SurveyScore = fact.Feedback.Score, RecoveryDueAt = fact.Feedback.RecoveryDueAt?.UtcDateTime,
            RecoveryDoneAt = fact.Feedback.RecoveryDoneAt?.UtcDateTime, LastSequence = lastSequence,
            Counts = InsightCounts.OfContact(fact).ToText(),
        };
        var steps = fact.Steps.Select(s => new ContactStepFactRow
        {
            ContactId = contactId, Step = s.Step, ProtocolId = protocolId, ProtocolVersion = version, Reached = s.Reached,
            Resolution = s.Resolution is { } r ? (int)r : null,
            SkipReason = s.Resolution == StepResolution.Skipped ? InsightCounts.SkipReasonKey(s.SkipReason) : null,
            AnswerIndex = s.Resolution == StepResolution.Answered ? s.AnswerIndex : null, Overridden = s.Overridden,
            Counts = InsightCounts.OfStep(s, fact.Feedback.Score).ToText(),
        }).ToList();
        var tags = fact.EscalationReasons.Select(r => new ContactFactTag { ContactId = contactId, Kind = ContactFactTagKind.EscalationReason, Key = r })
            .Concat(fact.PlansEntered.Select(p => new ContactFactTag { ContactId = contactId, Kind = ContactFactTagKind.Plan, Key = p }))
            .ToList();
        return new Computed(row, steps, tags);
    }
}
