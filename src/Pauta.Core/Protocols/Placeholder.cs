namespace Pauta.Core.Protocols;

/// <summary>The values a script can have filled in at run time.</summary>
public enum Placeholder
{
    Company,
    Agent,
    Customer,
    Date,
    Time,
    Channel,
    Department,
    Protocol,
    /// <summary>The contact's site (sede) by name; the organisation's name when it has no site.</summary>
    Site,
    /// <summary>The site's postal address.</summary>
    Address,
    /// <summary>The site's opening hours in words, from its calendar (the organisation's hours when no site).</summary>
    Hours,
    /// <summary>The site's telephone number.</summary>
    SitePhone,
}

public static class Placeholders
{
    /// <summary>
    /// Spanish and English names for each placeholder, so an author writes scripts in the protocol's language
    /// and a translated script keeps working. Names are matched ignoring case.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Placeholder> ByName =
        new Dictionary<string, Placeholder>(StringComparer.OrdinalIgnoreCase)
        {
            ["empresa"] = Placeholder.Company,
            ["company"] = Placeholder.Company,
            ["agente"] = Placeholder.Agent,
            ["agent"] = Placeholder.Agent,
            ["cliente"] = Placeholder.Customer,
            ["customer"] = Placeholder.Customer,
            ["fecha"] = Placeholder.Date,
            ["date"] = Placeholder.Date,
            ["hora"] = Placeholder.Time,
            ["time"] = Placeholder.Time,
            ["canal"] = Placeholder.Channel,
            ["channel"] = Placeholder.Channel,
            ["departamento"] = Placeholder.Department,
            ["department"] = Placeholder.Department,
            ["protocolo"] = Placeholder.Protocol,
            ["protocol"] = Placeholder.Protocol,
            ["sede"] = Placeholder.Site,
            ["site"] = Placeholder.Site,
            ["direccion"] = Placeholder.Address,
            ["address"] = Placeholder.Address,
            ["horario"] = Placeholder.Hours,
            ["hours"] = Placeholder.Hours,
            ["telefono-sede"] = Placeholder.SitePhone,
            ["site-phone"] = Placeholder.SitePhone,
        };

    /// <summary>The name an author writes for the placeholder in the given language, e.g. for an editor's insert menu.</summary>
    public static string Name(Placeholder placeholder, string language) => (placeholder, language == "en") switch
    {
        (Placeholder.Company, false) => "empresa",
        (Placeholder.Company, true) => "company",
        (Placeholder.Agent, false) => "agente",
        (Placeholder.Agent, true) => "agent",
        (Placeholder.Customer, false) => "cliente",
        (Placeholder.Customer, true) => "customer",
        (Placeholder.Date, false) => "fecha",
        (Placeholder.Date, true) => "date",
        (Placeholder.Time, false) => "hora",
        (Placeholder.Time, true) => "time",
        (Placeholder.Channel, false) => "canal",
        (Placeholder.Channel, true) => "channel",
        (Placeholder.Department, false) => "departamento",
        (Placeholder.Department, true) => "department",
        (Placeholder.Protocol, false) => "protocolo",
        (Placeholder.Protocol, true) => "protocol",
        (Placeholder.Site, false) => "sede",
        (Placeholder.Site, true) => "site",
        (Placeholder.Address, false) => "direccion",
        (Placeholder.Address, true) => "address",
        (Placeholder.Hours, false) => "horario",
        (Placeholder.Hours, true) => "hours",
        (Placeholder.SitePhone, false) => "telefono-sede",
        (Placeholder.SitePhone, true) => "site-phone",
    };
}
