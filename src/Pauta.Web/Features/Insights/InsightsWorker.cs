using Pauta.Data.Entities;
using Pauta.Data.Tenancy;

namespace Pauta.Web.Features.Insights;

/// <summary>
/// Keeps the insights at most a few seconds behind the durable contact actions, surveys and recoveries. Every
/// <see cref="Interval"/> it asks each organisation for contacts whose stored actions are ahead of their facts
/// (<c>Contact.LastSequence</c> against <c>ContactFact.LastSequence</c>), and for surveys answered and recoveries done
/// since it last looked, and recomputes those contacts whole (<see cref="InsightsProjector"/>).
/// </summary>
/// <remarks>
/// Rows commit out of the order of their time stamps (two transactions, PostgreSQL), so the "since" is moved back by
/// <see cref="SafetyWindow"/>: a transaction that stamped a row earlier but committed after the last look is still
/// found, and recomputing a contact that is already up to date writes nothing. The sequence comparison needs no window
/// at all; the window only matters for surveys and recoveries. On its first tick a node looks at everything, which is
/// how facts missing after a restart or a new deployment are filled in (and so the node that takes the
/// <see cref="WorkerLease.Insights"/> lease over from another starts from everything). Two nodes refreshing the same
/// organisation at once (a lease lost mid-tick) take turns on its rollup lock (<see cref="InsightsProjector"/>), and a
/// contact already up to date is left alone, so each change is counted once.
/// </remarks>
public sealed class InsightsWorker(IServiceScopeFactory scopes, IWorkerLeases leases, TimeProvider time, ILogger<InsightsWorker> log)
    : LeasedWorker(leases, time, log)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How far back each look reaches before the previous one: far longer than any transaction stays open.</summary>
    public static readonly TimeSpan SafetyWindow = TimeSpan.FromMinutes(1);

    /// <summary>Contacts recomputed per organisation per tick; the rest wait for the next tick.</summary>
    public const int MaxPerTick = 2_000;

    private readonly SemaphoreSlim gate = new(1, 1);
    private DateTime? lastLook;

    public override WorkerLease Lease => WorkerLease.Insights;
    public override TimeSpan Period => Interval;
    protected override bool TicksOnTaking => true;
    protected override Task RunTickAsync(CancellationToken ct) => TickAsync(ct);

    /// <summary>One look at every organisation; answers how many contacts' facts changed. Tests call it to drive the worker.</summary>
    public async Task<int> TickAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var now = Clock.GetUtcNow().UtcDateTime;
            var since = lastLook is { } last ? last - SafetyWindow : DateTime.MinValue;
            List<Guid> organisations;
            using (var scope = scopes.CreateScope())
            {
                organisations = await scope.ServiceProvider.GetRequiredService<PautaDbContext>().Organisations
                    .IgnoreQueryFilters([PautaDbContext.TenantFilter]).AsNoTracking().Select(o => o.Id).ToListAsync(ct);
            }

            var changed = 0;
            var complete = true;
            foreach (var organisation in organisations)
            {
                using var scope = scopes.CreateScope();
                scope.ServiceProvider.GetRequiredService<Tenant>().Set(organisation);
                var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
                var due = await DueAsync(db, since, ct);
                if (due.Count > MaxPerTick) complete = false;
                var projector = scope.ServiceProvider.GetRequiredService<InsightsProjector>();
                foreach (var batch in due.Take(MaxPerTick).Chunk(InsightsProjector.MaxBatch))
                    changed += await projector.RefreshAsync(batch, ct);
            }
            // When an organisation had more than a tick's worth, the next tick looks from the same point again.
            if (complete) lastLook = now;
            return changed;
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<List<Guid>> DueAsync(PautaDbContext db, DateTime since, CancellationToken ct)
    {
        var behind = await (
                from c in db.Contacts.AsNoTracking()
                where c.UpdatedAt >= since
                join f in db.ContactFacts.AsNoTracking() on c.Id equals f.ContactId into facts
                from f in facts.DefaultIfEmpty()
                where f == null || f.LastSequence != c.LastSequence
                select c.Id)
            .Take(MaxPerTick + 1).ToListAsync(ct);
        var answered = await db.SurveyInvitations.AsNoTracking().Where(s => s.AnsweredAt >= since)
            .Select(s => s.ContactId).Take(MaxPerTick + 1).ToListAsync(ct);
        var recovered = await db.FollowUps.AsNoTracking().Where(f => f.Kind == FollowUpKind.ServiceRecovery && f.DoneAt >= since)
            .Select(f => f.ContactId).Take(MaxPerTick + 1).ToListAsync(ct);
        return behind.Concat(answered).Concat(recovered).Distinct().ToList();
    }
}
