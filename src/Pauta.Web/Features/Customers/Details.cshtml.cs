namespace Pauta.Web.Features.Customers;

/// <summary>One customer: details, the edit form and their contacts, newest first.</summary>
[Authorize(Policy = nameof(Permission.HandleContacts))]
public sealed class DetailsModel(CustomersService service, CustomerErasure erasure, IStringLocalizer<SharedResource> l) : PageModel, ICustomerFormPage
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public CustomerForm Input { get; set; } = new();
    /// <summary>The customer's name as typed to confirm an erasure.</summary>
    [BindProperty, Display(Name = "Field.Name")] public string? EraseConfirmation { get; set; }
    /// <summary>The erase form is open: after a refused erasure, so its problem shows beside it.</summary>
    public bool EraseOpen { get; private set; }
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

    /// <summary>Erases the customer's personal data once their name is typed (any case or accents) to confirm.</summary>
    public async Task<IActionResult> OnPostEraseAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (!await LoadAsync(ct)) return NotFound();
        Input = CustomerForm.From(Customer);
        if (!Customer.Erased && !Pauta.Core.Customers.CustomerNames.Same(EraseConfirmation, Customer.Name))
        {
            ModelState.AddModelError(nameof(EraseConfirmation), l["Customers.EraseMismatch"]);
            return Refused(StatusCodes.Status422UnprocessableEntity);
        }
        var outcome = await erasure.EraseAsync(Id, ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                var r = outcome.Value!;
                TempData["Flash"] = l["Customers.ErasedDone", r.Contacts, r.Events, r.Surveys, r.FollowUps, r.AuditEntries].Value;
                return Redirect($"/customers/{Id}");
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Invalid:
            case Failure.Conflict:
                outcome.Problems.AddTo(ModelState, l);
                return Refused(outcome.Failure == Failure.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity);
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome));
        }
    }

    private PageResult Refused(int status)
    {
        EraseOpen = true;
        Response.StatusCode = status;
        return Page();
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
