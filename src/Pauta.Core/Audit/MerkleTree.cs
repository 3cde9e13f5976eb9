using System.Numerics;
using System.Security.Cryptography;

namespace Pauta.Core.Audit;

/// <summary>
/// The Merkle tree hash of RFC 9162 (Certificate Transparency 2.0, section 2.1) and its proofs, over leaves numbered
/// 0..n-1. Generation asks a <see cref="RangeHash"/> for the hash of a range of leaves, so the caller decides where the
/// hashes come from (all leaves in memory, or stored subtree hashes). No I/O here.
/// </summary>
public static class MerkleTree
{
    /// <summary>MTH(D[start:end]): the tree hash of leaves start (inclusive) to end (exclusive); end &gt; start.</summary>
    public delegate byte[] RangeHash(long start, long end);

    /// <summary>SHA-256 of nothing: the root of the empty tree.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData([]);

    /// <summary>SHA-256(0x00 ‖ leaf).</summary>
    public static byte[] HashLeaf(ReadOnlySpan<byte> leaf)
    {
        var buffer = new byte[leaf.Length + 1];
        leaf.CopyTo(buffer.AsSpan(1));
        return SHA256.HashData(buffer);
    }

    /// <summary>SHA-256(0x01 ‖ left ‖ right).</summary>
    public static byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + left.Length + right.Length];
        buffer[0] = 1;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + left.Length)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The largest power of two smaller than <paramref name="n"/> (n ≥ 2): where RFC 9162 splits a tree of n leaves.</summary>
    public static long Split(long n) => n < 2 ? throw new ArgumentOutOfRangeException(nameof(n)) : 1L << (63 - BitOperations.LeadingZeroCount((ulong)(n - 1)));

    /// <summary>The root of the tree over these leaf hashes, in one pass with a stack of perfect subtrees.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leafHashes)
    {
        if (leafHashes.Count == 0) return EmptyRoot();
        // stack[i] is the root of a perfect subtree; sizes strictly decrease from the bottom, like the bits of the count.
        var stack = new List<(byte[] Hash, long Size)>(64);
        foreach (var leaf in leafHashes)
        {
            var node = (Hash: leaf, Size: 1L);
            while (stack.Count > 0 && stack[^1].Size == node.Size)
            {
                node = (HashChildren(stack[^1].Hash, node.Hash), node.Size * 2);
                stack.RemoveAt(stack.Count - 1);
            }
            stack.Add(node);
        }
        var root = stack[^1].Hash;
        for (var i = stack.Count - 2; i >= 0; i--) root = HashChildren(stack[i].Hash, root);
        return root;
    }

    /// <summary>MTH(D[start:end]) from leaf hashes in memory, recursively as RFC 9162 defines it.</summary>
    public static RangeHash InMemory(IReadOnlyList<byte[]> leafHashes) => (start, end) => RangeOf(leafHashes, start, end);

    private static byte[] RangeOf(IReadOnlyList<byte[]> leaves, long start, long end)
    {
        if (end - start == 1) return leaves[(int)start];
        var k = Split(end - start);
        return HashChildren(RangeOf(leaves, start, start + k), RangeOf(leaves, start + k, end));
    }

    /// <summary>The inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves (PATH, RFC 9162 2.1.3.1), from the leaf up.</summary>
    public static IReadOnlyList<byte[]> InclusionProof(long index, long size, RangeHash hash)
    {
        if (index < 0 || index >= size) throw new ArgumentOutOfRangeException(nameof(index));
        var proof = new List<byte[]>();
        Path(index, 0, size, hash, proof);
        return proof;
    }

    private static void Path(long m, long start, long end, RangeHash hash, List<byte[]> proof)
    {
        var n = end - start;
        if (n == 1) return;
        var k = Split(n);
        if (m < k)
        {
            Path(m, start, start + k, hash, proof);
            proof.Add(hash(start + k, end));
        }
        else
        {
            Path(m - k, start + k, end, hash, proof);
            proof.Add(hash(start, start + k));
        }
    }

    /// <summary>The consistency proof between the trees of <paramref name="oldSize"/> and <paramref name="newSize"/> leaves (PROOF, RFC 9162 2.1.4.1).</summary>
    public static IReadOnlyList<byte[]> ConsistencyProof(long oldSize, long newSize, RangeHash hash)
    {
        if (oldSize < 0 || oldSize > newSize) throw new ArgumentOutOfRangeException(nameof(oldSize));
        var proof = new List<byte[]>();
        if (oldSize == 0 || oldSize == newSize) return proof;
        SubProof(oldSize, 0, newSize, true, hash, proof);
        return proof;
    }

    private static void SubProof(long m, long start, long end, bool complete, RangeHash hash, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!complete) proof.Add(hash(start, end));
            return;
        }
        var k = Split(n);
        if (m <= k)
        {
            SubProof(m, start, start + k, complete, hash, proof);
            proof.Add(hash(start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, false, hash, proof);
            proof.Add(hash(start, start + k));
        }
    }
}
