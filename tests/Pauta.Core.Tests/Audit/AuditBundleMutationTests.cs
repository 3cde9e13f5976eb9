using System.Text;
using Pauta.Core.Audit;
using Pauta.Tests.Shared;

namespace Pauta.Core.Tests.Audit;

/// <summary>
/// 1,000 seeded, reproducible changes to a signed bundle (300 entries, 8 checkpoints): random single bytes anywhere,
/// deleted, swapped and moved entry lines, changes confined to hashes, to checkpoints and to the key. Every one must be
/// detected, and reported where it is: a change inside entry line i (or a deletion or reordering starting at i) at
/// entry i, a change in the header at the header, a change in checkpoint k at checkpoint k (or, when it no longer reads
/// as a checkpoint, at the entry right after it).
/// </summary>
public sealed class AuditBundleMutationTests
{
    private const int Seed = 20261207;
    private const int Entries = 300;
    private const int Every = 40;

    private enum Kind { Header, Entry, Checkpoint, End }

    /// <summary>A line of the bundle: its bytes' range (with its "\n"), what it is and its number (entry index, checkpoint number).</summary>
    private sealed record Line(int Start, int Length, Kind Kind, long Number, long EntriesBefore);

    private readonly byte[] _bundle;
    private readonly List<Line> _lines = [];
    private readonly AuditKeyMaterial _key = AuditSigningKeys.New();

    public AuditBundleMutationTests()
    {
        _bundle = AuditBundles.Bytes(_key, seed: Seed, count: Entries, checkpointEvery: Every);
        var start = 0;
        long entries = 0, checkpoints = 0;
        while (start < _bundle.Length)
        {
            var length = Array.IndexOf(_bundle, (byte)'\n', start) - start + 1;
            var text = Encoding.UTF8.GetString(_bundle, start, length);
            var kind = start == 0 ? Kind.Header
                : text.StartsWith("{\"checkpoint\":", StringComparison.Ordinal) ? Kind.Checkpoint
                : text.StartsWith("{\"entries\":", StringComparison.Ordinal) ? Kind.End
                : Kind.Entry;
            _lines.Add(new Line(start, length, kind, kind switch { Kind.Entry => entries, Kind.Checkpoint => checkpoints, _ => 0 }, entries));
            if (kind == Kind.Entry) entries++;
            if (kind == Kind.Checkpoint) checkpoints++;
            start += length;
        }
    }

    [Fact]
    public void The_unchanged_bundle_verifies()
    {
        var result = AuditBundleVerifier.Verify(new MemoryStream(_bundle));
        result.Ok.ShouldBeTrue(result.Reason);
        result.Checkpoints.ShouldBe(8);
        _lines.Count(l => l.Kind == Kind.Entry).ShouldBe(Entries);
    }

    [Fact]
    public void A_thousand_random_changes_are_all_detected_at_the_right_place()
    {
        var random = new Random(Seed);
        var misses = new List<string>();
        var counts = new Dictionary<string, int>();
        for (var n = 0; n < 1000; n++)
        {
            var (what, bundle, expected) = n switch
            {
                < 350 => AnyByte(random),
                < 450 => DeleteEntry(random),
                < 550 => SwapEntries(random),
                < 650 => MoveEntry(random),
                < 750 => HashDigit(random),
                < 900 => CheckpointByte(random),
                _ => KeyChange(random),
            };
            var category = what[..what.IndexOf(':', StringComparison.Ordinal)];
            counts[category] = counts.GetValueOrDefault(category) + 1;
            var result = AuditBundleVerifier.Verify(new MemoryStream(bundle));
            var verdict = result.Ok ? "verified" : $"{result.Part} index {result.FirstBadIndex} checkpoint {result.Checkpoint}: {result.Reason}";
            if (result.Ok || !expected(result)) misses.Add($"case {n} ({what}): {verdict}");
        }
        misses.ShouldBeEmpty();
        counts.Values.Sum().ShouldBe(1000);
    }

    private Line LineAt(int offset) => _lines.Last(l => l.Start <= offset);

    private Line RandomLine(Random random, Kind kind)
    {
        var candidates = _lines.Where(l => l.Kind == kind).ToList();
        return candidates[random.Next(candidates.Count)];
    }

    private Func<AuditBundleVerification, bool> ExpectedFor(Line line) => line.Kind switch
    {
        Kind.Header => r => r.Part == AuditBundlePart.Header,
        Kind.Entry => r => r.Part == AuditBundlePart.Entry && r.FirstBadIndex == line.Number,
        Kind.Checkpoint => r => (r.Part == AuditBundlePart.Checkpoint && r.Checkpoint == line.Number)
            || (r.Part == AuditBundlePart.Entry && r.FirstBadIndex == line.EntriesBefore),
        Kind.End => r => r.Part == AuditBundlePart.End || (r.Part == AuditBundlePart.Entry && r.FirstBadIndex == Entries),
    };

    private (string, byte[], Func<AuditBundleVerification, bool>) ChangeByte(Random random, int offset, string category)
    {
        var bundle = (byte[])_bundle.Clone();
        bundle[offset] ^= (byte)random.Next(1, 256);
        var line = LineAt(offset);
        return ($"{category}: byte {offset} ({line.Kind} {line.Number}) {_bundle[offset]:x2}→{bundle[offset]:x2}", bundle, ExpectedFor(line));
    }

    private (string, byte[], Func<AuditBundleVerification, bool>) AnyByte(Random random) => ChangeByte(random, random.Next(_bundle.Length), "byte");

    private (string, byte[], Func<AuditBundleVerification, bool>) CheckpointByte(Random random)
    {
        var line = RandomLine(random, Kind.Checkpoint);
        return ChangeByte(random, line.Start + random.Next(line.Length), "checkpoint");
    }

    private byte[] Rebuild(IEnumerable<Line> lines) => [.. lines.SelectMany(l => _bundle.AsSpan(l.Start, l.Length).ToArray())];

    private (string, byte[], Func<AuditBundleVerification, bool>) DeleteEntry(Random random)
    {
        var line = RandomLine(random, Kind.Entry);
        return ($"delete: entry {line.Number}", Rebuild(_lines.Where(l => l != line)), r => r.Part == AuditBundlePart.Entry && r.FirstBadIndex == line.Number);
    }

    private (string, byte[], Func<AuditBundleVerification, bool>) SwapEntries(Random random)
    {
        var a = RandomLine(random, Kind.Entry);
        Line b;
        do b = RandomLine(random, Kind.Entry); while (b == a);
        var first = Math.Min(a.Number, b.Number);
        return ($"swap: entries {a.Number} and {b.Number}", Rebuild(_lines.Select(l => l == a ? b : l == b ? a : l)),
            r => r.Part == AuditBundlePart.Entry && r.FirstBadIndex == first);
    }

    /// <summary>Moves one entry line to another place among the entries (the other lines keep theirs).</summary>
    private (string, byte[], Func<AuditBundleVerification, bool>) MoveEntry(Random random)
    {
        var order = _lines.Where(l => l.Kind == Kind.Entry).ToList();
        var from = random.Next(order.Count);
        int to;
        do to = random.Next(order.Count); while (to == from);
        var moved = order[from];
        order.RemoveAt(from);
        order.Insert(to, moved);
        var next = 0;
        var bundle = Rebuild(_lines.Select(l => l.Kind == Kind.Entry ? order[next++] : l));
        var first = Math.Min(from, to);
        return ($"move: entry {from} to {to}", bundle, r => r.Part == AuditBundlePart.Entry && r.FirstBadIndex == first);
    }

    private (string, byte[], Func<AuditBundleVerification, bool>) HashDigit(Random random)
    {
        var inEntry = random.Next(10) < 6;
        var line = RandomLine(random, inEntry ? Kind.Entry : Kind.Checkpoint);
        var text = Encoding.UTF8.GetString(_bundle, line.Start, line.Length);
        var field = inEntry ? ",\"leaf\":\"" : ",\"root\":\"";
        var at = text.IndexOf(field, StringComparison.Ordinal) + field.Length + random.Next(64);
        var bundle = (byte[])_bundle.Clone();
        const string digits = "0123456789abcdef";
        char replacement;
        do replacement = digits[random.Next(16)]; while (replacement == text[at]);
        bundle[line.Start + at] = (byte)replacement;
        return inEntry
            ? ($"hash: leaf of entry {line.Number}", bundle, r => r.Part == AuditBundlePart.Entry && r.FirstBadIndex == line.Number && r.Problem == AuditBundleProblem.LeafMismatch)
            : ($"hash: root of checkpoint {line.Number}", bundle, r => r.Part == AuditBundlePart.Checkpoint && r.Checkpoint == line.Number);
    }

    private (string, byte[], Func<AuditBundleVerification, bool>) KeyChange(Random random)
    {
        var header = _lines[0];
        var text = Encoding.UTF8.GetString(_bundle, header.Start, header.Length);
        switch (random.Next(10))
        {
            case 0:
            {
                var other = AuditSigningKeys.New();
                var swapped = text.Replace(_key.KeyId, other.KeyId, StringComparison.Ordinal)
                    .Replace(Convert.ToBase64String(_key.PublicKey), Convert.ToBase64String(other.PublicKey), StringComparison.Ordinal);
                return ("key: another valid key and its id", Rebuild(swapped, header), r => r.Part == AuditBundlePart.Checkpoint && r.Checkpoint == 0);
            }
            case 1:
            {
                var other = AuditSigningKeys.New();
                var swapped = text.Replace(Convert.ToBase64String(_key.PublicKey), Convert.ToBase64String(other.PublicKey), StringComparison.Ordinal);
                return ("key: another valid key under the old id", Rebuild(swapped, header), r => r.Part == AuditBundlePart.Header);
            }
            default:
            {
                var keyStart = text.IndexOf(",\"key\":\"", StringComparison.Ordinal) + 1;
                var offset = header.Start + keyStart + random.Next(text.Length - 2 - keyStart);
                return ChangeByte(random, offset, "key");
            }
        }
    }

    private byte[] Rebuild(string header, Line headerLine) =>
        [.. Encoding.UTF8.GetBytes(header), .. _bundle.AsSpan(headerLine.Length).ToArray()];
}
