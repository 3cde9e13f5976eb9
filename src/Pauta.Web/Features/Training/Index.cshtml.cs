namespace Pauta.Web.Features.Training;

/// <summary>/training: the caller's courses with where they stand, due dates and refreshers.</summary>
[Authorize(Policy = nameof(Permission.TakeTraining))]
public sealed class IndexModel(CoursesService courses, TimeProvider time) : PageModel
{
    public IReadOnlyList<MyCourseView> Courses { get; private set; } = [];
    public DateTime UtcNow { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var mine = await courses.MineAsync(ct);
        if (!mine.Succeeded) return Forbid();
        Courses = mine.Value!;
        UtcNow = time.GetUtcNow().UtcDateTime;
        return Page();
    }
}
