using CsCheck;
using Pauta.Core.Audit;

namespace Pauta.Core.Tests.Audit;

/// <summary>The production tree hash and proof generation against RFC 9162 written naively, and the CT reference vectors.</summary>
public sealed class MerkleTreeTests
{
    // The reference vectors of Certificate Transparency (RFC 6962 test data of the C++ and Go implementations): eight
    // leaf inputs and the root after each.
    private static readonly string[] VectorLeaves = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

    private static readonly string[] VectorRoots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    private static List<byte[]> Hashes(IEnumerable<byte[]> leaves) => [.. leaves.Select(l => MerkleTree.HashLeaf(l))];

    private static string Hex(byte[] b) => Convert.ToHexStringLower(b);

    [Fact]
    public void Roots_of_the_certificate_transparency_vectors()
    {
        var leaves = VectorLeaves.Select(Convert.FromHexString).ToList();
        Hex(MerkleTree.Root([])).ShouldBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        var accumulator = new MerkleAccumulator();
        for (var n = 1; n <= 8; n++)
        {
            var hashes = Hashes(leaves.Take(n));
            accumulator.Append(hashes[^1]);
            Hex(MerkleTree.Root(hashes)).ShouldBe(VectorRoots[n - 1], $"size {n}");
            Hex(MerkleTree.InMemory(hashes)(0, n)).ShouldBe(VectorRoots[n - 1], $"size {n}");
            Hex(accumulator.Root()).ShouldBe(VectorRoots[n - 1], $"size {n}");
        }
    }

    [Theory]
    [InlineData(0, 1, new string[0])]
    [InlineData(0, 8, new[] { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" })]
    [InlineData(5, 8, new[] { "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" })]
    [InlineData(2, 3, new[] { "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125" })]
    [InlineData(1, 5, new[] { "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" })]
    public void Inclusion_proofs_of_the_certificate_transparency_vectors(int index, int size, string[] expected)
    {
        var hashes = Hashes(VectorLeaves.Select(Convert.FromHexString).Take(size));
        var proof = MerkleTree.InclusionProof(index, size, MerkleTree.InMemory(hashes));
        proof.Select(Hex).ShouldBe(expected);
        MerkleProofs.VerifyInclusion(index, size, hashes[index], proof, Convert.FromHexString(VectorRoots[size - 1])).ShouldBeTrue();
    }

    [Theory]
    [InlineData(1, 1, new string[0])]
    [InlineData(1, 8, new[] { "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4" })]
    [InlineData(6, 8, new[] { "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" })]
    [InlineData(2, 5, new[] { "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b" })]
    [InlineData(6, 7, new[] { "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7" })]
    public void Consistency_proofs_of_the_certificate_transparency_vectors(int oldSize, int newSize, string[] expected)
    {
        var hashes = Hashes(VectorLeaves.Select(Convert.FromHexString).Take(newSize));
        var proof = MerkleTree.ConsistencyProof(oldSize, newSize, MerkleTree.InMemory(hashes));
        proof.Select(Hex).ShouldBe(expected);
        MerkleProofs.VerifyConsistency(oldSize, newSize, Convert.FromHexString(VectorRoots[oldSize - 1]), Convert.FromHexString(VectorRoots[newSize - 1]), proof)
            .ShouldBeTrue();
    }

    [Fact]
    public void Root_range_hash_and_accumulator_agree_with_the_naive_definition_for_every_size_up_to_300()
    {
        var leaves = NaiveMerkle.Leaves(300);
        var hashes = Hashes(leaves);
        var accumulator = new MerkleAccumulator();
        Hex(accumulator.Root()).ShouldBe(Hex(NaiveMerkle.Mth([])));
        Hex(MerkleTree.Root([])).ShouldBe(Hex(NaiveMerkle.Mth([])));
        for (var n = 1; n <= 300; n++)
        {
            var expected = Hex(NaiveMerkle.Mth(leaves.Take(n).ToList()));
            var prefix = hashes.Take(n).ToList();
            Hex(MerkleTree.Root(prefix)).ShouldBe(expected, $"Root, size {n}");
            Hex(MerkleTree.InMemory(prefix)(0, n)).ShouldBe(expected, $"InMemory, size {n}");
            accumulator.Append(hashes[n - 1]);
            Hex(accumulator.Root()).ShouldBe(expected, $"accumulator, size {n}");
        }
    }

    [Fact]
    public void Every_inclusion_and_consistency_proof_up_to_64_leaves_is_the_naive_one_and_verifies()
    {
        var leaves = NaiveMerkle.Leaves(64);
        var hashes = Hashes(leaves);
        for (var n = 1; n <= 64; n++)
        {
            var d = leaves.Take(n).ToList();
            var range = MerkleTree.InMemory(hashes.Take(n).ToList());
            var root = NaiveMerkle.Mth(d);
            for (var i = 0; i < n; i++)
            {
                var proof = MerkleTree.InclusionProof(i, n, range);
                proof.Select(Hex).ShouldBe(NaiveMerkle.Path(i, d).Select(Hex), $"PATH({i}, {n})");
                MerkleProofs.VerifyInclusion(i, n, hashes[i], proof, root).ShouldBeTrue($"inclusion {i} of {n}");
            }
            for (var m = 0; m <= n; m++)
            {
                var proof = MerkleTree.ConsistencyProof(m, n, range);
                proof.Select(Hex).ShouldBe(NaiveMerkle.Proof(m, d).Select(Hex), $"PROOF({m}, {n})");
                MerkleProofs.VerifyConsistency(m, n, NaiveMerkle.Mth(d.Take(m).ToList()), root, proof).ShouldBeTrue($"consistency {m} to {n}");
            }
        }
    }

    [Fact]
    public void Random_larger_trees_agree_with_the_naive_definition()
    {
        Gen.Select(Gen.Int[301, 3000], Gen.Double[0, 1], Gen.Double[0, 1]).Sample((n, a, b) =>
        {
            var leaves = NaiveMerkle.Leaves(n);
            var hashes = Hashes(leaves);
            var range = MerkleTree.InMemory(hashes);
            var root = NaiveMerkle.Mth(leaves);
            Hex(MerkleTree.Root(hashes)).ShouldBe(Hex(root));
            Hex(range(0, n)).ShouldBe(Hex(root));
            var i = (int)(a * (n - 1));
            var m = (int)(b * n);
            var inclusion = MerkleTree.InclusionProof(i, n, range);
            inclusion.Select(Hex).ShouldBe(NaiveMerkle.Path(i, leaves).Select(Hex));
            MerkleProofs.VerifyInclusion(i, n, hashes[i], inclusion, root).ShouldBeTrue();
            var consistency = MerkleTree.ConsistencyProof(m, n, range);
            consistency.Select(Hex).ShouldBe(NaiveMerkle.Proof(m, leaves).Select(Hex));
            MerkleProofs.VerifyConsistency(m, n, NaiveMerkle.Mth(leaves.Take(m).ToList()), root, consistency).ShouldBeTrue();
        }, iter: 40);
    }
}
