namespace Pauta.Web.Features.Contacts;

/// <summary>
/// Starting a contact: the channel, the reason in the customer's words, who the customer is; Pauta suggests the
/// protocols that fit as the agent types (htmx), or on "Suggest" without JavaScript; any published protocol can be chosen.
/// The form carries the new contact's id, so submitting twice starts one contact.
/// </summary>
[Authorize(Policy = nameof(Permission.HandleContacts))]
public sealed class NewModel(ContactRunService runs, ProtocolCatalog catalog, Protocols.PublishedProtocols published, Customers.CustomersService customers, IStringLocalizer<SharedResource> l)
    : PageModel
{
    public sealed class StartForm
    {
        public Guid Id { get; set; }
        public Channels Channel { get; set; } = Channels.InPerson;
        [Display(Name = "Contact.Reason")] public string? Reason { get; set; }
        [Display(Name = "Contact.Protocol")] public Guid? ProtocolId { get; set; }
        /// <summary>A protocol picked from the full list: it wins over the suggestion ticked above it.</summary>
        [Display(Name = "Contact.OrChoose")] public Guid? OtherProtocolId { get; set; }
        /// <summary>An existing customer (from the customer's page); otherwise a new one may be named.</summary>
        public Guid? CustomerId { get; set; }
        [Display(Name = "Contact.CustomerName")] public string? CustomerName { get; set; }
        [Display(Name = "Contact.CustomerLanguage")] public string? CustomerLanguage { get; set; }
    }

    [BindProperty(SupportsGet = true)] public StartForm Input { get; set; } = new();

    public IReadOnlyList<ContactSuggestion> Suggestions { get; private set; } = [];
    public IReadOnlyList<Protocols.PublishedVersion> Protocols { get; private set; } = [];
    public Customers.CustomerView? Customer { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (Input.Id == Guid.Empty) Input.Id = Guid.CreateVersion7();
        await LoadAsync(ct);
    }

    /// <summary>Just the suggestions, as the agent types.</summary>
    public async Task<IActionResult> OnGetSuggestionsAsync(CancellationToken ct)
    {
        ModelState.Clear();
        Suggestions = await catalog.SuggestAsync(Input.Reason, Input.Channel, 5, ct);
        return Partial("_Suggestions", this);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await runs.StartAsync(new StartContactInput(Input.Id, Input.Channel, Input.Reason, Input.OtherProtocolId ?? Input.ProtocolId,
            Input.CustomerId, Input.CustomerId is null ? Input.CustomerName : null, Input.CustomerLanguage), ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                return Redirect($"/contacts/{outcome.Value!.Id}");
            case Failure.Forbidden:
                return Forbid();
            default:
                outcome.Problems.AddTo(ModelState, l);
                // A conflict here means the form's id is taken: a fresh one lets the agent simply submit again.
                if (outcome.Failure == Failure.Conflict) Input.Id = Guid.CreateVersion7();
                Response.StatusCode = outcome.Failure == Failure.Conflict ? 409 : 422;
                await LoadAsync(ct);
                return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Protocols = await published.CurrentAllAsync(ct);
        Customer = Input.CustomerId is { } id ? await customers.GetAsync(id, ct) : null;
        if (Customer is null) Input.CustomerId = null;
        Suggestions = await catalog.SuggestAsync(Input.Reason, Input.Channel, 5, ct);
    }

    /// <summary>The reason with the matched words marked, HTML-encoded.</summary>
    public static string Marked(string reason, IReadOnlyList<Pauta.Core.Suggestions.MatchedWord> words)
    {
        var html = new System.Text.StringBuilder();
        var at = 0;
        foreach (var w in words.Where(w => w.Start >= 0 && w.Start + w.Length <= reason.Length).OrderBy(w => w.Start))
        {
            if (w.Start < at) continue;
            html.Append(System.Net.WebUtility.HtmlEncode(reason[at..w.Start]));
            html.Append("<mark>").Append(System.Net.WebUtility.HtmlEncode(reason.Substring(w.Start, w.Length))).Append("</mark>");
            at = w.Start + w.Length;
        }
        return html.Append(System.Net.WebUtility.HtmlEncode(reason[at..])).ToString();
    }
}
