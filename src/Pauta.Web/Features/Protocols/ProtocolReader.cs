namespace Pauta.Web.Features.Protocols;

/// <summary>
/// What reading a protocol needs beyond <see cref="ProtocolsService"/>: the organisation's brand for filling scripts,
/// and the printable documents (one protocol, a department's manual, a poster) built from published versions.
/// </summary>
public sealed partial class ProtocolReader(ProtocolsService protocols, PautaDbContext db, CurrentMember current)
{
    /// <summary>The name scripts say for {empresa}: the organisation's brand, else its name.</summary>
    public async Task<string> BrandAsync(CancellationToken ct)
    {
        var org = await db.Organisations.AsNoTracking().Where(o => o.Id == current.OrganisationId)
            .Select(o => new { o.BrandName, o.Name }).SingleOrDefaultAsync(ct);
        return org is null ? "" : string.IsNullOrWhiteSpace(org.BrandName) ? org.Name : org.BrandName;
    }

    /// <summary>The latest published version of every protocol the caller may read, of one department (all when null).</summary>
    public async Task<IReadOnlyList<VersionView>> PublishedAsync(string? department, CancellationToken ct)
    {
        var wanted = string.IsNullOrWhiteSpace(department) ? null : department.Trim();
        var result = new List<VersionView>();
        foreach (var summary in await protocols.ListAsync(includeArchived: false, ct))
        {
            if (summary.PublishedVersion == 0 || summary.Status == ProtocolStatus.Archived) continue;
            var version = await protocols.GetVersionAsync(summary.Id, null, ct);
            if (!version.Succeeded) continue;
            if (wanted is not null && !string.Equals(version.Value!.Protocol.Department.Trim(), wanted, StringComparison.OrdinalIgnoreCase)) continue;
            result.Add(version.Value!);
        }
        return result.OrderBy(v => v.Protocol.Department.Trim(), StringComparer.CurrentCulture)
            .ThenBy(v => v.Protocol.Title.Trim(), StringComparer.CurrentCulture).ToList();
    }
}
