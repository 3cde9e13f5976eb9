namespace Pauta.Core.Calendars;

/// <summary>One national holiday: the day it is observed (after any move the law makes) and its name in both languages.</summary>
public sealed record NationalHoliday(DateOnly Date, string NameEs, string NameEn);

/// <summary>
/// The national holidays of the countries Pauta ships generators for, computed from the rules that hold in law today
/// (ADR-011, "Calendars and holidays"). Today's rules are applied to every year from 1900 to 2200: the lists are right for
/// the present and the coming years, not a history of how each country's holidays changed. Days declared one at a time
/// (election days, days a decree adds for one year) are not generated except where a country's section says so;
/// an organisation adds them by hand or by import. When two holidays fall on one day they are one entry whose names are
/// joined with " / ", so a calendar never holds two rows for a date.
/// </summary>
public static class NationalHolidays
{
    public const int MinYear = 1900;
    public const int MaxYear = 2200;

    public static IReadOnlyList<string> Countries { get; } = ["AR", "CL", "CO", "ES", "MX"];

    /// <summary>The country's national holidays of the year, sorted by date.</summary>
    /// <exception cref="ArgumentException">The country is not one of <see cref="Countries"/> or the year is outside 1900–2200.</exception>
    public static IReadOnlyList<NationalHoliday> For(string country, int year)
    {
        if (year is < MinYear or > MaxYear)
            throw new ArgumentException($"The year must be between {MinYear} and {MaxYear}; it is {year}.", nameof(year));
        var list = new List<NationalHoliday>();
        switch (country?.ToUpperInvariant())
        {
            case "AR": Argentina(year, list); break;
            case "CL": Chile(year, list); break;
            case "CO": Colombia(year, list); break;
            case "ES": Spain(year, list); break;
            case "MX": Mexico(year, list); break;
            default:
                throw new ArgumentException(
                    $"There is no generator for the country '{country}'; known: {string.Join(", ", Countries)}.", nameof(country));
        }
        return list
            .GroupBy(h => h.Date)
            .OrderBy(g => g.Key)
            .Select(g => g.Count() == 1 ? g.First()
                : new NationalHoliday(g.Key, string.Join(" / ", g.Select(h => h.NameEs)), string.Join(" / ", g.Select(h => h.NameEn))))
            .ToList();
    }

    /// <summary>Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus, valid for every Gregorian year).</summary>
    public static DateOnly Easter(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = (19 * a + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + 2 * e + 2 * i - h - k) % 7;
        var m = (a + 11 * h + 22 * l) / 451;
        var month = (h + l - 7 * m + 114) / 31;
        var day = (h + l - 7 * m + 114) % 31 + 1;
        return new DateOnly(year, month, day);
    }

    // Colombia — Ley 51 de 1983 ("Ley Emiliani"), art. 1 and 2. Fixed: 1 Jan, 1 May, 20 Jul, 7 Aug, 8 Dec, 25 Dec and
    // Holy Thursday and Good Friday. Every other holiday that does not fall on a Monday moves to the following Monday
    // (6 Jan, 19 Mar, 29 Jun, 15 Aug, 12 Oct, 1 Nov, 11 Nov), and so do the Easter-based Ascension (Thursday, Easter + 39),
    // Corpus Christi (Thursday, Easter + 60) and Sacred Heart (Friday, Easter + 68).
    private static void Colombia(int year, List<NationalHoliday> list)
    {
        var easter = Easter(year);
        void Fixed(int month, int day, string es, string en) => list.Add(new(new DateOnly(year, month, day), es, en));
        void Moved(DateOnly date, string es, string en) => list.Add(new(OnOrAfter(date, DayOfWeek.Monday), es, en));

        Fixed(1, 1, "Año Nuevo", "New Year's Day");
        Moved(new DateOnly(year, 1, 6), "Día de los Reyes Magos", "Epiphany");
        Moved(new DateOnly(year, 3, 19), "Día de San José", "Saint Joseph's Day");
        list.Add(new(easter.AddDays(-3), "Jueves Santo", "Maundy Thursday"));
        list.Add(new(easter.AddDays(-2), "Viernes Santo", "Good Friday"));
        Fixed(5, 1, "Día del Trabajo", "Labour Day");
        Moved(easter.AddDays(39), "Ascensión del Señor", "Ascension Day");
        Moved(easter.AddDays(60), "Corpus Christi", "Corpus Christi");
        Moved(easter.AddDays(68), "Sagrado Corazón de Jesús", "Sacred Heart");
        Moved(new DateOnly(year, 6, 29), "San Pedro y San Pablo", "Saints Peter and Paul");
        Fixed(7, 20, "Día de la Independencia", "Independence Day");
        Fixed(8, 7, "Batalla de Boyacá", "Battle of Boyacá");
        Moved(new DateOnly(year, 8, 15), "Asunción de la Virgen", "Assumption of Mary");
        Moved(new DateOnly(year, 10, 12), "Día de la Raza", "Columbus Day");
        Moved(new DateOnly(year, 11, 1), "Día de Todos los Santos", "All Saints' Day");
        Moved(new DateOnly(year, 11, 11), "Independencia de Cartagena", "Independence of Cartagena");
        Fixed(12, 8, "Día de la Inmaculada Concepción", "Immaculate Conception");
        Fixed(12, 25, "Navidad", "Christmas Day");
    }

    /// <summary>
    /// Spain — only the national holidays every region keeps (Real Decreto 2001/1983, art. 45, and the yearly resolution of
    /// the Dirección General de Trabajo in the BOE): New Year, Epiphany, Good Friday, Labour Day, the Assumption, the
    /// Fiesta Nacional, All Saints, Constitution Day, the Immaculate Conception and Christmas. Regional holidays are not
    /// generated: Holy Thursday (not in Catalonia nor Valencia), Saint Joseph or Saint James, Easter Monday, each
    /// region's own day, and the Monday after a holiday that falls on a Sunday, which each region keeps or replaces.
    /// A holiday that falls on a Sunday is therefore left out: its rest moves to the Monday only where the region says so.
    /// Epiphany may by law be replaced by a region, but every region has kept it (BOE lists for 2025 and 2026).
    /// Local holidays (two per municipality) are not generated either.
    /// </summary>
    private static void Spain(int year, List<NationalHoliday> list)
    {
        var easter = Easter(year);
        void Add(DateOnly date, string es, string en)
        {
            if (date.DayOfWeek != DayOfWeek.Sunday) list.Add(new(date, es, en));
        }

        Add(new DateOnly(year, 1, 1), "Año Nuevo", "New Year's Day");
        Add(new DateOnly(year, 1, 6), "Epifanía del Señor", "Epiphany");
        Add(easter.AddDays(-2), "Viernes Santo", "Good Friday");
        Add(new DateOnly(year, 5, 1), "Fiesta del Trabajo", "Labour Day");
        Add(new DateOnly(year, 8, 15), "Asunción de la Virgen", "Assumption of Mary");
        Add(new DateOnly(year, 10, 12), "Fiesta Nacional de España", "National Day of Spain");
        Add(new DateOnly(year, 11, 1), "Todos los Santos", "All Saints' Day");
        Add(new DateOnly(year, 12, 6), "Día de la Constitución Española", "Constitution Day");
        Add(new DateOnly(year, 12, 8), "Inmaculada Concepción", "Immaculate Conception");
        Add(new DateOnly(year, 12, 25), "Natividad del Señor", "Christmas Day");
    }

    /// <summary>
    /// Mexico — the rest days of the Ley Federal del Trabajo, art. 74: 1 Jan, the first Monday of February, the third Monday
    /// of March, 1 May, 16 Sep, the third Monday of November, 25 Dec, and the day the federal executive changes hands
    /// every six years (1 Oct since 2024: 2024, 2030, …; before, 1 Dec: …, 2012, 2018). Election days (art. 74, IX) are
    /// set by the electoral laws for each election and fall on Sundays; they are not generated.
    /// </summary>
    private static void Mexico(int year, List<NationalHoliday> list)
    {
        list.Add(new(new DateOnly(year, 1, 1), "Año Nuevo", "New Year's Day"));
        list.Add(new(Nth(year, 2, DayOfWeek.Monday, 1), "Día de la Constitución", "Constitution Day"));
        list.Add(new(Nth(year, 3, DayOfWeek.Monday, 3), "Natalicio de Benito Juárez", "Benito Juárez's Birthday"));
        list.Add(new(new DateOnly(year, 5, 1), "Día del Trabajo", "Labour Day"));
        list.Add(new(new DateOnly(year, 9, 16), "Día de la Independencia", "Independence Day"));
        if (year >= 2024 && (year - 2024) % 6 == 0)
            list.Add(new(new DateOnly(year, 10, 1), "Transmisión del Poder Ejecutivo Federal", "Change of Federal Executive"));
        list.Add(new(Nth(year, 11, DayOfWeek.Monday, 3), "Día de la Revolución", "Revolution Day"));
        if (year <= 2018 && (2018 - year) % 6 == 0)
            list.Add(new(new DateOnly(year, 12, 1), "Transmisión del Poder Ejecutivo Federal", "Change of Federal Executive"));
        list.Add(new(new DateOnly(year, 12, 25), "Navidad", "Christmas Day"));
    }

    /// <summary>
    /// Argentina — the feriados nacionales of Ley 27.399. Fixed ("inamovibles"): 1 Jan, Carnival Monday and Tuesday,
    /// 24 Mar, 2 Apr, Good Friday, 1 May, 25 May, 20 Jun, 9 Jul, 8 Dec, 25 Dec. Movable ("trasladables", art. 6): 17 Jun,
    /// 17 Aug, 12 Oct and 20 Nov move to the Monday before when they fall on a Tuesday or Wednesday and to the Monday after
    /// when they fall on a Thursday or Friday. Decreto 614/2025 lets the government move one that falls on a weekend to the
    /// Friday before or the Monday after; those decisions are a per-year table below.
    /// Not generated: the "días no laborables" (Holy Thursday, the tourist days the government sets each year — 2025:
    /// 2 May, 15 Aug, 21 Nov by Decreto 1027/2024; 2026: 23 Mar, 10 Jul, 7 Dec by Resolución 164/2025 — and the Jewish,
    /// Muslim and Armenian days), because each employer in the private sector decides whether to work on them.
    /// </summary>
    private static void Argentina(int year, List<NationalHoliday> list)
    {
        var easter = Easter(year);
        void Fixed(int month, int day, string es, string en) => list.Add(new(new DateOnly(year, month, day), es, en));
        void Movable(int month, int day, string es, string en)
        {
            var date = new DateOnly(year, month, day);
            var moved = ArgentinaDecreed.TryGetValue(date, out var decreed) ? decreed : date.DayOfWeek switch
            {
                DayOfWeek.Tuesday => date.AddDays(-1),
                DayOfWeek.Wednesday => date.AddDays(-2),
                DayOfWeek.Thursday => date.AddDays(4),
                DayOfWeek.Friday => date.AddDays(3),
                DayOfWeek.Saturday or DayOfWeek.Sunday or DayOfWeek.Monday => date,
            };
            list.Add(new(moved, es, en));
        }

        Fixed(1, 1, "Año Nuevo", "New Year's Day");
        list.Add(new(easter.AddDays(-48), "Carnaval", "Carnival"));
        list.Add(new(easter.AddDays(-47), "Carnaval", "Carnival"));
        Fixed(3, 24, "Día Nacional de la Memoria por la Verdad y la Justicia", "Day of Remembrance for Truth and Justice");
        Fixed(4, 2, "Día del Veterano y de los Caídos en la Guerra de Malvinas", "Malvinas Day");
        list.Add(new(easter.AddDays(-2), "Viernes Santo", "Good Friday"));
        Fixed(5, 1, "Día del Trabajador", "Labour Day");
        Fixed(5, 25, "Día de la Revolución de Mayo", "May Revolution Day");
        Movable(6, 17, "Paso a la Inmortalidad del General Güemes", "Death of General Güemes");
        Fixed(6, 20, "Paso a la Inmortalidad del General Belgrano", "Flag Day");
        Fixed(7, 9, "Día de la Independencia", "Independence Day");
        Movable(8, 17, "Paso a la Inmortalidad del General San Martín", "Death of General San Martín");
        Movable(10, 12, "Día del Respeto a la Diversidad Cultural", "Day of Respect for Cultural Diversity");
        Movable(11, 20, "Día de la Soberanía Nacional", "National Sovereignty Day");
        Fixed(12, 8, "Día de la Inmaculada Concepción de María", "Immaculate Conception");
        Fixed(12, 25, "Navidad", "Christmas Day");
    }

    // Movable Argentine holidays the government moved by decree or resolution (their legal date → the day observed).
    private static readonly Dictionary<DateOnly, DateOnly> ArgentinaDecreed = new()
    {
        // 12 Oct 2025 fell on a Sunday: moved to Friday 10 Oct (Decreto 614/2025, Resolución 139/2025 of the Jefatura de Gabinete).
        [new DateOnly(2025, 10, 12)] = new DateOnly(2025, 10, 10),
    };

    /// <summary>
    /// Chile — the feriados legales: 1 Jan (and 2 Jan when 1 Jan is a Sunday, Ley 20.983), Good Friday and Holy Saturday,
    /// 1 May, 21 May, the Día Nacional de los Pueblos Indígenas on the day of the southern winter solstice (Ley 21.357),
    /// 29 Jun and 12 Oct moved to the Monday of their week when they fall on a Tuesday, Wednesday or Thursday and to the
    /// next Monday when they fall on a Friday (Ley 19.668), 16 Jul, 15 Aug, 17 Sep when it is a Monday, 18 and 19 Sep,
    /// 20 Sep when it is a Friday (Ley 20.215), 31 Oct moved to the Friday before when it is a Tuesday and to the Friday
    /// after when it is a Wednesday (Ley 20.299), 1 Nov, 8 Dec and 25 Dec. Election days are declared for each election
    /// and are not generated, nor are regional holidays or the banks' 31 Dec.
    /// </summary>
    private static void Chile(int year, List<NationalHoliday> list)
    {
        var easter = Easter(year);
        void Fixed(int month, int day, string es, string en) => list.Add(new(new DateOnly(year, month, day), es, en));
        void NearestMonday(int month, int day, string es, string en)
        {
            var date = new DateOnly(year, month, day);
            var moved = date.DayOfWeek switch
            {
                DayOfWeek.Tuesday => date.AddDays(-1),
                DayOfWeek.Wednesday => date.AddDays(-2),
                DayOfWeek.Thursday => date.AddDays(-3),
                DayOfWeek.Friday => date.AddDays(3),
                DayOfWeek.Saturday or DayOfWeek.Sunday or DayOfWeek.Monday => date,
            };
            list.Add(new(moved, es, en));
        }

        Fixed(1, 1, "Año Nuevo", "New Year's Day");
        if (new DateOnly(year, 1, 1).DayOfWeek == DayOfWeek.Sunday) Fixed(1, 2, "Feriado adicional de Año Nuevo", "New Year holiday");
        list.Add(new(easter.AddDays(-2), "Viernes Santo", "Good Friday"));
        list.Add(new(easter.AddDays(-1), "Sábado Santo", "Holy Saturday"));
        Fixed(5, 1, "Día Nacional del Trabajo", "Labour Day");
        Fixed(5, 21, "Día de las Glorias Navales", "Navy Day");
        list.Add(new(SouthernWinterSolsticeInChile(year), "Día Nacional de los Pueblos Indígenas", "National Indigenous Peoples' Day"));
        NearestMonday(6, 29, "San Pedro y San Pablo", "Saints Peter and Paul");
        Fixed(7, 16, "Día de la Virgen del Carmen", "Our Lady of Mount Carmel");
        Fixed(8, 15, "Asunción de la Virgen", "Assumption of Mary");
        if (new DateOnly(year, 9, 17).DayOfWeek == DayOfWeek.Monday) Fixed(9, 17, "Feriado adicional de Fiestas Patrias", "National holiday bridge");
        Fixed(9, 18, "Independencia Nacional", "Independence Day");
        Fixed(9, 19, "Día de las Glorias del Ejército", "Army Day");
        if (new DateOnly(year, 9, 20).DayOfWeek == DayOfWeek.Friday) Fixed(9, 20, "Feriado adicional de Fiestas Patrias", "National holiday bridge");
        NearestMonday(10, 12, "Encuentro de Dos Mundos", "Meeting of Two Worlds");
        var reformation = new DateOnly(year, 10, 31);
        list.Add(new(reformation.DayOfWeek switch
        {
            DayOfWeek.Tuesday => reformation.AddDays(-4),
            DayOfWeek.Wednesday => reformation.AddDays(2),
            DayOfWeek.Thursday or DayOfWeek.Friday or DayOfWeek.Saturday or DayOfWeek.Sunday or DayOfWeek.Monday => reformation,
        }, "Día de las Iglesias Evangélicas y Protestantes", "Reformation Day"));
        Fixed(11, 1, "Día de Todos los Santos", "All Saints' Day");
        Fixed(12, 8, "Inmaculada Concepción", "Immaculate Conception");
        Fixed(12, 25, "Navidad", "Christmas Day");
    }

    /// <summary>
    /// The date in continental Chile (UTC−4 in June) of the June solstice, from Meeus' algorithm (Astronomical Algorithms,
    /// ch. 27: the mean solstice and its periodic terms, accurate to about a minute). The law names the day of the
    /// solstice; a year whose solstice falls within minutes of midnight should be checked against the official calendar.
    /// </summary>
    private static DateOnly SouthernWinterSolsticeInChile(int year) =>
        DateOnly.FromDateTime(JuneSolsticeUtc(year).AddHours(-4));

    /// <summary>The instant (UTC) of the June solstice of the year, to about a minute.</summary>
    public static DateTime JuneSolsticeUtc(int year)
    {
        var y = (year - 2000) / 1000.0;
        var jde0 = 2451716.56767 + 365241.62603 * y + 0.00325 * y * y + 0.00888 * y * y * y - 0.00030 * y * y * y * y;
        var t = (jde0 - 2451545.0) / 36525;
        var w = Radians(35999.373 * t - 2.47);
        var dl = 1 + 0.0334 * Math.Cos(w) + 0.0007 * Math.Cos(2 * w);
        var s = 0.0;
        foreach (var (a, b, c) in SolsticeTerms) s += a * Math.Cos(Radians(b + c * t));
        var jde = jde0 + 0.00001 * s / dl;
        // Julian day 2440587.5 is 1970-01-01 00:00 UT; terrestrial time runs about 69 s ahead of UT in this century.
        return DateTime.UnixEpoch.AddDays(jde - 2440587.5).AddSeconds(-69);
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;

    private static readonly (double A, double B, double C)[] SolsticeTerms =
    [
        (485, 324.96, 1934.136), (203, 337.23, 32964.467), (199, 342.08, 20.186), (182, 27.85, 445267.112),
        (156, 73.14, 45036.886), (136, 171.52, 22518.443), (77, 222.54, 65928.934), (74, 296.72, 3034.906),
        (70, 243.58, 9037.513), (58, 119.81, 33718.147), (52, 297.17, 150.678), (50, 21.02, 2281.226),
        (45, 247.54, 29929.562), (44, 325.15, 31555.956), (29, 60.93, 4443.417), (18, 155.12, 67555.328),
        (17, 288.79, 4562.452), (16, 198.04, 62894.029), (14, 199.76, 31436.921), (12, 95.39, 14577.848),
        (12, 287.11, 31931.756), (12, 320.81, 34777.259), (9, 227.73, 1222.114), (8, 15.45, 16859.074),
    ];

    private static DateOnly OnOrAfter(DateOnly date, DayOfWeek day) => date.AddDays(((int)day - (int)date.DayOfWeek + 7) % 7);

    private static DateOnly Nth(int year, int month, DayOfWeek day, int n) => OnOrAfter(new DateOnly(year, month, 1), day).AddDays(7 * (n - 1));
}
