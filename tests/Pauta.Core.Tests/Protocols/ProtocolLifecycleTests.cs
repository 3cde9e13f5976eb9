using Pauta.Core.Protocols;

namespace Pauta.Core.Tests.Protocols;

/// <summary>
/// The lifecycle rules as plain functions: draft → in review → approved → published vN → archived, who may move a draft
/// where, approval by another manager, the size of a change and the audit entry of each move.
/// </summary>
public class ProtocolLifecycleTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Lucia = new("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Marta = new("00000000-0000-0000-0000-00000000000b");
    private static readonly Guid Sofia = new("00000000-0000-0000-0000-00000000000c");

    private static LifecycleActor Manager(Guid who, bool approvalRequired = true) => new(who, true, true, approvalRequired, Now);

    private static readonly LifecycleActor Agent = new(Sofia, false, false, true, Now);

    private static readonly IReadOnlyList<LintFinding> Clean = [];

    private static readonly IReadOnlyList<LintFinding> TwoErrors =
    [
        new(Severity.Error, LintCodes.PurposeMissing, "purpose"),
        new(Severity.Warning, LintCodes.DepartmentMissing, "department"),
        new(Severity.Error, LintCodes.DepartmentMissing, "department"),
    ];

    private static ProtocolStanding Editing(int published = 0) =>
        new("Atención telefónica", DraftState.Editing, published, false, published == 0 ? null : published, Lucia);

    private static ProtocolStanding Accepted(ProtocolStanding state, ProtocolCommand command, LifecycleActor actor)
    {
        var d = ProtocolLifecycle.Decide(state, command, actor);
        d.IsAccepted.ShouldBeTrue(string.Join("; ", d.Problems));
        return d.State;
    }

    private static ProtocolStanding InReview(int published = 0) => Accepted(Editing(published), new ProtocolCommand.Submit(Clean), Manager(Lucia));

    private static ProtocolStanding Approved(int published = 0) => Accepted(InReview(published), new ProtocolCommand.Approve(), Manager(Marta));

    [Fact]
    public void A_draft_goes_to_review_to_approved_to_v1_with_an_audit_entry_for_each_move()
    {
        var created = ProtocolLifecycle.Decide(new ProtocolStanding("Atención telefónica", DraftState.None, 0, false),
            new ProtocolCommand.Create(Imported: false), Manager(Lucia));
        created.State.ShouldBe(Editing());
        created.Audit.ShouldBe(new ProtocolAuditEntry(ProtocolAuditCode.Created, "Atención telefónica"));

        var submitted = ProtocolLifecycle.Decide(created.State, new ProtocolCommand.Submit(Clean), Manager(Lucia));
        submitted.State.Draft.ShouldBe(DraftState.InReview);
        submitted.State.SubmittedByUserId.ShouldBe(Lucia);
        submitted.State.SubmittedAt.ShouldBe(Now);
        submitted.Audit!.Code.ShouldBe(ProtocolAuditCode.Submitted);

        var approved = ProtocolLifecycle.Decide(submitted.State, new ProtocolCommand.Approve(), Manager(Marta));
        approved.State.Draft.ShouldBe(DraftState.Approved);
        approved.State.ApprovedByUserId.ShouldBe(Marta);
        approved.Audit!.Code.ShouldBe(ProtocolAuditCode.Approved);

        var published = ProtocolLifecycle.Decide(approved.State, new ProtocolCommand.Publish(ChangeSize.Minor, " Primera versión ", Clean), Manager(Lucia));
        published.State.Draft.ShouldBe(DraftState.None);
        published.State.PublishedVersion.ShouldBe(1);
        published.State.BaseVersion.ShouldBeNull();
        published.Publication.ShouldBe(new Publication(1, ChangeSize.Major, "Primera versión"));
        published.Audit.ShouldBe(new ProtocolAuditEntry(ProtocolAuditCode.Published, "v1 Major: Primera versión"));
    }

    [Fact]
    public void The_first_version_is_major_whatever_is_picked_and_later_ones_keep_the_size_picked()
    {
        ProtocolLifecycle.ChangeSizeOf(1, ChangeSize.Minor).ShouldBe(ChangeSize.Major);
        ProtocolLifecycle.ChangeSizeOf(1, null).ShouldBe(ChangeSize.Major);
        ProtocolLifecycle.ChangeSizeOf(2, ChangeSize.Minor).ShouldBe(ChangeSize.Minor);
        ProtocolLifecycle.ChangeSizeOf(3, ChangeSize.Major).ShouldBe(ChangeSize.Major);
        ProtocolLifecycle.AsksChangeSize(0).ShouldBeFalse();
        ProtocolLifecycle.AsksChangeSize(1).ShouldBeTrue();

        var v2 = ProtocolLifecycle.Decide(Approved(published: 1), new ProtocolCommand.Publish(ChangeSize.Minor, "Redacción", Clean), Manager(Lucia));
        v2.Publication.ShouldBe(new Publication(2, ChangeSize.Minor, "Redacción"));
        var noSize = ProtocolLifecycle.Decide(Approved(published: 1), new ProtocolCommand.Publish(null, "Redacción", Clean), Manager(Lucia));
        noSize.Problems.ShouldHaveSingleItem().ShouldSatisfyAllConditions(p => p.Field.ShouldBe("changeSize"), p => p.Code.ShouldBe(LifecycleCodes.ChangeSizeInvalid));
        var undefined = ProtocolLifecycle.Decide(Approved(), new ProtocolCommand.Publish((ChangeSize)7, "v1", Clean), Manager(Lucia));
        undefined.Problems.ShouldHaveSingleItem().Field.ShouldBe("changeSize");
    }

    [Fact]
    public void A_manager_cannot_approve_a_draft_they_started_or_submitted()
    {
        var started = ProtocolLifecycle.Decide(InReview(), new ProtocolCommand.Approve(), Manager(Lucia));
        started.Refusal.ShouldBe(LifecycleRefusal.Invalid);
        started.Problems.ShouldHaveSingleItem().Code.ShouldBe(LifecycleCodes.ApproverIsAuthor);

        var submittedByMarta = Accepted(Editing(), new ProtocolCommand.Submit(Clean), Manager(Marta));
        ProtocolLifecycle.Decide(submittedByMarta, new ProtocolCommand.Approve(), Manager(Marta))
            .Problems.ShouldHaveSingleItem().Code.ShouldBe(LifecycleCodes.ApproverIsAuthor);
        ProtocolLifecycle.MayApprove(submittedByMarta, Manager(Lucia)).ShouldBeFalse("Lucía started it");
        ProtocolLifecycle.MayApprove(InReview(), Manager(Marta)).ShouldBeTrue();
    }

    [Fact]
    public void Publishing_waits_for_approval_only_when_the_organisation_asks_for_it()
    {
        var refused = ProtocolLifecycle.Decide(InReview(), new ProtocolCommand.Publish(ChangeSize.Major, "v1", Clean), Manager(Lucia));
        refused.Problems.ShouldHaveSingleItem().Code.ShouldBe(LifecycleCodes.ApprovalRequired);
        ProtocolLifecycle.Decide(Editing(), new ProtocolCommand.Publish(ChangeSize.Major, "v1", Clean), Manager(Lucia))
            .Problems.ShouldHaveSingleItem().Code.ShouldBe(LifecycleCodes.ApprovalRequired);

        var free = ProtocolLifecycle.Decide(Editing(), new ProtocolCommand.Publish(ChangeSize.Major, "v1", Clean), Manager(Lucia, approvalRequired: false));
        free.IsAccepted.ShouldBeTrue();
        free.State.ApprovedByUserId.ShouldBeNull();
    }

    [Fact]
    public void Lint_errors_block_submitting_and_publishing_and_name_each_error_but_not_the_warnings()
    {
        var submit = ProtocolLifecycle.Decide(Editing(), new ProtocolCommand.Submit(TwoErrors), Manager(Lucia));
        submit.Refusal.ShouldBe(LifecycleRefusal.Invalid);
        submit.Problems.Select(p => p.Code).ShouldBe([LintCodes.PurposeMissing, LintCodes.DepartmentMissing]);
        submit.State.ShouldBe(Editing());
        submit.Audit.ShouldBeNull();

        var publish = ProtocolLifecycle.Decide(Approved(), new ProtocolCommand.Publish(ChangeSize.Major, "v1", TwoErrors), Manager(Lucia));
        publish.Problems.Count.ShouldBe(2);
    }

    [Fact]
    public void Publishing_needs_a_summary_of_the_change_within_its_limit()
    {
        ProtocolLifecycle.Decide(Approved(), new ProtocolCommand.Publish(ChangeSize.Major, "  ", Clean), Manager(Lucia))
            .Problems.ShouldHaveSingleItem().ShouldSatisfyAllConditions(p => p.Field.ShouldBe("changeSummary"), p => p.Code.ShouldBe(LifecycleCodes.ChangeSummaryRequired));
        var tooLong = ProtocolLifecycle.Decide(Approved(),
            new ProtocolCommand.Publish(ChangeSize.Major, new string('a', ProtocolLifecycle.MaxChangeSummaryLength + 1), Clean), Manager(Lucia));
        tooLong.Problems.ShouldHaveSingleItem().Code.ShouldBe(LifecycleCodes.ChangeSummaryTooLong);
        ProtocolLifecycle.Decide(Approved(), new ProtocolCommand.Publish(ChangeSize.Major, new string('a', ProtocolLifecycle.MaxChangeSummaryLength), Clean),
            Manager(Lucia)).IsAccepted.ShouldBeTrue();
    }

    [Fact]
    public void A_draft_in_review_or_approved_is_frozen_until_it_is_sent_back_and_sending_back_clears_the_approval()
    {
        foreach (var frozen in new[] { InReview(), Approved() })
        {
            ProtocolLifecycle.Decide(frozen, new ProtocolCommand.SaveDraft(["purpose"]), Manager(Lucia))
                .Problems.ShouldHaveSingleItem().Code.ShouldBe(LifecycleCodes.NotEditable);
            ProtocolLifecycle.Decide(frozen, new ProtocolCommand.Submit(Clean), Manager(Lucia))
                .Problems.ShouldHaveSingleItem().Code.ShouldBe(LifecycleCodes.NotEditing);
        }
        var back = ProtocolLifecycle.Decide(Approved(), new ProtocolCommand.Return(" Falta el horario "), Manager(Marta));
        back.State.Draft.ShouldBe(DraftState.Editing);
        back.State.SubmittedByUserId.ShouldBeNull();
        back.State.ApprovedByUserId.ShouldBeNull();
        back.State.ApprovedAt.ShouldBeNull();
        back.Audit.ShouldBe(new ProtocolAuditEntry(ProtocolAuditCode.Returned, "Falta el horario"));
        ProtocolLifecycle.Decide(Editing(), new ProtocolCommand.Return("x"), Manager(Marta))
            .Problems.ShouldHaveSingleItem().Code.ShouldBe(LifecycleCodes.NotInReview);
        ProtocolLifecycle.Decide(Editing(), new ProtocolCommand.Approve(), Manager(Marta))
            .Problems.ShouldHaveSingleItem().Code.ShouldBe(LifecycleCodes.NotInReview);
    }

    [Fact]
    public void Saving_a_published_protocol_opens_a_draft_of_the_next_version_by_whoever_saves()
    {
        var published = new ProtocolStanding("Devoluciones", DraftState.None, 3, false, AuthorUserId: Lucia);
        var saved = ProtocolLifecycle.Decide(published, new ProtocolCommand.SaveDraft(["purpose", "step"]), Manager(Marta));
        saved.State.Draft.ShouldBe(DraftState.Editing);
        saved.State.BaseVersion.ShouldBe(3);
        saved.State.AuthorUserId.ShouldBe(Marta);
        saved.Audit.ShouldBe(new ProtocolAuditEntry(ProtocolAuditCode.Edited, "purpose, step"));

        var started = ProtocolLifecycle.Decide(published, new ProtocolCommand.StartDraft(), Manager(Marta));
        started.State.ShouldBe(saved.State);
        started.Audit.ShouldBe(new ProtocolAuditEntry(ProtocolAuditCode.DraftStarted, "v3"));
        var again = ProtocolLifecycle.Decide(started.State, new ProtocolCommand.StartDraft(), Manager(Lucia));
        again.IsAccepted.ShouldBeTrue();
        again.Audit.ShouldBeNull("an open draft is kept as it is");
        again.State.AuthorUserId.ShouldBe(Marta);
        ProtocolLifecycle.Decide(published with { PublishedVersion = 0 }, new ProtocolCommand.StartDraft(), Manager(Marta))
            .Refusal.ShouldBe(LifecycleRefusal.NotFound);
    }

    [Fact]
    public void An_archived_protocol_cannot_be_changed_until_restored_and_archiving_twice_changes_nothing()
    {
        var archived = Accepted(Approved(published: 2), new ProtocolCommand.Archive(), Manager(Lucia));
        archived.Archived.ShouldBeTrue();
        archived.Status.ShouldBe(ProtocolStatus.Archived);
        ProtocolLifecycle.Decide(archived, new ProtocolCommand.Archive(), Manager(Lucia)).Audit.ShouldBeNull();
        foreach (var move in new ProtocolCommand[]
                 {
                     new ProtocolCommand.SaveDraft([]), new ProtocolCommand.StartDraft(),
                     new ProtocolCommand.Publish(ChangeSize.Minor, "v3", Clean),
                 })
            ProtocolLifecycle.Decide(archived, move, Manager(Lucia)).Problems.ShouldHaveSingleItem().Code.ShouldBe(LifecycleCodes.Archived);
        ProtocolLifecycle.Decide(archived, new ProtocolCommand.Verify(), Manager(Lucia)).Refusal.ShouldBe(LifecycleRefusal.NotFound);

        var restored = ProtocolLifecycle.Decide(archived, new ProtocolCommand.Restore(), Manager(Lucia));
        restored.State.Archived.ShouldBeFalse();
        restored.Audit!.Code.ShouldBe(ProtocolAuditCode.Restored);
        ProtocolLifecycle.Decide(restored.State, new ProtocolCommand.Restore(), Manager(Lucia)).Audit.ShouldBeNull();
    }

    [Fact]
    public void Only_people_who_write_protocols_move_them_and_only_approvers_approve()
    {
        foreach (var move in new ProtocolCommand[]
                 {
                     new ProtocolCommand.Create(false), new ProtocolCommand.StartDraft(), new ProtocolCommand.SaveDraft([]),
                     new ProtocolCommand.Submit(Clean), new ProtocolCommand.Approve(), new ProtocolCommand.Return(null),
                     new ProtocolCommand.Publish(ChangeSize.Major, "v1", Clean), new ProtocolCommand.Archive(),
                     new ProtocolCommand.Restore(), new ProtocolCommand.Verify(),
                 })
        {
            var d = ProtocolLifecycle.Decide(InReview(), move, Agent);
            d.Refusal.ShouldBe(LifecycleRefusal.Forbidden, move.GetType().Name);
            d.Audit.ShouldBeNull();
        }
        var authorOnly = new LifecycleActor(Marta, MayAuthor: true, MayApprove: false, ApprovalRequired: true, Now);
        ProtocolLifecycle.Decide(InReview(), new ProtocolCommand.Approve(), authorOnly).Refusal.ShouldBe(LifecycleRefusal.Forbidden);
    }

    [Fact]
    public void A_draft_in_review_waits_for_the_other_managers_not_for_its_author_unless_no_approval_is_asked()
    {
        ProtocolLifecycle.WaitsFor(InReview(), Manager(Marta)).ShouldBeTrue();
        ProtocolLifecycle.WaitsFor(InReview(), Manager(Lucia)).ShouldBeFalse();
        ProtocolLifecycle.WaitsFor(InReview(), Manager(Lucia, approvalRequired: false)).ShouldBeTrue("they may publish it themselves");
        ProtocolLifecycle.WaitsFor(Editing(), Manager(Marta)).ShouldBeFalse();
        ProtocolLifecycle.WaitsFor(Approved(), Manager(Marta)).ShouldBeFalse("it waits for publishing, not for an approval");
        ProtocolLifecycle.WaitsFor(InReview() with { Archived = true }, Manager(Marta)).ShouldBeFalse();
        ProtocolLifecycle.WaitsFor(InReview(), Agent).ShouldBeFalse();
    }

    [Fact]
    public void Verifying_a_published_protocol_moves_its_next_review_on_by_its_cadence()
    {
        var published = new ProtocolStanding("Devoluciones", DraftState.None, 2, false);
        ProtocolLifecycle.Decide(published, new ProtocolCommand.Verify(), Manager(Lucia)).Audit
            .ShouldBe(new ProtocolAuditEntry(ProtocolAuditCode.Verified, "v2"));
        ProtocolLifecycle.NextReviewDue(Now, 90).ShouldBe(Now.AddDays(90));
        ProtocolLifecycle.NextReviewDue(Now, null).ShouldBeNull();
        ProtocolLifecycle.Decide(published with { PublishedVersion = 0 }, new ProtocolCommand.Verify(), Manager(Lucia))
            .Refusal.ShouldBe(LifecycleRefusal.NotFound);
    }

    [Fact]
    public void The_status_a_list_shows_follows_from_the_draft_the_published_version_and_archiving()
    {
        ProtocolLifecycle.StatusOf(false, DraftState.None, 0).ShouldBe(ProtocolStatus.Draft);
        ProtocolLifecycle.StatusOf(false, DraftState.None, 2).ShouldBe(ProtocolStatus.Published);
        ProtocolLifecycle.StatusOf(false, DraftState.Editing, 2).ShouldBe(ProtocolStatus.Draft);
        ProtocolLifecycle.StatusOf(false, DraftState.InReview, 2).ShouldBe(ProtocolStatus.InReview);
        ProtocolLifecycle.StatusOf(false, DraftState.Approved, 0).ShouldBe(ProtocolStatus.Approved);
        ProtocolLifecycle.StatusOf(true, DraftState.InReview, 2).ShouldBe(ProtocolStatus.Archived);
    }

    [Fact]
    public void Audit_codes_and_their_stored_names_never_change_and_each_code_sits_in_its_block()
    {
        // Stored rows and reports match on these: this list only ever grows.
        var expected = new Dictionary<int, string>
        {
            [1000] = "protocol.created", [1001] = "protocol.imported", [1002] = "protocol.draft-started", [1003] = "protocol.edited",
            [1004] = "protocol.submitted", [1005] = "protocol.approved", [1006] = "protocol.returned", [1007] = "protocol.published",
            [1008] = "protocol.archived", [1009] = "protocol.restored", [1010] = "protocol.verified",
            [1100] = "suggestion.created", [1101] = "suggestion.accepted", [1102] = "suggestion.declined",
        };
        Enum.GetValues<ProtocolAuditCode>().ToDictionary(c => (int)c, ProtocolAudit.Name).ShouldBe(expected);
        foreach (var code in Enum.GetValues<ProtocolAuditCode>())
        {
            ProtocolAudit.FromName(ProtocolAudit.Name(code)).ShouldBe(code);
            ((int)code / 100).ShouldBe(ProtocolAudit.Name(code).StartsWith("suggestion.", StringComparison.Ordinal) ? 11 : 10);
        }
        ProtocolAudit.FromName("department.created").ShouldBeNull();
    }
}
