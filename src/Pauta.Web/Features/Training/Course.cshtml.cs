using Pauta.Core.Training;

namespace Pauta.Web.Features.Training;

/// <summary>
/// /training/courses/{protocolId}: the lessons with their ticks, "continue where you left off", the quiz status and the
/// acknowledgement; managers also get the settings form. A person who acknowledged an older version is sent to what
/// changed first.
/// </summary>
[Authorize(Policy = nameof(Permission.TakeTraining))]
public sealed class CourseModel(CoursesService courses, IStringLocalizer<SharedResource> l) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid ProtocolId { get; set; }
    public CourseView Course { get; private set; } = null!;
    [BindProperty] public SettingsForm Input { get; set; } = new();
    public bool Focused { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var course = await courses.CourseAsync(ProtocolId, ct);
        if (course.Failure == Failure.NotFound) return NotFound();
        if (!course.Succeeded) return Forbid();
        Course = course.Value!;
        // Opens on what changed for somebody who acknowledged an older version and has not read it yet.
        if (Course.Lessons.FirstOrDefault() is { Kind: LessonKind.Changes, Done: false } && Request.Query["stay"].Count == 0)
            return Redirect($"/training/courses/{ProtocolId}/lessons/{CourseOutline.ChangesKey}");
        Input = SettingsForm.Of(Course.Settings);
        Focused = TempData.Peek("Flash") is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostSettingsAsync(CancellationToken ct)
    {
        var problems = Input.Parse(out var input);
        var outcome = problems.Count > 0 ? Outcome<CourseView>.Invalid(problems) : await courses.SaveSettingsAsync(ProtocolId, input!, ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData["Flash"] = l["Flash.Saved"].Value;
                return Redirect($"/training/courses/{ProtocolId}?stay=1");
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Invalid:
            case Failure.Conflict:
                // After a conflict the form shows what the other manager saved, with its version, so saving again works.
                return await RefusedAsync(outcome.Problems, outcome.Failure, "Input", keepForm: outcome.Failure != Failure.Conflict, ct);
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome));
        }
    }

    public async Task<IActionResult> OnPostAcknowledgeAsync(int version, CancellationToken ct)
    {
        var outcome = await courses.AcknowledgeAsync(ProtocolId, version, ct);
        switch (outcome.Failure)
        {
            case Failure.None:
                TempData["Flash"] = l["Training.Learner.Ack.Done", outcome.Value!.VersionNumber].Value;
                return Redirect($"/training/courses/{ProtocolId}?stay=1");
            case Failure.NotFound:
                return NotFound();
            case Failure.Forbidden:
                return Forbid();
            case Failure.Invalid:
            case Failure.Conflict:
                return await RefusedAsync(outcome.Problems, outcome.Failure, "", keepForm: false, ct);
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome));
        }
    }

    /// <summary>The course page again with the refusal's messages (409 for a conflict, else 422), as the course stands now.</summary>
    /// <param name="keepForm">Keep the settings as typed (a field error); otherwise show the stored ones.</param>
    private async Task<IActionResult> RefusedAsync(IReadOnlyList<Problem> problems, Failure failure, string prefix, bool keepForm, CancellationToken ct)
    {
        ModelState.Clear();
        problems.AddTo(ModelState, l, prefix);
        Response.StatusCode = failure == Failure.Conflict ? 409 : 422;
        var now = await courses.CourseAsync(ProtocolId, ct);
        if (!now.Succeeded) return NotFound();
        Course = now.Value!;
        if (!keepForm) Input = SettingsForm.Of(Course.Settings);
        return Page();
    }
}

/// <summary>The settings form as typed: numbers arrive as text, so a letter is a field error rather than a silent zero.</summary>
public sealed class SettingsForm
{
    [Display(Name = "Training.Learner.Settings.Attempts")] public string? AttemptsAllowed { get; set; }
    [Display(Name = "Training.Learner.Settings.Wait")] public string? WaitMinutes { get; set; }
    [Display(Name = "Training.Learner.Settings.PerAttempt")] public string? QuestionsPerAttempt { get; set; }
    [Display(Name = "Training.Learner.Settings.Shuffle")] public bool ShuffleOptions { get; set; }
    [Display(Name = "Training.Learner.Settings.Gate")] public string? Gate { get; set; }
    public int Version { get; set; }

    public static SettingsForm Of(CourseSettingsView s) => new()
    {
        AttemptsAllowed = s.AttemptsAllowed?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        WaitMinutes = s.WaitMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        QuestionsPerAttempt = s.QuestionsPerAttempt?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ShuffleOptions = s.ShuffleOptions,
        Gate = s.Gate?.ToString() ?? "",
        Version = s.Version,
    };

    public List<Problem> Parse(out CourseSettingsInput? input)
    {
        var problems = new List<Problem>();
        int? Number(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (int.TryParse(text.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)) return n;
            problems.Add(new Problem(field, "Training.Learner.Settings.NotANumber"));
            return null;
        }
        var attempts = Number(AttemptsAllowed, nameof(AttemptsAllowed));
        var wait = Number(WaitMinutes, nameof(WaitMinutes)) ?? 0;
        var perAttempt = Number(QuestionsPerAttempt, nameof(QuestionsPerAttempt));
        GateMode? gate = null;
        if (!string.IsNullOrWhiteSpace(Gate))
        {
            if (Enum.TryParse<GateMode>(Gate, ignoreCase: false, out var g) && Enum.IsDefined(g) && !int.TryParse(Gate, out _)) gate = g;
            else problems.Add(new Problem(nameof(Gate), "Training.Learner.Settings.UnknownGate"));
        }
        input = problems.Count == 0 ? new CourseSettingsInput(attempts, wait, perAttempt, ShuffleOptions, gate, Version) : null;
        return problems;
    }
}
