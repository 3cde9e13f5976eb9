using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Pauta.Data.Tenancy;

namespace Pauta.Web.Infrastructure;

/// <summary>
/// Who is acting in this request: loaded once per request from the database (not from cookie
/// claims), so a role change or a removal takes effect on the very next request on every node.
/// </summary>
public sealed class CurrentMember
{
    public bool IsSignedIn { get; private set; }
    public Guid UserId { get; private set; }
    public Guid MemberId { get; private set; }
    public Guid OrganisationId { get; private set; }
    public Role Role { get; private set; }
    public string DisplayName { get; private set; } = "";
    public string Email { get; private set; } = "";
    public string? UiLanguage { get; private set; }
    public string OrganisationName { get; private set; } = "";
    public string OrganisationLanguage { get; private set; } = "es";
    public TimeZoneInfo TimeZone { get; private set; } = TimeZoneInfo.Utc;

    public bool Can(Permission permission) => IsSignedIn && Permissions.Has(Role, permission);

    /// <summary>Shows a UTC instant in the organisation's time zone.</summary>
    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), TimeZone);

    internal void Load(Row row)
    {
        IsSignedIn = true;
        UserId = row.UserId;
        MemberId = row.MemberId;
        OrganisationId = row.OrganisationId;
        Role = row.Role;
        DisplayName = row.DisplayName;
        Email = row.Email ?? "";
        UiLanguage = row.UiLanguage;
        OrganisationName = row.OrganisationName;
        OrganisationLanguage = row.OrganisationLanguage;
        TimeZone = TimeZoneInfo.TryFindSystemTimeZoneById(row.TimeZoneId, out var tz) ? tz : TimeZoneInfo.Utc;
    }

    internal sealed record Row(Guid UserId, Guid MemberId, Guid OrganisationId, Role Role, string DisplayName, string? Email,
        string? UiLanguage, string OrganisationName, string OrganisationLanguage, string TimeZoneId);
}

/// <summary>Sets the request's tenant from the signed-in person's membership; signs out a person who no longer has one.</summary>
public sealed class TenantMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CurrentMember current, Tenant tenant)
    {
        if (context.User.Identity?.IsAuthenticated == true &&
            Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            // Resolved here, not injected, so anonymous requests never build a DbContext.
            var db = context.RequestServices.GetRequiredService<PautaDbContext>();
            // The one place that reads members across organisations: by the signed-in user's own id.
            var row = await db.Members.IgnoreQueryFilters([PautaDbContext.TenantFilter])
                .Where(m => m.UserId == userId)
                .Join(db.Organisations.IgnoreQueryFilters([PautaDbContext.TenantFilter]), m => m.OrganisationId, o => o.Id,
                    (m, o) => new CurrentMember.Row(m.UserId, m.Id, m.OrganisationId, m.Role, m.User.DisplayName, m.User.Email,
                        m.User.UiLanguage, o.Name, o.Language, o.TimeZoneId))
                .AsNoTracking()
                .FirstOrDefaultAsync(context.RequestAborted);
            if (row is null)
            {
                await context.SignOutAsync(IdentityConstants.ApplicationScheme);
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
            else
            {
                current.Load(row);
                tenant.Set(row.OrganisationId);
            }
        }
        await next(context);
    }
}

/// <summary>An authorization requirement per <see cref="Permission"/>; policies are named after the permission.</summary>
public sealed class PermissionRequirement(Permission permission) : IAuthorizationRequirement
{
    public Permission Permission { get; } = permission;
}

public sealed class PermissionHandler(IHttpContextAccessor accessor) : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var current = accessor.HttpContext?.RequestServices.GetService<CurrentMember>();
        if (current is not null && current.Can(requirement.Permission)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

public static class AuthorizationSetup
{
    public static void AddPermissionPolicies(this AuthorizationOptions options)
    {
        foreach (var permission in Enum.GetValues<Permission>())
            options.AddPolicy(permission.ToString(), p => p.RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
    }
}
