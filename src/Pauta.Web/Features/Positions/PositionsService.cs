using Pauta.Data.Entities;

namespace Pauta.Web.Features.Positions;

public sealed record PositionView(Guid Id, string Title, Guid? DepartmentId, string? Department, Guid? ReportsToId, string? ReportsTo,
    IReadOnlyList<string> Holders, int Version);

public sealed record PositionInput(string? Title, Guid? DepartmentId, Guid? ReportsToId, int Version = 0);

public sealed class PositionsService(PautaDbContext db, CurrentMember current)
{
    public Task<IReadOnlyList<PositionView>> ListAsync(CancellationToken ct) => ViewsAsync(null, ct);

    public async Task<PositionView?> GetAsync(Guid id, CancellationToken ct) => (await ViewsAsync(id, ct)).SingleOrDefault();

    /// <summary>Every position, or only <paramref name="id"/>, with who holds it.</summary>
    private async Task<IReadOnlyList<PositionView>> ViewsAsync(Guid? id, CancellationToken ct)
    {
        var positions = await db.Positions.AsNoTracking().Where(p => id == null || p.Id == id)
            .Select(p => new { p.Id, p.Title, p.DepartmentId, Department = p.Department!.Name, p.ReportsToId, ReportsTo = p.ReportsTo!.Title, p.Version })
            .ToListAsync(ct);
        var holders = await db.Members.AsNoTracking().Where(m => m.PositionId != null && (id == null || m.PositionId == id))
            .Select(m => new { m.PositionId, m.User.DisplayName }).ToListAsync(ct);
        return positions.OrderBy(p => p.Title, StringComparer.CurrentCultureIgnoreCase)
            .Select(p => new PositionView(p.Id, p.Title, p.DepartmentId, p.Department, p.ReportsToId, p.ReportsTo,
                holders.Where(h => h.PositionId == p.Id).Select(h => h.DisplayName).Order().ToList(), p.Version))
            .ToList();
    }

    public Task<Outcome<PositionView>> CreateAsync(PositionInput input, CancellationToken ct) => SaveAsync(null, input, ct);

    public Task<Outcome<PositionView>> UpdateAsync(Guid id, PositionInput input, CancellationToken ct) => SaveAsync(id, input, ct);

    private async Task<Outcome<PositionView>> SaveAsync(Guid? id, PositionInput input, CancellationToken ct)
    {
        Position? position = null;
        if (id is not null)
        {
            position = await db.Positions.SingleOrDefaultAsync(p => p.Id == id, ct);
            if (position is null) return Outcome<PositionView>.NotFound();
        }
        var problems = await CheckAsync(id, input, ct);
        if (problems.Count > 0) return Outcome<PositionView>.Invalid(problems);

        if (position is null)
        {
            position = new Position { Id = Guid.CreateVersion7() };
            db.Positions.Add(position);
            db.Audit(current.UserId, "position.created", nameof(Position), position.Id, input.Title!.Trim());
        }
        else
        {
            if (position.Version != input.Version) return Outcome<PositionView>.Conflict();
            db.Entry(position).Property(p => p.Version).OriginalValue = input.Version;
            db.Audit(current.UserId, "position.updated", nameof(Position), position.Id,
                $"{position.Title} → {input.Title!.Trim()}; department {position.DepartmentId} → {input.DepartmentId}; reports to {position.ReportsToId} → {input.ReportsToId}");
        }
        position.Title = input.Title!.Trim();
        position.DepartmentId = input.DepartmentId;
        position.ReportsToId = input.ReportsToId;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome<PositionView>.Conflict(); }
        return Outcome<PositionView>.Ok((await GetAsync(position.Id, ct))!);
    }

    private async Task<List<Problem>> CheckAsync(Guid? id, PositionInput input, CancellationToken ct)
    {
        var problems = OrganisationRules.CheckName(input.Title, "Title").ToList();
        if (problems.Count == 0 && await db.Positions.AnyAsync(p => p.Title == input.Title!.Trim() && p.Id != id, ct))
            problems.Add(new Problem("Title", "Position.Duplicate", input.Title!.Trim()));
        if (input.DepartmentId is { } d && !await db.Departments.AnyAsync(x => x.Id == d, ct))
            problems.Add(new Problem("DepartmentId", "Field.UnknownDepartment"));
        if (input.ReportsToId is { } r)
        {
            // Reporting lines form a tree: a position cannot report to itself or to anyone below it.
            var parents = await db.Positions.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.ReportsToId, ct);
            if (!parents.ContainsKey(r)) problems.Add(new Problem("ReportsToId", "Field.UnknownPosition"));
            else if (id is not null && ReachesUp(r, id.Value, parents)) problems.Add(new Problem("ReportsToId", "Position.Cycle"));
        }
        return problems;
    }

    private static bool ReachesUp(Guid start, Guid target, IReadOnlyDictionary<Guid, Guid?> parents)
    {
        var seen = new HashSet<Guid>();
        for (Guid? at = start; at is { } a && seen.Add(a); at = parents.GetValueOrDefault(a))
            if (a == target) return true;
        return false;
    }

    public async Task<Outcome<bool>> DeleteAsync(Guid id, CancellationToken ct)
    {
        var position = await db.Positions.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (position is null) return Outcome<bool>.NotFound();
        var holders = await db.Members.CountAsync(m => m.PositionId == id, ct);
        var reports = await db.Positions.CountAsync(p => p.ReportsToId == id, ct);
        if (holders + reports > 0) return Outcome<bool>.Invalid("", "Position.InUse", position.Title, holders, reports);
        db.Positions.Remove(position);
        db.Audit(current.UserId, "position.deleted", nameof(Position), id, position.Title);
        await db.SaveChangesAsync(ct);
        return Outcome<bool>.Ok(true);
    }
}
