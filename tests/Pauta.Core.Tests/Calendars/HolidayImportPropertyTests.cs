using System.Text;
using CsCheck;
using Pauta.Core.Calendars;

namespace Pauta.Core.Tests.Calendars;

// Whatever bytes or text arrive, the import answers with holidays and problems and never throws; what it accepts always
// obeys the limits. CsCheck seeds the runs and prints the seed of a failure so it reproduces.
public class HolidayImportPropertyTests
{
    private static readonly Gen<string> Piece = Gen.OneOf(
        Gen.OneOf("BEGIN:VCALENDAR", "END:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT", "BEGIN:VALARM", "END:VALARM",
            "DTSTART;VALUE=DATE:", "DTSTART:", "DTEND;VALUE=DATE:", "DURATION:P", "SUMMARY:", "RRULE:FREQ=YEARLY",
            ";COUNT=", ";UNTIL=", ";INTERVAL=", ";BYMONTH=", "EXDATE:", "STATUS:CANCELLED", "20260101", "20261231T120000Z",
            "19000101", "22001231", "00000000", "99999999", "T", "Z", "\r\n", "\n", "\r", "\r\n ", "\t", "\\", "\\,", "\\n",
            "\"", "\"\"", ",", ";", ":", "=", " ", "\uFEFF", "\0", "\uD800", "\uDC00", "😀", "ñ",
            "2026-01-01", "31/12/2199", "1/1/1900", "29/02/2025", "date,name", "fecha;nombre"),
        Gen.Int[0, 3000].Select(i => i.ToString()),
        Gen.String[0, 12]);

    private static readonly Gen<string> Text = Piece.Array[0, 60].Select(pieces => string.Concat(pieces));

    private static readonly Gen<string> Value = Piece.Array[0, 4].Select(pieces => string.Concat(pieces));

    // Calendars shaped like real ones whose values are junk, so the value readers meet the junk.
    private static readonly Gen<string> Property = Gen.Select(
        Gen.OneOf("DTSTART", "DTSTART;VALUE=DATE", "DTSTART;TZID=\"a:b\"", "DTEND;VALUE=DATE", "DURATION", "SUMMARY", "RRULE",
            "EXDATE;VALUE=DATE", "STATUS", "BEGIN", "END", "X-OTHER"),
        // A value may end in the middle of an escape or a quote, where readers look one character too far.
        Gen.OneOf(Value, Value.Select(v => v + "\\"), Value.Select(v => v + "\""), Gen.OneOf("20260101", "20270101", "FREQ=YEARLY", "FREQ=YEARLY;COUNT=3000", "FREQ=YEARLY;UNTIL=22001231",
            "FREQ=YEARLY;INTERVAL=7", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "P400D", "P2W", "VALARM", "VEVENT")),
        (name, value) => name + ":" + value);

    private static readonly Gen<string> Event = Gen.Select(Gen.OneOf("", "DTSTART;VALUE=DATE:20260105\r\n"), Property.Array[0, 8],
        (start, lines) => "BEGIN:VEVENT\r\n" + start + string.Concat(lines.Select(l => l + "\r\n")) + "END:VEVENT\r\n");

    private static readonly Gen<string> Calendar = Event.Array[0, 8].Select(events => "BEGIN:VCALENDAR\r\n" + string.Concat(events));

    private static readonly Gen<string> CsvLine = Gen.Select(Value, Gen.OneOf(",", ";", "\",", "\""), Value,
        (date, separator, name) => date + separator + name + "\n");

    private static readonly Gen<string> Csv = CsvLine.Array[0, 12].Select(lines => string.Concat(lines));

    private static readonly Gen<string> FileName = Gen.OneOf(
        Gen.Const("f.csv"), Gen.Const("f.ics"), Gen.Const("F.ICS"), Gen.Const(""), Gen.Const("f.txt"), Gen.String[0, 10]);

    private static void Holds(string fileName, string text)
    {
        var result = HolidayImport.Parse(fileName, text);
        result.Holidays.Count.ShouldBeLessThanOrEqualTo(HolidayImport.MaxHolidays);
        result.Problems.Count.ShouldBeLessThanOrEqualTo(HolidayImport.MaxProblems);
        result.Holidays.Select(h => h.Date).Distinct().Count().ShouldBe(result.Holidays.Count);
        result.Holidays.Select(h => h.Date).ShouldBe(result.Holidays.Select(h => h.Date).Order());
        foreach (var holiday in result.Holidays)
        {
            holiday.Name.ShouldNotBeNullOrWhiteSpace();
            holiday.Name.Length.ShouldBeLessThanOrEqualTo(100);
            holiday.Name.ShouldBe(holiday.Name.Trim());
            holiday.Name.ShouldNotContain(c => char.IsControl(c));
            holiday.Date.Year.ShouldBeInRange(NationalHolidays.MinYear, NationalHolidays.MaxYear);
        }
        foreach (var problem in result.Problems)
        {
            problem.Line.ShouldBeGreaterThanOrEqualTo(1);
            problem.Column.ShouldBeGreaterThanOrEqualTo(1);
            problem.Code.ShouldStartWith("Holidays.");
        }
        if (result.Holidays.Count == 0) result.Problems.ShouldNotBeEmpty();
    }

    [Fact]
    public void Random_text_never_throws_and_what_is_read_keeps_the_limits() =>
        Gen.Select(FileName, Gen.OneOf(Gen.String, Text, Text.Select(t => "BEGIN:VCALENDAR\r\n" + t), Calendar, Csv))
            .Sample((name, text) => Holds(name, text), iter: 3_000);

    [Fact]
    public void Calendars_and_lists_with_junk_values_never_throw_and_keep_the_limits()
    {
        Calendar.Sample(text => Holds("f.ics", text), iter: 3_000);
        Csv.Sample(text => Holds("f.csv", text), iter: 2_000);
    }

    [Fact]
    public void Random_bytes_read_as_text_never_throw() =>
        Gen.Select(FileName, Gen.Byte.Array[0, 400], Gen.Bool)
            .Sample((name, bytes, latin1) =>
                Holds(name, latin1 ? Encoding.Latin1.GetString(bytes) : Encoding.UTF8.GetString(bytes)), iter: 2_000);

    [Fact]
    public void Well_formed_files_give_back_every_holiday_they_hold() =>
        Gen.Select(Gen.Int[0, 40_000].HashSet[1, 40], Gen.Bool).Sample((days, asIcs) =>
        {
            var dates = days.Select(d => new DateOnly(1950, 1, 1).AddDays(d)).Order().ToList();
            var text = asIcs
                ? "BEGIN:VCALENDAR\r\n" + string.Concat(dates.Select((d, i) =>
                    $"BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:{d:yyyyMMdd}\r\nSUMMARY:Fiesta\\, {i}\r\nEND:VEVENT\r\n")) + "END:VCALENDAR\r\n"
                : "fecha;nombre\n" + string.Concat(dates.Select((d, i) => $"{d:dd/MM/yyyy};\"Fiesta; {i}\"\n"));
            var result = HolidayImport.Parse(asIcs ? "f.ics" : "f.csv", text);
            result.Problems.ShouldBeEmpty();
            result.Holidays.Select(h => h.Date).ShouldBe(dates);
            result.Holidays.Select(h => h.Name).ShouldBe(dates.Select((_, i) => (asIcs ? "Fiesta, " : "Fiesta; ") + i));
        }, iter: 300);
}
