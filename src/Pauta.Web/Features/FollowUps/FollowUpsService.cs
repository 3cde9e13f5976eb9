using Pauta.Data.Entities;

namespace Pauta.Web.Features.FollowUps;

public sealed record FollowUpView(Guid Id, Guid ContactId, FollowUpKind Kind, DateTime DueAt, string Note, string ContactReason, int Version);

/// <summary>What a person must do after a contact: agents' follow-ups and supervisors' service recoveries, on their home page.</summary>
public sealed class FollowUpsService(PautaDbContext db, CurrentMember current, TimeProvider time)
{
    public async Task<IReadOnlyList<FollowUpView>> MineAsync(CancellationToken ct) =>
        await db.FollowUps.AsNoTracking()
            .Where(f => f.AssignedUserId == current.UserId && f.DoneAt == null)
            .OrderBy(f => f.DueAt)
            .Select(f => new FollowUpView(f.Id, f.ContactId, f.Kind, f.DueAt, f.Note,
                db.Contacts.Where(c => c.Id == f.ContactId).Select(c => c.Reason).First(), f.Version))
            .ToListAsync(ct);

    /// <summary>Only the assignee closes a follow-up; anyone else's id is simply not found.</summary>
    public async Task<Outcome<bool>> DoneAsync(Guid id, int version, CancellationToken ct)
    {
        var f = await db.FollowUps.SingleOrDefaultAsync(x => x.Id == id && x.AssignedUserId == current.UserId, ct);
        if (f is null) return Outcome<bool>.NotFound();
        if (f.Version != version) return Outcome<bool>.Conflict();
        if (f.DoneAt is not null) return Outcome<bool>.Ok(true);
        f.DoneAt = time.GetUtcNow().UtcDateTime;
        db.Entry(f).Property(x => x.Version).OriginalValue = version;
        db.Audit(current.UserId, "followup.done", "Contact", f.ContactId, f.Kind.ToString());
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome<bool>.Conflict(); }
        return Outcome<bool>.Ok(true);
    }
}
