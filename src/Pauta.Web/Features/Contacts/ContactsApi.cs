using Microsoft.AspNetCore.Http.HttpResults;
using Pauta.Core.Contacts;
using Pauta.Web.Features.Surveys;
using ContactOutcome = Pauta.Core.Contacts.ContactOutcome;

namespace Pauta.Web.Features.Contacts;

/// <summary>
/// /api/v1/contacts: start a contact on a protocol, act on it step by step, read it back. Every action carries a
/// client-generated id (a retry records nothing twice) and the version the client saw (a stale one gets 409).
/// </summary>
public static class ContactsApi
{
    public sealed record StepDto(string Key, string? PlanKey, string Stage, string Title, string Instruction, bool Required,
        IReadOnlyList<string> Checklist, IReadOnlyList<bool> Ticked, string? Question, IReadOnlyList<string> Answers,
        IReadOnlyList<ContactScript> Scripts);

    /// <param name="Unit">How the target was written (seconds … businessDays); the counted time is <paramref name="Remaining"/>.</param>
    /// <param name="Calendar">The calendar reference it counts on ("site", "legal" or a named key); null: the site's hours.</param>
    /// <param name="DaysLeft">For a running term in days: business (or calendar) days from tomorrow to the due day; 0 on it.</param>
    /// <param name="DueDate">For a term in days: the local date of its last day.</param>
    public sealed record ClockDto(string Status, DateTimeOffset? DueAt, TimeSpan Remaining, bool Paused,
        string? Clock = null, string? Unit = null, string? Calendar = null, int? DaysLeft = null, DateOnly? DueDate = null,
        TimeSpan? Extension = null, IReadOnlyList<WarningDto>? Warnings = null);

    /// <summary>One warning of a clock: when it is (or was) reached and when it was recorded.</summary>
    public sealed record WarningDto(int Index, DateTimeOffset? DueAt, DateTimeOffset? WarnedAt);

    public sealed record TimelineDto(DateTimeOffset At, string Actor, TimelineKind Kind, string? Step, string? Subject, string? Detail,
        ContactClock? Clock, ContactOutcome? Outcome);

    public sealed record ContactDto(Guid Id, int Version, Guid ProtocolId, int ProtocolVersion, string ProtocolTitle, Channels Channel,
        string Reason, string? Customer, string CustomerLanguage, string Agent, string Handler, bool Closed, ContactOutcome? Outcome,
        string Stage, StepDto? Current, IReadOnlyList<string> OpenPlans, bool FlowFinished, IReadOnlyList<string> OpenRequiredSteps,
        bool Escalated, bool AwaitingSupervisor, bool WaitingOnCustomer, ClockDto? FirstResponse, ClockDto? Resolution,
        IReadOnlyDictionary<string, string> Note, IReadOnlyList<TimelineDto> Timeline, IReadOnlyDictionary<string, string> Fields,
        Guid? SiteId = null, string? SubChannel = null, DateTimeOffset? ReceivedAt = null, string? ReceivedReason = null,
        IReadOnlyList<ClockDto>? Clocks = null);

    public sealed record SuggestionsDto(IReadOnlyList<ContactSuggestion> Suggestions);

    public static void MapContactsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/contacts").WithTags("Contacts").RequireAuthorization(nameof(Permission.HandleContacts));

        g.MapGet("/suggestions", async Task<Results<Ok<SuggestionsDto>, ValidationProblem>> (string? reason, Channels? channel, Guid? customerId,
                    ProtocolCatalog catalog, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                RunLimits.IsTooLong(reason, RunLimits.MaxReasonLength)
                    ? TypedResults.ValidationProblem(new Dictionary<string, string[]>
                        { ["reason"] = [l["Field.TooLong", RunLimits.MaxReasonLength]] }, title: l["Error.Invalid"])
                    : TypedResults.Ok(new SuggestionsDto(await catalog.SuggestAsync(reason, channel ?? Channels.None, 5, ct, customerId))))
            .WithName("SuggestContactProtocols")
            .WithSummary("The published protocols and contingency plans that fit the customer's reason on a channel (and, with customerId, the customer's segment), best first, with the words that matched and why a selection rule put one first.");

        g.MapPost("", async (StartContactInput input, HttpContext http, ContactRunService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                ReturnMinimal.IsAsked(http.Request)
                    ? (await s.StartForVersionAsync(input, ct)).ToHttp(l, r =>
                    {
                        ReturnMinimal.Applied(http.Response, r.Version);
                        return TypedResults.Created($"/api/v1/contacts/{r.Id}");
                    })
                    : (await s.StartAsync(input, ct)).ToHttp(l, r =>
                    {
                        ReturnMinimal.SetVersion(http.Response, r.Version);
                        return TypedResults.Created($"/api/v1/contacts/{r.Id}", ToDto(r));
                    }))
            .ProducesOutcome<ContactDto>(StatusCodes.Status201Created).HonoursReturnMinimal().WithName("StartContact")
            .WithSummary("Starts a contact pinned to the protocol's current version. Send your own id to make a retry safe. " +
                "With `Prefer: return=minimal`, 201 without a body: the contact's address in `Location`, its version in `ETag`.");

        g.MapGet("/{id:guid}", async (Guid id, int? at, ContactRunService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (at is { } n ? await s.GetAtAsync(id, n, ct) : await s.GetAsync(id, ct)).ToHttp(l, r => TypedResults.Ok(ToDto(r))))
            .ProducesOutcome<ContactDto>().WithName("GetContact")
            .WithSummary("The contact as it stands, or as it was after its first `at` actions (a replay for audit).");

        g.MapGet("/{id:guid}/actions", async (Guid id, ContactRunService s, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await s.ActionsAsync(id, ct)).ToHttp(l, a => TypedResults.Ok(a)))
            .ProducesOutcome<IReadOnlyList<StoredAction>>().WithName("ListContactActions")
            .WithSummary("Every stored action of the contact in order, each with the events it recorded.");

        g.MapPost("/{id:guid}/actions", async (Guid id, ContactActionInput input, HttpContext http, ContactRunService s,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                ReturnMinimal.IsAsked(http.Request)
                    ? (await s.ActForVersionAsync(id, input, ct)).ToHttp(l, version =>
                    {
                        ReturnMinimal.Applied(http.Response, version);
                        return TypedResults.NoContent();
                    })
                    : (await s.ActAsync(id, input, ct)).ToHttp(l, r =>
                    {
                        ReturnMinimal.SetVersion(http.Response, r.Version);
                        return TypedResults.Ok(ToDto(r));
                    }))
            .ProducesOutcome<ContactDto>().HonoursReturnMinimal(StatusCodes.Status204NoContent).WithName("ActOnContact")
            .WithSummary("One action (complete, answer, skip, tick, back, enterPlan, leavePlan, note, escalate, takeOver, return, wait, resume, firstResponse, close, extend, milestone). " +
                "With `Prefer: return=minimal`, 204 without a body and the contact's new version in `ETag`.");

        g.MapPost("/{id:guid}/survey", async (Guid id, ContactRunService runs, SurveysService surveys, IStringLocalizer<SharedResource> l,
                CancellationToken ct) =>
            {
                var run = await runs.GetAsync(id, ct);
                if (!run.Succeeded) return run.ToHttp(l, _ => TypedResults.Ok());
                var link = await surveys.CreateAsync(id, run.Value!.State.CustomerLanguage, ct);
                return link is null ? TypedResults.Problem(statusCode: 404, title: l["Error.NotFound"]) : TypedResults.Ok(link);
            })
            .ProducesOutcome<SurveyLink>().WithName("CreateContactSurvey")
            .WithSummary("A private, single-use survey link for the contact's customer, in their language; the token appears only in this answer.");
    }

    public static ContactDto ToDto(ContactRun run)
    {
        var s = run.State;
        var step = s.CurrentStep;
        return new ContactDto(run.Id, run.Version, run.Row.ProtocolId, run.Row.ProtocolVersion, run.ProtocolTitle, s.Channel, s.Reason,
            run.CustomerName, s.CustomerLanguage, run.NameOf(s.AgentUserId), run.NameOf(s.HandlerUserId), s.IsClosed, s.Outcome,
            s.Stage.ToString(),
            step is null ? null : new StepDto(step.Key, s.CurrentPlanKey, step.Stage.ToString(), step.Title, step.Instruction, step.Required,
                step.Checklist, s.Checklist(s.Current!.Value), step.Question, step.Answers.Select(a => a.Label).ToList(), run.ScriptsOf(step)),
            s.OpenPlans, s.IsFlowFinished, s.OpenRequiredSteps.Select(o => o.Ref.ToString()).ToList(), s.Escalations.Count > 0,
            s.AwaitingSupervisor, s.IsWaitingOnCustomer, Clock(run, ContactClock.FirstResponse), Clock(run, ContactClock.Resolution), s.Note,
            s.Timeline.Select(t => new TimelineDto(t.At, run.NameOf(t.ActorUserId), t.Kind, t.Step?.ToString(), t.Subject, t.Detail, t.Clock,
                t.Outcome)).ToList(), s.Fields,
            run.Row.SiteId, s.SubChannel == Pauta.Core.Protocols.SubChannels.None ? null : s.SubChannel.ToString(), s.ReceivedAt, s.ReceivedReason,
            ContactClockStates.Each.Select(c => Clock(run, c)).OfType<ClockDto>().ToList());
    }

    private static ClockDto? Clock(ContactRun run, ContactClock clock)
    {
        if (run.Clocks[clock] is not { } c) return null;
        var face = Pauta.Core.ServiceLevels.ClockFace.Of(c, run.CalendarOf(clock));
        return new ClockDto(c.Status.ToString(), c.DueAt, c.Remaining, c.IsPaused, clock.ToString(), c.Unit.ToString(), c.Calendar,
            face?.DaysLeft, face?.DueDate ?? DueDateOf(c, run.CalendarOf(clock)), c.Extension,
            c.Warnings.Select(w => new WarningDto(w.Index, w.DueAt, w.WarnedAt)).ToList());
    }

    /// <summary>The due date of a term in days even when its clock is not running (paused, met, breached).</summary>
    private static DateOnly? DueDateOf(Pauta.Core.ServiceLevels.ServiceClockState c, Pauta.Core.ServiceLevels.BusinessCalendar calendar) =>
        c.Unit is Pauta.Core.Protocols.TargetUnit.Days or Pauta.Core.Protocols.TargetUnit.BusinessDays && c.DueAt is { } due
            ? Pauta.Core.ServiceLevels.DayTerms.DueDate(due, calendar.TimeZone) : null;
}
