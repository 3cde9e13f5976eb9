using System.Buffers;
using System.Globalization;
using System.Text;

namespace Pauta.Core.Audit;

/// <summary>
/// The audit bundle: an organisation's log, its checkpoints and its public key in one UTF-8 text file of JSON lines
/// (docs/audit.md), verified offline by <see cref="AuditBundleVerifier"/>. Every line has exactly one canonical form,
/// and each ends in "\n":
/// <code>
/// {"format":"pauta-audit-bundle/1","organisation":"&lt;id&gt;","key":"&lt;key id&gt;","spki":"&lt;base64&gt;"}
/// {"i":&lt;index&gt;,"leaf":"&lt;leaf hash hex&gt;","entry":&lt;AuditRecord.CanonicalJson&gt;}        one per entry, 0..n-1
/// {"checkpoint":&lt;k&gt;,"size":&lt;s&gt;,"root":"&lt;hex&gt;","at":"&lt;instant&gt;","key":"&lt;key id&gt;","sig":"&lt;base64&gt;"}
/// {"entries":&lt;n&gt;,"checkpoints":&lt;c&gt;}                                              the last line
/// </code>
/// Checkpoint k of size s comes right after entry s-1 (checkpoint sizes strictly grow), so a verifier reading once from
/// the top meets every checkpoint exactly when its tree is complete.
/// </summary>
public static class AuditBundle
{
    public const string Format = "pauta-audit-bundle/1";

    /// <summary>The longest line a verifier reads (an entry with very long details); longer lines are refused.</summary>
    public const int MaxLineBytes = 4 * 1024 * 1024;

    /// <summary>Writes a whole bundle: the entries in index order, each checkpoint after the entry that completes it.</summary>
    public static void Write(Stream stream, AuditBundleHeader header, IEnumerable<AuditRecord> entries, IEnumerable<AuditBundleCheckpoint> checkpoints)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(checkpoints);
        using var writer = new AuditBundleWriter(stream, header);
        using var pending = checkpoints.OrderBy(c => c.Size).GetEnumerator();
        var hasCheckpoint = pending.MoveNext();
        while (hasCheckpoint && pending.Current.Size == 0)
        {
            writer.WriteCheckpoint(pending.Current);
            hasCheckpoint = pending.MoveNext();
        }
        foreach (var entry in entries)
        {
            writer.WriteEntry(entry);
            while (hasCheckpoint && pending.Current.Size == writer.Entries)
            {
                writer.WriteCheckpoint(pending.Current);
                hasCheckpoint = pending.MoveNext();
            }
        }
        if (hasCheckpoint) throw new ArgumentException($"A checkpoint of size {pending.Current.Size} covers more entries than the {writer.Entries} given.", nameof(checkpoints));
        writer.Complete();
    }

    // The canonical lines. The verifier re-serialises what it parsed with these and compares bytes.

    internal static string HeaderLine(AuditBundleHeader h) => string.Concat(
        "{\"format\":\"", Format, "\",\"organisation\":\"", h.OrganisationId.ToString("D", CultureInfo.InvariantCulture),
        "\",\"key\":\"", h.KeyId, "\",\"spki\":\"", Convert.ToBase64String(h.PublicKey), "\"}\n");

    internal static string CheckpointLine(long number, AuditBundleCheckpoint c) => string.Concat(
        "{\"checkpoint\":", number.ToString(CultureInfo.InvariantCulture),
        ",\"size\":", c.Size.ToString(CultureInfo.InvariantCulture),
        ",\"root\":\"", Convert.ToHexStringLower(c.Root),
        "\",\"at\":\"", AuditCheckpointText.Instant(c.At),
        "\",\"key\":\"", c.KeyId,
        "\",\"sig\":\"", Convert.ToBase64String(c.Signature), "\"}\n");

    internal static string EndLine(long entries, long checkpoints) => string.Concat(
        "{\"entries\":", entries.ToString(CultureInfo.InvariantCulture),
        ",\"checkpoints\":", checkpoints.ToString(CultureInfo.InvariantCulture), "}\n");

    /// <summary>The bytes before the entry's canonical JSON in its line; the line ends with "}\n" after it.</summary>
    internal static byte[] EntryPrefix(long index, ReadOnlySpan<byte> leafHash) => Encoding.UTF8.GetBytes(string.Concat(
        "{\"i\":", index.ToString(CultureInfo.InvariantCulture), ",\"leaf\":\"", Convert.ToHexStringLower(leafHash), "\",\"entry\":"));
}

/// <summary>The first line of a bundle: whose log it is and the public key its checkpoints are signed with (SubjectPublicKeyInfo DER).</summary>
public sealed record AuditBundleHeader(Guid OrganisationId, byte[] PublicKey, string KeyId)
{
    /// <summary>A header for this organisation and public key, its key id computed from the key.</summary>
    public static AuditBundleHeader For(Guid organisationId, byte[] publicKey) => new(organisationId, publicKey, AuditSignature.KeyId(publicKey));
}

/// <summary>A signed checkpoint as a bundle carries it: the tree head's size, root and instant, the key id and the P1363 signature.</summary>
public sealed record AuditBundleCheckpoint(long Size, byte[] Root, DateTimeOffset At, string KeyId, byte[] Signature)
{
    public AuditTreeHead Head(Guid organisationId) => new(organisationId, Size, Root, At);
}

/// <summary>
/// Writes a bundle line by line to a stream, checking as it goes that entries come in index order and each checkpoint
/// right after the entry that completes it. Buffers up to 64 KiB; the async methods write to the stream asynchronously
/// (an HTTP response), the others synchronously (a file).
/// </summary>
public sealed class AuditBundleWriter : IDisposable, IAsyncDisposable
{
    private const int FlushAt = 64 * 1024;
    private readonly Stream _stream;
    private readonly AuditBundleHeader _header;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushAt + 4096);
    private long _lastCheckpointSize = -1;
    private DateTimeOffset _lastCheckpointAt = DateTimeOffset.MinValue;
    private bool _complete;

    public AuditBundleWriter(Stream stream, AuditBundleHeader header)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(header);
        if (header.KeyId != AuditSignature.KeyId(header.PublicKey)) throw new ArgumentException("The header's key id is not the key id of its public key.", nameof(header));
        _stream = stream;
        _header = header;
        Append(AuditBundle.HeaderLine(header));
    }

    /// <summary>Entries written so far.</summary>
    public long Entries { get; private set; }

    /// <summary>Checkpoints written so far.</summary>
    public long Checkpoints { get; private set; }

    public void WriteEntry(AuditRecord entry)
    {
        AppendEntry(entry);
        if (_buffer.WrittenCount >= FlushAt) FlushBuffer();
    }

    public async ValueTask WriteEntryAsync(AuditRecord entry, CancellationToken cancellationToken = default)
    {
        AppendEntry(entry);
        if (_buffer.WrittenCount >= FlushAt) await FlushBufferAsync(cancellationToken);
    }

    public void WriteCheckpoint(AuditBundleCheckpoint checkpoint)
    {
        AppendCheckpoint(checkpoint);
        if (_buffer.WrittenCount >= FlushAt) FlushBuffer();
    }

    public async ValueTask WriteCheckpointAsync(AuditBundleCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        AppendCheckpoint(checkpoint);
        if (_buffer.WrittenCount >= FlushAt) await FlushBufferAsync(cancellationToken);
    }

    /// <summary>Writes the last line and flushes. A bundle without it does not verify (it was cut short).</summary>
    public void Complete()
    {
        AppendEnd();
        FlushBuffer();
        _stream.Flush();
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        AppendEnd();
        await FlushBufferAsync(cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    private void AppendEntry(AuditRecord entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        EnsureOpen();
        if (entry.Index != Entries) throw new ArgumentException($"Entry {entry.Index} written where entry {Entries} belongs.", nameof(entry));
        var leaf = entry.LeafBytes();
        _buffer.Write(AuditBundle.EntryPrefix(entry.Index, MerkleTree.HashLeaf(leaf)));
        _buffer.Write(leaf);
        _buffer.Write("}\n"u8);
        Entries++;
    }

    private void AppendCheckpoint(AuditBundleCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        EnsureOpen();
        if (checkpoint.Size != Entries) throw new ArgumentException($"A checkpoint of size {checkpoint.Size} written after {Entries} entries.", nameof(checkpoint));
        if (checkpoint.Size <= _lastCheckpointSize) throw new ArgumentException("Checkpoint sizes grow strictly.", nameof(checkpoint));
        if (checkpoint.At < _lastCheckpointAt) throw new ArgumentException("Checkpoint instants do not go back.", nameof(checkpoint));
        if (checkpoint.KeyId != _header.KeyId) throw new ArgumentException($"Checkpoint signed by key {checkpoint.KeyId}, the bundle's key is {_header.KeyId}.", nameof(checkpoint));
        if (checkpoint.Root is not { Length: 32 }) throw new ArgumentException("A root is 32 bytes.", nameof(checkpoint));
        if (checkpoint.Signature is not { Length: AuditSignature.SignatureLength }) throw new ArgumentException("A signature is 64 bytes (P1363).", nameof(checkpoint));
        if (checkpoint.At.UtcTicks % 10 != 0) throw new ArgumentException("A checkpoint's instant has microsecond precision.", nameof(checkpoint));
        Append(AuditBundle.CheckpointLine(Checkpoints, checkpoint));
        Checkpoints++;
        _lastCheckpointSize = checkpoint.Size;
        _lastCheckpointAt = checkpoint.At;
    }

    private void AppendEnd()
    {
        EnsureOpen();
        Append(AuditBundle.EndLine(Entries, Checkpoints));
        _complete = true;
    }

    private void EnsureOpen()
    {
        if (_complete) throw new InvalidOperationException("The bundle is complete.");
    }

    private void Append(string line) => Encoding.UTF8.GetBytes(line, _buffer);

    private void FlushBuffer()
    {
        _stream.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
    }

    private async ValueTask FlushBufferAsync(CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        _buffer.ResetWrittenCount();
    }

    /// <summary>Writes what is buffered; the stream stays open (it belongs to the caller).</summary>
    public void Dispose()
    {
        if (_buffer.WrittenCount > 0) FlushBuffer();
    }

    public async ValueTask DisposeAsync()
    {
        if (_buffer.WrittenCount > 0) await FlushBufferAsync(CancellationToken.None);
    }
}
