namespace Pauta.Web.Features.OrgChart;

public sealed record ChartPerson(Guid Id, string Name, Role Role);

public sealed record ChartNode(Guid Id, string Title, string? Department, IReadOnlyList<ChartPerson> Holders, IReadOnlyList<ChartNode> Reports);

public sealed record Chart(IReadOnlyList<ChartNode> Roots, IReadOnlyList<ChartPerson> WithoutPosition);

/// <summary>Who is responsible for what: the tree of positions by reports-to line, with who holds each.</summary>
public sealed class OrgChartService(PautaDbContext db)
{
    public async Task<Chart> GetAsync(CancellationToken ct)
    {
        var positions = await db.Positions.AsNoTracking()
            .Select(p => new { p.Id, p.Title, p.ReportsToId, Department = p.Department!.Name }).ToListAsync(ct);
        var people = await db.Members.AsNoTracking()
            .Select(m => new { m.Id, m.User.DisplayName, m.Role, m.PositionId }).ToListAsync(ct);
        var ids = positions.Select(p => p.Id).ToHashSet();
        var children = positions.ToLookup(p => p.ReportsToId is { } r && ids.Contains(r) ? r : (Guid?)null);

        ChartNode Build(Guid id, string title, string? department, HashSet<Guid> path) => new(id, title, department,
            people.Where(m => m.PositionId == id).OrderBy(m => m.DisplayName).Select(m => new ChartPerson(m.Id, m.DisplayName, m.Role)).ToList(),
            children[id].Where(c => path.Add(c.Id)).OrderBy(c => c.Title).Select(c => Build(c.Id, c.Title, c.Department, path)).ToList());

        var seen = new HashSet<Guid>();
        var roots = children[null].OrderBy(p => p.Title).Where(p => seen.Add(p.Id)).Select(p => Build(p.Id, p.Title, p.Department, seen)).ToList();
        var without = people.Where(m => m.PositionId is null).OrderBy(m => m.Role).ThenBy(m => m.DisplayName)
            .Select(m => new ChartPerson(m.Id, m.DisplayName, m.Role)).ToList();
        return new Chart(roots, without);
    }
}
