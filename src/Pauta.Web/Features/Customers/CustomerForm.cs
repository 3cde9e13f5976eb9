namespace Pauta.Web.Features.Customers;

/// <summary>The customer form of the new and edit pages; the service checks every rule, the attributes only name the fields.</summary>
public sealed class CustomerForm
{
    [Display(Name = "Field.Name")] public string? Name { get; set; }
    [Display(Name = "Field.Email")] public string? Email { get; set; }
    [Display(Name = "Field.Phone")] public string? Phone { get; set; }
    [Display(Name = "Field.CustomerLanguage")] public string? Language { get; set; }
    public int Version { get; set; }
    /// <summary>The person says a customer with the same name is another one (new customers only).</summary>
    public bool SameNameIsAnother { get; set; }

    public CustomerInput ToInput() => new(Name, Email, Phone, Language);

    public static CustomerForm From(CustomerView c) => new()
    {
        Name = c.Name, Email = c.Email, Phone = c.Phone, Language = c.Language, Version = c.Version,
    };
}

/// <summary>A page that shows <c>_Form</c>.</summary>
public interface ICustomerFormPage
{
    CustomerForm Input { get; }
}
