using Pauta.Web.Features.Organisation;

namespace Pauta.Web.Features.Home;

public sealed class IndexModel(OrganisationService organisation, TimeProvider time) : PageModel
{
    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
    public WeeklyHoursView Hours { get; private set; } = null!;
    public OrganisationSettings Settings { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Settings = await organisation.GetAsync(ct);
        Hours = await organisation.GetHoursAsync(ct);
    }
}
