namespace Pauta.Web.Features.Customers;

/// <summary>The customer list: a plain GET search form that also answers htmx's live requests with just the rows.</summary>
[Authorize(Policy = nameof(Permission.HandleContacts))]
public sealed class IndexModel(CustomersService service) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    public IReadOnlyList<CustomerView> Customers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Customers = await service.SearchAsync(Q, PageSize, ct);
        // htmx asks for the rows only; a history restore (cache miss on Back) needs the whole page.
        return Htmx.AsksForFragment(Request) ? Partial("_Customers", this) : Page();
    }
}
