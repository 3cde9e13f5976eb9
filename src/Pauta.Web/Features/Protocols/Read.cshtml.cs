using System.Globalization;
using Microsoft.AspNetCore.Html;
using Pauta.Core.Protocols;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// The protocol as everyone reads it: the latest published version (/protocols/{id}) or any one (/protocols/{id}/v/{n}),
/// optionally narrowed to one channel, with its flowchart and the form to suggest a change.
/// Both routes are thin pages over this one model (Read.cshtml and ReadVersion.cshtml).
/// </summary>
[Authorize(Policy = nameof(Permission.ReadProtocols))]
public sealed class ReadModel(ProtocolsService protocols, ProtocolReader reader, PublishedProtocols published, CurrentMember current,
    IStringLocalizer<SharedResource> l) : PageModel
{
    public VersionView Version { get; private set; } = null!;
    public Protocol Protocol => Version.Protocol;
    public IReadOnlyList<VersionSummary> Versions { get; private set; } = [];
    public int LatestNumber => Versions.Count == 0 ? Version.Number : Versions.Max(v => v.Number);
    public bool IsLatest => Version.Number == LatestNumber;

    /// <summary>The channel the page is narrowed to; null shows every channel.</summary>
    public Channels? Channel { get; private set; }

    private string brand = "";
    private ScriptValues? samples;
    public ScriptValues Samples => samples ??= ProtocolText.KnownValues(Protocol, brand);
    /// <summary>Whether the page draws the flowchart, and so loads the diagram library: only when there is a flow.</summary>
    public bool DrawsFlowchart => Protocol.Steps.Count > 0;
    public string Flowchart => ProtocolFlow.Of(Protocol.Steps).ToMermaid(Protocol.Language);
    public bool CanSuggest => current.Can(Permission.SuggestProtocolChanges);

    [BindProperty] public SuggestInput Input { get; set; } = new();

    public sealed class SuggestInput
    {
        [Display(Name = "Read.Suggest.Step")] public string? StepKey { get; set; }
        [Display(Name = "Read.Suggest.Text")] public string? Text { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, int? n, string? channel, string? suggest, CancellationToken ct)
    {
        if (!await LoadAsync(id, n, channel, ct)) return NotFound();
        Input.StepKey = suggest;
        return Page();
    }

    public async Task<IActionResult> OnPostSuggestAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await protocols.SuggestAsync(id, Input.StepKey, Input.Text, ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData["Flash"] = l["Read.Suggest.Sent"].Value;
                return Redirect($"/protocols/{id}");
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Invalid:
            case Failure.Conflict:
                // The service names fields as the API does ("text"); the form's inputs are Input.Text and Input.StepKey.
                outcome.Problems.Select(p => p with { Field = p.Field.Length == 0 ? "" : char.ToUpperInvariant(p.Field[0]) + p.Field[1..] })
                    .AddTo(ModelState, l);
                if (!await LoadAsync(id, null, null, ct)) return NotFound();
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            default:
                throw new ArgumentOutOfRangeException(nameof(id), outcome.Failure, null);
        }
    }

    private async Task<bool> LoadAsync(Guid id, int? n, string? channel, CancellationToken ct)
    {
        var reading = await protocols.ReadingAsync(id, n, ct);
        if (!reading.Succeeded) return false;
        (Version, Versions) = reading.Value;
        Channel = ProtocolText.ParseChannel(channel) is { } c && (Protocol.Channels & c) == c ? c : null;
        brand = await reader.BrandAsync(ct);
        (Currency, CalendarNames) = await reader.ReadingReferencesAsync(ct);
        handoffs = Protocol.Steps.Concat(Protocol.ContingencyPlans.SelectMany(x => x.Steps)).Any(s => s.Handoff is not null)
            || Protocol.Steps.Any(s => s.SharedFrom is not null) || Protocol.ContingencyPlans.Any(x => x.SharedFrom is not null)
            ? (await published.CurrentAllAsync(ct)).Concat(await published.CurrentSharedSectionsAsync(ct)).ToList() : [];
        if (DrawsFlowchart) FlowchartPolicy.AllowDiagramStyles(Response);
        VideoPolicy.AllowFor(Response, StepMedia.AllSteps(Protocol));
        return true;
    }

    /// <summary>This page's URL narrowed to <paramref name="channel"/> (null: every channel).</summary>
    public string ChannelUrl(Channels? channel)
    {
        var path = RouteData.Values.ContainsKey("n") ? $"/protocols/{Version.ProtocolId}/v/{Version.Number}" : $"/protocols/{Version.ProtocolId}";
        return channel is { } c ? $"{path}?channel={ProtocolText.Slug(c)}" : path;
    }

    /// <summary>
    /// The version's body (purpose to service levels), rendered by <paramref name="render"/> once per node for everyone who
    /// reads it in the same language, narrowed to the same channel, under the same brand and with the same right to suggest.
    /// </summary>
    public Task<IHtmlContent> BodyAsync(Func<Task<IHtmlContent>> render)
    {
        var variant = string.Join('\n', CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name,
            Channel is { } c ? ProtocolText.Slug(c) : "*", brand, CanSuggest ? "suggest" : "read", Currency,
            string.Join(",", CalendarNames.Select(kv => kv.Key + "=" + kv.Value)), string.Join(",", handoffs.Select(h => $"{h.ProtocolId:N}:{h.Title}")));
        return published.RenderedBodyAsync(Version.ProtocolId, Version.Number, variant, render);
    }

    public Microsoft.AspNetCore.Html.IHtmlContent Script(Script script) => ProtocolText.Html(script, Protocol, Samples);

    /// <summary>The organisation's currency: escalation amounts without their own are in it.</summary>
    public string Currency { get; private set; } = "EUR";

    /// <summary>The organisation's calendars by key, so a target names the calendar people know.</summary>
    public IReadOnlyDictionary<string, string> CalendarNames { get; private set; } = new Dictionary<string, string>();

    private IReadOnlyList<PublishedVersion> handoffs = [];

    /// <summary>The page of the protocol a step hands off to (by title); null when no published protocol has that title.</summary>
    public string? HandoffUrl(string title) =>
        handoffs.FirstOrDefault(v => v.Protocol.Kind == ProtocolKind.Protocol && string.Equals(v.Title, title.Trim(), StringComparison.CurrentCultureIgnoreCase))
            is { } v ? $"/protocols/{v.ProtocolId}" : null;

    /// <summary>A shared section's title from its key, or the key when it is no longer published.</summary>
    public string SharedSectionTitle(string key) =>
        handoffs.FirstOrDefault(v => v.Protocol.Kind == ProtocolKind.SharedSection && SharedSectionExpansion.KeyOf(v.Title) == key)?.Title ?? key;

    /// <summary>Every step a suggestion can name: the main flow, then each plan's.</summary>
    public IEnumerable<Step> SuggestableSteps => Protocol.Steps.Concat(Protocol.ContingencyPlans.SelectMany(p => p.Steps));
}
