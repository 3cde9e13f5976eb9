using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Invitations;

public sealed record InvitationView(Guid Id, string Email, Role Role, string? Department, string? Position, DateTime CreatedAt, DateTime ExpiresAt);

public sealed record NewInvitation(string? Email, Role Role, Guid? DepartmentId, Guid? PositionId);

/// <summary>The link is returned once, at creation: only its hash is stored.</summary>
public sealed record CreatedInvitation(InvitationView Invitation, string Link, bool Emailed);

public sealed record InvitationToAccept(Guid OrganisationId, string OrganisationName, string Email, Role Role);

public sealed class InvitationsService(
    PautaDbContext db, CurrentMember current, UserManager<User> users, TimeProvider time, EmailSender email,
    IStringLocalizer<SharedResource> l, Training.TrainingAssignments training)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public Task<IReadOnlyList<InvitationView>> ListPendingAsync(CancellationToken ct) => PendingAsync(null, ct);

    /// <summary>Pending invitations, or only <paramref name="id"/>.</summary>
    private async Task<IReadOnlyList<InvitationView>> PendingAsync(Guid? id, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var rows = await db.Invitations.AsNoTracking()
            .Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now && (id == null || i.Id == id))
            .Select(i => new
            {
                i.Id, i.Email, i.Role, i.CreatedAt, i.ExpiresAt,
                Department = db.Departments.Where(d => d.Id == i.DepartmentId).Select(d => d.Name).FirstOrDefault(),
                Position = db.Positions.Where(p => p.Id == i.PositionId).Select(p => p.Title).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.CreatedAt)
            .Select(r => new InvitationView(r.Id, r.Email, r.Role, r.Department, r.Position, r.CreatedAt, r.ExpiresAt)).ToList();
    }

    public async Task<Outcome<CreatedInvitation>> CreateAsync(NewInvitation input, string baseUrl, CancellationToken ct)
    {
        if (!Enum.IsDefined(input.Role)) return Outcome<CreatedInvitation>.Invalid("Role", "Field.UnknownRole");
        if (!Permissions.CanInvite(current.Role, input.Role)) return Outcome<CreatedInvitation>.Forbidden();

        var problems = new List<Problem>();
        var address = input.Email?.Trim() ?? "";
        if (address.Length == 0) problems.Add(new Problem("Email", "Field.Required"));
        else if (address.Length > OrganisationRules.MaxEmailLength) problems.Add(new Problem("Email", "Field.TooLong", OrganisationRules.MaxEmailLength));
        else if (!IsEmail(address)) problems.Add(new Problem("Email", "Identity.InvalidEmail", address));
        else if (await users.FindByEmailAsync(address) is not null) problems.Add(new Problem("Email", "Identity.DuplicateEmail", address));
        if (input.DepartmentId is { } d && !await db.Departments.AnyAsync(x => x.Id == d, ct))
            problems.Add(new Problem("DepartmentId", "Field.UnknownDepartment"));
        if (input.PositionId is { } p && !await db.Positions.AnyAsync(x => x.Id == p, ct))
            problems.Add(new Problem("PositionId", "Field.UnknownPosition"));
        if (problems.Count > 0) return Outcome<CreatedInvitation>.Invalid(problems);

        var now = time.GetUtcNow().UtcDateTime;
        var normalized = users.NormalizeEmail(address);
        // Inviting the same address again replaces the earlier link: the old one stops working.
        foreach (var old in await db.Invitations.Where(i => i.NormalizedEmail == normalized && i.AcceptedAt == null && i.RevokedAt == null).ToListAsync(ct))
            old.RevokedAt = now;

        var token = NewToken();
        var invitation = new Invitation
        {
            Id = Guid.CreateVersion7(), Email = address, NormalizedEmail = normalized, Role = input.Role,
            DepartmentId = input.DepartmentId, PositionId = input.PositionId, TokenHash = Hash(token),
            InvitedByMemberId = current.MemberId, CreatedAt = now, ExpiresAt = now + Lifetime,
        };
        db.Invitations.Add(invitation);
        db.Audit(current.UserId, "invitation.created", nameof(Invitation), invitation.Id, $"{address} as {input.Role}");
        await db.SaveChangesAsync(ct);

        var link = $"{baseUrl}/invitations/accept?token={token}";
        var emailed = await email.TrySendAsync(address, l["Email.InvitationSubject", current.OrganisationName],
            l["Email.InvitationBody", current.DisplayName, current.OrganisationName, link], ct);
        var view = (await PendingAsync(invitation.Id, ct)).Single();
        return Outcome<CreatedInvitation>.Ok(new CreatedInvitation(view, link, emailed));
    }

    public async Task<Outcome<bool>> RevokeAsync(Guid id, CancellationToken ct)
    {
        if (!current.Can(Permission.InvitePeople)) return Outcome<bool>.Forbidden();
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == id && i.AcceptedAt == null && i.RevokedAt == null, ct);
        if (invitation is null) return Outcome<bool>.NotFound();
        invitation.RevokedAt = time.GetUtcNow().UtcDateTime;
        db.Audit(current.UserId, "invitation.revoked", nameof(Invitation), id, invitation.Email);
        await db.SaveChangesAsync(ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Looks an invitation up by its token, before anyone is signed in: the one cross-organisation read, by an unguessable hash.</summary>
    public async Task<Outcome<InvitationToAccept>> FindAsync(string? token, CancellationToken ct)
    {
        var (invitation, problem) = await LoadForAcceptAsync(token, ct);
        if (invitation is null) return Outcome<InvitationToAccept>.Invalid("", problem!);
        var name = await db.Organisations.IgnoreQueryFilters([PautaDbContext.TenantFilter])
            .Where(o => o.Id == invitation.OrganisationId).Select(o => o.Name).SingleAsync(ct);
        return Outcome<InvitationToAccept>.Ok(new InvitationToAccept(invitation.OrganisationId, name, invitation.Email, invitation.Role));
    }

    /// <summary>Creates the person's sign-in and membership and spends the invitation, all or nothing.</summary>
    public async Task<Outcome<User>> AcceptAsync(string? token, string? displayName, string? password, CancellationToken ct)
    {
        var (invitation, problem) = await LoadForAcceptAsync(token, ct);
        if (invitation is null) return Outcome<User>.Invalid("", problem!);
        var problems = OrganisationRules.CheckName(displayName, "DisplayName", OrganisationRules.MaxPersonNameLength).ToList();
        if (string.IsNullOrEmpty(password)) problems.Add(new Problem("Password", "Field.Required"));
        if (problems.Count > 0) return Outcome<User>.Invalid(problems);

        db.Tenant.Set(invitation.OrganisationId);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var user = new User
        {
            Id = Guid.CreateVersion7(), UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true,
            DisplayName = displayName!.Trim(), CreatedAt = now,
        };
        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded)
            return Outcome<User>.Invalid(created.Errors.Select(e => new Problem(IdentityField(e.Code), "Text", e.Description)));

        // The department or position may have been deleted since the invitation was sent: join without it.
        var departmentId = invitation.DepartmentId is { } d && await db.Departments.AnyAsync(x => x.Id == d, ct) ? d : (Guid?)null;
        var positionId = invitation.PositionId is { } p && await db.Positions.AnyAsync(x => x.Id == p, ct) ? p : (Guid?)null;
        var member = new Member
        {
            Id = Guid.CreateVersion7(), UserId = user.Id, Role = invitation.Role,
            DepartmentId = departmentId, PositionId = positionId, JoinedAt = now,
        };
        db.Members.Add(member);
        invitation.AcceptedAt = now;
        db.Audit(user.Id, "invitation.accepted", nameof(Invitation), invitation.Id, invitation.Email);
        await db.SaveChangesAsync(ct);
        // The newcomer's curriculum: the courses whose rules reach their role, department and position.
        await training.PersonChangedAsync(member.Id, ct);
        await tx.CommitAsync(ct);
        return Outcome<User>.Ok(user);
    }

    private async Task<(Invitation? Invitation, string? Problem)> LoadForAcceptAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return (null, "Invitation.Invalid");
        var hash = Hash(token);
        var invitation = await db.Invitations.IgnoreQueryFilters([PautaDbContext.TenantFilter])
            .SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        var now = time.GetUtcNow().UtcDateTime;
        return invitation switch
        {
            null => (null, "Invitation.Invalid"),
            { AcceptedAt: not null } => (null, "Invitation.Used"),
            { RevokedAt: not null } => (null, "Invitation.Revoked"),
            _ when invitation.ExpiresAt <= now => (null, "Invitation.Expired"),
            _ => (invitation, null),
        };
    }

    /// <summary>Which form field an Identity error belongs to.</summary>
    public static string IdentityField(string code) =>
        code.StartsWith("Password", StringComparison.Ordinal) ? "Password" :
        code.Contains("Email", StringComparison.Ordinal) || code.Contains("UserName", StringComparison.Ordinal) ? "Email" : "";

    public static bool IsEmail(string address) =>
        new EmailAddressAttribute().IsValid(address) && System.Net.Mail.MailAddress.TryCreate(address, out var parsed) &&
        parsed.Address == address && address.Split('@')[1].Contains('.');

    private static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
