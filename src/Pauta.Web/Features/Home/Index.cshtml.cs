using Pauta.Web.Features.FollowUps;
using Pauta.Web.Features.Organisation;
using Pauta.Web.Features.Protocols;

namespace Pauta.Web.Features.Home;

public sealed class IndexModel(OrganisationService organisation, ProtocolsService protocols, FollowUpsService followUps, TimeProvider time,
    IStringLocalizer<SharedResource> l, Training.TrainingAssignments training, CurrentMember me)
    : PageModel
{
    /// <summary>How far ahead the manager's home looks for reviews coming due.</summary>
    public static readonly TimeSpan ReviewHorizon = TimeSpan.FromDays(14);

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
    public WeeklyHoursView Hours { get; private set; } = null!;
    public OrganisationSettings Settings { get; private set; } = null!;
    public IReadOnlyList<ProtocolsService.DueReview> DueReviews { get; private set; } = [];
    public int OpenSuggestions { get; private set; }
    public IReadOnlyList<AwaitingApproval> AwaitingMe { get; private set; } = [];
    public IReadOnlyList<FollowUpView> FollowUps { get; private set; } = [];
    /// <summary>The person's open training assignments, the earliest due first.</summary>
    public IReadOnlyList<Training.AssignmentView> TrainingDue { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Settings = await organisation.GetAsync(ct);
        Hours = await organisation.GetHoursAsync(ct);
        DueReviews = await protocols.DueForReviewAsync(ReviewHorizon, ct);
        AwaitingMe = await protocols.AwaitingMeAsync(ct);
        OpenSuggestions = (await protocols.ListSuggestionsAsync(null, openOnly: true, ct)).Count;
        FollowUps = await followUps.MineAsync(ct);
        if (me.Can(Permission.TakeTraining)) TrainingDue = await training.MineOpenAsync(ct);
    }

    public async Task<IActionResult> OnPostFollowUpDoneAsync(Guid id, int version, CancellationToken ct)
    {
        var outcome = await followUps.DoneAsync(id, version, ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData["Flash"] = l["FollowUps.DoneFlash"].Value;
                return RedirectToPage();
            case Failure.Conflict:
                return StatusCode(StatusCodes.Status409Conflict);
            default:
                return NotFound();
        }
    }

    /// <summary>The owner's one action: the protocol still matches how we work, so its next review moves on.</summary>
    public async Task<IActionResult> OnPostVerifyAsync(Guid id, CancellationToken ct)
    {
        var outcome = await protocols.VerifyAsync(id, ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData["Flash"] = outcome.Value is { } next
                    ? l["Home.Verified", HttpContext.RequestServices.GetRequiredService<CurrentMember>().ToLocal(next).ToString("d")].Value
                    : l["Home.VerifiedNoCadence"].Value;
                return RedirectToPage();
            case Failure.Forbidden:
                return Forbid();
            default:
                return NotFound();
        }
    }
}
