using Pauta.Core.Protocols;
using Pauta.Core.Training;
using Pauta.Web.Features.Protocols;

namespace Pauta.Web.Features.Training;

/// <summary>
/// /training/courses/{protocolId}/lessons/{key}: one lesson, rendered from the course's published version, with "Mark as
/// done and continue" (a plain POST that works without JavaScript; htmx boosts it) and previous / next.
/// </summary>
[Authorize(Policy = nameof(Permission.TakeTraining))]
public sealed class LessonModel(CoursesService courses, ProtocolReader reader, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProtocolId { get; set; }
    [BindProperty(SupportsGet = true)] public string Key { get; set; } = "";
    public LessonPage Lesson { get; private set; } = null!;
    public ScriptValues Samples { get; private set; } = new();
    public IReadOnlyList<SectionDiff> Changes { get; private set; } = [];
    public bool Focused { get; private set; }

    public string CourseUrl => $"/training/courses/{ProtocolId}";

    public string UrlOf(string key) => key == CourseOutline.QuizKey ? CourseUrl + "/quiz" : $"{CourseUrl}/lessons/{Uri.EscapeDataString(key)}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Key == CourseOutline.QuizKey) return Redirect(CourseUrl + "/quiz");
        var page = await courses.LessonAsync(ProtocolId, Key, ct);
        if (page.Failure == Failure.NotFound) return NotFound();
        if (!page.Succeeded) return Forbid();
        Lesson = page.Value!;
        Samples = ProtocolText.KnownValues(Lesson.Protocol, await reader.BrandAsync(ct));
        if (Lesson.Previous is { } previous) Changes = CourseOutline.Changes(previous, Lesson.Protocol, Words.ForDiff(l));
        Focused = TempData.Peek("Flash") is not null || Request.Query.ContainsKey("from");
        // The lessons of a protocol with an embedded video let its players into their policy; no other page does.
        VideoPolicy.AllowFor(Response, StepMedia.AllSteps(Lesson.Protocol));
        return Page();
    }

    public async Task<IActionResult> OnPostDoneAsync(CancellationToken ct)
    {
        var done = await courses.MarkDoneAsync(ProtocolId, Key, ct);
        switch (done.Failure)
        {
            case Failure.None:
                // "from" tells the next page it follows an action, so it takes the focus to its heading.
                return Redirect(done.Value is { } next ? UrlOf(next) + "?from=" + Uri.EscapeDataString(Key) : CourseUrl + "?stay=1");
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Invalid:
            case Failure.Conflict:
                return Redirect(CourseUrl + "?stay=1");
            default:
                throw new ArgumentOutOfRangeException(nameof(done));
        }
    }

    public Microsoft.AspNetCore.Html.IHtmlContent Script(Script script) => ProtocolText.Html(script, Lesson.Protocol, Samples);
}
