using Pauta.Core.Common;

namespace Pauta.Core.Protocols;

/// <summary>Where a protocol's working copy stands. A protocol may have a published version and a draft of the next one at once. Stored: never renumber.</summary>
public enum DraftState
{
    /// <summary>No working copy: what people read is the latest published version.</summary>
    None = 0,
    /// <summary>Being written; only managers see it.</summary>
    Editing = 1,
    /// <summary>Submitted; frozen until approved or sent back.</summary>
    InReview = 2,
    /// <summary>Approved by a manager other than the author; ready to publish.</summary>
    Approved = 3,
}

/// <summary>Major changes ask everyone to re-acknowledge; minor ones are wording. Stored: never renumber.</summary>
public enum ChangeSize
{
    Minor = 0,
    Major = 1,
}

/// <summary>What a list shows: the state a person sees, not the stored fields.</summary>
public enum ProtocolStatus
{
    Draft = 0,
    InReview = 1,
    Approved = 2,
    Published = 3,
    Archived = 4,
}

/// <summary>Everything the lifecycle rules look at of one protocol: its stored state, with nothing of its content.</summary>
/// <param name="Title">Only for the audit detail of moves that have nothing better to say.</param>
/// <param name="BaseVersion">The published version the draft started from; null for a protocol never published.</param>
public sealed record ProtocolStanding(
    string Title,
    DraftState Draft,
    int PublishedVersion,
    bool Archived,
    int? BaseVersion = null,
    Guid? AuthorUserId = null,
    Guid? SubmittedByUserId = null,
    DateTime? SubmittedAt = null,
    Guid? ApprovedByUserId = null,
    DateTime? ApprovedAt = null)
{
    public bool HasDraft => Draft != DraftState.None;

    public ProtocolStatus Status => ProtocolLifecycle.StatusOf(Archived, Draft, PublishedVersion);
}

/// <summary>Who asks and under which rule of their organisation.</summary>
/// <param name="MayAuthor">The person's role lets them write protocols.</param>
/// <param name="MayApprove">The person's role lets them approve protocols.</param>
/// <param name="ApprovalRequired">The organisation publishes only drafts approved by a manager other than their author.</param>
public sealed record LifecycleActor(Guid UserId, bool MayAuthor, bool MayApprove, bool ApprovalRequired, DateTime Now);

/// <summary>A move a person asks of a protocol. The content checks (lint) are done by the caller and handed in as findings.</summary>
public abstract record ProtocolCommand
{
    private ProtocolCommand() { }

    /// <summary>A new protocol, written in the app or imported from a file.</summary>
    public sealed record Create(bool Imported) : ProtocolCommand;

    /// <summary>Opens a working copy of the latest published version; nothing happens when there is one already.</summary>
    public sealed record StartDraft : ProtocolCommand;

    /// <summary>Saves the working copy (opening one first when there is none). <paramref name="ChangedSections"/> goes to the audit.</summary>
    public sealed record SaveDraft(IReadOnlyList<string> ChangedSections) : ProtocolCommand;

    public sealed record Submit(IReadOnlyList<LintFinding> Findings) : ProtocolCommand;

    public sealed record Approve : ProtocolCommand;

    /// <summary>The reviewer sends the draft back, or its author withdraws it.</summary>
    public sealed record Return(string? Reason) : ProtocolCommand;

    /// <summary><paramref name="Size"/> may be null for a first version only: that one is major whatever is asked.</summary>
    public sealed record Publish(ChangeSize? Size, string? Summary, IReadOnlyList<LintFinding> Findings) : ProtocolCommand;

    public sealed record Archive : ProtocolCommand;

    public sealed record Restore : ProtocolCommand;

    /// <summary>The owner (or any manager) confirms the published protocol still matches how the organisation works.</summary>
    public sealed record Verify : ProtocolCommand;
}

/// <summary>Why a move is refused; the doors turn it into 403, 404 or 422.</summary>
public enum LifecycleRefusal
{
    None = 0,
    Forbidden = 1,
    NotFound = 2,
    Invalid = 3,
}

/// <summary>The version a publish makes.</summary>
public sealed record Publication(int Number, ChangeSize Size, string Summary);

/// <summary>What <see cref="ProtocolLifecycle.Decide"/> answers: the standing after the move and what to audit, or why not.</summary>
/// <param name="Audit">Null when the move changes nothing (archiving an archived protocol, starting a draft that exists).</param>
/// <param name="Publication">The new version, for a publish.</param>
public sealed record LifecycleDecision(
    ProtocolStanding State,
    ProtocolAuditEntry? Audit,
    LifecycleRefusal Refusal,
    IReadOnlyList<Problem> Problems,
    Publication? Publication = null)
{
    public bool IsAccepted => Refusal == LifecycleRefusal.None;
}

/// <summary>Why the lifecycle refuses a move. Codes are UI text keys: a code never changes meaning once shipped.</summary>
public static class LifecycleCodes
{
    public const string Archived = "Protocol.Archived";
    public const string NotEditable = "Protocol.NotEditable";
    public const string NotEditing = "Protocol.NotEditing";
    public const string NotInReview = "Protocol.NotInReview";
    public const string ApproverIsAuthor = "Protocol.ApproverIsAuthor";
    public const string ApprovalRequired = "Protocol.ApprovalRequired";
    public const string ChangeSummaryRequired = "Protocol.ChangeSummaryRequired";
    public const string ChangeSummaryTooLong = "Protocol.ChangeSummaryTooLong";
    public const string ChangeSizeInvalid = "Protocol.ChangeSizeInvalid";
}

/// <summary>
/// A protocol's lifecycle as pure functions, shaped like <c>GuidedRun</c>: draft → in review → (approved) → published vN →
/// archived, who may move it where, and the audit entry of each move. The rules about what a protocol must contain are
/// <see cref="ProtocolLinter"/>'s; the caller lints and hands the findings in. No I/O: the web layer loads the standing,
/// asks <see cref="Decide"/>, and stores the answer with its audit entry in one transaction.
/// </summary>
/// <remarks>
/// Decisions made where the product left room:
/// <list type="bullet">
/// <item>A draft is approved by a manager who neither started nor submitted it, whatever the organisation's setting; the
/// setting only decides whether publishing waits for that approval.</item>
/// <item>Lint errors block submitting as well as publishing: a reviewer only sees drafts that could be published.</item>
/// <item>The first version is major whatever the author picked: it is what everyone must learn.</item>
/// <item>An archived protocol's draft can be neither edited, submitted, approved nor published until it is restored.</item>
/// </list>
/// </remarks>
public static class ProtocolLifecycle
{
    public const int MaxChangeSummaryLength = 2000;

    public static ProtocolStatus StatusOf(bool archived, DraftState draft, int publishedVersion) =>
        archived ? ProtocolStatus.Archived
        : draft switch
        {
            DraftState.Editing => ProtocolStatus.Draft,
            DraftState.InReview => ProtocolStatus.InReview,
            DraftState.Approved => ProtocolStatus.Approved,
            DraftState.None => publishedVersion > 0 ? ProtocolStatus.Published : ProtocolStatus.Draft,
        };

    /// <summary>Whether publishing the next version asks how big the change is (the first version is always major).</summary>
    public static bool AsksChangeSize(int publishedVersion) => publishedVersion > 0;

    /// <summary>The size version <paramref name="number"/> is published with.</summary>
    public static ChangeSize ChangeSizeOf(int number, ChangeSize? requested) =>
        number == 1 ? ChangeSize.Major : requested ?? throw new ArgumentNullException(nameof(requested), "Only a first version may omit its size.");

    /// <summary>When the owner must re-verify a protocol next: <paramref name="reviewEveryDays"/> after <paramref name="from"/>.</summary>
    public static DateTime? NextReviewDue(DateTime from, int? reviewEveryDays) => reviewEveryDays is { } days ? from.AddDays(days) : null;

    /// <summary>Whether <paramref name="actor"/> may approve the draft: a manager other than the one who started or submitted it.</summary>
    public static bool MayApprove(ProtocolStanding state, LifecycleActor actor) =>
        actor.MayApprove && state.Draft == DraftState.InReview && !state.Archived && !IsAuthor(state, actor.UserId);

    /// <summary>The person wrote the draft or sent it to review.</summary>
    public static bool IsAuthor(ProtocolStanding state, Guid userId) => state.AuthorUserId == userId || state.SubmittedByUserId == userId;

    /// <summary>
    /// Whether the draft waits for <paramref name="actor"/>: it is in review and they may approve it, or, where the
    /// organisation does not ask for approval, they may publish it themselves.
    /// </summary>
    public static bool WaitsFor(ProtocolStanding state, LifecycleActor actor) =>
        state.Draft == DraftState.InReview && !state.Archived && actor.MayAuthor
        && (MayApprove(state, actor) || !actor.ApprovalRequired);

    public static ProtocolStanding New(string title, Guid authorUserId) =>
        new(title, DraftState.Editing, 0, false, AuthorUserId: authorUserId);

    public static LifecycleDecision Decide(ProtocolStanding state, ProtocolCommand command, LifecycleActor actor)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.MayAuthor) return Refuse(state, LifecycleRefusal.Forbidden);
        return command switch
        {
            ProtocolCommand.Create c => Accept(New(state.Title, actor.UserId),
                c.Imported ? ProtocolAuditCode.Imported : ProtocolAuditCode.Created, state.Title),
            ProtocolCommand.StartDraft => StartDraft(state, actor),
            ProtocolCommand.SaveDraft s => SaveDraft(state, s, actor),
            ProtocolCommand.Submit s => Submit(state, s, actor),
            ProtocolCommand.Approve => Approve(state, actor),
            ProtocolCommand.Return r => Return(state, r),
            ProtocolCommand.Publish p => Publish(state, p, actor),
            ProtocolCommand.Archive => state.Archived ? Unchanged(state)
                : Accept(state with { Archived = true }, ProtocolAuditCode.Archived, state.Title),
            ProtocolCommand.Restore => !state.Archived ? Unchanged(state)
                : Accept(state with { Archived = false }, ProtocolAuditCode.Restored, state.Title),
            ProtocolCommand.Verify => state.PublishedVersion == 0 || state.Archived ? Refuse(state, LifecycleRefusal.NotFound)
                : Accept(state, ProtocolAuditCode.Verified, $"v{state.PublishedVersion}"),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
        };
    }

    private static LifecycleDecision StartDraft(ProtocolStanding state, LifecycleActor actor)
    {
        if (state.Archived) return Invalid(state, LifecycleCodes.Archived);
        if (state.HasDraft) return Unchanged(state);
        if (state.PublishedVersion == 0) return Refuse(state, LifecycleRefusal.NotFound);
        return Accept(Opened(state, actor), ProtocolAuditCode.DraftStarted, $"v{state.PublishedVersion}");
    }

    private static ProtocolStanding Opened(ProtocolStanding state, LifecycleActor actor) =>
        state with
        {
            Draft = DraftState.Editing, BaseVersion = state.PublishedVersion, AuthorUserId = actor.UserId,
            SubmittedByUserId = null, SubmittedAt = null, ApprovedByUserId = null, ApprovedAt = null,
        };

    private static LifecycleDecision SaveDraft(ProtocolStanding state, ProtocolCommand.SaveDraft save, LifecycleActor actor)
    {
        if (state.Archived) return Invalid(state, LifecycleCodes.Archived);
        if (state.Draft is DraftState.InReview or DraftState.Approved) return Invalid(state, LifecycleCodes.NotEditable);
        var next = state.HasDraft ? state : Opened(state, actor);
        return Accept(next, ProtocolAuditCode.Edited, string.Join(", ", save.ChangedSections));
    }

    private static LifecycleDecision Submit(ProtocolStanding state, ProtocolCommand.Submit submit, LifecycleActor actor)
    {
        if (!state.HasDraft) return Refuse(state, LifecycleRefusal.NotFound);
        if (state.Archived) return Invalid(state, LifecycleCodes.Archived);
        if (state.Draft != DraftState.Editing) return Invalid(state, LifecycleCodes.NotEditing);
        var errors = LintErrors(submit.Findings);
        if (errors.Count > 0) return new LifecycleDecision(state, null, LifecycleRefusal.Invalid, errors);
        return Accept(state with { Draft = DraftState.InReview, SubmittedByUserId = actor.UserId, SubmittedAt = actor.Now },
            ProtocolAuditCode.Submitted, state.Title);
    }

    private static LifecycleDecision Approve(ProtocolStanding state, LifecycleActor actor)
    {
        if (!actor.MayApprove) return Refuse(state, LifecycleRefusal.Forbidden);
        if (!state.HasDraft) return Refuse(state, LifecycleRefusal.NotFound);
        if (state.Archived) return Invalid(state, LifecycleCodes.Archived);
        if (state.Draft != DraftState.InReview) return Invalid(state, LifecycleCodes.NotInReview);
        if (IsAuthor(state, actor.UserId)) return Invalid(state, LifecycleCodes.ApproverIsAuthor);
        return Accept(state with { Draft = DraftState.Approved, ApprovedByUserId = actor.UserId, ApprovedAt = actor.Now },
            ProtocolAuditCode.Approved, state.Title);
    }

    private static LifecycleDecision Return(ProtocolStanding state, ProtocolCommand.Return r)
    {
        if (!state.HasDraft) return Refuse(state, LifecycleRefusal.NotFound);
        if (state.Draft is not (DraftState.InReview or DraftState.Approved)) return Invalid(state, LifecycleCodes.NotInReview);
        var reason = r.Reason?.Trim() ?? "";
        return Accept(state with
        {
            Draft = DraftState.Editing, SubmittedByUserId = null, SubmittedAt = null, ApprovedByUserId = null, ApprovedAt = null,
        }, ProtocolAuditCode.Returned, reason.Length > 0 ? reason : state.Title);
    }

    private static LifecycleDecision Publish(ProtocolStanding state, ProtocolCommand.Publish publish, LifecycleActor actor)
    {
        if (!state.HasDraft) return Refuse(state, LifecycleRefusal.NotFound);
        var summary = publish.Summary?.Trim() ?? "";
        if (summary.Length == 0) return Invalid(state, LifecycleCodes.ChangeSummaryRequired, "changeSummary");
        if (summary.Length > MaxChangeSummaryLength)
            return Invalid(state, LifecycleCodes.ChangeSummaryTooLong, "changeSummary", MaxChangeSummaryLength);
        var number = state.PublishedVersion + 1;
        if ((AsksChangeSize(state.PublishedVersion) && publish.Size is null) || (publish.Size is { } given && !Enum.IsDefined(given)))
            return Invalid(state, LifecycleCodes.ChangeSizeInvalid, "changeSize");
        if (state.Archived) return Invalid(state, LifecycleCodes.Archived);
        var errors = LintErrors(publish.Findings);
        if (errors.Count > 0) return new LifecycleDecision(state, null, LifecycleRefusal.Invalid, errors);
        if (actor.ApprovalRequired && state.Draft != DraftState.Approved) return Invalid(state, LifecycleCodes.ApprovalRequired);

        var size = ChangeSizeOf(number, publish.Size);
        var next = state with { Draft = DraftState.None, PublishedVersion = number, BaseVersion = null };
        return new LifecycleDecision(next, new ProtocolAuditEntry(ProtocolAuditCode.Published, $"v{number} {size}: {summary}"),
            LifecycleRefusal.None, [], new Publication(number, size, summary));
    }

    private static List<Problem> LintErrors(IReadOnlyList<LintFinding> findings) =>
        findings.Where(f => f.IsError).Select(f => f.ToProblem()).ToList();

    private static LifecycleDecision Accept(ProtocolStanding next, ProtocolAuditCode code, string details) =>
        new(next, new ProtocolAuditEntry(code, details), LifecycleRefusal.None, []);

    private static LifecycleDecision Unchanged(ProtocolStanding state) => new(state, null, LifecycleRefusal.None, []);

    private static LifecycleDecision Refuse(ProtocolStanding state, LifecycleRefusal why) => new(state, null, why, []);

    private static LifecycleDecision Invalid(ProtocolStanding state, string code, string field = "", params object[] args) =>
        new(state, null, LifecycleRefusal.Invalid, [new Problem(field, code, args)]);
}
