using Microsoft.AspNetCore.Identity;
using Pauta.Core.Organisations;
using Pauta.Data.Tenancy;

namespace Pauta.Data.Entities;

/// <summary>A person who can sign in. Global (sign-in happens before we know the organisation); what they may do lives on <see cref="Member"/>.</summary>
public class User : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    /// <summary>"es" or "en"; null follows the organisation's language.</summary>
    public string? UiLanguage { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>The tenant root. Filtered by its own id, so one organisation cannot even read another's name.</summary>
public class Organisation : IVersioned
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The name scripts say to customers ("gracias por llamar a {empresa}").</summary>
    public string BrandName { get; set; } = "";
    public string Language { get; set; } = "es";
    public string TimeZoneId { get; set; } = "Europe/Madrid";
    public Channels Channels { get; set; } = Channels.All;
    public bool IsDemo { get; set; }
    /// <summary>Whether a protocol needs a manager other than its author to approve it before it is published.</summary>
    public bool RequireProtocolApproval { get; set; }
    /// <summary>The standard note fields, one per line; null means the default for <see cref="Language"/> (see <see cref="NoteTemplates"/>).</summary>
    public string? NoteTemplate { get; set; }
    /// <summary>The training gate of every protocol whose course does not set its own (ADR-009).</summary>
    public Pauta.Core.Training.GateMode TrainingGate { get; set; }
    /// <summary>Days people get to train on a new major version, counted from its publication.</summary>
    public int RetrainDueDays { get; set; } = 14;
    /// <summary>ISO 4217 code amounts are in when a protocol or field names none ("EUR", "COP").</summary>
    public string Currency { get; set; } = "EUR";
    public DateTime CreatedAt { get; set; }
    public int Version { get; set; }
}

public class Member : ITenantOwned, IVersioned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User User { get; set; } = null!;
    public Role Role { get; set; }
    public Guid? DepartmentId { get; set; }
    public Department? Department { get; set; }
    public Guid? PositionId { get; set; }
    public Position? Position { get; set; }
    /// <summary>The site the person works at; their contacts and board belong to it. Null: the organisation as a whole.</summary>
    public Guid? SiteId { get; set; }
    public Site? Site { get; set; }
    public DateTime JoinedAt { get; set; }
    public int Version { get; set; }
}

public class Department : ITenantOwned, IVersioned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public int Version { get; set; }
}

/// <summary>A job title with a reports-to line: the org chart is the tree of positions.</summary>
public class Position : ITenantOwned, IVersioned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    public string Title { get; set; } = "";
    public Guid? DepartmentId { get; set; }
    public Department? Department { get; set; }
    public Guid? ReportsToId { get; set; }
    public Position? ReportsTo { get; set; }
    public int Version { get; set; }
}

public class OpeningHours : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    /// <summary>The calendar these hours belong to; <see cref="ServiceCalendar.Main"/> (all zeros) is the organisation's own.</summary>
    public Guid CalendarId { get; set; }
    public DayOfWeek Day { get; set; }
    public int StartMinute { get; set; }
    public int EndMinute { get; set; }
}

public class Holiday : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    /// <summary>The calendar this holiday belongs to; <see cref="ServiceCalendar.Main"/> (all zeros) is the organisation's own.</summary>
    public Guid CalendarId { get; set; }
    public DateOnly Date { get; set; }
    public string Name { get; set; } = "";
}

public enum CalendarKind
{
    /// <summary>A site's opening hours: created and named with its site.</summary>
    Site = 0,
    /// <summary>A calendar protocols name by key, such as a legal calendar (Monday to Friday, national holidays).</summary>
    Named = 1,
}

/// <summary>
/// A calendar besides the organisation's own (whose hours and holidays have <see cref="Main"/> as calendar id and whose
/// zone is the organisation's): a site's opening hours or a named calendar. Its hours and holidays are
/// <see cref="OpeningHours"/> and <see cref="Holiday"/> rows with its id.
/// </summary>
public class ServiceCalendar : ITenantOwned, IVersioned
{
    /// <summary>The calendar id of the organisation's own hours and holidays.</summary>
    public static readonly Guid Main = Guid.Empty;

    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    /// <summary>What protocols write (<see cref="Pauta.Core.Protocols.CalendarRefs.IsValidKey"/>), unique in the organisation.</summary>
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public string TimeZoneId { get; set; } = "Europe/Madrid";
    public CalendarKind Kind { get; set; }
    /// <summary>ISO 3166 code whose national holidays were generated into it ("CO", "ES", "MX", "AR", "CL"), if any.</summary>
    public string? HolidayCountry { get; set; }
    public int Version { get; set; }
}

/// <summary>A place the organisation serves from (a shop, a salon, a call centre, the legal office), with its own calendar.</summary>
public class Site : ITenantOwned, IVersioned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Scripts say it as {direccion}/{address}.</summary>
    public string Address { get; set; } = "";
    public string Phone { get; set; } = "";
    /// <summary>Its opening hours, zone and holidays: a <see cref="CalendarKind.Site"/> calendar.</summary>
    public Guid CalendarId { get; set; }
    public ServiceCalendar Calendar { get; set; } = null!;
    /// <summary>The calendar legal terms count on here ("legal" in a protocol); null: the site's own hours.</summary>
    public Guid? LegalCalendarId { get; set; }
    public ServiceCalendar? LegalCalendar { get; set; }
    /// <summary>An archived site takes no new people or contacts; its history stays.</summary>
    public bool IsArchived { get; set; }
    public int Version { get; set; }
}

/// <summary>A placeholder every script of the organisation may use (<c>{web}</c>, <c>{telefono-citas}</c>), set in settings.</summary>
public class OrganisationPlaceholder : ITenantOwned, IVersioned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    /// <summary>Lower-case letters, digits and hyphens; never one of the built-in names.</summary>
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
    public int Version { get; set; }
}

/// <summary>An invitation link. Only the SHA-256 of its token is stored, so a database leak reveals no usable link.</summary>
public class Invitation : ITenantOwned
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public Role Role { get; set; }
    public Guid? DepartmentId { get; set; }
    public Guid? PositionId { get; set; }
    public string TokenHash { get; set; } = "";
    public Guid InvitedByMemberId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>An ASP.NET Core data-protection key, shared by every web node through the database. Not tenant-owned.</summary>
public class DataProtectionKey
{
    public int Id { get; set; }
    public string FriendlyName { get; set; } = "";
    public string Xml { get; set; } = "";
}

/// <summary>
/// Failed sign-ins from one source for one typed address, known account or not, shared by every web node. The key is a
/// hash of the address and the source, so the table keeps neither. Not tenant-owned: sign-in comes before any tenant.
/// </summary>
public class SignInAttempt
{
    public string Key { get; set; } = "";
    public int Failures { get; set; }
    public DateTime LastFailureAt { get; set; }
}

/// <summary>
/// The sign-in-like POSTs one source made in one minute, counted once for every web node. <see cref="Source"/> is a hash of
/// the client address (an IPv6 one by its /64), so the table keeps no address; <see cref="Window"/> is the minute, counted
/// from the Unix epoch. Rows older than the previous minute are purged. Not tenant-owned: sign-in comes before any tenant.
/// </summary>
public class SignInRateWindow
{
    public string Source { get; set; } = "";
    public long Window { get; set; }
    public int Count { get; set; }
}
