using System.Globalization;
using System.Security.Cryptography;

namespace Pauta.Core.Audit;

/// <summary>What can be wrong with a bundle; the words are <see cref="AuditBundleVerification.Reason"/> (English) and the UI texts "Audit.Verify.&lt;name&gt;".</summary>
public enum AuditBundleProblem
{
    None,
    NotUtf8,
    LineNotEnded,
    LineTooLong,
    Malformed,
    NotCanonical,
    UnknownFormat,
    BadPublicKey,
    KeyIdMismatch,
    KeyNotExpected,
    EntryOutOfPlace,
    LeafMismatch,
    EntryMissing,
    CheckpointOutOfPlace,
    CheckpointKeyUnknown,
    CheckpointTimeBackwards,
    CheckpointSignature,
    CheckpointRoot,
    CountMismatch,
    EntryCountMismatch,
    NoEnd,
    DataAfterEnd,
}

/// <summary>
/// The verdict on a bundle. When not <see cref="Ok"/>: the <see cref="Part"/> where verification stopped, the
/// <see cref="FirstBadIndex"/> (the first entry not proven; for an entry line, that line's position), the checkpoint
/// number for a checkpoint, and for a root that does not match its entries the range of entries the checkpoint covers
/// beyond the previous one (<see cref="RangeStart"/> to <see cref="RangeEnd"/>, exclusive). The counts describe what
/// verified before the problem.
/// </summary>
public sealed record AuditBundleVerification(
    bool Ok,
    AuditBundlePart Part,
    AuditBundleProblem Problem,
    long Line,
    long? FirstBadIndex,
    long? Checkpoint,
    long? RangeStart,
    long? RangeEnd,
    long? Stated,
    string Detail,
    Guid? OrganisationId,
    string? KeyId,
    long Entries,
    long Checkpoints,
    long? LastCheckpointSize,
    byte[]? LastRoot)
{
    /// <summary>Entries after the last checkpoint: well formed and hashed, but no signature vouches for them yet.</summary>
    public long UnsignedEntries => Entries - (LastCheckpointSize ?? 0);

    /// <summary>The values the sentence of <see cref="Problem"/> uses, in order: line, first bad index, checkpoint, range start, range end (last index), stated value, key id.</summary>
    public object[] Args() =>
    [
        Line, FirstBadIndex ?? 0, Checkpoint ?? 0, RangeStart ?? 0, (RangeEnd ?? 1) - 1, Stated ?? 0, KeyId ?? "",
    ];

    /// <summary>The problem in one English line (the UI says it with the texts "Audit.Verify.&lt;Problem&gt;").</summary>
    public string Reason => Ok ? "The bundle verifies." : string.Format(CultureInfo.InvariantCulture, EnglishSentence(Problem), Args())
        + (Problem is AuditBundleProblem.Malformed or AuditBundleProblem.BadPublicKey or AuditBundleProblem.UnknownFormat
            or AuditBundleProblem.CheckpointOutOfPlace ? $" ({Detail})" : "");

    /// <summary>The English sentence of a problem with the blanks of <see cref="Args"/>.</summary>
    public static string EnglishSentence(AuditBundleProblem problem) => problem switch
    {
        AuditBundleProblem.None => "The bundle verifies.",
        AuditBundleProblem.NotUtf8 => "Line {0} is not valid UTF-8.",
        AuditBundleProblem.LineNotEnded => "The file ends inside line {0}: it was cut short.",
        AuditBundleProblem.LineTooLong => "Line {0} is too long to be part of a bundle.",
        AuditBundleProblem.Malformed => "Line {0} cannot be read.",
        AuditBundleProblem.NotCanonical => "Line {0} is not written exactly as Pauta writes it: it was changed.",
        AuditBundleProblem.UnknownFormat => "This is not a Pauta audit bundle of a known version.",
        AuditBundleProblem.BadPublicKey => "The public key in the header is not a P-256 key.",
        AuditBundleProblem.KeyIdMismatch => "The key id in the header is not the id of its public key.",
        AuditBundleProblem.KeyNotExpected => "The bundle is signed by key {6}, not by the key you expect: anyone can sign a bundle with a key of their own.",
        AuditBundleProblem.EntryOutOfPlace => "Line {0} holds entry {5} where entry {1} belongs: entries were removed, added or reordered.",
        AuditBundleProblem.LeafMismatch => "Entry {1}: its leaf hash does not match its contents.",
        AuditBundleProblem.EntryMissing => "Entry {1} is missing.",
        AuditBundleProblem.CheckpointOutOfPlace => "Checkpoint {2} (line {0}) is out of place: each checkpoint comes right after the entries it covers, numbered in order.",
        AuditBundleProblem.CheckpointKeyUnknown => "Checkpoint {2} is signed by another key than the bundle's.",
        AuditBundleProblem.CheckpointTimeBackwards => "Checkpoint {2} is dated before the one before it.",
        AuditBundleProblem.CheckpointSignature => "Checkpoint {2}: the signature does not verify.",
        AuditBundleProblem.CheckpointRoot => "Checkpoint {2}: its signed root does not match entries 0 to {4}; entries {3} to {4} were changed.",
        AuditBundleProblem.CountMismatch => "The last line does not count the bundle's checkpoints: it says {5}, there are {2}.",
        AuditBundleProblem.EntryCountMismatch => "The last line does not count the bundle's entries: it says {5}, there are {1}.",
        AuditBundleProblem.NoEnd => "The bundle ends before its last line: it was cut short.",
        AuditBundleProblem.DataAfterEnd => "There is more after the last line (line {0}).",
    };
}

/// <summary>
/// Verifies a bundle offline, reading it once from the top with memory bounded by the Merkle stack and the longest
/// line: every line canonical, entries numbered 0..n-1, every leaf hash recomputed, the tree's root rebuilt at each
/// checkpoint's size and compared with the signed root, every signature checked with the header's key, checkpoints
/// growing in size and time. Two checkpoints whose roots both match the same sequence of leaves are consistent by
/// construction, so growth needs no separate proof here. Stops at the first problem.
/// </summary>
public static class AuditBundleVerifier
{
    /// <summary>
    /// Verifies a bundle. A bundle carries its own public key, so it proves only that its entries are what that key
    /// signed: pass the organisation's key id (shown on its audit page) as <paramref name="expectedKeyId"/> to require
    /// that key, or compare <see cref="AuditBundleVerification.KeyId"/> yourself.
    /// </summary>
    public static AuditBundleVerification Verify(Stream stream, string? expectedKeyId = null)
    {
        var reader = new AuditBundleReader(stream);
        var state = new State();
        try
        {
            return Run(reader, state, expectedKeyId);
        }
        catch (AuditBundleFormatException e)
        {
            // A line that cannot be read as an entry: everything from the next expected entry on is unproven.
            var index = e.Part == AuditBundlePart.Entry ? state.Entries : (long?)null;
            var checkpoint = e.Part == AuditBundlePart.Checkpoint ? state.Checkpoints : (long?)null;
            return state.Fail(e.Part, e.Problem, e.Line, index, checkpoint, detail: e.Detail);
        }
        finally
        {
            state.Key?.Dispose();
        }
    }

    private static AuditBundleVerification Run(AuditBundleReader reader, State s, string? expectedKeyId)
    {
        if (reader.Read() is not AuditBundleHeaderLine { Header: var header })
            return s.Fail(AuditBundlePart.Header, AuditBundleProblem.Malformed, reader.LineNumber, detail: "the first line is not a header");
        if (!AuditSignature.TryImportPublicKey(header.PublicKey, out var key, out var keyProblem))
            return s.Fail(AuditBundlePart.Header, AuditBundleProblem.BadPublicKey, 1, detail: keyProblem);
        s.Key = key;
        if (AuditSignature.KeyId(header.PublicKey) != header.KeyId)
            return s.Fail(AuditBundlePart.Header, AuditBundleProblem.KeyIdMismatch, 1);
        s.OrganisationId = header.OrganisationId;
        s.KeyId = header.KeyId;
        if (expectedKeyId is not null && !string.Equals(expectedKeyId, header.KeyId, StringComparison.OrdinalIgnoreCase))
            return s.Fail(AuditBundlePart.Header, AuditBundleProblem.KeyNotExpected, 1);

        while (reader.Read() is { } line)
        {
            var number = reader.LineNumber;
            switch (line)
            {
                case AuditBundleEntryLine entry:
                    if (entry.Index != s.Entries || entry.Entry.Index != s.Entries)
                        return s.Fail(AuditBundlePart.Entry, AuditBundleProblem.EntryOutOfPlace, number, s.Entries,
                            stated: entry.Index != s.Entries ? entry.Index : entry.Entry.Index);
                    var leaf = MerkleTree.HashLeaf(entry.LeafBytes);
                    if (!CryptographicOperations.FixedTimeEquals(leaf, entry.Leaf))
                        return s.Fail(AuditBundlePart.Entry, AuditBundleProblem.LeafMismatch, number, s.Entries);
                    s.Tree.Append(leaf);
                    break;
                case AuditBundleCheckpointLine { Number: var k, Checkpoint: var c }:
                    if (c.Size > s.Entries && k == s.Checkpoints)
                        return s.Fail(AuditBundlePart.Entry, AuditBundleProblem.EntryMissing, number, s.Entries);
                    if (k != s.Checkpoints)
                        return s.Fail(AuditBundlePart.Checkpoint, AuditBundleProblem.CheckpointOutOfPlace, number, checkpoint: s.Checkpoints, stated: k,
                            detail: $"number {k}");
                    if (c.Size != s.Entries || c.Size <= (s.LastCheckpointSize ?? -1))
                        return s.Fail(AuditBundlePart.Checkpoint, AuditBundleProblem.CheckpointOutOfPlace, number, checkpoint: k, stated: c.Size,
                            detail: $"size {c.Size}");
                    if (c.KeyId != header.KeyId)
                        return s.Fail(AuditBundlePart.Checkpoint, AuditBundleProblem.CheckpointKeyUnknown, number, checkpoint: k);
                    if (s.LastCheckpointAt is { } before && c.At < before)
                        return s.Fail(AuditBundlePart.Checkpoint, AuditBundleProblem.CheckpointTimeBackwards, number, checkpoint: k);
                    if (!AuditSignature.Verify(key!, c.Head(header.OrganisationId), c.Signature))
                        return s.Fail(AuditBundlePart.Checkpoint, AuditBundleProblem.CheckpointSignature, number, checkpoint: k);
                    var root = s.Tree.Root();
                    if (!CryptographicOperations.FixedTimeEquals(root, c.Root))
                    {
                        var from = s.LastCheckpointSize ?? 0;
                        return s.Fail(AuditBundlePart.Checkpoint, AuditBundleProblem.CheckpointRoot, number, from, k, from, c.Size);
                    }
                    s.Checkpoints++;
                    s.LastCheckpointSize = c.Size;
                    s.LastCheckpointAt = c.At;
                    s.LastRoot = root;
                    break;
                case AuditBundleEndLine end:
                    if (end.Entries > s.Entries)
                        return s.Fail(AuditBundlePart.Entry, AuditBundleProblem.EntryMissing, number, s.Entries);
                    if (end.Entries < s.Entries)
                        return s.Fail(AuditBundlePart.End, AuditBundleProblem.EntryCountMismatch, number, s.Entries, stated: end.Entries);
                    if (end.Checkpoints != s.Checkpoints)
                        return s.Fail(AuditBundlePart.End, AuditBundleProblem.CountMismatch, number, checkpoint: s.Checkpoints, stated: end.Checkpoints);
                    try
                    {
                        if (reader.Read() is not null)
                            return s.Fail(AuditBundlePart.End, AuditBundleProblem.DataAfterEnd, reader.LineNumber);
                    }
                    catch (AuditBundleFormatException e)
                    {
                        return s.Fail(AuditBundlePart.End, AuditBundleProblem.DataAfterEnd, e.Line);
                    }
                    return s.Success();
                case AuditBundleHeaderLine:
                    return s.Fail(AuditBundlePart.Entry, AuditBundleProblem.Malformed, number, s.Entries, detail: "a second header");
            }
        }
        return s.Fail(AuditBundlePart.End, AuditBundleProblem.NoEnd, reader.LineNumber + 1);
    }

    private sealed class State
    {
        public ECDsa? Key;
        public Guid? OrganisationId;
        public string? KeyId;
        public readonly MerkleAccumulator Tree = new();
        public long Entries => Tree.Size;
        public long Checkpoints;
        public long? LastCheckpointSize;
        public DateTimeOffset? LastCheckpointAt;
        public byte[]? LastRoot;

        public AuditBundleVerification Success() =>
            new(true, AuditBundlePart.None, AuditBundleProblem.None, 0, null, null, null, null, null, "", OrganisationId, KeyId, Entries, Checkpoints,
                LastCheckpointSize, LastRoot);

        public AuditBundleVerification Fail(AuditBundlePart part, AuditBundleProblem problem, long line, long? index = null, long? checkpoint = null,
            long? rangeStart = null, long? rangeEnd = null, long? stated = null, string detail = "") =>
            new(false, part, problem, line, index, checkpoint, rangeStart, rangeEnd, stated, detail, OrganisationId, KeyId, Entries, Checkpoints,
                LastCheckpointSize, LastRoot);
    }
}
