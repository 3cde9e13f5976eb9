using Pauta.Core.Protocols;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// Every protocol a person may read, by department. Managers also see the drafts, reviews and archived ones with
/// where each stands; everyone else sees what is published.
/// </summary>
[Authorize(Policy = nameof(Permission.ReadProtocols))]
public sealed class IndexModel(ProtocolsService protocols, CurrentMember current, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Department { get; set; }

    public bool Manages => current.Can(Permission.AuthorProtocols);
    public IReadOnlyList<IGrouping<string, ProtocolSummary>> Groups { get; private set; } = [];
    public IReadOnlyList<string> Departments { get; private set; } = [];
    public int Total { get; private set; }
    public DateTime UtcNow { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        UtcNow = time.GetUtcNow().UtcDateTime;
        // An unknown status in the address is ignored rather than refused: it is a filter, not data.
        ProtocolStatus? status = Manages && Enum.TryParse<ProtocolStatus>(Status, out var s) && Enum.IsDefined(s) && !int.TryParse(Status, out _) ? s : null;
        Status = status?.ToString();
        var list = await protocols.ListAsync(includeArchived: status == ProtocolStatus.Archived, ct);
        Total = list.Count;
        Departments = list.Select(p => p.Department).Distinct().Order(StringComparer.CurrentCultureIgnoreCase).ToList();
        if (!string.IsNullOrEmpty(Department) && !Departments.Contains(Department)) Department = null;
        var shown = list.Where(p => status is null || p.Status == status)
            .Where(p => string.IsNullOrEmpty(Department) || p.Department == Department);
        Groups = shown.GroupBy(p => p.Department).OrderBy(g => g.Key, StringComparer.CurrentCultureIgnoreCase).ToList();
    }
}
