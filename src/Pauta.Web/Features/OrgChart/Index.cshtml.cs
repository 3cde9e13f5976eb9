namespace Pauta.Web.Features.OrgChart;

[Authorize(Policy = nameof(Permission.ViewOrgChart))]
public sealed class IndexModel(OrgChartService service) : PageModel
{
    public Chart Chart { get; private set; } = new([], []);

    public async Task OnGetAsync(CancellationToken ct) => Chart = await service.GetAsync(ct);
}
