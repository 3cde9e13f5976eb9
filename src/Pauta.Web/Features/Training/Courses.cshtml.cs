namespace Pauta.Web.Features.Training;

/// <summary>/training/courses: every published protocol with its course, and "Create course" for those without one.</summary>
[Authorize(Policy = nameof(Permission.ManageTraining))]
public sealed class CoursesModel(CoursesService courses, IStringLocalizer<SharedResource> l) : PageModel
{
    public IReadOnlyList<CourseCandidate> Candidates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var list = await courses.CandidatesAsync(ct);
        if (!list.Succeeded) return Forbid();
        Candidates = list.Value!;
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(Guid protocolId, CancellationToken ct)
    {
        var created = await courses.CreateAsync(protocolId, ct);
        switch (created.Failure)
        {
            case Failure.None:
                TempData["Flash"] = created.Value.Created ? l["Training.Learner.Courses.Created"].Value : l["Training.Learner.Courses.Exists"].Value;
                return Redirect($"/training/courses/{protocolId}");
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Invalid:
            case Failure.Conflict:
                return RedirectToPage();
            default:
                throw new ArgumentOutOfRangeException(nameof(created));
        }
    }
}
