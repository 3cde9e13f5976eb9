using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Pauta.Core.Audit;

/// <summary>One line of a bundle, parsed and found canonical (see <see cref="AuditBundle"/>).</summary>
public abstract record AuditBundleLine;

public sealed record AuditBundleHeaderLine(AuditBundleHeader Header) : AuditBundleLine;

/// <summary>An entry line: the index and leaf hash it states, the entry, and the entry's leaf bytes (its canonical JSON in UTF-8).</summary>
public sealed record AuditBundleEntryLine(long Index, byte[] Leaf, AuditRecord Entry, byte[] LeafBytes) : AuditBundleLine;

public sealed record AuditBundleCheckpointLine(long Number, AuditBundleCheckpoint Checkpoint) : AuditBundleLine;

public sealed record AuditBundleEndLine(long Entries, long Checkpoints) : AuditBundleLine;

/// <summary>Which part of a bundle a line is (or was taken to be): the header, an entry, a checkpoint or the last line.</summary>
public enum AuditBundlePart
{
    None,
    Header,
    Entry,
    Checkpoint,
    End,
}

/// <summary>A line that cannot be read as its part in its canonical form.</summary>
public sealed class AuditBundleFormatException(AuditBundleProblem problem, AuditBundlePart part, long line, string detail)
    : FormatException($"Line {line}: {detail}")
{
    public AuditBundleProblem Problem { get; } = problem;
    public AuditBundlePart Part { get; } = part;
    public long Line { get; } = line;
    public string Detail { get; } = detail;
}

/// <summary>
/// Reads a bundle one line at a time, strictly: UTF-8 that decodes without replacement, every line ended by "\n", every
/// line byte-identical to the canonical serialisation of what was parsed from it. It checks form only; hashes,
/// order and signatures are <see cref="AuditBundleVerifier"/>'s. Memory stays bounded by the longest line.
/// </summary>
public sealed class AuditBundleReader
{
    private static readonly JsonReaderOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 3 };
    private readonly Stream _stream;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _eof;

    public AuditBundleReader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <summary>The number (from 1) of the line last read.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line, or null at the end of the stream; throws <see cref="AuditBundleFormatException"/> for a bad line.</summary>
    public AuditBundleLine? Read()
    {
        if (!NextLine(out var line)) return null;
        var part = PartOf(line);
        if (!Utf8.IsValid(line)) throw Problem(AuditBundleProblem.NotUtf8, part, "the line is not valid UTF-8");
        var content = line[..^1];
        try
        {
            return part switch
            {
                AuditBundlePart.Header => ParseHeader(content),
                AuditBundlePart.Entry => ParseEntry(content),
                AuditBundlePart.Checkpoint => ParseCheckpoint(content),
                AuditBundlePart.End => ParseEnd(content),
                AuditBundlePart.None => throw new InvalidOperationException("Every line has a part."),
            };
        }
        catch (JsonException e)
        {
            throw Problem(AuditBundleProblem.Malformed, part, $"not valid JSON at byte {e.BytePositionInLine}");
        }
        catch (InvalidOperationException e)
        {
            throw Problem(AuditBundleProblem.Malformed, part, e.Message);
        }
        catch (FormatException e) when (e is not AuditBundleFormatException)
        {
            throw Problem(AuditBundleProblem.Malformed, part, e.Message);
        }
    }

    private AuditBundlePart PartOf(ReadOnlySpan<byte> line) =>
        LineNumber == 1 ? AuditBundlePart.Header
        : line.StartsWith("{\"checkpoint\":"u8) ? AuditBundlePart.Checkpoint
        : line.StartsWith("{\"entries\":"u8) ? AuditBundlePart.End
        : AuditBundlePart.Entry;

    private AuditBundleFormatException Problem(AuditBundleProblem problem, AuditBundlePart part, string detail) => new(problem, part, LineNumber, detail);

    private AuditBundleHeaderLine ParseHeader(ReadOnlySpan<byte> content)
    {
        var r = new Utf8JsonReader(content, JsonOptions);
        Token(ref r, JsonTokenType.StartObject);
        var format = String(ref r, "format");
        var organisation = String(ref r, "organisation");
        var keyId = String(ref r, "key");
        var spki = String(ref r, "spki");
        Token(ref r, JsonTokenType.EndObject);
        End(ref r);
        if (format != AuditBundle.Format) throw Problem(AuditBundleProblem.UnknownFormat, AuditBundlePart.Header, $"the format is \"{format}\", not \"{AuditBundle.Format}\"");
        if (!Guid.TryParseExact(organisation, "D", out var organisationId)) throw new FormatException("the organisation is not an id");
        var header = new AuditBundleHeader(organisationId, Convert.FromBase64String(spki), keyId);
        Canonical(content, AuditBundle.HeaderLine(header), AuditBundlePart.Header);
        return new AuditBundleHeaderLine(header);
    }

    private AuditBundleEntryLine ParseEntry(ReadOnlySpan<byte> content)
    {
        var r = new Utf8JsonReader(content, JsonOptions);
        Token(ref r, JsonTokenType.StartObject);
        var index = Number(ref r, "i");
        var leafHex = String(ref r, "leaf");
        Property(ref r, "entry");
        Token(ref r, JsonTokenType.StartObject);
        var record = new AuditRecord(
            Number(ref r, "i"),
            Instant(String(ref r, "at")),
            Id(NullableString(ref r, "actor")),
            String(ref r, "action"),
            String(ref r, "type"),
            String(ref r, "id"),
            Id(NullableString(ref r, "subject")),
            String(ref r, "details"),
            NullableString(ref r, "personal") is { } personal ? Hash(personal) : null);
        Token(ref r, JsonTokenType.EndObject);
        Token(ref r, JsonTokenType.EndObject);
        End(ref r);
        var leaf = Hash(leafHex);
        var leafBytes = record.LeafBytes();
        var prefix = AuditBundle.EntryPrefix(index, leaf);
        if (content.Length != prefix.Length + leafBytes.Length + 1
            || !content.StartsWith(prefix) || !content.Slice(prefix.Length, leafBytes.Length).SequenceEqual(leafBytes) || content[^1] != (byte)'}')
            throw Problem(AuditBundleProblem.NotCanonical, AuditBundlePart.Entry, "the line is not written in its canonical form");
        return new AuditBundleEntryLine(index, leaf, record, leafBytes);
    }

    private AuditBundleCheckpointLine ParseCheckpoint(ReadOnlySpan<byte> content)
    {
        var r = new Utf8JsonReader(content, JsonOptions);
        Token(ref r, JsonTokenType.StartObject);
        var number = Number(ref r, "checkpoint");
        var size = Number(ref r, "size");
        var root = Hash(String(ref r, "root"));
        var at = Instant(String(ref r, "at"));
        var keyId = String(ref r, "key");
        var signature = Convert.FromBase64String(String(ref r, "sig"));
        Token(ref r, JsonTokenType.EndObject);
        End(ref r);
        if (signature.Length != AuditSignature.SignatureLength) throw new FormatException("the signature is not 64 bytes");
        var checkpoint = new AuditBundleCheckpoint(size, root, at, keyId, signature);
        Canonical(content, AuditBundle.CheckpointLine(number, checkpoint), AuditBundlePart.Checkpoint);
        return new AuditBundleCheckpointLine(number, checkpoint);
    }

    private AuditBundleEndLine ParseEnd(ReadOnlySpan<byte> content)
    {
        var r = new Utf8JsonReader(content, JsonOptions);
        Token(ref r, JsonTokenType.StartObject);
        var entries = Number(ref r, "entries");
        var checkpoints = Number(ref r, "checkpoints");
        Token(ref r, JsonTokenType.EndObject);
        End(ref r);
        Canonical(content, AuditBundle.EndLine(entries, checkpoints), AuditBundlePart.End);
        return new AuditBundleEndLine(entries, checkpoints);
    }

    private void Canonical(ReadOnlySpan<byte> content, string canonicalLine, AuditBundlePart part)
    {
        var expected = Encoding.UTF8.GetBytes(canonicalLine);
        if (!expected.AsSpan(0, expected.Length - 1).SequenceEqual(content))
            throw Problem(AuditBundleProblem.NotCanonical, part, "the line is not written in its canonical form");
    }

    private static void Token(ref Utf8JsonReader r, JsonTokenType type)
    {
        if (!r.Read() || r.TokenType != type) throw new FormatException($"expected {Describe(type)}");
    }

    private static void End(ref Utf8JsonReader r)
    {
        if (r.Read()) throw new FormatException("text after the object");
    }

    private static void Property(ref Utf8JsonReader r, string name)
    {
        if (!r.Read() || r.TokenType != JsonTokenType.PropertyName || !r.ValueTextEquals(name)) throw new FormatException($"expected the property \"{name}\"");
    }

    private static long Number(ref Utf8JsonReader r, string name)
    {
        Property(ref r, name);
        if (!r.Read() || r.TokenType != JsonTokenType.Number || !r.TryGetInt64(out var value) || value < 0)
            throw new FormatException($"\"{name}\" is not a whole number");
        return value;
    }

    private static string String(ref Utf8JsonReader r, string name)
    {
        Property(ref r, name);
        if (!r.Read() || r.TokenType != JsonTokenType.String) throw new FormatException($"\"{name}\" is not a string");
        return r.GetString()!;
    }

    private static string? NullableString(ref Utf8JsonReader r, string name)
    {
        Property(ref r, name);
        if (!r.Read()) throw new FormatException($"\"{name}\" has no value");
        return r.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => r.GetString(),
            _ => throw new FormatException($"\"{name}\" is neither a string nor null"),
        };
    }

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.EndObject => "the end of the object",
        _ => type.ToString(),
    };

    private static Guid? Id(string? text) =>
        text is null ? null : Guid.TryParseExact(text, "D", out var id) ? id : throw new FormatException($"\"{text}\" is not an id");

    private static DateTimeOffset Instant(string text) =>
        AuditCheckpointText.TryParseInstant(text, out var at) ? at : throw new FormatException($"\"{text}\" is not an instant (yyyy-MM-ddTHH:mm:ss.ffffffZ)");

    private static byte[] Hash(string hex) =>
        hex.Length == 64 && AuditCheckpointText.IsLowerHex(hex) ? Convert.FromHexString(hex) : throw new FormatException("a hash is 64 lower-case hex digits");

    /// <summary>The next line including its "\n", or false at the end of the stream.</summary>
    private bool NextLine(out ReadOnlySpan<byte> line)
    {
        var searched = 0;
        while (true)
        {
            var at = _buffer.AsSpan(_start + searched, _end - _start - searched).IndexOf((byte)'\n');
            if (at >= 0)
            {
                var length = searched + at + 1;
                line = _buffer.AsSpan(_start, length);
                _start += length;
                LineNumber++;
                return true;
            }
            searched = _end - _start;
            if (_eof)
            {
                line = default;
                if (_start == _end) return false;
                LineNumber++;
                var rest = _buffer.AsSpan(_start, _end - _start);
                throw Problem(AuditBundleProblem.LineNotEnded, PartOf(rest), "the file ends inside this line (no line feed)");
            }
            if (searched > AuditBundle.MaxLineBytes)
            {
                LineNumber++;
                throw Problem(AuditBundleProblem.LineTooLong, PartOf(_buffer.AsSpan(_start, _end - _start)), $"the line is longer than {AuditBundle.MaxLineBytes} bytes");
            }
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) _eof = true;
            else _end += read;
        }
    }
}
