namespace Pauta.Web.Features.Customers;

/// <summary>One customer: details, the edit form and their contacts, newest first.</summary>
[Authorize(Policy = nameof(Permission.HandleContacts))]
public sealed class DetailsModel(CustomersService service, IStringLocalizer<SharedResource> l) : PageModel, ICustomerFormPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public CustomerForm Input { get; set; } = new();
    public CustomerView Customer { get; private set; } = null!;
    public IReadOnlyList<CustomerContactView> Contacts { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Input = CustomerForm.From(Customer);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.UpdateAsync(Id, Input.ToInput(), Input.Version, ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData["Flash"] = l["Flash.Saved"].Value;
                return Redirect($"/customers/{Id}");
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Invalid:
            case Failure.Conflict:
                if (!await LoadAsync(ct)) return NotFound();
                outcome.Problems.AddTo(ModelState, l);
                if (outcome.Failure == Failure.Conflict)
                {
                    // Show what the other person saved, with its version, so saving again from this page can work.
                    Input = CustomerForm.From(Customer);
                    Response.StatusCode = StatusCodes.Status409Conflict;
                }
                else Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome));
        }
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var customer = await service.GetAsync(Id, ct);
        if (customer is null) return false;
        Customer = customer;
        Contacts = await service.ContactsAsync(Id, ct);
        return true;
    }
}
