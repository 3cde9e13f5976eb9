namespace Pauta.Web.Features.Customers;

public static class CustomersApi
{
    /// <summary>A customer as sent to the API; <paramref name="Version"/> is the one read, for updates.</summary>
    public sealed record CustomerBody(string? Name, string? Email, string? Phone, string? Language, int Version = 0)
    {
        public CustomerInput ToInput() => new(Name, Email, Phone, Language);
    }

    public static void MapCustomersApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/customers").WithTags("Customers").RequireAuthorization(nameof(Permission.HandleContacts));

        g.MapGet("", async (string? q, int? max, CustomersService s, CancellationToken ct) =>
                TypedResults.Ok(await s.SearchAsync(q, max ?? 50, ct)))
            .WithName("SearchCustomers").WithSummary("Customers whose name, e-mail or phone contains q (any case and accents), by name; max 1-200, default 50.");

        g.MapGet("/{id:guid}", async (Guid id, CustomersService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await s.GetAsync(id, ct) is { } c ? TypedResults.Ok(c) : Outcome<CustomerView>.NotFound().ToHttp(l, TypedResults.Ok))
            .ProducesOutcome<CustomerView>().WithName("GetCustomer");

        g.MapGet("/{id:guid}/contacts", async (Guid id, CustomersService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                await s.GetAsync(id, ct) is null
                    ? Outcome<IReadOnlyList<CustomerContactView>>.NotFound().ToHttp(l, TypedResults.Ok)
                    : TypedResults.Ok(await s.ContactsAsync(id, ct)))
            .ProducesOutcome<IReadOnlyList<CustomerContactView>>().WithName("ListCustomerContacts").WithSummary("The customer's contacts, newest first.");

        g.MapPost("", async (CustomerBody input, CustomersService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.CreateAsync(input.ToInput(), ct)).ToHttp(l, v => TypedResults.Created($"/api/v1/customers/{v.Id}", v)))
            .ProducesOutcome<CustomerView>(StatusCodes.Status201Created).WithName("CreateCustomer");

        g.MapPut("/{id:guid}", async (Guid id, CustomerBody input, CustomersService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.UpdateAsync(id, input.ToInput(), input.Version, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .ProducesOutcome<CustomerView>().WithName("UpdateCustomer").WithSummary("Changes the customer; send back the version you read (409 if someone saved first).");

        g.MapDelete("/{id:guid}/personal-data", async (Guid id, CustomerErasure s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.EraseAsync(id, ct)).ToHttp(l, v => TypedResults.Ok(v)))
            .RequireAuthorization(nameof(Permission.EraseCustomers))
            .ProducesOutcome<ErasureResult>().WithName("EraseCustomerPersonalData")
            .WithSummary("Erases the customer's personal data (name, e-mail, phone, contact reasons and notes, survey comments, the audit log's " +
                         "personal text); the contacts and the audit log stay and still verify. Refused (400) while a contact with the customer is " +
                         "open. Erasing again changes nothing (alreadyErased). Owners and admins, signed in (docs/audit.md, \"Erasure\").");
    }
}
