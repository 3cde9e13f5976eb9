using System.Text.RegularExpressions;

namespace Pauta.Core.Protocols;

/// <summary>
/// Finds acronyms in prose so the linter can insist each is in the glossary: a customer or a new employee
/// should never meet "TPV" or "CSAT" without a definition at hand.
/// An acronym is a word of capitals and digits with at least two capitals ("DNI", "B2B", "DNIs"), or single
/// capitals with dots ("L.A.S.T."). One capital ("A4", "4G") is left alone: those are sizes and models more
/// often than jargon. A word in capitals for emphasis ("NUNCA") counts too: the cure is bold, not a term.
/// Codes everybody reads without a glossary are not acronyms: an identifier joined to digits by a hyphen ("PRT-014",
/// "ISO-9001"), ISO 4217 currency codes ("EUR", "USD", "COP") and ISO 3166 country codes ("ES", "MX", "COL"), except
/// the few country codes that are also everyday words written in capitals for emphasis ("NO", "SI").
/// </summary>
public static partial class Acronyms
{
    /// <summary>The acronyms in <paramref name="text"/> as written, each once, in order of appearance.</summary>
    public static IReadOnlyList<string> Find(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        return PlainAcronym().Matches(text).Concat(DottedAcronym().Matches(text))
            .Where(m => !IsCode(text, m))
            .OrderBy(m => m.Index)
            .Select(m => m.Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The form acronyms are compared in: no dots, no plural "s", upper case ("L.A.S.T." → "LAST", "DNIs" → "DNI").</summary>
    public static string Normalise(string acronym)
    {
        var trimmed = acronym.Trim().Replace(".", "", StringComparison.Ordinal);
        if (trimmed.Length > 2 && trimmed.EndsWith('s') && char.IsUpper(trimmed[^2])) trimmed = trimmed[..^1];
        return trimmed.ToUpperInvariant();
    }

    /// <summary>
    /// What the glossary defines: each term's whole name, and every acronym inside a name, so a term written
    /// "Terminal punto de venta (TPV)" defines "TPV".
    /// </summary>
    public static IReadOnlySet<string> DefinedBy(IEnumerable<Term> terms)
    {
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            if (string.IsNullOrWhiteSpace(term.Name)) continue;
            defined.Add(Normalise(term.Name));
            foreach (var inside in Find(term.Name)) defined.Add(Normalise(inside));
        }
        return defined;
    }

    /// <summary>Whether a match is a code rather than jargon: see the class summary.</summary>
    private static bool IsCode(string text, Match m)
    {
        var end = m.Index + m.Length;
        if (end + 1 < text.Length && text[end] == '-' && char.IsDigit(text[end + 1])) return true;
        if (m.Index >= 2 && text[m.Index - 1] == '-' && char.IsDigit(text[m.Index - 2])) return true;
        return m.Value.Length is 2 or 3 && (Currencies.Contains(m.Value) || (Countries.Contains(m.Value) && !EverydayWords.Contains(m.Value)));
    }

    /// <summary>ISO 4217 currency codes in use.</summary>
    public static readonly IReadOnlySet<string> Currencies = new HashSet<string>(StringComparer.Ordinal)
    {
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD", "BND",
        "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK",
        "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD",
        "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW",
        "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU",
        "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR",
        "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP",
        "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
        "VES", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL",
    };

    /// <summary>ISO 3166-1 country codes: alpha-2, and alpha-3 for the Spanish- and English-speaking countries and their neighbours.</summary>
    public static readonly IReadOnlySet<string> Countries = new HashSet<string>(StringComparer.Ordinal)
    {
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA", "BB", "BD", "BE", "BF",
        "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG",
        "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC",
        "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL",
        "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN",
        "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA",
        "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN",
        "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP",
        "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO",
        "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
        "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG",
        "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
        "ARG", "BOL", "CHL", "COL", "CRI", "CUB", "DOM", "ECU", "ESP", "GNQ", "GTM", "HND", "MEX", "NIC", "PAN", "PER", "PRI", "PRY",
        "SLV", "URY", "VEN", "USA", "GBR", "CAN", "AUS", "NZL", "IRL", "PRT", "FRA", "DEU", "ITA", "AND", "BRA", "BLZ",
    };

    /// <summary>Country codes that are also words people write in capitals for emphasis: still flagged.</summary>
    private static readonly IReadOnlySet<string> EverydayWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "NO", "SI", "YA", "TU", "MI", "LA", "SE", "DE", "AL", "EL", "EN", "UN", "HA", "LO", "LE", "TE", "NI", "IS", "IN", "AT", "BE", "TO",
        "DO", "SO", "AM", "AS", "ME", "MY", "BY", "AN", "IT", "ON", "OR", "AND", "CAN", "PER",
    };

    [GeneratedRegex(@"(?<![\p{L}\p{N}])(?=(?:\p{N}*\p{Lu}){2})[\p{Lu}\p{N}]+s?(?![\p{L}\p{N}])")]
    private static partial Regex PlainAcronym();

    [GeneratedRegex(@"(?<![\p{L}\p{N}.])(?:\p{Lu}\.){2,}(?:\p{Lu}(?![\p{L}\p{N}]))?")]
    private static partial Regex DottedAcronym();
}
