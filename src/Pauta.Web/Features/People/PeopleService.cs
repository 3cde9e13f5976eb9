using Microsoft.AspNetCore.Identity;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.People;

public sealed record PersonView(Guid Id, string DisplayName, string Email, Role Role, Guid? DepartmentId, string? Department,
    Guid? PositionId, string? Position, DateTime JoinedAt, bool LockedOut, int Version, Guid? SiteId = null, string? Site = null);

/// <summary>A person's role, department, position and site (an active site; null: the organisation as a whole), as a whole: a field left out is cleared.</summary>
public sealed record PersonInput(Role Role, Guid? DepartmentId, Guid? PositionId, int Version, Guid? SiteId = null);

/// <summary>People of the organisation: roles, department and position, removal, ownership and reset links.</summary>
public sealed class PeopleService(PautaDbContext db, CurrentMember current, UserManager<User> users, TimeProvider time,
    Training.TrainingAssignments training)
{
    public Task<IReadOnlyList<PersonView>> ListAsync(CancellationToken ct) => ViewsAsync(null, ct);

    public async Task<PersonView?> GetAsync(Guid id, CancellationToken ct) => (await ViewsAsync(id, ct)).SingleOrDefault();

    /// <summary>Everyone, or only <paramref name="id"/>.</summary>
    private async Task<IReadOnlyList<PersonView>> ViewsAsync(Guid? id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var rows = await db.Members.AsNoTracking().Where(m => id == null || m.Id == id)
            .Select(m => new
            {
                m.Id, m.User.DisplayName, m.User.Email, m.Role, m.DepartmentId, Department = m.Department!.Name,
                m.PositionId, Position = m.Position!.Title, m.JoinedAt, m.User.LockoutEnd, m.Version, m.SiteId, Site = m.Site!.Name,
            })
            .ToListAsync(ct);
        return rows.OrderBy(r => r.Role).ThenBy(r => r.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .Select(r => new PersonView(r.Id, r.DisplayName, r.Email ?? "", r.Role, r.DepartmentId, r.Department, r.PositionId,
                r.Position, r.JoinedAt, r.LockoutEnd > now, r.Version, r.SiteId, r.SiteId is null ? null : r.Site))
            .ToList();
    }

    public async Task<Outcome<PersonView>> UpdateAsync(Guid id, PersonInput input, CancellationToken ct)
    {
        var member = await db.Members.SingleOrDefaultAsync(m => m.Id == id, ct);
        if (member is null) return Outcome<PersonView>.NotFound();
        if (!Enum.IsDefined(input.Role)) return Outcome<PersonView>.Invalid("Role", "Field.UnknownRole");
        if (input.Role != member.Role && !Permissions.CanAssign(current.Role, member.Role, input.Role))
            return Outcome<PersonView>.Forbidden();
        if (!current.Can(Permission.ChangeRoles)) return Outcome<PersonView>.Forbidden();
        // Only the owner edits the owner's department and position; admins edit everyone else.
        if (member.Role == Role.Owner && current.Role != Role.Owner) return Outcome<PersonView>.Forbidden();

        var problems = new List<Problem>();
        if (input.DepartmentId is { } d && !await db.Departments.AnyAsync(x => x.Id == d, ct))
            problems.Add(new Problem("DepartmentId", "Field.UnknownDepartment"));
        if (input.PositionId is { } p && !await db.Positions.AnyAsync(x => x.Id == p, ct))
            problems.Add(new Problem("PositionId", "Field.UnknownPosition"));
        // An archived site keeps the people it has but takes no new ones.
        if (input.SiteId is { } site && site != member.SiteId && !await db.Sites.AnyAsync(x => x.Id == site && !x.IsArchived, ct))
            problems.Add(new Problem("SiteId", "Sites.UnknownSite"));
        if (problems.Count > 0) return Outcome<PersonView>.Invalid(problems);
        if (member.Version != input.Version) return Outcome<PersonView>.Conflict();

        db.Audit(current.UserId, "person.updated", nameof(Member), id,
            $"role {member.Role} → {input.Role}; department {member.DepartmentId} → {input.DepartmentId}; position {member.PositionId} → {input.PositionId}; site {member.SiteId} → {input.SiteId}");
        // A new role ends the person's sessions: they sign in again and see what the role now allows.
        if (member.Role != input.Role) await NewSecurityStampAsync(member.UserId, ct);
        var moved = member.Role != input.Role || member.DepartmentId != input.DepartmentId || member.PositionId != input.PositionId;
        member.Role = input.Role;
        member.DepartmentId = input.DepartmentId;
        member.PositionId = input.PositionId;
        member.SiteId = input.SiteId;
        db.Entry(member).Property(m => m.Version).OriginalValue = input.Version;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateConcurrencyException) { return Outcome<PersonView>.Conflict(); }
            // Their curriculum follows the move: new courses from the rules that reach them now, pending ones they left behind removed.
            if (moved) await training.PersonChangedAsync(id, ct);
            await tx.CommitAsync(ct);
        }
        return Outcome<PersonView>.Ok((await GetAsync(id, ct))!);
    }

    /// <summary>Removes a person and their sign-in. Never the owner, never oneself, and admins only by the owner.</summary>
    public async Task<Outcome<bool>> RemoveAsync(Guid id, CancellationToken ct)
    {
        var member = await db.Members.Include(m => m.User).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (member is null) return Outcome<bool>.NotFound();
        if (!current.Can(Permission.RemovePeople) || member.Role == Role.Owner ||
            (member.Role == Role.Admin && !current.Can(Permission.AssignAdminRole)))
            return Outcome<bool>.Forbidden();
        if (member.Id == current.MemberId) return Outcome<bool>.Invalid("", "People.CannotRemoveSelf");

        db.Audit(current.UserId, "person.removed", nameof(Member), id, $"{member.User.DisplayName} <{member.User.Email}> {member.Role}");
        db.Members.Remove(member);
        db.Users.Remove(member.User);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // Their training rows go with the membership (cascade); this keeps the rule in one place should removal ever keep the row.
        await training.PersonChangedAsync(id, ct);
        await tx.CommitAsync(ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>The owner hands ownership to another member and becomes an admin, in one save.</summary>
    public async Task<Outcome<bool>> TransferOwnershipAsync(Guid toMemberId, CancellationToken ct)
    {
        if (!current.Can(Permission.TransferOwnership)) return Outcome<bool>.Forbidden();
        var target = await db.Members.SingleOrDefaultAsync(m => m.Id == toMemberId, ct);
        if (target is null) return Outcome<bool>.NotFound();
        if (target.Id == current.MemberId) return Outcome<bool>.Invalid("", "People.AlreadyOwner");
        var me = await db.Members.SingleAsync(m => m.Id == current.MemberId, ct);
        me.Role = Role.Admin;
        target.Role = Role.Owner;
        // The new owner's sessions end (the former owner's current session carries on, reading the new role per request).
        await NewSecurityStampAsync(target.UserId, ct);
        db.Audit(current.UserId, "ownership.transferred", nameof(Member), target.Id, $"{me.Id} → {target.Id}");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // Both changed role: courses assigned by role follow.
        await training.PersonChangedAsync(me.Id, ct);
        await training.PersonChangedAsync(target.Id, ct);
        await tx.CommitAsync(ct);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>Ends every session of a person at their next request, saved with the caller's change.</summary>
    private async Task NewSecurityStampAsync(Guid userId, CancellationToken ct)
    {
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        user.SecurityStamp = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
    }

    /// <summary>
    /// A password-reset link an admin copies to a person when no mail server is configured.
    /// The link carries Identity's single-use, expiring token; it is never stored.
    /// </summary>
    public async Task<Outcome<string>> CreateResetLinkAsync(Guid id, string baseUrl, CancellationToken ct)
    {
        if (!current.Can(Permission.IssuePasswordResetLinks)) return Outcome<string>.Forbidden();
        var member = await db.Members.Include(m => m.User).SingleOrDefaultAsync(m => m.Id == id, ct);
        if (member is null) return Outcome<string>.NotFound();
        if (member.Role == Role.Owner && current.Role != Role.Owner) return Outcome<string>.Forbidden();
        var token = await users.GeneratePasswordResetTokenAsync(member.User);
        db.Audit(current.UserId, "person.reset-link", nameof(Member), id, member.User.Email ?? "");
        await db.SaveChangesAsync(ct);
        return Outcome<string>.Ok(ResetLink(baseUrl, member.User.Email!, token));
    }

    public static string ResetLink(string baseUrl, string email, string token) =>
        $"{baseUrl}/account/reset-password?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}";
}
