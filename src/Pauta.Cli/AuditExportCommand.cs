using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Data;
using Pauta.Data.Audit;
using Pauta.Data.Tenancy;

namespace Pauta.Cli;

/// <summary>
/// `pauta audit export --org &lt;id|name&gt; --out &lt;file&gt;`: writes an organisation's audit bundle straight from the
/// database (like `pauta db`), the same bundle the audit page downloads. Exit codes: 0 written, 1 no such organisation or
/// nothing signed yet, 2 the file cannot be written.
/// </summary>
public static class AuditExportCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string organisation, FileInfo output, TextWriter stdout, TextWriter stderr,
        CancellationToken ct)
    {
        Guid id;
        await using (var lookup = services.CreateAsyncScope())
        {
            var db = lookup.ServiceProvider.GetRequiredService<PautaDbContext>();
            var all = db.Organisations.IgnoreQueryFilters([PautaDbContext.TenantFilter]).AsNoTracking();
            var found = Guid.TryParse(organisation, out var given)
                ? await all.Where(o => o.Id == given).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(ct)
                : (await all.Select(o => new { o.Id, o.Name }).ToListAsync(ct))
                    .Where(o => string.Equals(o.Name, organisation.Trim(), StringComparison.OrdinalIgnoreCase)).Select(o => (Guid?)o.Id).FirstOrDefault();
            if (found is not { } f)
            {
                stderr.WriteLine($"pauta audit export: no organisation \"{organisation}\" (give its id or its exact name).");
                return 1;
            }
            id = f;
        }

        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Tenant>().Set(id);
        var export = new AuditExport(scope.ServiceProvider.GetRequiredService<PautaDbContext>());
        if (!await export.CanExportAsync(ct))
        {
            stderr.WriteLine("pauta audit export: the organisation has no signed checkpoint yet (the server signs one within seconds of a change).");
            return 1;
        }
        var partial = output.FullName + ".partial";
        try
        {
            long entries;
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                entries = await export.WriteAsync(file, ct);
            File.Move(partial, output.FullName, overwrite: true);
            stdout.WriteLine($"Wrote {entries} entries of organisation {id:D} to {output}.");
            return 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(partial); } catch (IOException) { }
            stderr.WriteLine($"pauta audit export: cannot write {output} ({ex.Message}).");
            return 2;
        }
    }
}
