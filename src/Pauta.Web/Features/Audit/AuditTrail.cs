namespace Pauta.Web.Features.Audit;

/// <summary>
/// Records an act that changes no row but belongs in the audit log, such as an export (who took which data out, when),
/// as its own unit of work. Changes that write rows add their entry to their own save with <see cref="PautaDbContext.Audit"/>.
/// </summary>
public sealed class AuditTrail(PautaDbContext db, CurrentMember current)
{
    public async Task RecordAsync(string action, string entityType, object entityId, string details, CancellationToken ct)
    {
        db.Audit(current.UserId, action, entityType, entityId, details);
        await db.SaveChangesAsync(ct);
    }
}
