using System.Globalization;
using System.Text;

namespace Pauta.Core.Audit;

/// <summary>
/// What a checkpoint states: the organisation's log had <see cref="Size"/> entries with tree hash <see cref="Root"/>
/// at <see cref="At"/> (microseconds, UTC). Its text (<see cref="AuditCheckpointText"/>) is what the key signs.
/// </summary>
public sealed record AuditTreeHead(Guid OrganisationId, long Size, byte[] Root, DateTimeOffset At);

/// <summary>
/// The signed text of a checkpoint (ADR-010), five lines each ending in "\n":
/// <c>pauta-audit-checkpoint/1</c>, the organisation id (lower-case D format), the size (decimal), the root (lower-case
/// hex) and the instant (<c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>). Parsing is strict: only the exact text
/// <see cref="Format"/> writes is accepted.
/// </summary>
public static class AuditCheckpointText
{
    public const string FirstLine = "pauta-audit-checkpoint/1";
    public const string InstantFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The checkpoint's text. The root is 32 bytes, the size not negative, the instant has microsecond precision.</summary>
    public static string Format(AuditTreeHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        if (head.Size < 0) throw new ArgumentOutOfRangeException(nameof(head), "A checkpoint's size is not negative.");
        if (head.Root is not { Length: 32 }) throw new ArgumentException("A checkpoint's root is 32 bytes (SHA-256).", nameof(head));
        if (head.At.UtcTicks % 10 != 0) throw new ArgumentException("A checkpoint's instant has microsecond precision; use AuditRecord.Truncate.", nameof(head));
        return string.Concat(
            FirstLine, "\n",
            head.OrganisationId.ToString("D", CultureInfo.InvariantCulture), "\n",
            head.Size.ToString(CultureInfo.InvariantCulture), "\n",
            Convert.ToHexStringLower(head.Root), "\n",
            Instant(head.At), "\n");
    }

    /// <summary>The signed bytes: UTF-8 of <see cref="Format"/> (ASCII in fact).</summary>
    public static byte[] Bytes(AuditTreeHead head) => Encoding.UTF8.GetBytes(Format(head));

    /// <summary>An instant as checkpoints and bundles write it.</summary>
    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses an instant written by <see cref="Instant"/>; anything else (another precision, an offset) is refused.</summary>
    public static bool TryParseInstant(string text, out DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(text);
        at = default;
        // yyyy-MM-ddTHH:mm:ss.ffffffZ, read by position: every other spelling fails here, so no round trip is needed.
        if (text.Length != 27 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || text[19] != '.' || text[26] != 'Z') return false;
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)
            || !Digits(text, 20, 6, out var micro)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        at = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(micro * 10L), TimeSpan.Zero);
        return true;
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var c = text[i];
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    /// <summary>Parses the exact text of a checkpoint, or says in words what is wrong with it.</summary>
    public static bool TryParse(string text, out AuditTreeHead head, out string problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        head = null!;
        var lines = text.Split('\n');
        if (lines.Length != 6 || lines[5].Length != 0)
        {
            problem = "A checkpoint is five lines, each ending in a line feed.";
            return false;
        }
        if (lines[0] != FirstLine)
        {
            problem = $"Line 1 is not \"{FirstLine}\".";
            return false;
        }
        if (lines[1].Length != 36 || !Guid.TryParseExact(lines[1], "D", out var organisation))
        {
            problem = "Line 2 is not an organisation id.";
            return false;
        }
        if (!long.TryParse(lines[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            problem = "Line 3 is not a size.";
            return false;
        }
        if (lines[3].Length != 64 || !IsLowerHex(lines[3]))
        {
            problem = "Line 4 is not a root (64 lower-case hex digits).";
            return false;
        }
        if (!TryParseInstant(lines[4], out var at))
        {
            problem = "Line 5 is not an instant (yyyy-MM-ddTHH:mm:ss.ffffffZ).";
            return false;
        }
        var parsed = new AuditTreeHead(organisation, size, Convert.FromHexString(lines[3]), at);
        if (Format(parsed) != text)
        {
            problem = "The checkpoint is not written in its one canonical form (lower case, no leading zeros).";
            return false;
        }
        head = parsed;
        problem = "";
        return true;
    }

    /// <summary>Parses the signed bytes of a checkpoint (strict UTF-8), throwing <see cref="FormatException"/> with the reason.</summary>
    public static AuditTreeHead Parse(ReadOnlySpan<byte> bytes)
    {
        string text;
        try { text = StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { throw new FormatException("The checkpoint is not valid UTF-8."); }
        return TryParse(text, out var head, out var problem) ? head : throw new FormatException(problem);
    }

    internal static bool IsLowerHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')) return false;
        return true;
    }
}
