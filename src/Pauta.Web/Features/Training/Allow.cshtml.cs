using Pauta.Data.Entities;

namespace Pauta.Web.Features.Training;

/// <summary>
/// /training/allow: a supervisor allows one agent one contact on a protocol the training gate blocks for them, with a reason.
/// Pick the agent first (GET ?agent=), then one of the protocols blocked for them; below, the recent overrides with who
/// allowed whom, when, why, the contact that used each, and how many each agent has on each protocol.
/// </summary>
[Authorize(Policy = nameof(Permission.AllowUntrainedContact))]
public sealed class AllowModel(GateOverridesService overrides, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "agent")] public Guid? Agent { get; set; }
    [BindProperty(SupportsGet = true, Name = "protocol"), Display(Name = "Training.Allow.Protocol")] public Guid? Protocol { get; set; }
    [BindProperty, Display(Name = "Training.Allow.Reason")] public string? Reason { get; set; }

    public IReadOnlyList<(Guid MemberId, string Name)> Agents { get; private set; } = [];
    public IReadOnlyList<BlockedChoice> Blocked { get; private set; } = [];
    public IReadOnlyList<GateOverrideDto> Recent { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ModelState.Clear();
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await overrides.GrantAsync(new GrantOverrideInput(Agent, Protocol, Reason), ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData["Flash"] = l["Training.Allow.Granted", outcome.Value!.Agent, outcome.Value.Protocol].Value;
                return RedirectToPage();
            case Failure.Forbidden:
                return Forbid();
        }
        foreach (var p in outcome.Problems)
            ModelState.AddModelError(p.Field switch { "agentMemberId" => "agent", "protocolId" => "Protocol", "reason" => "Reason", _ => "" }, p.Message(l));
        Response.StatusCode = outcome.Failure == Failure.NotFound ? 404 : 422;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Agents = await overrides.AgentsAsync(ct);
        if (Agent is { } a && Agents.All(x => x.MemberId != a)) Agent = null;
        Blocked = Agent is { } agent ? await overrides.BlockedForAsync(agent, ct) : [];
        Recent = await overrides.ListAsync(null, null, ct);
    }
}
