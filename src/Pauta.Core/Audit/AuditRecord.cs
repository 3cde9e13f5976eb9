using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pauta.Core.Audit;

/// <summary>
/// One entry of an organisation's audit log as it is hashed into the Merkle tree (ADR-010). The leaf of the tree is
/// <see cref="CanonicalJson"/>: one line of JSON with a fixed property order, no white space and a fixed escaping, so
/// the same entry always gives the same bytes and anyone can recompute its hash by hand (docs/audit.md).
/// </summary>
/// <remarks>
/// Personal data never enters the leaf: <see cref="PersonalCommitment"/> is SHA-256(salt ‖ personal text), and the salt
/// and the text are stored beside the entry. Erasing a customer destroys both; the commitment stays, so the tree still
/// verifies. <see cref="At"/> has microsecond precision (PostgreSQL keeps no more), see <see cref="Truncate"/>.
/// </remarks>
public sealed record AuditRecord(
    long Index,
    DateTimeOffset At,
    Guid? ActorUserId,
    string Action,
    string EntityType,
    string EntityId,
    Guid? SubjectId,
    string Details,
    byte[]? PersonalCommitment)
{
    /// <summary>The one line hashed as this entry's leaf (UTF-8 of this string).</summary>
    public string CanonicalJson()
    {
        if (At.Ticks % 10 != 0) throw new ArgumentException("An audit instant has microsecond precision; use AuditRecord.Truncate.");
        var s = new StringBuilder(160 + Details.Length);
        s.Append("{\"i\":").Append(Index.ToString(CultureInfo.InvariantCulture));
        s.Append(",\"at\":\"").Append(At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)).Append('"');
        s.Append(",\"actor\":"); AppendGuid(s, ActorUserId);
        s.Append(",\"action\":"); AppendString(s, Action);
        s.Append(",\"type\":"); AppendString(s, EntityType);
        s.Append(",\"id\":"); AppendString(s, EntityId);
        s.Append(",\"subject\":"); AppendGuid(s, SubjectId);
        s.Append(",\"details\":"); AppendString(s, Details);
        s.Append(",\"personal\":");
        if (PersonalCommitment is null) s.Append("null");
        else s.Append('"').Append(Convert.ToHexStringLower(PersonalCommitment)).Append('"');
        return s.Append('}').ToString();
    }

    /// <summary>The bytes of the leaf: UTF-8 of <see cref="CanonicalJson"/> (lone surrogates become U+FFFD).</summary>
    public byte[] LeafBytes() => Encoding.UTF8.GetBytes(CanonicalJson());

    /// <summary>RFC 9162 leaf hash: SHA-256(0x00 ‖ leaf bytes).</summary>
    public byte[] LeafHash() => MerkleTree.HashLeaf(LeafBytes());

    /// <summary>An instant as the log keeps it: truncated to the microsecond, UTC.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % 10, TimeSpan.Zero);

    /// <summary>The commitment to a personal text: SHA-256(salt ‖ UTF-8 text). The salt is 16 random bytes, one per entry.</summary>
    public static byte[] Commit(ReadOnlySpan<byte> salt, string personal)
    {
        var text = Encoding.UTF8.GetBytes(personal);
        var buffer = new byte[salt.Length + text.Length];
        salt.CopyTo(buffer);
        text.CopyTo(buffer.AsSpan(salt.Length));
        return SHA256.HashData(buffer);
    }

    /// <summary>A new random salt for <see cref="Commit"/>.</summary>
    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(16);

    private static void AppendGuid(StringBuilder s, Guid? g)
    {
        if (g is { } v) s.Append('"').Append(v.ToString("D", CultureInfo.InvariantCulture)).Append('"');
        else s.Append("null");
    }

    /// <summary>JSON string with the minimal escaping: quote, backslash and control characters (as \u00XX); nothing else.</summary>
    private static void AppendString(StringBuilder s, string value)
    {
        s.Append('"');
        foreach (var c in value)
        {
            if (c == '"') s.Append("\\\"");
            else if (c == '\\') s.Append("\\\\");
            else if (c < 0x20) s.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else s.Append(c);
        }
        s.Append('"');
    }
}
