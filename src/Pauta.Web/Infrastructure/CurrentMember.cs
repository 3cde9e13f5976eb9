using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using Pauta.Web.Features.ApiTokens;

namespace Pauta.Web.Infrastructure;

/// <summary>
/// Who is acting in this request: loaded once per request through <see cref="Cluster.Memberships"/> (not from cookie
/// claims), so a role change or a removal takes effect on the very next request on the node that made it, and within
/// a second on every other node.
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

    /// <summary>The API token this request came with; null for a person signed in with the cookie.</summary>
    public Guid? ApiTokenId { get; private set; }
    public ApiScopes ApiScopes { get; private set; }
    private Role _creatorRole;

    /// <summary>
    /// A person may do what their role allows. A token may do what its scopes allow (see <see cref="ApiTokenPermissions"/>)
    /// and never more than its creator may do today, so demoting the creator narrows the token at once.
    /// </summary>
    public bool Can(Permission permission) => IsSignedIn && (ApiTokenId is null
        ? Permissions.Has(Role, permission)
        // A token: what its scopes allow, never more than its creator's role allows now. (Its shown Role only names the
        // scopes; the audit scope's ViewAudit is no permission of the role it is shown as.)
        : ApiTokenPermissions.Allows(ApiScopes, permission) && Permissions.Has(_creatorRole, permission));

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

    /// <summary>
    /// A request made with an API token acts as its creator (so audit entries name a person) with the role its scopes
    /// stand for: Manager with the write scope, Agent with read only.
    /// </summary>
    internal void LoadToken(Row creator, Guid tokenId, ApiScopes scopes)
    {
        Load(creator);
        _creatorRole = creator.Role;
        Role = ApiTokenPermissions.RoleFor(scopes);
        ApiTokenId = tokenId;
        ApiScopes = scopes;
        UiLanguage = null;
    }

    public sealed record Row(Guid UserId, Guid MemberId, Guid OrganisationId, Role Role, string DisplayName, string? Email,
        string? UiLanguage, string OrganisationName, string OrganisationLanguage, string TimeZoneId, string? SecurityStamp = null);
}

/// <summary>
/// Sets the request's tenant from the signed-in person's membership; signs out a person who no longer has one, and a
/// cookie whose security stamp is not the person's current one (they signed out, or their password or role changed
/// since the cookie was issued), so every older session ends at its next request: at once on the node that made the
/// change, within a second on the others (see <see cref="Cluster.Memberships"/>).
/// </summary>
public sealed class TenantMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CurrentMember current, Tenant tenant)
    {
        // A request with an API token was loaded by ApiTokenAuthenticationHandler already.
        if (!current.IsSignedIn && context.User.Identity?.IsAuthenticated == true &&
            Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            // The context is resolved only when the membership has to be read, so a cached one builds no DbContext.
            var row = await context.RequestServices.GetRequiredService<Cluster.Memberships>()
                .GetAsync(context.RequestServices, userId, context.RequestAborted);
            var stamp = context.User.FindFirstValue(context.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType);
            if (row is null || stamp is null || !string.Equals(stamp, row.SecurityStamp, StringComparison.Ordinal))
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
