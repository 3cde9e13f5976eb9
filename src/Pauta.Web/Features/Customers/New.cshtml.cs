namespace Pauta.Web.Features.Customers;

[Authorize(Policy = nameof(Permission.HandleContacts))]
public sealed class NewModel(CustomersService service, IStringLocalizer<SharedResource> l) : PageModel, ICustomerFormPage
{
    [BindProperty] public CustomerForm Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.CreateAsync(Input.ToInput(), ct);
        if (outcome.Succeeded)
        {
            TempData["Flash"] = l["Flash.CustomerCreated", outcome.Value!.Name].Value;
            return Redirect($"/customers/{outcome.Value.Id}");
        }
        outcome.Problems.AddTo(ModelState, l);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
