using SubChannels = Pauta.Core.Protocols.SubChannels;

namespace Pauta.Web.Features.Contacts;

/// <summary>
/// Starting a contact: the channel, the reason in the customer's words, who the customer is; Pauta suggests the
/// protocols that fit as the agent types (htmx), or on "Suggest" without JavaScript; any published protocol can be chosen.
/// The form carries the new contact's id, so submitting twice starts one contact.
/// </summary>
[Authorize(Policy = nameof(Permission.HandleContacts))]
public sealed class NewModel(ContactRunService runs, ProtocolCatalog catalog, Protocols.PublishedProtocols published, Customers.CustomersService customers,
    Training.TrainingGateService gate, CurrentMember me, PautaDbContext db, Microsoft.Extensions.Caching.Memory.IMemoryCache cache,
    IStringLocalizer<SharedResource> l)
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
        /// <summary>The agent says a customer with the name typed is another one: a new customer is recorded.</summary>
        public bool SameNameIsAnother { get; set; }
        /// <summary>The contact's site: the agent's own by default; offered only when the organisation has sites.</summary>
        [Display(Name = "Contact.Site")] public Guid? SiteId { get; set; }
        /// <summary>Which kind of electronic contact; read only for the electronic channel.</summary>
        [Display(Name = "Contact.SubChannel")] public SubChannels SubChannel { get; set; }
        /// <summary>When the request arrived, if earlier than now: a local date and time in the site's zone.</summary>
        [Display(Name = "Contact.ReceivedDate")] public DateOnly? ReceivedDate { get; set; }
        [Display(Name = "Contact.ReceivedTime")] public TimeOnly? ReceivedTime { get; set; }
        [Display(Name = "Contact.ReceivedReason")] public string? ReceivedReason { get; set; }
    }

    /// <summary>The sub-channels an electronic contact may name, in the order the form offers them.</summary>
    public static readonly IReadOnlyList<SubChannels> SubChannelChoices = [SubChannels.Chat, SubChannels.Email, SubChannels.Social, SubChannels.WhatsApp];

    /// <summary>The organisation's sites a contact can belong to (not archived); empty when it has none and the select is not shown.</summary>
    public IReadOnlyList<(Guid Id, string Name)> Sites { get; private set; } = [];

    [BindProperty(SupportsGet = true)] public StartForm Input { get; set; } = new();

    public IReadOnlyList<ContactSuggestion> Suggestions { get; private set; } = [];

    /// <summary>What the training gate says about the suggested protocols for the signed-in person (why one is blocked or warned).</summary>
    public IReadOnlyDictionary<Guid, Pauta.Core.Training.GateDecision> Gates { get; private set; } = new Dictionary<Guid, Pauta.Core.Training.GateDecision>();

    /// <summary>Whether the signed-in person may allow an untrained contact themselves (a link to /training/allow).</summary>
    public bool CanAllow => me.Can(Permission.AllowUntrainedContact);
    public IReadOnlyList<Protocols.PublishedVersion> Protocols { get; private set; } = [];
    public Customers.CustomerView? Customer { get; private set; }

    /// <summary>Existing customers with the name typed, offered instead of recording the same customer twice.</summary>
    public IReadOnlyList<Customers.CustomerView> SameName { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (Input.Id == Guid.Empty) Input.Id = Guid.CreateVersion7();
        // The agent's own site by default (an archived one is not offered, so none is chosen then).
        Input.SiteId ??= await db.Members.AsNoTracking().Where(m => m.Id == me.MemberId).Select(m => m.SiteId).SingleOrDefaultAsync(ct);
        await LoadAsync(ct);
    }

    /// <summary>Just the suggestions, as the agent types.</summary>
    public async Task<IActionResult> OnGetSuggestionsAsync(CancellationToken ct)
    {
        ModelState.Clear();
        await SuggestAsync(ct);
        return Partial("_Suggestions", this);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        if (Input.CustomerId is null && !Input.SameNameIsAnother)
        {
            // A retried start finds the customer it recorded itself (under the contact's id): that one is no other customer.
            SameName = (await customers.SameNameAsync(Input.CustomerName, ct)).Where(c => c.Id != Input.Id).ToList();
            if (SameName.Count > 0)
            {
                ModelState.AddModelError("Input.CustomerName", l["Customer.SameName", SameName[0].Name]);
                Response.StatusCode = 422;
                await LoadAsync(ct);
                return Page();
            }
        }
        var (receivedAt, receivedProblem) = await ReceivedAtAsync(ct);
        if (receivedProblem is not null)
        {
            new[] { receivedProblem }.AddTo(ModelState, l);
            Response.StatusCode = 422;
            await LoadAsync(ct);
            return Page();
        }
        var outcome = await runs.StartAsync(new StartContactInput(Input.Id, Input.Channel, Input.Reason, Input.OtherProtocolId ?? Input.ProtocolId,
            Input.CustomerId, Input.CustomerId is null ? Input.CustomerName : null, Input.CustomerLanguage, Input.SiteId,
            Input.Channel == Channels.Electronic ? Input.SubChannel : SubChannels.None, receivedAt,
            string.IsNullOrWhiteSpace(Input.ReceivedReason) ? null : Input.ReceivedReason.Trim()), ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                return Redirect($"/contacts/{outcome.Value!.Id}");
            case Failure.Forbidden when outcome.Problems.Count == 0:
                return Forbid();
            default:
                // The run speaks of the received instant; the form asks for its date and time, and shows the problem at the date.
                outcome.Problems.Select(p => p.Field == "receivedAt" ? p with { Field = "receivedDate" } : p).AddTo(ModelState, l);
                // A conflict here means the form's id is taken: a fresh one lets the agent simply submit again.
                if (outcome.Failure == Failure.Conflict) Input.Id = Guid.CreateVersion7();
                Response.StatusCode = outcome.Failure switch { Failure.Conflict => 409, Failure.Forbidden => 403, _ => 422 };
                await LoadAsync(ct);
                return Page();
        }
    }

    /// <summary>
    /// The received date and time read in the site's zone (the organisation's without a site); a date without a time,
    /// or a local time the zone skips (the night clocks move forward), is a problem on that field. Whether the instant is
    /// in the allowed range and has a reason is the run's rule (Core), answered field by field like every other problem.
    /// </summary>
    private async Task<(DateTimeOffset? At, Problem? Problem)> ReceivedAtAsync(CancellationToken ct)
    {
        if (Input.ReceivedDate is null && Input.ReceivedTime is null) return (null, null);
        if (Input.ReceivedDate is not { } date) return (null, new Problem("receivedDate", "Field.Required"));
        if (Input.ReceivedTime is not { } time) return (null, new Problem("receivedTime", "Field.Required"));
        var zone = (await OrganisationCalendar.ContactCalendarsAsync(db, cache, me.OrganisationId, Input.SiteId, ct)).Site.TimeZone;
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local)) return (null, new Problem("receivedTime", "Contact.ReceivedTimeSkipped"));
        return (new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero), null);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sites = (await db.Sites.AsNoTracking().Where(s => !s.IsArchived).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(ct))
            .Select(s => (s.Id, s.Name)).ToList();
        if (Sites.Count == 0 || Input.SiteId is { } site && Sites.All(s => s.Id != site)) Input.SiteId = null;
        Protocols = await published.CurrentAllAsync(ct);
        Customer = Input.CustomerId is { } id ? await customers.GetAsync(id, ct) : null;
        if (Customer is null) Input.CustomerId = null;
        await SuggestAsync(ct);
    }

    private async Task SuggestAsync(CancellationToken ct)
    {
        Suggestions = await catalog.SuggestAsync(Input.Reason, Input.Channel, 5, ct, Input.CustomerId);
        Gates = await gate.DecideAllAsync(me.MemberId, Suggestions.Select(s => s.ProtocolId).Distinct().ToList(), ct);
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
