using System.Collections.Concurrent;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;

namespace Pauta.Web.Features.Contacts;

/// <summary>
/// Finds service-level clocks that reached a warning or ran out and records it (and the escalation the protocol's rule for
/// a target at risk or missed asks for) within <see cref="Interval"/> of the due instant, for every clock of a contact.
/// One node at a time runs it (the <see cref="WorkerLease.Breach"/> lease); the next due instant of any clock is a column of
/// the open contacts (<c>NextClockDueAt</c>, with its filtered index), and the action id is derived from the contact, the
/// clock and the warning, so a lease lost mid-tick and taken by another node still stores each breach once.
/// </summary>
public sealed class BreachWorker(IServiceScopeFactory scopes, IWorkerLeases leases, TimeProvider time, ILogger<BreachWorker> log)
    : LeasedWorker(leases, time, log)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>A contact whose due column says "breach" but whose replay finds nothing due (its calendar changed) is looked at again after this.</summary>
    private static readonly TimeSpan QuietAfterNothing = TimeSpan.FromSeconds(30);

    private const int MaxPerTick = 200;

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> quiet = new();

    public override WorkerLease Lease => WorkerLease.Breach;
    public override TimeSpan Period => Interval;
    protected override Task RunTickAsync(CancellationToken ct) => TickAsync(ct);

    /// <summary>One look for clocks run out; answers how many breaches were recorded.</summary>
    public async Task<int> TickAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow();
        List<(Guid Organisation, Guid Contact)> due;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
            var instant = now.UtcDateTime;
            // The one query across organisations: each contact found is then handled inside its own organisation.
            due = (await db.Contacts.IgnoreQueryFilters([PautaDbContext.TenantFilter]).AsNoTracking()
                    // The two older columns too: a contact last written before NextClockDueAt existed has only them.
                    .Where(c => c.Status == ContactStatus.Open &&
                                (c.NextClockDueAt <= instant || c.FirstResponseDueAt <= instant || c.ResolutionDueAt <= instant))
                    .OrderBy(c => c.StartedAt).Select(c => new { c.OrganisationId, c.Id }).Take(MaxPerTick).ToListAsync(ct))
                .Select(c => (c.OrganisationId, c.Id)).ToList();
        }

        var recorded = 0;
        foreach (var (organisation, contact) in due)
        {
            if (quiet.TryGetValue(contact, out var until) && until > now) continue;
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<Tenant>().Set(organisation);
            try
            {
                var count = await scope.ServiceProvider.GetRequiredService<ContactRunService>().RecordBreachesAsync(contact, ct);
                if (count == 0) quiet[contact] = now + QuietAfterNothing;
                else quiet.TryRemove(contact, out _);
                recorded += count;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                quiet[contact] = now + QuietAfterNothing;
                log.LogError(e, "Could not record the breach of contact {Contact}", contact);
            }
        }
        foreach (var (contact, until) in quiet)
            if (until <= now) quiet.TryRemove(contact, out _);
        return recorded;
    }
}
