using System.Text;
using Pauta.Core.Audit;
using Pauta.Tests.Shared;

namespace Pauta.Core.Tests.Audit;

/// <summary>The bundle's format and the offline verifier: what verifies, and exactly where each kind of change is reported.</summary>
public sealed class AuditBundleTests
{
    private static readonly AuditKeyMaterial Key = AuditSigningKeys.New();

    private static AuditBundleVerification Verify(byte[] bundle) => AuditBundleVerifier.Verify(new MemoryStream(bundle, writable: false));

    private static List<string> Lines(byte[] bundle) => [.. Encoding.UTF8.GetString(bundle).Split('\n')[..^1]];

    private static byte[] Join(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));

    [Fact]
    public void A_written_bundle_verifies_and_says_what_it_holds()
    {
        var bundle = AuditBundles.Bytes(Key, seed: 1, count: 250, checkpointEvery: 100);
        var result = Verify(bundle);
        result.Ok.ShouldBeTrue(result.Reason);
        result.Entries.ShouldBe(250);
        result.Checkpoints.ShouldBe(3);
        result.LastCheckpointSize.ShouldBe(250);
        result.UnsignedEntries.ShouldBe(0);
        result.OrganisationId.ShouldBe(AuditBundles.Organisation);
        result.KeyId.ShouldBe(Key.KeyId);
        result.LastRoot.ShouldBe(MerkleTree.Root(AuditBundles.Entries(1, 250, TestInstants.WorkingMorning).Select(e => e.LeafHash()).ToList()));
    }

    [Fact]
    public void Each_line_is_the_documented_form()
    {
        var entry = new AuditRecord(0, AuditRecord.Truncate(TestInstants.WorkingMorning), null, "protocol.published", "protocol", "p-1", null, "v1", null);
        using var memory = new MemoryStream();
        AuditBundle.Write(memory, AuditBundleHeader.For(AuditBundles.Organisation, Key.PublicKey), [entry], []);
        var lines = Lines(memory.ToArray());
        lines.Count.ShouldBe(3);
        lines[0].ShouldBe($"{{\"format\":\"pauta-audit-bundle/1\",\"organisation\":\"6f1d2a4b-7c3e-4d59-9a8b-0c1d2e3f4a5b\",\"key\":\"{Key.KeyId}\",\"spki\":\"{Convert.ToBase64String(Key.PublicKey)}\"}}");
        lines[1].ShouldBe($"{{\"i\":0,\"leaf\":\"{Convert.ToHexStringLower(entry.LeafHash())}\",\"entry\":{entry.CanonicalJson()}}}");
        lines[2].ShouldBe("{\"entries\":1,\"checkpoints\":0}");
        var result = Verify(memory.ToArray());
        result.Ok.ShouldBeTrue();
        result.UnsignedEntries.ShouldBe(1);
    }

    [Fact]
    public void Awkward_texts_round_trip_through_a_bundle()
    {
        string[] details = ["comillas \" y \\ barra", "tab\tnueva\nlínea\u0000", "emoji 💳 ñ €", "solitario \ud800 sustituto", "\u2028 separador", ""];
        var entries = details.Select((d, i) => new AuditRecord(i, AuditRecord.Truncate(TestInstants.WorkingMorning), null, "a", "t", "x", null, d, null)).ToList();
        using var memory = new MemoryStream();
        AuditBundle.Write(memory, AuditBundleHeader.For(AuditBundles.Organisation, Key.PublicKey), entries, []);
        var result = Verify(memory.ToArray());
        result.Ok.ShouldBeTrue(result.Reason);
        result.Entries.ShouldBe(details.Length);
        var reader = new AuditBundleReader(new MemoryStream(memory.ToArray()));
        reader.Read().ShouldBeOfType<AuditBundleHeaderLine>();
        for (var i = 0; i < details.Length; i++)
        {
            var line = reader.Read().ShouldBeOfType<AuditBundleEntryLine>();
            line.Leaf.ShouldBe(entries[i].LeafHash());
            line.Entry.Details.ShouldBe(i == 3 ? "solitario \ufffd sustituto" : details[i]);
        }
        reader.Read().ShouldBeOfType<AuditBundleEndLine>();
        reader.Read().ShouldBeNull();
    }

    [Fact]
    public void An_empty_log_verifies()
    {
        var result = Verify(AuditBundles.Bytes(Key, seed: 1, count: 0, checkpointEvery: 10));
        result.Ok.ShouldBeTrue(result.Reason);
        result.Entries.ShouldBe(0);
    }

    [Fact]
    public void Entries_after_the_last_checkpoint_verify_but_are_counted_as_unsigned()
    {
        var result = Verify(AuditBundles.Bytes(Key, seed: 2, count: 130, checkpointEvery: 50, signTail: false));
        result.Ok.ShouldBeTrue(result.Reason);
        result.LastCheckpointSize.ShouldBe(100);
        result.UnsignedEntries.ShouldBe(30);
    }

    [Fact]
    public void An_edited_entry_with_its_leaf_hash_recomputed_is_caught_by_the_first_checkpoint_over_it()
    {
        var lines = Lines(AuditBundles.Bytes(Key, seed: 3, count: 200, checkpointEvery: 40));
        var entries = AuditBundles.Entries(3, 200, TestInstants.WorkingMorning).ToList();
        var edited = entries[57] with { Details = entries[57].Details + " (edited)" };
        var line = lines.FindIndex(l => l.StartsWith("{\"i\":57,", StringComparison.Ordinal));
        lines[line] = $"{{\"i\":57,\"leaf\":\"{Convert.ToHexStringLower(edited.LeafHash())}\",\"entry\":{edited.CanonicalJson()}}}";
        var result = Verify(Join(lines));
        result.Ok.ShouldBeFalse();
        result.Part.ShouldBe(AuditBundlePart.Checkpoint);
        result.Problem.ShouldBe(AuditBundleProblem.CheckpointRoot);
        result.Checkpoint.ShouldBe(1);
        (result.RangeStart, result.RangeEnd).ShouldBe((40L, 80L));
        result.FirstBadIndex.ShouldBe(40);
        result.Reason.ShouldBe("Checkpoint 1: its signed root does not match entries 0 to 79; entries 40 to 79 were changed.");
    }

    [Theory]
    [InlineData("\"actor\":\"", "upper-case id")]
    [InlineData(",\"leaf\":\"", "upper-case leaf")]
    [InlineData("{\"i\":", "white space")]
    [InlineData("\"details\":", "renamed property")]
    [InlineData("\"details\":\"", "escaped letter")]
    public void A_line_not_byte_identical_to_its_canonical_form_is_refused(string near, string change)
    {
        var lines = Lines(AuditBundles.Bytes(Key, seed: 4, count: 30, checkpointEvery: 10));
        var index = Enumerable.Range(0, 30).First(i => lines[1 + i + i / 10].Contains("\"actor\":\"", StringComparison.Ordinal) && i > 3);
        var n = 1 + index + index / 10;
        var line = lines[n];
        var at = line.IndexOf(near, StringComparison.Ordinal) + near.Length;
        lines[n] = change switch
        {
            "upper-case id" or "upper-case leaf" => line[..at] + line.Substring(at, 8).ToUpperInvariant() + line[(at + 8)..],
            "white space" => line[..at] + " " + line[at..],
            "renamed property" => line.Replace("\"details\":", "\"Details\":", StringComparison.Ordinal),
            _ => line[..at] + "\\u00" + ((int)line[at]).ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + line[(at + 1)..],
        };
        lines[n].ShouldNotBe(line);
        var result = Verify(Join(lines));
        result.Ok.ShouldBeFalse();
        result.Part.ShouldBe(AuditBundlePart.Entry);
        result.FirstBadIndex.ShouldBe(index, result.Reason);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused_at_their_line()
    {
        var bundle = AuditBundles.Bytes(Key, seed: 5, count: 20, checkpointEvery: 10);
        var lines = Lines(bundle);
        var offset = Encoding.UTF8.GetByteCount(string.Concat(lines.Take(8).Select(l => l + "\n"))) + lines[8].IndexOf("\"details\":\"", StringComparison.Ordinal) + 11;
        bundle[offset] = 0xC3; // a lead byte followed by an ASCII byte
        var result = Verify(bundle);
        result.Problem.ShouldBe(AuditBundleProblem.NotUtf8);
        result.FirstBadIndex.ShouldBe(7);
        result.Line.ShouldBe(9);
    }

    [Fact]
    public void A_byte_order_mark_is_refused_at_the_header()
    {
        var result = Verify([0xEF, 0xBB, 0xBF, .. AuditBundles.Bytes(Key, seed: 5, count: 3, checkpointEvery: 10)]);
        result.Ok.ShouldBeFalse();
        result.Part.ShouldBe(AuditBundlePart.Header);
    }

    [Fact]
    public void A_bundle_cut_short_is_refused()
    {
        var bundle = AuditBundles.Bytes(Key, seed: 6, count: 20, checkpointEvery: 10);
        var mid = Verify(bundle[..(bundle.Length / 2)]);
        mid.Problem.ShouldBe(AuditBundleProblem.LineNotEnded);
        var lines = Lines(bundle);
        var noEnd = Verify(Join(lines.Take(lines.Count - 1)));
        noEnd.Problem.ShouldBe(AuditBundleProblem.NoEnd);
        noEnd.Part.ShouldBe(AuditBundlePart.End);
        Verify([]).Part.ShouldBe(AuditBundlePart.Header);
    }

    [Fact]
    public void Anything_after_the_last_line_is_refused()
    {
        var bundle = AuditBundles.Bytes(Key, seed: 6, count: 20, checkpointEvery: 10);
        Verify([.. bundle, (byte)'\n']).Problem.ShouldBe(AuditBundleProblem.DataAfterEnd);
        Verify([.. bundle, (byte)'x']).Problem.ShouldBe(AuditBundleProblem.DataAfterEnd);
    }

    [Fact]
    public void A_bundle_signed_by_another_key_than_its_header_names_fails_at_the_first_checkpoint()
    {
        var lines = Lines(AuditBundles.Bytes(Key, seed: 7, count: 30, checkpointEvery: 10));
        var other = AuditSigningKeys.New();
        lines[0] = lines[0].Replace(Key.KeyId, other.KeyId, StringComparison.Ordinal)
            .Replace(Convert.ToBase64String(Key.PublicKey), Convert.ToBase64String(other.PublicKey), StringComparison.Ordinal);
        var result = Verify(Join(lines));
        result.Part.ShouldBe(AuditBundlePart.Checkpoint);
        result.Checkpoint.ShouldBe(0);
        result.Problem.ShouldBe(AuditBundleProblem.CheckpointKeyUnknown);
    }

    [Fact]
    public void A_bundle_can_be_required_to_be_signed_by_the_organisations_key()
    {
        var bundle = AuditBundles.Bytes(Key, seed: 13, count: 20, checkpointEvery: 10);
        AuditBundleVerifier.Verify(new MemoryStream(bundle), Key.KeyId).Ok.ShouldBeTrue();
        AuditBundleVerifier.Verify(new MemoryStream(bundle), Key.KeyId.ToUpperInvariant()).Ok.ShouldBeTrue();
        // A forger who rewrote the log and signed it all with a key of their own passes every other check.
        var result = AuditBundleVerifier.Verify(new MemoryStream(bundle), AuditSigningKeys.New().KeyId);
        (result.Ok, result.Part, result.Problem).ShouldBe((false, AuditBundlePart.Header, AuditBundleProblem.KeyNotExpected));
        result.Reason.ShouldContain(Key.KeyId);
    }

    [Fact]
    public void The_header_must_hold_a_p256_key_and_its_id()
    {
        var lines = Lines(AuditBundles.Bytes(Key, seed: 8, count: 5, checkpointEvery: 10));
        using var p384 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        var spki = p384.ExportSubjectPublicKeyInfo();
        var bad = lines.ToList();
        bad[0] = bad[0].Replace(Key.KeyId, AuditSignature.KeyId(spki), StringComparison.Ordinal)
            .Replace(Convert.ToBase64String(Key.PublicKey), Convert.ToBase64String(spki), StringComparison.Ordinal);
        Verify(Join(bad)).Problem.ShouldBe(AuditBundleProblem.BadPublicKey);
        bad = lines.ToList();
        bad[0] = bad[0].Replace(Key.KeyId, "0000000000000000", StringComparison.Ordinal);
        Verify(Join(bad)).Problem.ShouldBe(AuditBundleProblem.KeyIdMismatch);
        bad = lines.ToList();
        bad[0] = bad[0].Replace("pauta-audit-bundle/1", "pauta-audit-bundle/2", StringComparison.Ordinal);
        Verify(Join(bad)).Problem.ShouldBe(AuditBundleProblem.UnknownFormat);
    }

    [Fact]
    public void A_dropped_checkpoint_line_is_reported_at_the_next_checkpoint_or_the_last_line()
    {
        var lines = Lines(AuditBundles.Bytes(Key, seed: 9, count: 30, checkpointEvery: 10));
        var checkpoints = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("{\"checkpoint\":", StringComparison.Ordinal)).Select(x => x.i).ToList();
        var first = Verify(Join(lines.Where((_, i) => i != checkpoints[0])));
        (first.Part, first.Problem, first.Checkpoint).ShouldBe((AuditBundlePart.Checkpoint, AuditBundleProblem.CheckpointOutOfPlace, 0L));
        var last = Verify(Join(lines.Where((_, i) => i != checkpoints[^1])));
        (last.Part, last.Problem).ShouldBe((AuditBundlePart.End, AuditBundleProblem.CountMismatch));
    }

    [Fact]
    public void The_writer_refuses_entries_out_of_order_and_checkpoints_out_of_place()
    {
        var entries = AuditBundles.Entries(10, 3, TestInstants.WorkingMorning).ToList();
        using var writer = new AuditBundleWriter(new MemoryStream(), AuditBundleHeader.For(AuditBundles.Organisation, Key.PublicKey));
        Should.Throw<ArgumentException>(() => writer.WriteEntry(entries[1]));
        writer.WriteEntry(entries[0]);
        var checkpoint = new AuditBundleCheckpoint(2, new byte[32], TestInstants.WorkingMorning, Key.KeyId, new byte[64]);
        Should.Throw<ArgumentException>(() => writer.WriteCheckpoint(checkpoint));
        Should.Throw<ArgumentException>(() => writer.WriteCheckpoint(checkpoint with { Size = 1, KeyId = "0000000000000000" }));
        Should.Throw<ArgumentException>(() => new AuditBundleWriter(new MemoryStream(), new AuditBundleHeader(AuditBundles.Organisation, Key.PublicKey, "0000000000000000")));
    }

    [Fact]
    public async Task The_async_writer_writes_the_same_bytes()
    {
        var header = AuditBundleHeader.For(AuditBundles.Organisation, Key.PublicKey);
        var entries = AuditBundles.Entries(11, 2000, TestInstants.WorkingMorning).ToList();
        using var sync = new MemoryStream();
        AuditBundle.Write(sync, header, entries, []);
        using var async = new MemoryStream();
        await using (var writer = new AuditBundleWriter(async, header))
        {
            foreach (var e in entries) await writer.WriteEntryAsync(e);
            await writer.CompleteAsync();
        }
        async.ToArray().ShouldBe(sync.ToArray());
    }

    [Fact]
    public void A_large_bundle_verifies_from_a_forward_only_stream()
    {
        var bundle = AuditBundles.Bytes(Key, seed: 12, count: 20_000, checkpointEvery: 1_000);
        using var forwardOnly = new ForwardOnlyStream(bundle);
        var result = AuditBundleVerifier.Verify(forwardOnly);
        result.Ok.ShouldBeTrue(result.Reason);
        result.Entries.ShouldBe(20_000);
        result.Checkpoints.ShouldBe(20);
    }

    /// <summary>A stream that gives its bytes in small pieces and cannot seek, as a pipe or a download does.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private int _position;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 1000), bytes.Length - _position);
            bytes.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
