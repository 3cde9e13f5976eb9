using Pauta.Data.Tenancy;

namespace Pauta.Web.Features.Audit;

/// <summary>
/// Signs a checkpoint for every organisation whose audit log grew, every <see cref="Interval"/> (so at least once a
/// minute when anything changed, as issue 11 asks). One node at a time runs it (the <see cref="WorkerLease.AuditCheckpoints"/>
/// lease); a checkpoint's key is its size, so two nodes signing the same size (a lease lost mid-tick) store it once.
/// </summary>
public sealed class AuditCheckpointWorker(IServiceScopeFactory scopes, IWorkerLeases leases, TimeProvider time, IConfiguration configuration,
    ILogger<AuditCheckpointWorker> log) : LeasedWorker(leases, time, log)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Turns the timer off (tests that sign checkpoints themselves); <see cref="TickAsync"/> still works.</summary>
    public const string EnabledSetting = "Pauta:Audit:CheckpointWorker";

    public override WorkerLease Lease => WorkerLease.AuditCheckpoints;
    public override TimeSpan Period => Interval;
    protected override bool Enabled => configuration.GetValue(EnabledSetting, true);
    protected override Task RunTickAsync(CancellationToken ct) => TickAsync(ct);

    /// <summary>One round over the organisations whose log grew; answers how many checkpoints were signed.</summary>
    public async Task<int> TickAsync(CancellationToken ct)
    {
        List<Guid> grown;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
            // The one query across organisations: heads ahead of their organisation's last checkpoint.
            var checkpoints = db.AuditCheckpoints.IgnoreQueryFilters([PautaDbContext.TenantFilter]);
            grown = await db.AuditLogHeads.IgnoreQueryFilters([PautaDbContext.TenantFilter]).AsNoTracking()
                .Where(h => h.Size > 0 && !checkpoints.Any(c => c.OrganisationId == h.OrganisationId && c.Size >= h.Size))
                .Select(h => h.OrganisationId).ToListAsync(ct);
        }
        var signed = 0;
        foreach (var organisation in grown)
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<Tenant>().Set(organisation);
            try
            {
                if (await scope.ServiceProvider.GetRequiredService<AuditCheckpoints>().SignIfGrownAsync(ct) is not null) signed++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Could not sign the audit checkpoint of organisation {Organisation}", organisation);
            }
        }
        return signed;
    }
}
