using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;

namespace Pauta.Web.Features.ApiTokens;

/// <summary>
/// <c>Authorization: Bearer pauta_…</c> on /api: the token is looked up by its hash across organisations (the only
/// thing known before the tenant is), and the request then acts for the token's organisation as its creator,
/// with the powers of its scopes (see <see cref="ApiTokenPermissions"/>). Everything else keeps the cookie.
/// </summary>
public static class ApiTokenAuthentication
{
    public const string Scheme = "ApiToken";
    /// <summary>Picks the token scheme or the Identity cookie for each request.</summary>
    public const string CookieOrToken = "CookieOrApiToken";
    public const string TokenIdClaim = "pauta:api-token";

    public static IServiceCollection AddApiTokens(this IServiceCollection services)
    {
        services.AddScoped<ApiTokensService>();
        // Runs after Startup's AddAuthentication(cookie): the default becomes a selector that still sends every
        // page, every sign-in and every request without a bearer token to the Identity cookie.
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieOrToken;
                o.DefaultChallengeScheme = CookieOrToken;
                o.DefaultForbidScheme = CookieOrToken;
            })
            .AddPolicyScheme(CookieOrToken, "Cookie, or an API token on /api", o =>
                o.ForwardDefaultSelector = ctx => BearerToken(ctx.Request) is not null ? Scheme : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(Scheme, null);
        services.Configure<OpenApiOptions>("v1", o => o.AddDocumentTransformer<BearerSecurityTransformer>());
        return services;
    }

    /// <summary>The presented token on an API request, or null when the request has none (it then uses the cookie).</summary>
    public static string? BearerToken(HttpRequest request)
    {
        if (!Startup.IsApi(request)) return null;
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}

public sealed class ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>LastUsedAt is written at most this often per token, so reading through the API does not write on every request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ApiTokenAuthentication.BearerToken(Request);
        if (presented is null) return AuthenticateResult.NoResult();
        if (!ApiTokensService.LooksLikeToken(presented)) return AuthenticateResult.Fail("Malformed API token.");

        var hash = ApiTokensService.Hash(presented);
        var db = Context.RequestServices.GetRequiredService<PautaDbContext>();
        // The one read of tokens across organisations: by the hash of the presented secret (unique index).
        var found = await db.ApiTokens.IgnoreQueryFilters([PautaDbContext.TenantFilter]).AsNoTracking()
            .Where(t => t.TokenHash == hash)
            .Select(t => new { t.Id, t.OrganisationId, t.Scopes, t.RevokedAt, t.LastUsedAt, t.CreatedByUserId })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null) return AuthenticateResult.Fail("Unknown API token.");
        if (found.RevokedAt is not null) return AuthenticateResult.Fail("Revoked API token.");
        // The creator's membership as the tenant middleware reads it (a person belongs to one organisation at most).
        var creator = await Context.RequestServices.GetRequiredService<Infrastructure.Cluster.Memberships>()
            .GetAsync(db, found.CreatedByUserId, Context.RequestAborted);
        // A token lives only as long as its creator belongs to the organisation.
        if (creator is null || creator.OrganisationId != found.OrganisationId)
            return AuthenticateResult.Fail("The API token's creator has left the organisation.");

        Context.RequestServices.GetRequiredService<Tenant>().Set(creator.OrganisationId);
        Context.RequestServices.GetRequiredService<CurrentMember>().LoadToken(creator, found.Id, found.Scopes);
        AuditAsToken(db, found.Id);

        var now = time.GetUtcNow().UtcDateTime;
        if (found.LastUsedAt is null || found.LastUsedAt <= now - LastUsedResolution)
        {
            var stale = now - LastUsedResolution;
            // The condition is repeated in SQL so concurrent requests on several nodes write it once.
            await db.ApiTokens.Where(t => t.Id == found.Id && (t.LastUsedAt == null || t.LastUsedAt <= stale))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, creator.UserId.ToString()),
                new Claim(ClaimTypes.Name, creator.DisplayName),
                new Claim(ApiTokenAuthentication.TokenIdClaim, found.Id.ToString()),
            ], ApiTokenAuthentication.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiTokenAuthentication.Scheme));
    }

    /// <summary>Audit entries written with a token name its creator as the actor and the token in the details.</summary>
    /// <remarks>
    /// The mark is added when the entry is made (<see cref="PautaDbContext.AuditDetailsMark"/>), not while saving: the save
    /// hashes each entry into the log first, and details changed after that would no longer match the entry's leaf.
    /// </remarks>
    private static void AuditAsToken(PautaDbContext db, Guid tokenId) => db.AuditDetailsMark = $" [api token {tokenId}]";

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => WriteProblem(StatusCodes.Status401Unauthorized);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => WriteProblem(StatusCodes.Status403Forbidden);

    private async Task WriteProblem(int status)
    {
        var l = Context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized) Response.Headers.WWWAuthenticate = "Bearer";
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = status,
                Title = status == StatusCodes.Status401Unauthorized ? l["ApiTokens.Unauthorized"] : l["Error.Forbidden"],
            },
        });
    }
}

/// <summary>Tells OpenAPI readers that every /api/v1 operation takes a bearer token (or the session cookie).</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API token created by an administrator at /settings/api-tokens (pauta_…). " +
                "The read scope allows GET; the write scope allows the rest. A signed-in browser session works too.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
