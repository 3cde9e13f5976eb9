using Pauta.Core.Calendars;

namespace Pauta.Core.Tests.Calendars;

// Every list below is written out by hand from the source named above it, date by date, so a rule that moves one
// holiday the wrong way fails here. Where a 2027 list had not been published when this was written, the comment says
// so and the list is the law's rule worked out by hand.
public class NationalHolidaysTests
{
    private static void ShouldBe(string country, int year, params string[] expected) =>
        NationalHolidays.For(country, year).Select(h => h.Date.ToString("yyyy-MM-dd")).ShouldBe(expected);

    [Theory]
    [InlineData(1818, "1818-03-22")] // the earliest possible Easter
    [InlineData(1900, "1900-04-15")]
    [InlineData(1943, "1943-04-25")] // the latest possible Easter
    [InlineData(1961, "1961-04-02")]
    [InlineData(2000, "2000-04-23")]
    [InlineData(2008, "2008-03-23")]
    [InlineData(2011, "2011-04-24")]
    [InlineData(2019, "2019-04-21")]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2038, "2038-04-25")]
    [InlineData(2285, "2285-03-22")]
    public void Easter_falls_on_the_known_dates(int year, string easter) =>
        NationalHolidays.Easter(year).ShouldBe(DateOnly.Parse(easter));

    // Colombia: Ley 51 de 1983 and the official calendars (Ministerio del Trabajo; 2025 and 2026 as published by the
    // national press, e.g. El Heraldo 2025-12-26 for 2026). In 2025 the Sacred Heart and Saints Peter and Paul share
    // Monday 30 June. 2027: the law's result (Easter 28 March).
    [Fact]
    public void Colombia_2025_matches_the_official_calendar_with_two_holidays_on_one_monday()
    {
        ShouldBe("CO", 2025, "2025-01-01", "2025-01-06", "2025-03-24", "2025-04-17", "2025-04-18", "2025-05-01", "2025-06-02",
            "2025-06-23", "2025-06-30", "2025-07-20", "2025-08-07", "2025-08-18", "2025-10-13", "2025-11-03", "2025-11-17",
            "2025-12-08", "2025-12-25");
        var shared = NationalHolidays.For("CO", 2025).Single(h => h.Date == new DateOnly(2025, 6, 30));
        shared.NameEs.ShouldBe("Sagrado Corazón de Jesús / San Pedro y San Pablo");
        shared.NameEn.ShouldBe("Sacred Heart / Saints Peter and Paul");
    }

    [Fact]
    public void Colombia_2026_matches_the_official_calendar() =>
        ShouldBe("CO", 2026, "2026-01-01", "2026-01-12", "2026-03-23", "2026-04-02", "2026-04-03", "2026-05-01", "2026-05-18",
            "2026-06-08", "2026-06-15", "2026-06-29", "2026-07-20", "2026-08-07", "2026-08-17", "2026-10-12", "2026-11-02",
            "2026-11-16", "2026-12-08", "2026-12-25");

    [Fact]
    public void Colombia_2027_follows_the_emiliani_law() =>
        ShouldBe("CO", 2027, "2027-01-01", "2027-01-11", "2027-03-22", "2027-03-25", "2027-03-26", "2027-05-01", "2027-05-10",
            "2027-05-31", "2027-06-07", "2027-07-05", "2027-07-20", "2027-08-07", "2027-08-16", "2027-10-18", "2027-11-01",
            "2027-11-15", "2027-12-08", "2027-12-25");

    // Spain: the holidays common to every region in the BOE resolutions of the Dirección General de Trabajo —
    // 2025: Resolución de 15 de octubre de 2024 (BOE-A-2024-21316; 12 Oct fell on a Sunday and only five regions moved
    // it to Monday); 2026: resolution published in the BOE of 28 October 2025 (1 Nov and 6 Dec fall on Sundays).
    // 2027: the BOE list was not available when this was written; the rule's result (15 Aug falls on a Sunday).
    [Fact]
    public void Spain_2025_matches_the_holidays_common_to_every_region_in_the_boe() =>
        ShouldBe("ES", 2025, "2025-01-01", "2025-01-06", "2025-04-18", "2025-05-01", "2025-08-15", "2025-11-01", "2025-12-06",
            "2025-12-08", "2025-12-25");

    [Fact]
    public void Spain_2026_matches_the_holidays_common_to_every_region_in_the_boe() =>
        ShouldBe("ES", 2026, "2026-01-01", "2026-01-06", "2026-04-03", "2026-05-01", "2026-08-15", "2026-10-12", "2026-12-08",
            "2026-12-25");

    [Fact]
    public void Spain_2027_leaves_out_the_holiday_that_falls_on_a_sunday() =>
        ShouldBe("ES", 2027, "2027-01-01", "2027-01-06", "2027-03-26", "2027-05-01", "2027-10-12", "2027-11-01", "2027-12-06",
            "2027-12-08", "2027-12-25");

    // Mexico: Ley Federal del Trabajo art. 74 (DOF), as in the STPS calendars for 2025 and 2026; 2027 is the law's result
    // (the 2027 federal election on Sunday 6 June is set by the electoral law and not generated).
    [Fact]
    public void Mexico_2025_matches_the_rest_days_of_the_labour_law() =>
        ShouldBe("MX", 2025, "2025-01-01", "2025-02-03", "2025-03-17", "2025-05-01", "2025-09-16", "2025-11-17", "2025-12-25");

    [Fact]
    public void Mexico_2026_matches_the_rest_days_of_the_labour_law() =>
        ShouldBe("MX", 2026, "2026-01-01", "2026-02-02", "2026-03-16", "2026-05-01", "2026-09-16", "2026-11-16", "2026-12-25");

    [Fact]
    public void Mexico_2027_matches_the_rest_days_of_the_labour_law() =>
        ShouldBe("MX", 2027, "2027-01-01", "2027-02-01", "2027-03-15", "2027-05-01", "2027-09-16", "2027-11-15", "2027-12-25");

    [Theory]
    [InlineData(2024, "2024-10-01")]
    [InlineData(2030, "2030-10-01")]
    [InlineData(2036, "2036-10-01")]
    [InlineData(2018, "2018-12-01")]
    public void Mexico_rests_on_the_day_the_federal_executive_changes_every_six_years(int year, string day)
    {
        var change = NationalHolidays.For("MX", year).Where(h => h.NameEn == "Change of Federal Executive").ToList();
        change.Select(h => h.Date).ShouldBe([DateOnly.Parse(day)]);
        NationalHolidays.For("MX", year + 1).ShouldNotContain(h => h.NameEn == "Change of Federal Executive");
    }

    // Argentina: the feriados of Ley 27.399 in the government's calendar (argentina.gob.ar/jefatura/feriados). 2025:
    // 12 Oct moved to Friday 10 Oct by Resolución 139/2025 under Decreto 614/2025; 20 Nov moved to Monday 24 by the law.
    // 2026: 17 Jun moves to Monday 15 and 20 Nov to Monday 23 by the law. The tourist non-working days (2025: 2 May,
    // 15 Aug, 21 Nov; 2026: 23 Mar, 10 Jul, 7 Dec) are not feriados and are not generated. 2027: not published when this
    // was written; the law's result (Güemes → Mon 21 Jun, San Martín → Mon 16 Aug, 12 Oct → Mon 11 Oct, 20 Nov a Saturday).
    [Fact]
    public void Argentina_2025_matches_the_official_feriados_with_the_decreed_move_of_12_october() =>
        ShouldBe("AR", 2025, "2025-01-01", "2025-03-03", "2025-03-04", "2025-03-24", "2025-04-02", "2025-04-18", "2025-05-01",
            "2025-05-25", "2025-06-16", "2025-06-20", "2025-07-09", "2025-08-17", "2025-10-10", "2025-11-24", "2025-12-08",
            "2025-12-25");

    [Fact]
    public void Argentina_2026_matches_the_official_feriados() =>
        ShouldBe("AR", 2026, "2026-01-01", "2026-02-16", "2026-02-17", "2026-03-24", "2026-04-02", "2026-04-03", "2026-05-01",
            "2026-05-25", "2026-06-15", "2026-06-20", "2026-07-09", "2026-08-17", "2026-10-12", "2026-11-23", "2026-12-08",
            "2026-12-25");

    [Fact]
    public void Argentina_2027_moves_the_trasladables_as_the_law_says() =>
        ShouldBe("AR", 2027, "2027-01-01", "2027-02-08", "2027-02-09", "2027-03-24", "2027-03-26", "2027-04-02", "2027-05-01",
            "2027-05-25", "2027-06-20", "2027-06-21", "2027-07-09", "2027-08-16", "2027-10-11", "2027-11-20", "2027-12-08",
            "2027-12-25");

    // Chile: the feriados legales (feriados.cl, Ley 19.668, 20.215, 20.299, 21.357). Election days (2025: 16 Nov and
    // 14 Dec) are declared per election and not generated. 2025: the solstice fell on 20 Jun in Chile; 29 Jun and 12 Oct
    // were Sundays and stayed. 2026: the solstice on Sunday 21 Jun. 2027 is the law's result with the moved days:
    // 29 Jun (a Tuesday) → Monday 28 Jun, 12 Oct (a Tuesday) → Monday 11 Oct.
    [Fact]
    public void Chile_2025_matches_the_legal_holidays() =>
        ShouldBe("CL", 2025, "2025-01-01", "2025-04-18", "2025-04-19", "2025-05-01", "2025-05-21", "2025-06-20", "2025-06-29",
            "2025-07-16", "2025-08-15", "2025-09-18", "2025-09-19", "2025-10-12", "2025-10-31", "2025-11-01", "2025-12-08",
            "2025-12-25");

    [Fact]
    public void Chile_2026_matches_the_legal_holidays() =>
        ShouldBe("CL", 2026, "2026-01-01", "2026-04-03", "2026-04-04", "2026-05-01", "2026-05-21", "2026-06-21", "2026-06-29",
            "2026-07-16", "2026-08-15", "2026-09-18", "2026-09-19", "2026-10-12", "2026-10-31", "2026-11-01", "2026-12-08",
            "2026-12-25");

    [Fact]
    public void Chile_2027_moves_saint_peter_and_the_meeting_of_two_worlds_to_monday() =>
        ShouldBe("CL", 2027, "2027-01-01", "2027-03-26", "2027-03-27", "2027-05-01", "2027-05-21", "2027-06-21", "2027-06-28",
            "2027-07-16", "2027-08-15", "2027-09-18", "2027-09-19", "2027-10-11", "2027-10-31", "2027-11-01", "2027-12-08",
            "2027-12-25");

    // The published instants of the June solstice (e.g. timeanddate.com / USNO), to within three minutes.
    [Theory]
    [InlineData(2000, "2000-06-21 01:48")]
    [InlineData(2020, "2020-06-20 21:44")]
    [InlineData(2024, "2024-06-20 20:51")]
    [InlineData(2025, "2025-06-21 02:42")]
    [InlineData(2026, "2026-06-21 08:24")]
    [InlineData(2027, "2027-06-21 14:11")]
    public void The_june_solstice_is_computed_within_minutes_of_the_published_instant(int year, string utc)
    {
        var published = DateTime.ParseExact(utc, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Math.Abs((NationalHolidays.JuneSolsticeUtc(year) - published).TotalMinutes).ShouldBeLessThan(3);
    }

    // Past years check the moving rules on weekdays 2025–2027 do not reach: 2023 had 31 Oct on a Tuesday (→ Fri 27 Oct)
    // and 29 Jun on a Thursday (→ Mon 26 Jun); 2024 had 20 Sep on a Friday; 2018 had 17 Sep on a Monday; 2017 had 1 Jan on
    // a Sunday; 2024's solstice fell on 20 Jun in Chile and 2022's on 21 Jun.
    [Theory]
    [InlineData(2023, "2023-10-27")]
    [InlineData(2023, "2023-06-26")]
    [InlineData(2024, "2024-09-20")]
    [InlineData(2018, "2018-09-17")]
    [InlineData(2017, "2017-01-02")]
    [InlineData(2024, "2024-06-20")]
    [InlineData(2022, "2022-06-21")]
    public void Chile_moves_and_adds_the_days_its_laws_name(int year, string day) =>
        NationalHolidays.For("CL", year).ShouldContain(h => h.Date == DateOnly.Parse(day));

    [Fact]
    public void Every_country_gives_a_sorted_list_with_one_entry_per_date_and_names_in_both_languages()
    {
        foreach (var country in NationalHolidays.Countries)
            for (var year = NationalHolidays.MinYear; year <= NationalHolidays.MaxYear; year++)
            {
                var list = NationalHolidays.For(country, year);
                list.Select(h => h.Date).ShouldBe(list.Select(h => h.Date).Order().Distinct());
                list.ShouldAllBe(h => h.Date.Year == year && h.NameEs.Length > 0 && h.NameEn.Length > 0 && h.NameEs.Length <= 100 && h.NameEn.Length <= 100);
            }
    }

    [Theory]
    [InlineData("PE", 2026)]
    [InlineData("", 2026)]
    [InlineData("CO", 1899)]
    [InlineData("CO", 2201)]
    public void An_unknown_country_or_a_year_out_of_range_is_refused(string country, int year) =>
        Should.Throw<ArgumentException>(() => NationalHolidays.For(country, year));
}
