namespace Pauta.Core.Audit;

/// <summary>
/// Verification of RFC 9162 proofs: inclusion (section 2.1.3.2) and consistency (section 2.1.4.2). Pure: a proof, the
/// sizes and the hashes the verifier already trusts go in, yes or no comes out. Generation is in <see cref="MerkleTree"/>.
/// </summary>
public static class MerkleProofs
{
    /// <summary>
    /// Whether <paramref name="proof"/> shows that the leaf with hash <paramref name="leafHash"/> sits at
    /// <paramref name="index"/> in the tree of <paramref name="size"/> leaves whose root is <paramref name="root"/>.
    /// </summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (index < 0 || index >= size) return false;
        var fn = index;
        var sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                r = MerkleTree.HashChildren(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = MerkleTree.HashChildren(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>
    /// Whether <paramref name="proof"/> shows that the tree of <paramref name="oldSize"/> leaves with root
    /// <paramref name="oldRoot"/> is a prefix of the tree of <paramref name="newSize"/> leaves with root
    /// <paramref name="newRoot"/>. Equal sizes need an empty proof and equal roots; the empty old tree is a prefix of
    /// every tree (empty proof).
    /// </summary>
    public static bool VerifyConsistency(long oldSize, long newSize, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (oldSize < 0 || oldSize > newSize) return false;
        if (oldSize == 0) return proof.Count == 0;
        if (oldSize == newSize) return proof.Count == 0 && oldRoot.SequenceEqual(newRoot);
        if (proof.Count == 0) return false;

        // Step 1: when the old tree is perfect its root is the first node of the path and is not sent.
        var path = new List<byte[]>(proof.Count + 1);
        if ((oldSize & (oldSize - 1)) == 0) path.Add(oldRoot.ToArray());
        path.AddRange(proof);

        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var fr = path[0];
        var sr = path[0];
        for (var i = 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0) return false;
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = MerkleTree.HashChildren(c, fr);
                sr = MerkleTree.HashChildren(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = MerkleTree.HashChildren(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(oldRoot) && sr.AsSpan().SequenceEqual(newRoot);
    }
}
