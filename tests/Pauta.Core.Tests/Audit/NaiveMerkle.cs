using System.Security.Cryptography;

namespace Pauta.Core.Tests.Audit;

/// <summary>
/// RFC 9162 section 2.1 written as literally as possible (MTH, PATH, PROOF over lists of leaf inputs), independent of
/// the code under test: the reference the production tree is checked against.
/// </summary>
internal static class NaiveMerkle
{
    public static byte[] Mth(IReadOnlyList<byte[]> d)
    {
        if (d.Count == 0) return SHA256.HashData([]);
        if (d.Count == 1) return SHA256.HashData([0x00, .. d[0]]);
        var k = K(d.Count);
        return SHA256.HashData([0x01, .. Mth(Slice(d, 0, k)), .. Mth(Slice(d, k, d.Count))]);
    }

    public static byte[] LeafHash(byte[] leaf) => SHA256.HashData([0x00, .. leaf]);

    public static List<byte[]> Path(int m, IReadOnlyList<byte[]> d)
    {
        if (d.Count == 1) return [];
        var k = K(d.Count);
        if (m < k) return [.. Path(m, Slice(d, 0, k)), Mth(Slice(d, k, d.Count))];
        return [.. Path(m - k, Slice(d, k, d.Count)), Mth(Slice(d, 0, k))];
    }

    public static List<byte[]> Proof(int m, IReadOnlyList<byte[]> d) => m == 0 || m == d.Count ? [] : SubProof(m, d, true);

    private static List<byte[]> SubProof(int m, IReadOnlyList<byte[]> d, bool b)
    {
        var n = d.Count;
        if (m == n) return b ? [] : [Mth(d)];
        var k = K(n);
        if (m <= k) return [.. SubProof(m, Slice(d, 0, k), b), Mth(Slice(d, k, n))];
        return [.. SubProof(m - k, Slice(d, k, n), false), Mth(Slice(d, 0, k))];
    }

    /// <summary>The largest power of two smaller than n, by counting up.</summary>
    private static int K(int n)
    {
        var k = 1;
        while (k * 2 < n) k *= 2;
        return k;
    }

    private static byte[][] Slice(IReadOnlyList<byte[]> d, int start, int end) => [.. d.Skip(start).Take(end - start)];

    /// <summary>n distinct leaf inputs of varied length.</summary>
    public static List<byte[]> Leaves(int n) =>
        [.. Enumerable.Range(0, n).Select(i => BitConverter.GetBytes(i).Concat(Enumerable.Repeat((byte)(i * 7), i % 5)).ToArray())];
}
