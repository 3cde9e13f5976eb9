using Pauta.Core.Organisations;

namespace Pauta.Web.Tests.Infrastructure;

// What the tests read back from the API: only the fields they look at.

public sealed record DepartmentDto(Guid Id, string Name, int Version);

public sealed record PositionDto(Guid Id, string Title, Guid? DepartmentId, Guid? ReportsToId, int Version);

public sealed record PersonDto(Guid Id, string DisplayName, string Email, Role Role, Guid? DepartmentId, Guid? PositionId, int Version);

public sealed record InvitationDto(Guid Id, string Email, Role Role);

public sealed record CreatedInvitationDto(InvitationDto Invitation, string Link, bool Emailed);

public sealed record HolidayDto(Guid Id, DateOnly Date, string Name);

public sealed record HoursDto(Dictionary<DayOfWeek, string> Days, List<HolidayDto> Holidays);

public sealed record MeDto(Guid UserId, Guid MemberId, Guid OrganisationId, string Role, string DisplayName, string Email, string OrganisationName);

public sealed record OrganisationDto(string Name, string BrandName, string Language, string TimeZoneId, Channels Channels, int Version);

public sealed record ProblemDto(int? Status, string? Title, Dictionary<string, string[]>? Errors);
