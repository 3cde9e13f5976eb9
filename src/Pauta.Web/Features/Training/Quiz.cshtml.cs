using System.Globalization;
using System.Text.RegularExpressions;

namespace Pauta.Web.Features.Training;

/// <summary>
/// /training/courses/{protocolId}/quiz: start an attempt, answer the drawn questions (radio groups, one fieldset each),
/// hand them in and see the result at once with the explanations; on a fail, when the next attempt may start (in the
/// organisation's time zone) or that none are left.
/// </summary>
[Authorize(Policy = nameof(Permission.TakeTraining))]
public sealed partial class QuizModel(CoursesService courses, IStringLocalizer<SharedResource> l) : PageModel
{
    /// <summary>More answer fields than any paper could hold is not a quiz form.</summary>
    public const int MaxAnswerFields = 200;

    [BindProperty(SupportsGet = true)] public Guid ProtocolId { get; set; }
    /// <summary>A handed-in attempt to show the result of.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Attempt { get; set; }
    public CourseView Course { get; private set; } = null!;
    /// <summary>The open attempt being answered, or the handed-in one whose result is shown.</summary>
    public AttemptView? Current { get; private set; }
    /// <summary>What the person chose, to keep the radios checked when the form comes back with errors.</summary>
    public IReadOnlyDictionary<int, string> Chosen { get; private set; } = new Dictionary<int, string>();
    public bool Focused { get; private set; }

    public string CourseUrl => $"/training/courses/{ProtocolId}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var load = await LoadAsync(ct);
        if (load is not null) return load;
        Focused = Attempt is not null || TempData.Peek("Flash") is not null || Request.Query.ContainsKey("from");
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var course = await courses.CourseAsync(ProtocolId, ct);
        if (course.Failure == Failure.NotFound) return NotFound();
        if (!course.Succeeded) return Forbid();
        Course = course.Value!;
        if (Attempt is { } id)
        {
            var attempt = await courses.AttemptAsync(id, ct);
            if (!attempt.Succeeded || attempt.Value!.ProtocolId != ProtocolId) return NotFound();
            Current = attempt.Value;
        }
        else if (Course.Quiz.OpenAttemptId is { } open)
        {
            var attempt = await courses.AttemptAsync(open, ct);
            if (attempt.Succeeded) Current = attempt.Value;
        }
        return null;
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        var started = await courses.StartAttemptAsync(ProtocolId, ct);
        switch (started.Failure)
        {
            case Failure.None:
                return Redirect(CourseUrl + "/quiz");
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Invalid:
            case Failure.Conflict:
                return await WithProblemsAsync(started.Problems, started.Failure, ct);
            default:
                throw new ArgumentOutOfRangeException(nameof(started));
        }
    }

    public async Task<IActionResult> OnPostSubmitAsync(Guid attemptId, CancellationToken ct)
    {
        var (answers, problems, chosen) = ReadAnswers(Request.Form);
        // Only checked radios are sent: the form says how many questions it showed, and the rest are unanswered.
        if (int.TryParse(Request.Form["questions"], NumberStyles.None, CultureInfo.InvariantCulture, out var shown) && shown <= MaxAnswerFields)
            while (answers.Count < shown) answers.Add(null);
        Chosen = chosen;
        var outcome = problems.Count > 0 ? Outcome<AttemptView>.Invalid(problems) : await courses.SubmitAsync(attemptId, answers, ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                return Redirect($"{CourseUrl}/quiz?attempt={attemptId}");
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Invalid:
            case Failure.Conflict:
                Attempt = null;
                return await WithProblemsAsync(outcome.Problems, outcome.Failure, ct, attemptId);
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome));
        }
    }

    private async Task<IActionResult> WithProblemsAsync(IReadOnlyList<Problem> problems, Failure failure, CancellationToken ct, Guid? attemptId = null)
    {
        ModelState.Clear();
        problems.AddTo(ModelState, l, "");
        Response.StatusCode = failure == Failure.Conflict ? 409 : 422;
        var load = await LoadAsync(ct);
        if (load is not null) return load;
        // Answers to somebody else's attempt, or to one of another course, are not found (nothing was written).
        if (attemptId is { } id && Current?.Id != id)
        {
            var attempt = await courses.AttemptAsync(id, ct);
            if (!attempt.Succeeded || attempt.Value!.ProtocolId != ProtocolId) return NotFound();
            Current = attempt.Value;
        }
        return Page();
    }

    [GeneratedRegex(@"^answers\[(\d{1,3})\]$", RegexOptions.CultureInvariant)]
    private static partial Regex AnswerField();

    /// <summary>
    /// The form's <c>answers[i]</c> fields as a list in the paper's order (a missing one is unanswered). A value that is
    /// not a whole number is a problem of its field; an index beyond any paper is a problem of the whole form.
    /// </summary>
    internal static (List<int?> Answers, List<Problem> Problems, Dictionary<int, string> Chosen) ReadAnswers(IFormCollection form)
    {
        var problems = new List<Problem>();
        var chosen = new Dictionary<int, string>();
        var values = new SortedDictionary<int, int?>();
        foreach (var (key, value) in form)
        {
            if (!key.StartsWith("answers", StringComparison.Ordinal)) continue;
            var match = AnswerField().Match(key);
            if (!match.Success || !int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var i) || i >= MaxAnswerFields)
            {
                problems.Add(new Problem("answers", "Training.Learner.Quiz.BadForm"));
                continue;
            }
            var text = value.Count == 1 ? value[0]?.Trim() ?? "" : null;
            chosen[i] = text ?? "";
            if (text is null) problems.Add(new Problem($"answers[{i}]", "Training.Learner.Quiz.OneAnswer", i + 1));
            else if (text.Length == 0) values[i] = null;
            else if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var option)) values[i] = option;
            else problems.Add(new Problem($"answers[{i}]", "Training.Learner.Quiz.UnknownOption", i + 1));
        }
        var count = values.Count == 0 && chosen.Count == 0 ? 0 : Math.Max(values.Keys.DefaultIfEmpty(-1).Max(), chosen.Keys.DefaultIfEmpty(-1).Max()) + 1;
        var answers = Enumerable.Range(0, count).Select(i => values.TryGetValue(i, out var v) ? v : null).ToList();
        return (answers, problems.DistinctBy(p => (p.Field, p.Code)).ToList(), chosen);
    }

}
