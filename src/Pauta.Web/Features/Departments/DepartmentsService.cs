using Pauta.Data.Entities;

namespace Pauta.Web.Features.Departments;

public sealed record DepartmentView(Guid Id, string Name, int Positions, int People, int Version);

public sealed class DepartmentsService(PautaDbContext db, CurrentMember current)
{
    public async Task<IReadOnlyList<DepartmentView>> ListAsync(CancellationToken ct) =>
        await Views(db.Departments.OrderBy(d => d.Name)).ToListAsync(ct);

    public Task<DepartmentView?> GetAsync(Guid id, CancellationToken ct) =>
        Views(db.Departments.Where(d => d.Id == id)).FirstOrDefaultAsync(ct);

    private IQueryable<DepartmentView> Views(IQueryable<Department> departments) =>
        departments.AsNoTracking().Select(d => new DepartmentView(d.Id, d.Name,
            db.Positions.Count(p => p.DepartmentId == d.Id),
            db.Members.Count(m => m.DepartmentId == d.Id), d.Version));

    public async Task<Outcome<DepartmentView>> CreateAsync(string? name, CancellationToken ct)
    {
        var problems = OrganisationRules.CheckName(name, "Name").ToList();
        if (problems.Count > 0) return Outcome<DepartmentView>.Invalid(problems);
        var trimmed = name!.Trim();
        if (await db.Departments.AnyAsync(d => d.Name == trimmed, ct))
            return Outcome<DepartmentView>.Invalid("Name", "Department.Duplicate", trimmed);

        var department = new Department { Id = Guid.CreateVersion7(), Name = trimmed };
        db.Departments.Add(department);
        db.Audit(current.UserId, "department.created", nameof(Department), department.Id, trimmed);
        await db.SaveChangesAsync(ct);
        return Outcome<DepartmentView>.Ok(new DepartmentView(department.Id, department.Name, 0, 0, department.Version));
    }

    public async Task<Outcome<DepartmentView>> RenameAsync(Guid id, string? name, int version, CancellationToken ct)
    {
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (department is null) return Outcome<DepartmentView>.NotFound();
        var problems = OrganisationRules.CheckName(name, "Name").ToList();
        if (problems.Count > 0) return Outcome<DepartmentView>.Invalid(problems);
        var trimmed = name!.Trim();
        if (await db.Departments.AnyAsync(d => d.Name == trimmed && d.Id != id, ct))
            return Outcome<DepartmentView>.Invalid("Name", "Department.Duplicate", trimmed);
        if (department.Version != version) return Outcome<DepartmentView>.Conflict();

        db.Audit(current.UserId, "department.renamed", nameof(Department), id, $"{department.Name} → {trimmed}");
        department.Name = trimmed;
        db.Entry(department).Property(d => d.Version).OriginalValue = version;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return Outcome<DepartmentView>.Conflict(); }
        return Outcome<DepartmentView>.Ok((await GetAsync(id, ct))!);
    }

    /// <summary>A department still used by positions or people is not deleted: the person is told what to move first.</summary>
    public async Task<Outcome<bool>> DeleteAsync(Guid id, CancellationToken ct)
    {
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Id == id, ct);
        if (department is null) return Outcome<bool>.NotFound();
        var positions = await db.Positions.CountAsync(p => p.DepartmentId == id, ct);
        var people = await db.Members.CountAsync(m => m.DepartmentId == id, ct);
        if (positions + people > 0) return Outcome<bool>.Invalid("", "Department.InUse", department.Name, positions, people);

        db.Departments.Remove(department);
        db.Audit(current.UserId, "department.deleted", nameof(Department), id, department.Name);
        await db.SaveChangesAsync(ct);
        return Outcome<bool>.Ok(true);
    }
}
