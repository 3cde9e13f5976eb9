namespace Pauta.Web.Features.Customers;

[Authorize(Policy = nameof(Permission.HandleContacts))]
public sealed class NewModel(CustomersService service, IStringLocalizer<SharedResource> l) : PageModel, ICustomerFormPage
{
    [BindProperty] public CustomerForm Input { get; set; } = new();

    /// <summary>Existing customers with the name typed, offered instead of a second one.</summary>
    public IReadOnlyList<CustomerView> SameName { get; private set; } = [];

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.CreateAsync(Input.ToInput(), ct, sameNameIsAnother: Input.SameNameIsAnother);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Flash.CustomerCreated", outcome.Value!.Name].Value;
            return Redirect($"/customers/{outcome.Value.Id}");
        }
        outcome.Problems.AddTo(ModelState, l);
        if (outcome.Problems.Any(p => p.Code == "Customer.SameName")) SameName = await service.SameNameAsync(Input.Name, ct);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
