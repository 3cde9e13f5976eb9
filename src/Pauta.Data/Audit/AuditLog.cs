using Microsoft.EntityFrameworkCore;
using Pauta.Core.Audit;
using Pauta.Data.Entities;

namespace Pauta.Data.Audit;

/// <summary>
/// The current organisation's audit log as stored (ADR-010 item 3): its size, roots and proofs computed from the
/// stored leaf hashes and the perfect subtrees kept at levels 8 and 16 (<see cref="AuditNode"/>), so a root or a proof
/// at millions of entries reads a few hundred hashes. Everything goes through the tenant filter of <paramref name="db"/>.
/// </summary>
public sealed class AuditLog(PautaDbContext db)
{
    public const int LowLevel = 8;
    public const int HighLevel = 16;
    private const long LowSize = 1L << LowLevel;
    private const long HighSize = 1L << HighLevel;
    /// <summary>Subtrees of the low level written per save when catching up.</summary>
    private const int BlocksPerSave = 64;

    /// <summary>The log's size: entries committed so far.</summary>
    public async Task<long> SizeAsync(CancellationToken ct = default) =>
        await db.AuditLogHeads.AsNoTracking().Select(h => (long?)h.Size).SingleOrDefaultAsync(ct) ?? 0;

    /// <summary>The root of the tree of the first <paramref name="size"/> entries (size ≤ the log's size).</summary>
    public Task<byte[]> RootAsync(long size, CancellationToken ct = default) =>
        size == 0 ? Task.FromResult(MerkleTree.EmptyRoot()) : ComputeAsync(hash => hash(0, size), ct);

    public Task<IReadOnlyList<byte[]>> InclusionProofAsync(long index, long size, CancellationToken ct = default) =>
        ComputeAsync(hash => MerkleTree.InclusionProof(index, size, hash), ct);

    public Task<IReadOnlyList<byte[]>> ConsistencyProofAsync(long oldSize, long newSize, CancellationToken ct = default) =>
        ComputeAsync(hash => MerkleTree.ConsistencyProof(oldSize, newSize, hash), ct);

    /// <summary>
    /// Runs <paramref name="compute"/> against a <see cref="MerkleTree.RangeHash"/> over the stored hashes: once to learn
    /// which leaves and nodes it needs (answering zeros), then, with those read in a few range queries, for real.
    /// </summary>
    public async Task<T> ComputeAsync<T>(Func<MerkleTree.RangeHash, T> compute, CancellationToken ct = default)
    {
        var covered8 = await db.AuditNodes.AsNoTracking().LongCountAsync(n => n.Level == LowLevel, ct) * LowSize;
        var covered16 = await db.AuditNodes.AsNoTracking().LongCountAsync(n => n.Level == HighLevel, ct) * HighSize;
        var needed = new HashSet<(int Level, long Index)>();
        var zero = new byte[32];
        compute(Range(covered8, covered16, key => { needed.Add(key); return zero; }));

        var known = new Dictionary<(int Level, long Index), byte[]>(needed.Count);
        foreach (var level in new[] { 0, LowLevel, HighLevel })
            foreach (var (from, to) in Runs(needed.Where(k => k.Level == level).Select(k => k.Index)))
                foreach (var (index, hash) in await ReadAsync(level, from, to, ct))
                    known[(level, index)] = hash;
        return compute(Range(covered8, covered16, key => known.TryGetValue(key, out var h)
            ? h
            : throw new AuditLogException(key.Level == 0 ? $"Entry {key.Index} of the audit log is missing." : $"Audit node {key.Level}/{key.Index} is missing.")));
    }

    private static MerkleTree.RangeHash Range(long covered8, long covered16, Func<(int Level, long Index), byte[]> get)
    {
        byte[] Hash(long start, long end)
        {
            var n = end - start;
            if (n == 1) return get((0, start));
            if (n == HighSize && start % HighSize == 0 && end <= covered16) return get((HighLevel, start >> HighLevel));
            if (n == LowSize && start % LowSize == 0 && end <= covered8) return get((LowLevel, start >> LowLevel));
            var k = MerkleTree.Split(n);
            return MerkleTree.HashChildren(Hash(start, start + k), Hash(start + k, end));
        }
        return Hash;
    }

    private static IEnumerable<(long From, long To)> Runs(IEnumerable<long> indices)
    {
        long from = -1, to = -1;
        foreach (var i in indices.Order())
        {
            if (i == to) { to++; continue; }
            if (from >= 0) yield return (from, to);
            from = i; to = i + 1;
        }
        if (from >= 0) yield return (from, to);
    }

    private async Task<List<(long Index, byte[] Hash)>> ReadAsync(int level, long from, long to, CancellationToken ct)
    {
        if (level == 0)
            return (await db.AuditEntries.AsNoTracking().Where(a => a.LeafIndex >= from && a.LeafIndex < to)
                    .Select(a => new { a.LeafIndex, a.LeafHash }).ToListAsync(ct))
                .Select(a => (a.LeafIndex!.Value, a.LeafHash ?? [])).ToList();
        return (await db.AuditNodes.AsNoTracking().Where(n => n.Level == level && n.Index >= from && n.Index < to)
                .Select(n => new { n.Index, n.Hash }).ToListAsync(ct))
            .Select(n => (n.Index, n.Hash)).ToList();
    }

    /// <summary>
    /// Stores the subtrees completed since the last call, up to <paramref name="size"/>: level-8 nodes from the leaf
    /// hashes, level-16 nodes from the level-8 ones. Answers how many nodes were written.
    /// </summary>
    public async Task<int> WriteCompletedNodesAsync(long size, CancellationToken ct = default)
    {
        var written = 0;
        var have8 = await db.AuditNodes.AsNoTracking().LongCountAsync(n => n.Level == LowLevel, ct);
        var want8 = size >> LowLevel;
        for (var block = have8; block < want8; block += BlocksPerSave)
        {
            var last = Math.Min(want8, block + BlocksPerSave);
            var leaves = await ReadAsync(0, block * LowSize, last * LowSize, ct);
            Add(LowLevel, block, last, leaves, LowSize);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            written += (int)(last - block);
        }
        var have16 = await db.AuditNodes.AsNoTracking().LongCountAsync(n => n.Level == HighLevel, ct);
        var want16 = size >> HighLevel;
        for (var block = have16; block < want16; block++)
        {
            var lows = await ReadAsync(LowLevel, block * (HighSize / LowSize), (block + 1) * (HighSize / LowSize), ct);
            Add(HighLevel, block, block + 1, lows, HighSize / LowSize);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            written++;
        }
        return written;
    }

    private void Add(int level, long firstBlock, long endBlock, List<(long Index, byte[] Hash)> children, long perBlock)
    {
        children.Sort((a, b) => a.Index.CompareTo(b.Index));
        var expected = (endBlock - firstBlock) * perBlock;
        if (children.Count != expected || children.Count > 0 && children[0].Index != firstBlock * perBlock
            || children.Count > 0 && children[^1].Index != endBlock * perBlock - 1)
            throw new AuditLogException($"The audit log has a gap below index {endBlock * perBlock} (level {level}).");
        for (var block = firstBlock; block < endBlock; block++)
        {
            var offset = (int)((block - firstBlock) * perBlock);
            var hashes = new byte[perBlock][];
            for (var i = 0; i < perBlock; i++) hashes[i] = children[offset + i].Hash;
            db.AuditNodes.Add(new AuditNode { Level = level, Index = block, Hash = MerkleTree.Root(hashes) });
        }
    }
}

/// <summary>The stored log is not whole (a row or node missing): a proof or root cannot be computed from it.</summary>
public sealed class AuditLogException(string message) : Exception(message);
