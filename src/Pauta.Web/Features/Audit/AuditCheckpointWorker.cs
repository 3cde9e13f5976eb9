using Pauta.Data.Tenancy;

namespace Pauta.Web.Features.Audit;

/// <summary>
/// Signs a checkpoint for every organisation whose audit log grew, every <see cref="Interval"/> (so at least once a
/// minute when anything changed, as issue 11 asks). Every node runs one; a checkpoint's key is its size, so two nodes
/// signing the same size store it once.
/// </summary>
public sealed class AuditCheckpointWorker(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration,
    ILogger<AuditCheckpointWorker> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Turns the timer off (tests that sign checkpoints themselves); <see cref="TickAsync"/> still works.</summary>
    public const string EnabledSetting = "Pauta:Audit:CheckpointWorker";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue(EnabledSetting, true)) return;
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await TickAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Audit checkpoints failed; trying again in {Interval}", Interval);
            }
        }
    }

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
