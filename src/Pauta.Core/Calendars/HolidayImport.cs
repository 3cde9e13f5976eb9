using System.Globalization;
using System.Text;
using Pauta.Core.Organisations;

namespace Pauta.Core.Calendars;

/// <summary>One holiday read from an imported file.</summary>
public sealed record ImportedHoliday(DateOnly Date, string Name);

/// <summary>
/// What is wrong in an imported file, where (1-based line and column of the file as uploaded) and the values the message
/// needs. Codes: Holidays.TooLarge (max bytes), Holidays.NotCalendar, Holidays.Empty, Holidays.BadDate (value),
/// Holidays.MissingDate, Holidays.MissingName, Holidays.NameTooLong (max), Holidays.BadCharacter, Holidays.UnclosedQuote,
/// Holidays.Duplicate (date, line of the first), Holidays.TooMany (max), Holidays.TooManyProblems (max),
/// Holidays.UnsupportedRule (rule), Holidays.EventTooLong (max days), Holidays.UnclosedEvent.
/// </summary>
public sealed record HolidayImportProblem(int Line, int Column, string Code, IReadOnlyList<object> Args);

/// <summary>The holidays read (sorted by date) and the problems found. Save the holidays only when there are no problems.</summary>
public sealed record HolidayImportResult(IReadOnlyList<ImportedHoliday> Holidays, IReadOnlyList<HolidayImportProblem> Problems);

/// <summary>
/// Reads a list of holidays from a CSV file (date and name) or an iCalendar file (RFC 5545), never throwing whatever the
/// input: every fault is a problem with its line and column. See docs/calendars.md, "National holidays and import".
/// </summary>
public static class HolidayImport
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxHolidays = 2000;
    public const int MaxProblems = 100;
    public const int MaxEventDays = 366;

    private static readonly string[] CsvDateFormats = ["yyyy-MM-dd", "d/M/yyyy"];

    public static HolidayImportResult Parse(string fileName, string text)
    {
        fileName ??= "";
        text ??= "";
        if (text.Length > MaxBytes || Encoding.UTF8.GetByteCount(text) > MaxBytes)
            return Refused(new HolidayImportProblem(1, 1, "Holidays.TooLarge", [MaxBytes]));
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        if (text.Contains('\0')) return Refused(new HolidayImportProblem(1, 1, "Holidays.NotCalendar", []));

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var looksLikeIcs = text.TrimStart().StartsWith("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase);
        var sink = new Sink();
        if (extension == ".ics" || (extension != ".csv" && looksLikeIcs))
        {
            if (!looksLikeIcs) return Refused(new HolidayImportProblem(1, 1, "Holidays.NotCalendar", []));
            Ics.Read(text, sink);
        }
        else
        {
            Csv.Read(text, sink);
        }
        if (sink.Holidays.Count == 0 && sink.Problems.Count == 0) sink.Problem(1, 1, "Holidays.Empty");
        return new HolidayImportResult(
            sink.Holidays.OrderBy(h => h.Holiday.Date).Select(h => h.Holiday).ToList(), sink.Problems);
    }

    private static HolidayImportResult Refused(HolidayImportProblem problem) => new([], [problem]);

    /// <summary>Collects holidays and problems and applies the rules common to both formats.</summary>
    private sealed class Sink
    {
        public List<(ImportedHoliday Holiday, int Line)> Holidays { get; } = [];
        public List<HolidayImportProblem> Problems { get; } = [];
        private readonly Dictionary<DateOnly, int> firstLine = [];
        private bool tooMany;

        /// <summary>True once reading should stop: too many holidays or too many problems.</summary>
        public bool Stopped => tooMany || Problems.Count >= MaxProblems;

        /// <summary>Records a problem; the last place before the limit says that more were left unread.</summary>
        public void Problem(int line, int column, string code, params object[] args)
        {
            if (Problems.Count >= MaxProblems) return;
            Problems.Add(Problems.Count == MaxProblems - 1
                ? new HolidayImportProblem(line, column, "Holidays.TooManyProblems", [MaxProblems - 1])
                : new HolidayImportProblem(line, column, code, args));
        }

        /// <summary>Checks the name (already trimmed) and returns it, or null after recording the problem.</summary>
        public string? Name(string name, int line, int column)
        {
            if (name.Length == 0) { Problem(line, column, "Holidays.MissingName"); return null; }
            if (name.Length > OrganisationRules.MaxHolidayNameLength)
            {
                Problem(line, column, "Holidays.NameTooLong", OrganisationRules.MaxHolidayNameLength);
                return null;
            }
            if (HasBadCharacter(name))
            {
                Problem(line, column, "Holidays.BadCharacter");
                return null;
            }
            return name;
        }

        public void Add(DateOnly date, string name, int line, int column)
        {
            if (date.Year is < NationalHolidays.MinYear or > NationalHolidays.MaxYear)
            {
                Problem(line, column, "Holidays.BadDate", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                return;
            }
            if (firstLine.TryGetValue(date, out var first))
            {
                Problem(line, column, "Holidays.Duplicate", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), first);
                return;
            }
            if (Holidays.Count == MaxHolidays)
            {
                Problem(line, column, "Holidays.TooMany", MaxHolidays);
                tooMany = true;
                return;
            }
            firstLine[date] = line;
            Holidays.Add((new ImportedHoliday(date, name), line));
        }

        // Control characters and unpaired surrogates cannot be stored as text in every database, nor shown.
        private static bool HasBadCharacter(string name)
        {
            for (var i = 0; i < name.Length; i++)
            {
                if (char.IsControl(name[i]) || char.IsLowSurrogate(name[i])) return true;
                if (!char.IsHighSurrogate(name[i])) continue;
                if (i + 1 >= name.Length || !char.IsLowSurrogate(name[i + 1])) return true;
                i++;
            }
            return false;
        }
    }

    /// <summary>
    /// CSV: one holiday per line, the date then the name; "," or ";" as the separator (the first one met outside quotes
    /// in the first line decides), fields optionally in double quotes ("" inside quotes is a quote), an optional header
    /// (a first line whose first field has no digit), blank lines skipped, columns after the second ignored.
    /// </summary>
    private static class Csv
    {
        public static void Read(string text, Sink sink)
        {
            var lines = SplitLines(text);
            char? separator = null;
            var firstRow = true;
            for (var i = 0; i < lines.Count && !sink.Stopped; i++)
            {
                var line = lines[i];
                var number = i + 1;
                if (line.Trim().Length == 0) continue;
                separator ??= FirstSeparator(line);
                var fields = Fields(line, separator.Value, out var unclosedAt);
                if (unclosedAt is { } at) { sink.Problem(number, at, "Holidays.UnclosedQuote"); firstRow = false; continue; }
                if (firstRow)
                {
                    firstRow = false;
                    if (!fields[0].Value.Any(char.IsAsciiDigit)) continue;
                }
                var (dateText, dateColumn) = fields[0];
                if (dateText.Length == 0) { sink.Problem(number, dateColumn, "Holidays.MissingDate"); continue; }
                if (!DateOnly.TryParseExact(dateText, CsvDateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    sink.Problem(number, dateColumn, "Holidays.BadDate", Shorten(dateText));
                    continue;
                }
                if (fields.Count < 2) { sink.Problem(number, line.Length + 1, "Holidays.MissingName"); continue; }
                var name = sink.Name(fields[1].Value, number, fields[1].Column);
                if (name is not null) sink.Add(date, name, number, dateColumn);
            }
        }

        private static char FirstSeparator(string line)
        {
            var quoted = false;
            foreach (var c in line)
            {
                if (c == '"') quoted = !quoted;
                else if (!quoted && c is ',' or ';') return c;
            }
            return ',';
        }

        /// <summary>The fields of one line with the 1-based column where each starts; trimmed unless quoted.</summary>
        private static List<(string Value, int Column)> Fields(string line, char separator, out int? unclosedAt)
        {
            unclosedAt = null;
            var fields = new List<(string, int)>();
            var i = 0;
            while (true)
            {
                while (i < line.Length && line[i] is ' ' or '\t') i++;
                var start = i;
                var value = new StringBuilder();
                if (i < line.Length && line[i] == '"')
                {
                    i++;
                    var closed = false;
                    while (i < line.Length)
                    {
                        if (line[i] == '"')
                        {
                            if (i + 1 < line.Length && line[i + 1] == '"') { value.Append('"'); i += 2; continue; }
                            i++;
                            closed = true;
                            break;
                        }
                        value.Append(line[i++]);
                    }
                    if (!closed) { unclosedAt = start + 1; return fields; }
                    // Anything between the closing quote and the separator is kept, as spreadsheets do.
                    while (i < line.Length && line[i] != separator) value.Append(line[i++]);
                    fields.Add((value.ToString().Trim(), start + 1));
                }
                else
                {
                    while (i < line.Length && line[i] != separator) value.Append(line[i++]);
                    fields.Add((value.ToString().Trim(), start + 1));
                }
                if (i >= line.Length) return fields;
                i++; // the separator
            }
        }
    }

    /// <summary>
    /// iCalendar: lines unfolded (RFC 5545 §3.1), each VEVENT read for DTSTART (a date, or a date-time whose date is taken
    /// as written), DTEND (exclusive) or DURATION in days or weeks, SUMMARY (unescaped), STATUS (cancelled events are
    /// skipped), EXDATE and RRULE. A rule is expanded only when it is FREQ=YEARLY with at most INTERVAL, COUNT, UNTIL and
    /// a BYMONTH/BYMONTHDAY equal to its start: with COUNT or UNTIL it runs to its end; without, over the years of the
    /// file's other events (or its own start year when there are none), so a file of fixed holidays covers the same years
    /// as the rest of it. Any other rule is reported as Holidays.UnsupportedRule.
    /// </summary>
    private static class Ics
    {
        private sealed record Property(string Name, Dictionary<string, string> Parameters, string Value, int Line, int ValueColumn);

        private sealed class Event(int line)
        {
            public int Line { get; } = line;
            public Property? Start, End, Duration, Summary, Status, Rule;
            public List<Property> Exceptions { get; } = [];
        }

        public static void Read(string text, Sink sink)
        {
            var events = new List<Event>();
            var stack = new Stack<(string Name, int Line)>();
            Event? current = null;
            foreach (var property in Unfold(SplitLines(text)))
            {
                if (property.Name == "BEGIN")
                {
                    var component = property.Value.Trim().ToUpperInvariant();
                    stack.Push((component, property.Line));
                    if (component == "VEVENT" && stack.Count == 2) current = new Event(property.Line);
                    continue;
                }
                if (property.Name == "END")
                {
                    if (stack.Count == 0) continue;
                    var (component, _) = stack.Pop();
                    if (component == "VEVENT" && current is not null && stack.Count == 1)
                    {
                        events.Add(current);
                        current = null;
                    }
                    continue;
                }
                // Only the event's own properties: not those of an alarm inside it.
                if (current is null || stack.Count != 2) continue;
                switch (property.Name)
                {
                    case "DTSTART": current.Start ??= property; break;
                    case "DTEND": current.End ??= property; break;
                    case "DURATION": current.Duration ??= property; break;
                    case "SUMMARY": current.Summary ??= property; break;
                    case "STATUS": current.Status ??= property; break;
                    case "RRULE": current.Rule ??= property; break;
                    case "EXDATE": current.Exceptions.Add(property); break;
                }
            }
            if (current is not null) sink.Problem(current.Line, 1, "Holidays.UnclosedEvent");

            var read = new List<(Event Event, DateOnly Start, int Days, string Name)>();
            foreach (var e in events)
            {
                if (sink.Stopped) return;
                if (e.Status?.Value.Trim().Equals("CANCELLED", StringComparison.OrdinalIgnoreCase) == true) continue;
                if (e.Start is null) { sink.Problem(e.Line, 1, "Holidays.MissingDate"); continue; }
                if (!TryDate(e.Start.Value, out var start)) { sink.Problem(e.Start.Line, e.Start.ValueColumn, "Holidays.BadDate", Shorten(e.Start.Value)); continue; }
                var days = 1;
                if (e.End is not null)
                {
                    if (!TryDate(e.End.Value, out var end)) { sink.Problem(e.End.Line, e.End.ValueColumn, "Holidays.BadDate", Shorten(e.End.Value)); continue; }
                    days = Math.Max(1, end.DayNumber - start.DayNumber);
                }
                else if (e.Duration is not null)
                {
                    if (!TryDays(e.Duration.Value, out days)) { sink.Problem(e.Duration.Line, e.Duration.ValueColumn, "Holidays.BadDate", Shorten(e.Duration.Value)); continue; }
                    days = Math.Max(1, days);
                }
                if (days > MaxEventDays) { sink.Problem(e.Start.Line, e.Start.ValueColumn, "Holidays.EventTooLong", MaxEventDays); continue; }
                var summary = e.Summary is null ? "" : Unescape(e.Summary.Value).Trim();
                var name = e.Summary is null
                    ? sink.Name("", e.Line, 1)
                    : sink.Name(summary, e.Summary.Line, e.Summary.ValueColumn);
                if (name is null) continue;
                read.Add((e, start, days, name));
            }

            var years = read.Where(r => r.Event.Rule is null).Select(r => r.Start.Year).ToHashSet();
            foreach (var (e, start, days, name) in read)
            {
                if (sink.Stopped) return;
                var starts = e.Rule is null ? [start] : Occurrences(e.Rule, start, years, sink);
                if (starts is null) continue;
                var excluded = new HashSet<DateOnly>();
                foreach (var exception in e.Exceptions)
                    foreach (var part in exception.Value.Split(','))
                        if (TryDate(part, out var date)) excluded.Add(date);
                foreach (var first in starts)
                {
                    if (excluded.Contains(first)) continue;
                    for (var d = 0; d < days && !sink.Stopped; d++)
                        sink.Add(first.AddDays(d), name, e.Start!.Line, e.Start.ValueColumn);
                }
            }
        }

        /// <summary>The start dates a yearly rule gives, or null after recording why it is not supported.</summary>
        private static List<DateOnly>? Occurrences(Property rule, DateOnly start, HashSet<int> fileYears, Sink sink)
        {
            var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var part in rule.Value.Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=');
                if (eq <= 0) return Unsupported();
                parts[part[..eq].Trim()] = part[(eq + 1)..].Trim();
            }
            var interval = 1;
            int? count = null;
            DateOnly? until = null;
            foreach (var (key, value) in parts)
            {
                switch (key.ToUpperInvariant())
                {
                    case "FREQ" when value.Equals("YEARLY", StringComparison.OrdinalIgnoreCase): break;
                    case "INTERVAL" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out interval) && interval is >= 1 and <= 100: break;
                    case "COUNT" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1: count = n; break;
                    case "UNTIL" when TryDate(value, out var u): until = u; break;
                    case "BYMONTH" when value == start.Month.ToString(CultureInfo.InvariantCulture): break;
                    case "BYMONTHDAY" when value == start.Day.ToString(CultureInfo.InvariantCulture): break;
                    case "WKST": break;
                    default: return Unsupported();
                }
            }
            if (!parts.ContainsKey("FREQ")) return Unsupported();

            var last = until?.Year ?? (count is { } c ? start.Year + (long)(c - 1) * interval
                : fileYears.Count == 0 ? start.Year : Math.Max(start.Year, fileYears.Max()));
            last = Math.Min(last, NationalHolidays.MaxYear);
            var list = new List<DateOnly>();
            for (var year = start.Year; year <= last && list.Count <= MaxHolidays; year += interval)
            {
                if (year < NationalHolidays.MinYear) continue;
                if (count is null && until is null && fileYears.Count > 0 && !fileYears.Contains(year)) continue;
                // 29 February recurs only in leap years (RFC 5545: an invalid date is not an occurrence).
                if (start.Day > DateTime.DaysInMonth(year, start.Month)) continue;
                var date = new DateOnly(year, start.Month, start.Day);
                if (until is { } u && date > u) break;
                list.Add(date);
                if (count is { } max && list.Count >= max) break;
            }
            return list;

            List<DateOnly>? Unsupported()
            {
                sink.Problem(rule.Line, rule.ValueColumn, "Holidays.UnsupportedRule", Shorten(rule.Value));
                return null;
            }
        }

        /// <summary>A DATE (yyyyMMdd) or the date part of a DATE-TIME (yyyyMMddTHHmmss, optionally Z), as written.</summary>
        private static bool TryDate(string value, out DateOnly date)
        {
            value = value.Trim();
            date = default;
            if (value.Length != 8 && !(value.Length is 15 or 16 && value[8] is 'T' or 't')) return false;
            if (value.Length > 8 && !DateTime.TryParseExact(value[..15], "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out _)) return false;
            if (value.Length == 16 && value[15] is not ('Z' or 'z')) return false;
            return DateOnly.TryParseExact(value[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
        }

        /// <summary>A DURATION of whole days or weeks (P1D, P2W, PT24H counts as no whole day and is refused).</summary>
        private static bool TryDays(string value, out int days)
        {
            days = 0;
            value = value.Trim();
            if (value.Length < 3 || value[0] != 'P' && !(value[0] == '+' && value.Length > 3 && value[1] == 'P')) return false;
            var body = value[(value[0] == '+' ? 2 : 1)..];
            var unit = body[^1];
            if (!int.TryParse(body[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 10_000) return false;
            days = unit switch { 'D' => n, 'W' => n * 7, _ => -1 };
            return days >= 0;
        }

        private static string Unescape(string value)
        {
            var text = new StringBuilder(value.Length);
            for (var i = 0; i < value.Length; i++)
            {
                if (value[i] == '\\' && i + 1 < value.Length)
                {
                    var next = value[++i];
                    text.Append(next is 'n' or 'N' ? ' ' : next);
                }
                else text.Append(value[i]);
            }
            return text.ToString();
        }

        /// <summary>Unfolds lines (a line starting with a space or tab continues the one before) and splits each into
        /// name, parameters and value; a line without a colon is skipped.</summary>
        private static IEnumerable<Property> Unfold(List<string> lines)
        {
            var i = 0;
            while (i < lines.Count)
            {
                var start = i;
                var logical = new StringBuilder(lines[i]);
                for (i++; i < lines.Count && lines[i].Length > 0 && lines[i][0] is ' ' or '\t'; i++) logical.Append(lines[i], 1, lines[i].Length - 1);
                var line = logical.ToString();
                var colon = -1;
                var quoted = false;
                for (var k = 0; k < line.Length; k++)
                {
                    if (line[k] == '"') quoted = !quoted;
                    else if (!quoted && line[k] == ':') { colon = k; break; }
                }
                if (colon <= 0) continue;
                var head = line[..colon].Split(';');
                var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var p in head.Skip(1))
                {
                    var eq = p.IndexOf('=');
                    if (eq > 0) parameters[p[..eq]] = p[(eq + 1)..].Trim('"');
                }
                // The value's column on the first physical line (or 1 when folding moved it to a later line).
                var column = colon + 2 <= lines[start].Length + 1 ? colon + 2 : 1;
                yield return new Property(head[0].Trim().ToUpperInvariant(), parameters, line[(colon + 1)..], start + 1, column);
            }
        }
    }

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('\r' or '\n')) continue;
            lines.Add(text[start..i]);
            if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
