using CsCheck;
using Pauta.Core.Audit;

namespace Pauta.Core.Tests.Audit;

/// <summary>Every generated proof verifies, and any change to it (a byte, a hash dropped or added, the index, the sizes, the roots) makes it fail.</summary>
public sealed class MerkleProofsTests
{
    private static readonly List<byte[]> Leaves = NaiveMerkle.Leaves(600);
    private static readonly List<byte[]> LeafHashes = [.. Leaves.Select(l => MerkleTree.HashLeaf(l))];

    private static byte[] RootOf(int size) => MerkleTree.Root(LeafHashes.Take(size).ToList());

    private static MerkleTree.RangeHash Range(int size) => MerkleTree.InMemory(LeafHashes.Take(size).ToList());

    /// <summary>Every way to spoil a proof: flip one bit of one byte in one hash, drop a hash, insert a hash anywhere.</summary>
    private static IEnumerable<(string What, List<byte[]> Proof)> Spoiled(IReadOnlyList<byte[]> proof, byte[] extra)
    {
        for (var h = 0; h < proof.Count; h++)
        {
            foreach (var b in new[] { 0, 13, 31 })
            {
                var copy = proof.Select(p => (byte[])p.Clone()).ToList();
                copy[h][b] ^= 0x10;
                yield return ($"byte {b} of hash {h} changed", copy);
            }
            var dropped = proof.ToList();
            dropped.RemoveAt(h);
            yield return ($"hash {h} dropped", dropped);
        }
        for (var at = 0; at <= proof.Count; at++)
        {
            var added = proof.ToList();
            added.Insert(at, extra);
            yield return ($"hash added at {at}", added);
        }
    }

    [Fact]
    public void A_spoiled_inclusion_proof_or_a_wrong_index_size_leaf_or_root_fails()
    {
        Gen.Select(Gen.Int[1, 600], Gen.Double[0, 1], Gen.Int[0, 599]).Sample((size, at, other) =>
        {
            var index = (int)(at * (size - 1));
            var root = RootOf(size);
            var proof = MerkleTree.InclusionProof(index, size, Range(size));
            MerkleProofs.VerifyInclusion(index, size, LeafHashes[index], proof, root).ShouldBeTrue();
            foreach (var (what, spoiled) in Spoiled(proof, LeafHashes[other]))
                MerkleProofs.VerifyInclusion(index, size, LeafHashes[index], spoiled, root).ShouldBeFalse(what);
            for (var wrong = Math.Max(0, index - 3); wrong <= index + 3; wrong++)
                if (wrong != index) MerkleProofs.VerifyInclusion(wrong, size, LeafHashes[index], proof, root).ShouldBeFalse($"index {wrong}");
            // Another size, checked against that size's own root (a checkpoint binds a root to its size).
            foreach (var wrongSize in new[] { size - 1, size + 1, size * 2, size / 2 })
                if (wrongSize > index && wrongSize != size && wrongSize <= 600)
                    MerkleProofs.VerifyInclusion(index, wrongSize, LeafHashes[index], proof, RootOf(wrongSize)).ShouldBeFalse($"size {wrongSize}");
            if (other != index) MerkleProofs.VerifyInclusion(index, size, LeafHashes[other], proof, root).ShouldBeFalse("another leaf");
            MerkleProofs.VerifyInclusion(index, size, LeafHashes[index], proof, MerkleTree.EmptyRoot()).ShouldBeFalse("another root");
        }, iter: 300);
    }

    [Fact]
    public void A_spoiled_consistency_proof_or_wrong_sizes_or_roots_fail()
    {
        Gen.Select(Gen.Int[2, 600], Gen.Double[0, 1], Gen.Int[0, 599]).Sample((size, at, other) =>
        {
            var old = 1 + (int)(at * (size - 2));
            var oldRoot = RootOf(old);
            var root = RootOf(size);
            var proof = MerkleTree.ConsistencyProof(old, size, Range(size));
            MerkleProofs.VerifyConsistency(old, size, oldRoot, root, proof).ShouldBeTrue();
            foreach (var (what, spoiled) in Spoiled(proof, LeafHashes[other]))
                MerkleProofs.VerifyConsistency(old, size, oldRoot, root, spoiled).ShouldBeFalse(what);
            foreach (var wrongOld in new[] { old - 1, old + 1, old ^ 2 })
                if (wrongOld > 0 && wrongOld < size && wrongOld != old)
                    MerkleProofs.VerifyConsistency(wrongOld, size, RootOf(wrongOld), root, proof).ShouldBeFalse($"old size {wrongOld}");
            foreach (var wrongNew in new[] { size - 1, size + 1, size * 2 })
                if (wrongNew > old && wrongNew != size && wrongNew <= 600)
                    MerkleProofs.VerifyConsistency(old, wrongNew, oldRoot, RootOf(wrongNew), proof).ShouldBeFalse($"new size {wrongNew}");
            MerkleProofs.VerifyConsistency(old, size, root, oldRoot, proof).ShouldBeFalse("roots swapped");
            MerkleProofs.VerifyConsistency(old, size, oldRoot, MerkleTree.EmptyRoot(), proof).ShouldBeFalse("another new root");
            MerkleProofs.VerifyConsistency(old, size, MerkleTree.EmptyRoot(), root, proof).ShouldBeFalse("another old root");
            MerkleProofs.VerifyConsistency(old, size, oldRoot, root, []).ShouldBeFalse("empty proof");
        }, iter: 300);
    }

    [Fact]
    public void A_log_that_rewrote_an_old_leaf_has_no_consistency_proof_from_its_old_root()
    {
        var rewritten = LeafHashes.Take(100).ToList();
        rewritten[10] = MerkleTree.HashLeaf("rewritten"u8);
        var proof = MerkleTree.ConsistencyProof(40, 100, MerkleTree.InMemory(rewritten));
        MerkleProofs.VerifyConsistency(40, 100, RootOf(40), MerkleTree.Root(rewritten), proof).ShouldBeFalse();
    }

    [Fact]
    public void Edge_sizes_follow_rfc_9162()
    {
        var one = LeafHashes[0];
        MerkleProofs.VerifyInclusion(0, 1, one, [], one).ShouldBeTrue();
        MerkleProofs.VerifyInclusion(0, 0, one, [], one).ShouldBeFalse();
        MerkleProofs.VerifyInclusion(1, 1, one, [], one).ShouldBeFalse();
        MerkleProofs.VerifyInclusion(-1, 1, one, [], one).ShouldBeFalse();
        MerkleProofs.VerifyConsistency(0, 0, MerkleTree.EmptyRoot(), MerkleTree.EmptyRoot(), []).ShouldBeTrue();
        MerkleProofs.VerifyConsistency(0, 5, MerkleTree.EmptyRoot(), RootOf(5), []).ShouldBeTrue();
        MerkleProofs.VerifyConsistency(0, 5, MerkleTree.EmptyRoot(), RootOf(5), [one]).ShouldBeFalse();
        MerkleProofs.VerifyConsistency(5, 5, RootOf(5), RootOf(5), []).ShouldBeTrue();
        MerkleProofs.VerifyConsistency(5, 5, RootOf(5), RootOf(4), []).ShouldBeFalse();
        MerkleProofs.VerifyConsistency(5, 5, RootOf(5), RootOf(5), [one]).ShouldBeFalse();
        MerkleProofs.VerifyConsistency(6, 5, RootOf(6), RootOf(5), []).ShouldBeFalse();
    }
}
