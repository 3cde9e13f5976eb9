using Microsoft.EntityFrameworkCore;
using Pauta.Core.Audit;
using Pauta.Data.Entities;

namespace Pauta.Data.Audit;

public enum AuditVerificationProblem
{
    None = 0,
    /// <summary>No checkpoint has been signed yet: nothing to check the rows against.</summary>
    NoCheckpoint = 1,
    /// <summary>The checkpoint's key is not stored.</summary>
    KeyMissing = 2,
    /// <summary>The checkpoint's signature does not verify with the organisation's key.</summary>
    BadSignature = 3,
    /// <summary>Entry <see cref="AuditVerificationResult.FirstBadIndex"/> is not in the database.</summary>
    EntryMissing = 4,
    /// <summary>Entry <see cref="AuditVerificationResult.FirstBadIndex"/>'s stored leaf hash is not the hash of its contents.</summary>
    LeafMismatch = 5,
    /// <summary>The rows hash to another root than the checkpoint's; the change is among entries FirstBadIndex..LastBadIndex.</summary>
    RootMismatch = 6,
}

/// <param name="Entries">Entries checked (the checkpoint's size when it verifies).</param>
/// <param name="FirstBadIndex">The first entry found not to match, or for a root mismatch the first of the range that holds the change.</param>
/// <param name="LastBadIndex">For a root mismatch, the last entry of that range; otherwise equal to <paramref name="FirstBadIndex"/>.</param>
public sealed record AuditVerificationResult(
    AuditVerificationProblem Problem,
    long Entries,
    long? CheckpointSize,
    DateTimeOffset? CheckpointAt,
    long? FirstBadIndex,
    long? LastBadIndex)
{
    public bool Ok => Problem == AuditVerificationProblem.None;
}

/// <summary>
/// Checks the current organisation's rows in the database against its last signed checkpoint: the signature with the
/// stored public key, every row's leaf hash recomputed from its columns, no index missing, and the root of the
/// recomputed leaves equal to the signed root. A row changed in place (an <c>UPDATE</c> of its details) is named by its
/// index; one changed together with its leaf hash is found by the root, and placed within the stored subtree (256
/// entries) whose hash no longer matches.
/// </summary>
public sealed class AuditVerification(PautaDbContext db)
{
    private const int Chunk = 5000;

    public async Task<AuditVerificationResult> VerifyAsync(CancellationToken ct = default)
    {
        var organisation = db.TenantId ?? throw new InvalidOperationException("Verification needs an organisation in scope.");
        var checkpoint = await db.AuditCheckpoints.AsNoTracking().OrderByDescending(c => c.Size).FirstOrDefaultAsync(ct);
        if (checkpoint is null) return new(AuditVerificationProblem.NoCheckpoint, 0, null, null, null, null);
        var at = new DateTimeOffset(checkpoint.At, TimeSpan.Zero);
        AuditVerificationResult Result(AuditVerificationProblem p, long entries, long? first = null, long? last = null) =>
            new(p, entries, checkpoint.Size, at, first, last ?? first);

        var key = await db.AuditSigningKeys.AsNoTracking().Where(k => k.KeyId == checkpoint.KeyId).Select(k => k.PublicKey).FirstOrDefaultAsync(ct);
        if (key is null) return Result(AuditVerificationProblem.KeyMissing, 0);
        using (var publicKey = AuditSignature.ImportPublicKey(key))
            if (!AuditSignature.Verify(publicKey, new AuditTreeHead(organisation, checkpoint.Size, checkpoint.Root, at), checkpoint.Signature))
                return Result(AuditVerificationProblem.BadSignature, 0);

        var tree = new MerkleAccumulator();
        var block = new List<byte[]>(256);
        var stored8 = await db.AuditNodes.AsNoTracking().Where(n => n.Level == AuditLog.LowLevel && n.Index < checkpoint.Size >> AuditLog.LowLevel)
            .Select(n => new { n.Index, n.Hash }).ToDictionaryAsync(n => n.Index, n => n.Hash, ct);
        long? firstChangedBlock = null;
        long next = 0;
        while (next < checkpoint.Size)
        {
            var from = next;
            var rows = await db.AuditEntries.AsNoTracking()
                .Where(a => a.LeafIndex >= from && a.LeafIndex < checkpoint.Size).OrderBy(a => a.LeafIndex).Take(Chunk).ToListAsync(ct);
            if (rows.Count == 0) return Result(AuditVerificationProblem.EntryMissing, next, next);
            foreach (var row in rows)
            {
                if (row.LeafIndex != next) return Result(AuditVerificationProblem.EntryMissing, next, next);
                var hash = AuditLeaf.Record(row).LeafHash();
                if (row.LeafHash is null || !hash.AsSpan().SequenceEqual(row.LeafHash)) return Result(AuditVerificationProblem.LeafMismatch, next, next);
                tree.Append(hash);
                block.Add(hash);
                if (block.Count == 256)
                {
                    var b = next >> AuditLog.LowLevel;
                    if (firstChangedBlock is null && stored8.TryGetValue(b, out var node) && !node.AsSpan().SequenceEqual(MerkleTree.Root(block)))
                        firstChangedBlock = b;
                    block.Clear();
                }
                next++;
            }
        }
        if (tree.Root().AsSpan().SequenceEqual(checkpoint.Root)) return Result(AuditVerificationProblem.None, checkpoint.Size);
        if (firstChangedBlock is { } changed)
            return Result(AuditVerificationProblem.RootMismatch, checkpoint.Size, changed << AuditLog.LowLevel,
                Math.Min(checkpoint.Size, (changed + 1) << AuditLog.LowLevel) - 1);
        // Not within a stored subtree: after the last one (or the subtrees were rewritten too).
        var start = stored8.Count == 0 ? 0 : (stored8.Keys.Max() + 1) << AuditLog.LowLevel;
        return Result(AuditVerificationProblem.RootMismatch, checkpoint.Size, start >= checkpoint.Size ? 0 : start, checkpoint.Size - 1);
    }
}
