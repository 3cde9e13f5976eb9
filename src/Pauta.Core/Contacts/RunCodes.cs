namespace Pauta.Core.Contacts;

/// <summary>
/// Why the run refuses a command. Codes are UI text keys and appear in stored API answers, so a code never changes
/// meaning once shipped. Field-level input problems reuse the shared "Field.*" codes.
/// </summary>
public static class RunCodes
{
    public const string NotStarted = "Run.NotStarted";
    public const string AlreadyStarted = "Run.AlreadyStarted";
    public const string Closed = "Run.Closed";
    /// <summary>Only the person handling the contact now may move it on (the agent, or the supervisor after a take-over).</summary>
    public const string NotHandler = "Run.NotHandler";
    /// <summary>A replayed event is earlier than the one before it (never produced by <see cref="GuidedRun.Decide"/>).</summary>
    public const string OutOfOrder = "Run.OutOfOrder";

    // Starting.
    public const string ProtocolEmpty = "Run.ProtocolEmpty";
    public const string ChannelUnknown = "Run.ChannelUnknown";
    public const string ChannelNotCovered = "Run.ChannelNotCovered";
    /// <summary>A sub-channel that is not one of chat, e-mail, social or WhatsApp, or given for a channel other than electronic.</summary>
    public const string SubChannelUnknown = "Run.SubChannelUnknown";
    /// <summary>The request's arrival is later than the start (more than a minute of clock skew).</summary>
    public const string ReceivedAfterStart = "Run.ReceivedAfterStart";
    /// <summary>Args: the most days before the start a request may have arrived.</summary>
    public const string ReceivedTooLongAgo = "Run.ReceivedTooLongAgo";
    /// <summary>Args: the minutes after which entering a request late needs a reason.</summary>
    public const string ReceivedReasonRequired = "Run.ReceivedReasonRequired";

    // Steps.
    /// <summary>Args: the step asked for, the step the agent is on.</summary>
    public const string StepNotCurrent = "Run.StepNotCurrent";
    public const string FlowFinished = "Run.FlowFinished";
    public const string AnswerRequired = "Run.AnswerRequired";
    public const string NotAQuestion = "Run.NotAQuestion";
    public const string AnswerUnknown = "Run.AnswerUnknown";
    public const string QuestionCannotBeSkipped = "Run.QuestionCannotBeSkipped";
    public const string ReasonRequired = "Run.ReasonRequired";
    public const string ChecklistItemUnknown = "Run.ChecklistItemUnknown";
    public const string NothingToGoBackTo = "Run.NothingToGoBackTo";

    // Contingency plans.
    public const string PlanUnknown = "Run.PlanUnknown";
    public const string PlanEmpty = "Run.PlanEmpty";
    public const string PlanAlreadyOpen = "Run.PlanAlreadyOpen";
    public const string NotInPlan = "Run.NotInPlan";

    // Notes.
    public const string NoteFieldNameRequired = "Run.NoteFieldNameRequired";
    public const string NoteTooManyFields = "Run.NoteTooManyFields";

    // Escalation and supervision.
    public const string RuleUnknown = "Run.RuleUnknown";
    public const string TargetRequired = "Run.TargetRequired";
    public const string AlreadyHandling = "Run.AlreadyHandling";
    public const string SystemCannotTakeOver = "Run.SystemCannotTakeOver";
    public const string NothingToReturn = "Run.NothingToReturn";
    public const string GuidanceRequired = "Run.GuidanceRequired";

    // Waiting and clocks.
    public const string AlreadyWaiting = "Run.AlreadyWaiting";
    public const string NotWaiting = "Run.NotWaiting";
    /// <summary>The contact has no such clock: the protocol has no service level for its channel.</summary>
    public const string ClockNotActivated = "Run.ClockNotActivated";
    public const string ClockAlreadyActivated = "Run.ClockAlreadyActivated";
    /// <summary>The clock was fulfilled (first response given, contact closed); nothing more happens to it.</summary>
    public const string ClockStopped = "Run.ClockStopped";
    public const string ClockAlreadyPaused = "Run.ClockAlreadyPaused";
    public const string ClockNotPaused = "Run.ClockNotPaused";
    public const string ClockAlreadyBreached = "Run.ClockAlreadyBreached";
    public const string ClockUnknown = "Run.ClockUnknown";
    /// <summary>A replayed activation with a negative target (never produced by <see cref="GuidedRun.Decide"/>).</summary>
    public const string ClockTargetNegative = "Run.ClockTargetNegative";
    /// <summary>The clock's target sets no extension (or the extension adds no time).</summary>
    public const string ClockNotExtendable = "Run.ClockNotExtendable";
    public const string ClockAlreadyExtended = "Run.ClockAlreadyExtended";
    /// <summary>The term has already run out: an extension must be given before it expires.</summary>
    public const string ClockRanOut = "Run.ClockRanOut";
    /// <summary>Resolution is met by closing the contact, not by a milestone.</summary>
    public const string ClockNotAMilestone = "Run.ClockNotAMilestone";
    public const string WarningUnknown = "Run.WarningUnknown";
    public const string WarningAlreadyRecorded = "Run.WarningAlreadyRecorded";
    /// <summary>The warning is not reached at this instant (or cannot be before the clock runs out).</summary>
    public const string WarningNotDue = "Run.WarningNotDue";

    // Closing.
    public const string OutcomeUnknown = "Run.OutcomeUnknown";
    /// <summary>Args: the open required steps' titles, then their keys, each joined with ", ".</summary>
    public const string RequiredStepsOpen = "Run.RequiredStepsOpen";
    public const string OverrideMismatch = "Run.OverrideMismatch";
    public const string FollowUpDueRequired = "Run.FollowUpDueRequired";
    public const string FollowUpDueNotExpected = "Run.FollowUpDueNotExpected";
    public const string NotEscalated = "Run.NotEscalated";

    public static readonly IReadOnlyList<string> All =
    [
        NotStarted, AlreadyStarted, Closed, NotHandler, OutOfOrder,
        ProtocolEmpty, ChannelUnknown, ChannelNotCovered, SubChannelUnknown, ReceivedAfterStart, ReceivedTooLongAgo, ReceivedReasonRequired,
        StepNotCurrent, FlowFinished, AnswerRequired, NotAQuestion, AnswerUnknown, QuestionCannotBeSkipped, ReasonRequired,
        ChecklistItemUnknown, NothingToGoBackTo,
        PlanUnknown, PlanEmpty, PlanAlreadyOpen, NotInPlan,
        NoteFieldNameRequired, NoteTooManyFields,
        RuleUnknown, TargetRequired, AlreadyHandling, SystemCannotTakeOver, NothingToReturn, GuidanceRequired,
        AlreadyWaiting, NotWaiting, ClockNotActivated, ClockAlreadyActivated, ClockStopped, ClockAlreadyPaused, ClockNotPaused,
        ClockAlreadyBreached, ClockUnknown, ClockTargetNegative, ClockNotExtendable, ClockAlreadyExtended, ClockRanOut, ClockNotAMilestone,
        WarningUnknown, WarningAlreadyRecorded, WarningNotDue,
        OutcomeUnknown, RequiredStepsOpen, OverrideMismatch, FollowUpDueRequired, FollowUpDueNotExpected, NotEscalated,
    ];
}

/// <summary>
/// Lengths accepted from people. Checked when a command is decided, never on replay, so raising or lowering a
/// limit later cannot make recorded history unreadable.
/// </summary>
/// <remarks>
/// They match the storage limits (Pauta.Data's ContactLimits): a reason of 2,000 characters, and a note small
/// enough that its event stays within the 16,000 characters an event's data may take.
/// </remarks>
public static class RunLimits
{
    public const int MaxReasonLength = 2000;
    /// <summary>Why a request was entered after it arrived.</summary>
    public const int MaxReceivedReasonLength = 500;
    /// <summary>How much later than the start a request's arrival may say it was (two machines' clocks).</summary>
    public static readonly TimeSpan ReceivedSkew = TimeSpan.FromMinutes(1);
    /// <summary>How long before the start a request may have arrived.</summary>
    public const int MaxReceivedDaysAgo = 90;
    /// <summary>Entering a request more than this after it arrived needs a reason.</summary>
    public static readonly TimeSpan ReceivedReasonAfter = TimeSpan.FromMinutes(10);
    public const int MaxGuidanceLength = 2000;
    public const int MaxTargetLength = 100;
    public const int MaxNoteFields = 10;
    public const int MaxNoteFieldNameLength = 100;
    public const int MaxNoteFieldLength = 2000;
    /// <summary>All names and values of a note together.</summary>
    public const int MaxNoteLength = 8000;

    /// <summary>Whether <paramref name="text"/> has more than <paramref name="max"/> characters, spaces around it not counted.</summary>
    public static bool IsTooLong(string? text, int max) => text is not null && text.Length > max && text.AsSpan().Trim().Length > max;
}
