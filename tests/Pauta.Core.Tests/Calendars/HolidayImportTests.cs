using Pauta.Core.Calendars;

namespace Pauta.Core.Tests.Calendars;

public class HolidayImportTests
{
    private static string Dates(HolidayImportResult result) =>
        string.Join(" | ", result.Holidays.Select(h => $"{h.Date:yyyy-MM-dd} {h.Name}"));

    private static string Problems(HolidayImportResult result) =>
        string.Join(" | ", result.Problems.Select(p => $"{p.Line}:{p.Column} {p.Code}" + (p.Args.Count > 0 ? " " + string.Join(",", p.Args) : "")));

    private static string Ics(params string[] lines) => string.Join("\r\n", ["BEGIN:VCALENDAR", "VERSION:2.0", .. lines, "END:VCALENDAR"]) + "\r\n";

    // ---- CSV

    [Fact]
    public void A_csv_with_a_header_reads_each_line_as_a_date_and_a_name()
    {
        var result = HolidayImport.Parse("festivos.csv", "fecha,nombre\n2026-01-01,Año Nuevo\n2026-01-12,Reyes Magos\n");
        Problems(result).ShouldBeEmpty();
        Dates(result).ShouldBe("2026-01-01 Año Nuevo | 2026-01-12 Reyes Magos");
    }

    [Fact]
    public void Semicolons_quotes_a_bom_blank_lines_and_day_first_dates_are_read()
    {
        var text = "\uFEFF\"Fecha\";\"Festivo\"\r\n\r\n25/12/2026;\"Navidad; \"\"la\"\" fiesta\"\r\n6/1/2027;Reyes, Epifanía\r\n   \r\n";
        var result = HolidayImport.Parse("lista.csv", text);
        Problems(result).ShouldBeEmpty();
        Dates(result).ShouldBe("2026-12-25 Navidad; \"la\" fiesta | 2027-01-06 Reyes, Epifanía");
    }

    [Fact]
    public void A_file_without_a_header_starts_with_its_first_holiday_and_comes_back_sorted_by_date()
    {
        var result = HolidayImport.Parse("x.csv", "2026-12-25,Navidad\n2026-01-01,Año Nuevo");
        Dates(result).ShouldBe("2026-01-01 Año Nuevo | 2026-12-25 Navidad");
    }

    [Fact]
    public void Each_bad_line_is_reported_with_its_line_and_column_and_the_good_lines_are_kept()
    {
        var text = string.Join("\n",
            "date,name",
            "2026-02-30,Imposible",      // line 2: no such day
            "2026-03-01,",               // line 3: no name
            "2026-03-02",                // line 4: no name column at all
            ",Sin fecha",                // line 5: no date
            "2026-03-03, \"sin cerrar",  // line 6: quote never closed
            "2026-03-04," + new string('x', 101), // line 7: name too long
            "2026-03-05,Bien",           // line 8
            "05/03/2026,Otra vez");      // line 9: same day as line 8
        var result = HolidayImport.Parse("x.csv", text);
        Problems(result).ShouldBe(
            "2:1 Holidays.BadDate 2026-02-30 | 3:12 Holidays.MissingName | 4:11 Holidays.MissingName | 5:1 Holidays.MissingDate | " +
            "6:13 Holidays.UnclosedQuote | 7:12 Holidays.NameTooLong 100 | 9:1 Holidays.Duplicate 2026-03-05,8");
        Dates(result).ShouldBe("2026-03-05 Bien");
    }

    [Theory]
    [InlineData("2026-1-1,x")]
    [InlineData("26/12/26,x")]
    [InlineData("12/25/2026,x")]
    [InlineData("1899-12-31,x")]
    [InlineData("2201-01-01,x")]
    public void Dates_in_other_formats_or_outside_1900_to_2200_are_refused(string line)
    {
        var result = HolidayImport.Parse("x.csv", line);
        result.Holidays.ShouldBeEmpty();
        result.Problems.Single().Code.ShouldBe("Holidays.BadDate");
    }

    [Fact]
    public void A_name_with_a_control_character_is_refused()
    {
        var result = HolidayImport.Parse("x.csv", "2026-01-01,Año\u0001Nuevo");
        Problems(result).ShouldBe("1:12 Holidays.BadCharacter");
    }

    [Fact]
    public void A_file_with_no_holidays_says_so()
    {
        Problems(HolidayImport.Parse("x.csv", "fecha,nombre\n\n")).ShouldBe("1:1 Holidays.Empty");
        Problems(HolidayImport.Parse("x.csv", "")).ShouldBe("1:1 Holidays.Empty");
    }

    // ---- limits

    [Fact]
    public void A_file_over_one_megabyte_is_refused_whole()
    {
        var line = "2026-01-01,Año Nuevo\n";
        var text = string.Concat(Enumerable.Repeat(line, HolidayImport.MaxBytes / line.Length + 1));
        var result = HolidayImport.Parse("x.csv", text);
        result.Holidays.ShouldBeEmpty();
        Problems(result).ShouldBe($"1:1 Holidays.TooLarge {HolidayImport.MaxBytes}");
    }

    [Fact]
    public void More_than_two_thousand_holidays_are_refused_at_the_first_one_over()
    {
        var first = new DateOnly(2000, 1, 1);
        var text = string.Join("\n", Enumerable.Range(0, 2001).Select(i => $"{first.AddDays(i):yyyy-MM-dd},Día {i}"));
        var result = HolidayImport.Parse("x.csv", text);
        result.Holidays.Count.ShouldBe(2000);
        Problems(result).ShouldBe("2001:1 Holidays.TooMany 2000");
    }

    [Fact]
    public void Reading_stops_after_a_hundred_problems_and_says_so()
    {
        var result = HolidayImport.Parse("x.csv", string.Join("\n", Enumerable.Repeat("2026-99-99,x", 500)));
        result.Problems.Count.ShouldBe(HolidayImport.MaxProblems);
        result.Problems[^1].Code.ShouldBe("Holidays.TooManyProblems");
        result.Problems[^1].Line.ShouldBe(100);
        result.Problems[^2].Line.ShouldBe(99);
        result.Problems[^2].Code.ShouldBe("Holidays.BadDate");
    }

    // ---- ICS

    [Fact]
    public void An_ics_event_with_a_date_gives_one_holiday_named_by_its_unescaped_summary()
    {
        var result = HolidayImport.Parse("festivos.ics", Ics(
            "BEGIN:VEVENT", "UID:1", "DTSTART;VALUE=DATE:20261208", "SUMMARY:Inmaculada\\, Concepción\\; día\\nfestivo", "END:VEVENT"));
        Problems(result).ShouldBeEmpty();
        Dates(result).ShouldBe("2026-12-08 Inmaculada, Concepción; día festivo");
    }

    [Fact]
    public void Folded_lines_are_unfolded_before_reading()
    {
        var result = HolidayImport.Parse("f.ics", Ics(
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:2026", " 0720", "SUMMARY:Día de la", "  Independencia", "END:VEVENT"));
        Dates(result).ShouldBe("2026-07-20 Día de la Independencia");
    }

    [Fact]
    public void A_multi_day_event_gives_each_day_up_to_its_exclusive_end()
    {
        var result = HolidayImport.Parse("f.ics", Ics(
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261224", "DTEND;VALUE=DATE:20261227", "SUMMARY:Navidad", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260101", "DURATION:P2D", "SUMMARY:Año nuevo", "END:VEVENT"));
        Dates(result).ShouldBe(
            "2026-01-01 Año nuevo | 2026-01-02 Año nuevo | 2026-12-24 Navidad | 2026-12-25 Navidad | 2026-12-26 Navidad");
    }

    [Fact]
    public void A_date_time_start_gives_the_date_as_written()
    {
        var result = HolidayImport.Parse("f.ics", Ics(
            "BEGIN:VEVENT", "DTSTART;TZID=America/Bogota:20260807T000000", "DTEND;TZID=America/Bogota:20260807T235959",
            "SUMMARY:Boyacá", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART:20260815T050000Z", "SUMMARY:Asunción", "END:VEVENT"));
        Dates(result).ShouldBe("2026-08-07 Boyacá | 2026-08-15 Asunción");
    }

    [Fact]
    public void A_yearly_rule_without_an_end_covers_the_years_of_the_other_events()
    {
        var result = HolidayImport.Parse("f.ics", Ics(
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20200101", "RRULE:FREQ=YEARLY", "SUMMARY:Año Nuevo", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260403", "SUMMARY:Viernes Santo", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20270326", "SUMMARY:Viernes Santo", "END:VEVENT"));
        Problems(result).ShouldBeEmpty();
        Dates(result).ShouldBe(
            "2026-01-01 Año Nuevo | 2026-04-03 Viernes Santo | 2027-01-01 Año Nuevo | 2027-03-26 Viernes Santo");
    }

    [Fact]
    public void A_yearly_rule_with_count_or_until_runs_to_its_end_without_its_excluded_dates()
    {
        var result = HolidayImport.Parse("f.ics", Ics(
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20250501", "RRULE:FREQ=YEARLY;COUNT=3", "EXDATE;VALUE=DATE:20260501",
            "SUMMARY:Trabajo", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20250916", "RRULE:FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=16;UNTIL=20260916",
            "SUMMARY:Independencia", "END:VEVENT"));
        Problems(result).ShouldBeEmpty();
        Dates(result).ShouldBe("2025-05-01 Trabajo | 2025-09-16 Independencia | 2026-09-16 Independencia | 2027-05-01 Trabajo");
    }

    [Fact]
    public void Other_recurrence_rules_are_reported_as_unsupported_with_their_place()
    {
        var result = HolidayImport.Parse("f.ics", Ics(
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260105", "RRULE:FREQ=MONTHLY;BYDAY=1MO", "SUMMARY:Primer lunes", "END:VEVENT"));
        Problems(result).ShouldBe("5:7 Holidays.UnsupportedRule FREQ=MONTHLY;BYDAY=1MO");
        result.Holidays.ShouldBeEmpty();
    }

    [Fact]
    public void Cancelled_events_alarms_and_other_components_are_left_out()
    {
        var result = HolidayImport.Parse("f.ics", Ics(
            "BEGIN:VTIMEZONE", "TZID:Europe/Madrid", "BEGIN:STANDARD", "DTSTART:19701025T030000", "END:STANDARD", "END:VTIMEZONE",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261012", "SUMMARY:Fiesta Nacional",
            "BEGIN:VALARM", "TRIGGER:-PT15M", "SUMMARY:Recordatorio", "END:VALARM", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261101", "STATUS:CANCELLED", "SUMMARY:Anulado", "END:VEVENT"));
        Problems(result).ShouldBeEmpty();
        Dates(result).ShouldBe("2026-10-12 Fiesta Nacional");
    }

    [Fact]
    public void Ics_problems_name_the_line_and_column_of_the_value()
    {
        var result = HolidayImport.Parse("f.ics", Ics(
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:2026-13-01", "SUMMARY:Mal", "END:VEVENT", // line 4
            "BEGIN:VEVENT", "SUMMARY:Sin fecha", "END:VEVENT",                           // line 7
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260101", "END:VEVENT",                 // line 10
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260101", "SUMMARY:Otra vez", "END:VEVENT", // line 14
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260102", "SUMMARY:Año nuevo", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260105", "DTEND;VALUE=DATE:20270206", "SUMMARY:Largo", "END:VEVENT"));
        Problems(result).ShouldBe(
            "4:20 Holidays.BadDate 2026-13-01 | 7:1 Holidays.MissingDate | 10:1 Holidays.MissingName | " +
            "22:20 Holidays.EventTooLong 366");
        Dates(result).ShouldBe("2026-01-01 Otra vez | 2026-01-02 Año nuevo");
    }

    [Fact]
    public void The_same_day_twice_in_a_calendar_is_a_duplicate_naming_the_first_line()
    {
        var result = HolidayImport.Parse("f.ics", Ics(
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260630", "SUMMARY:Sagrado Corazón", "END:VEVENT",
            "BEGIN:VEVENT", "DTSTART;VALUE=DATE:20260630", "SUMMARY:San Pedro", "END:VEVENT"));
        Problems(result).ShouldBe("8:20 Holidays.Duplicate 2026-06-30,4");
    }

    [Fact]
    public void A_calendar_is_recognised_by_its_first_line_whatever_the_file_is_called()
    {
        var text = Ics("BEGIN:VEVENT", "DTSTART;VALUE=DATE:20261225", "SUMMARY:Navidad", "END:VEVENT");
        Dates(HolidayImport.Parse("descarga", text)).ShouldBe("2026-12-25 Navidad");
        Dates(HolidayImport.Parse("festivos.txt", text)).ShouldBe("2026-12-25 Navidad");
    }

    [Fact]
    public void An_ics_file_that_is_not_a_calendar_or_a_binary_file_is_refused()
    {
        Problems(HolidayImport.Parse("f.ics", "2026-01-01,Año Nuevo")).ShouldBe("1:1 Holidays.NotCalendar");
        Problems(HolidayImport.Parse("f.csv", "PK\u0003\u0004\0\0binary")).ShouldBe("1:1 Holidays.NotCalendar");
    }

    [Fact]
    public void An_event_never_closed_is_reported()
    {
        var result = HolidayImport.Parse("f.ics", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260101\r\nSUMMARY:x\r\n");
        Problems(result).ShouldBe("2:1 Holidays.UnclosedEvent");
    }
}
