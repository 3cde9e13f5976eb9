using Microsoft.AspNetCore.RateLimiting;

namespace Pauta.Web.Features.Surveys;

/// <summary>The customer's survey page: no sign-in, shown in the language of the invitation.</summary>
[AllowAnonymous]
[EnableRateLimiting(Startup.SignInRateLimit)]
public sealed class SurveyModel(SurveysService service, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public SurveyForm Input { get; set; } = new();
    public SurveyToAnswer? Survey { get; private set; }
    public string? Problem { get; private set; }
    public bool Thanked { get; private set; }
    public bool AskReason => Input.Score is <= SurveysService.LowScore;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => Show(await service.FindAsync(Token, ct));

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear();
        var outcome = await service.AnswerAsync(Token, new SurveyAnswer(Input.Score, Input.Comment, Input.Reason), ct);
        if (outcome.Succeeded)
        {
            Survey = outcome.Value;
            Thanked = true;
            return Page();
        }
        if (outcome.Failure == Failure.Invalid && outcome.Problems.All(p => p.Field.Length > 0))
        {
            Survey = outcome.Value;
            outcome.Problems.AddTo(ModelState, l);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        return Show(outcome);
    }

    private IActionResult Show(Outcome<SurveyToAnswer> found)
    {
        if (found.Failure == Failure.NotFound) return NotFound();
        Survey = found.Value;
        if (!found.Succeeded)
        {
            Problem = l[found.Problems[0].Code].Value;
            Response.StatusCode = found.Failure == Failure.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status410Gone;
        }
        return Page();
    }


}

public sealed class SurveyForm
{
    [Display(Name = "Survey.Score")] public int? Score { get; set; }
    [Display(Name = "Survey.Comment")] public string? Comment { get; set; }
    [Display(Name = "Survey.Reason")] public string? Reason { get; set; }
}
