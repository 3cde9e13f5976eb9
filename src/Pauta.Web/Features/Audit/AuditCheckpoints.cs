using Microsoft.AspNetCore.DataProtection;
using Pauta.Core.Audit;
using Pauta.Data.Audit;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Audit;

/// <summary>
/// Signs the current organisation's checkpoints (ADR-010 item 4): writes the subtrees completed since the last one,
/// computes the root over the stored hashes and signs the checkpoint text with the organisation's key, made on first
/// need (ECDSA P-256; the private half kept protected by ASP.NET Core data protection).
/// </summary>
public sealed class AuditCheckpoints(PautaDbContext db, IDataProtectionProvider protection, TimeProvider time)
{
    private const string Purpose = "Pauta.Audit.SigningKey.v1";

    /// <summary>Signs a checkpoint when the log grew since the last one; answers it, or null when nothing changed.</summary>
    public async Task<AuditCheckpoint?> SignIfGrownAsync(CancellationToken ct = default)
    {
        var organisation = db.TenantId ?? throw new InvalidOperationException("Signing needs an organisation in scope.");
        var log = new AuditLog(db);
        var size = await log.SizeAsync(ct);
        var last = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Size).Select(c => (long?)c.Size).FirstOrDefaultAsync(ct);
        if (size == 0 || last is { } l && l >= size) return null;

        await log.WriteCompletedNodesAsync(size, ct);
        var root = await log.RootAsync(size, ct);
        var key = await KeyAsync(ct);
        var at = AuditRecord.Truncate(time.GetUtcNow());
        byte[] signature;
        using (var ecdsa = key.OpenPrivate())
            signature = AuditSignature.Sign(ecdsa, new AuditTreeHead(organisation, size, root, at));
        var checkpoint = new AuditCheckpoint { Size = size, Root = root, At = at.UtcDateTime, KeyId = key.KeyId, Signature = signature };
        db.AuditCheckpoints.Add(checkpoint);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            // Another node signed this size first; anything else is a real failure.
            if (await db.AuditCheckpoints.AsNoTracking().AnyAsync(c => c.Size == size, ct)) return null;
            throw;
        }
        return checkpoint;
    }

    /// <summary>The organisation's signing key, made on first need; the oldest if two nodes raced to make one.</summary>
    public async Task<AuditKeyMaterial> KeyAsync(CancellationToken ct = default)
    {
        var protector = protection.CreateProtector(Purpose);
        var stored = await Oldest(ct);
        if (stored is null)
        {
            var made = AuditSigningKeys.New();
            db.AuditSigningKeys.Add(new AuditSigningKey
            {
                KeyId = made.KeyId,
                PublicKey = made.PublicKey,
                ProtectedPrivateKey = Convert.ToBase64String(protector.Protect(made.PrivateKey)),
                CreatedAt = time.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            stored = await Oldest(ct) ?? throw new InvalidOperationException("The signing key just stored is not found.");
        }
        return new AuditKeyMaterial(stored.KeyId, stored.PublicKey, protector.Unprotect(Convert.FromBase64String(stored.ProtectedPrivateKey)));
    }

    private Task<AuditSigningKey?> Oldest(CancellationToken ct) =>
        db.AuditSigningKeys.AsNoTracking().OrderBy(k => k.CreatedAt).ThenBy(k => k.KeyId).FirstOrDefaultAsync(ct);
}
