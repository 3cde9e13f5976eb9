using System.Security.Cryptography;
using System.Text;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.ApiTokens;

public sealed record ApiTokenView(Guid Id, string Name, string Prefix, ApiScopes Scopes, string CreatedBy, DateTime CreatedAt,
    DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A token just created: the only moment its secret exists outside the caller's hands.</summary>
public sealed record CreatedApiToken(ApiTokenView Token, string Secret);

/// <summary>What each scope lets a token do. A token never gets an administrator's powers, whoever created it.</summary>
public static class ApiTokenPermissions
{
    /// <summary>Reading protocols and what an agent may see.</summary>
    private static readonly Permission[] Read = [Permission.ViewHome, Permission.ViewOrgChart, Permission.ReadProtocols];

    /// <summary>
    /// Writing protocols as a manager does (author, approve, suggest), handling contacts, managing training and reading its
    /// records (a learning record store pulls the xAPI statements with it). No people, settings or tokens.
    /// </summary>
    private static readonly Permission[] Write =
        [.. Read, Permission.SuggestProtocolChanges, Permission.AuthorProtocols, Permission.ApproveProtocols, Permission.HandleContacts,
            Permission.ManageTraining, Permission.ViewTrainingRecords];

    public static bool Allows(ApiScopes scopes, Permission permission) =>
        (scopes.HasFlag(ApiScopes.Write) ? Write : scopes.HasFlag(ApiScopes.Read) ? Read : []).Contains(permission)
        || (scopes.HasFlag(ApiScopes.Audit) && permission == Permission.ViewAudit);

    /// <summary>The role a token's caller is shown with (GET /api/v1/me): the role whose powers the scopes resemble.</summary>
    public static Role RoleFor(ApiScopes scopes) => scopes.HasFlag(ApiScopes.Write) ? Role.Manager : Role.Agent;
}

/// <summary>
/// Per-organisation API tokens: created and revoked by admins, shown once, stored as SHA-256 only.
/// A token reads as <c>pauta_&lt;8 characters&gt;_&lt;43 characters&gt;</c>: the first part (kept as the prefix) tells tokens apart
/// in lists and logs, the last is 32 random bytes.
/// </summary>
public sealed class ApiTokensService(PautaDbContext db, CurrentMember current, TimeProvider time)
{
    public const string TokenStart = "pauta_";
    public const int MaxNameLength = 100;
    private const string PrefixAlphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<Outcome<IReadOnlyList<ApiTokenView>>> ListAsync(CancellationToken ct)
    {
        if (!CanManage) return Outcome<IReadOnlyList<ApiTokenView>>.Forbidden();
        var list = await Views(db.ApiTokens).ToListAsync(ct);
        return Outcome<IReadOnlyList<ApiTokenView>>.Ok(list);
    }

    private IQueryable<ApiTokenView> Views(IQueryable<ApiToken> tokens) =>
        tokens.AsNoTracking().OrderBy(t => t.RevokedAt != null).ThenByDescending(t => t.CreatedAt)
            .Select(t => new ApiTokenView(t.Id, t.Name, t.Prefix, t.Scopes,
                db.Users.Where(u => u.Id == t.CreatedByUserId).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                t.CreatedAt, t.LastUsedAt, t.RevokedAt));

    /// <summary>Only a person signed in as an admin manages tokens: a token cannot mint or revoke tokens.</summary>
    private bool CanManage => current.ApiTokenId is null && current.Can(Permission.ManageApiTokens);

    public async Task<Outcome<CreatedApiToken>> CreateAsync(string? name, ApiScopes scopes, CancellationToken ct)
    {
        if (!CanManage) return Outcome<CreatedApiToken>.Forbidden();
        var problems = OrganisationRules.CheckName(name, "Name", MaxNameLength).ToList();
        if (scopes == ApiScopes.None || (scopes & ~(ApiScopes.Read | ApiScopes.Write | ApiScopes.Audit)) != 0)
            problems.Add(new Problem("Scopes", "ApiTokens.ScopesRequired"));
        if (problems.Count > 0) return Outcome<CreatedApiToken>.Invalid(problems);

        var prefix = TokenStart + RandomNumberGenerator.GetString(PrefixAlphabet, 8);
        var secret = $"{prefix}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        var token = new ApiToken
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Name = name!.Trim(),
            Prefix = prefix,
            TokenHash = Hash(secret),
            Scopes = scopes,
            CreatedByUserId = current.UserId,
            CreatedAt = Now,
        };
        db.ApiTokens.Add(token);
        db.Audit(current.UserId, "api-token.created", nameof(ApiToken), token.Id, $"{token.Name} ({prefix}, {scopes})");
        await db.SaveChangesAsync(ct);
        var view = await Views(db.ApiTokens.Where(t => t.Id == token.Id)).SingleAsync(ct);
        return Outcome<CreatedApiToken>.Ok(new CreatedApiToken(view, secret));
    }

    /// <summary>Revoking is final and takes effect on the next request on every node (tokens are checked in the database each time).</summary>
    public async Task<Outcome<ApiTokenView>> RevokeAsync(Guid id, CancellationToken ct)
    {
        if (!CanManage) return Outcome<ApiTokenView>.Forbidden();
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == id, ct);
        if (token is null) return Outcome<ApiTokenView>.NotFound();
        if (token.RevokedAt is null)
        {
            token.RevokedAt = Now;
            db.Audit(current.UserId, "api-token.revoked", nameof(ApiToken), token.Id, $"{token.Name} ({token.Prefix})");
            await db.SaveChangesAsync(ct);
        }
        return Outcome<ApiTokenView>.Ok(await Views(db.ApiTokens.Where(t => t.Id == id)).SingleAsync(ct));
    }

    /// <summary>The stored form of a token: lower-case hex SHA-256 of its UTF-8 text.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Whether a presented value has a token's shape, so garbage never reaches the database.</summary>
    public static bool LooksLikeToken(string value) =>
        value.Length is > 20 and < 200 && value.StartsWith(TokenStart, StringComparison.Ordinal) &&
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
