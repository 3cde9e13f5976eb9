using Pauta.Core.Training;

namespace Pauta.Core.Tests.Training;

public class TrainingCellTests
{
    private static readonly DateTime Now = new(2026, 3, 3, 9, 30, 0, DateTimeKind.Utc);
    private const int Current = 5;
    private const int Major = 4;

    private static TrainingFacts Facts(int? acknowledged = null, CellAssignment? assignment = null, PassedAttempt? passed = null,
        int? activity = null, DateTime? refresher = null) =>
        new(Current, Major, acknowledged, assignment, passed, activity, refresher);

    private static TrainingCellState StateOf(TrainingFacts facts) => TrainingCell.Of(facts, Now).State;

    // Every combination of the facts that matter, each at a value below, at and above its threshold.
    private static readonly int?[] Acknowledgements = [null, 1, Major - 1, Major, Current, Current + 1];
    private static readonly CellAssignment?[] Assignments =
    [
        null,
        new(Now.AddDays(3), false), new(Now.AddDays(3), true),
        new(Now, false), new(Now, true),
        new(Now.AddTicks(-1), false), new(Now.AddDays(-3), true),
    ];
    private static readonly PassedAttempt?[] Passes = [null, new(1, 90), new(Major - 1, 80), new(Major, 75), new(Current, 100)];
    private static readonly int?[] Activities = [null, 1, Major - 1, Major, Current];
    private static readonly DateTime?[] Refreshers = [null, Now.AddDays(10), Now, Now.AddTicks(1), Now.AddDays(-1)];

    public static IEnumerable<TrainingFacts> Every()
    {
        foreach (var a in Acknowledgements)
            foreach (var s in Assignments)
                foreach (var p in Passes)
                    foreach (var x in Activities)
                        foreach (var r in Refreshers)
                            yield return Facts(a, s, p, x, r);
    }

    [Fact]
    public void The_combinations_cover_every_state()
    {
        Every().Select(StateOf).Distinct().Order().ShouldBe(Enum.GetValues<TrainingCellState>().Order());
    }

    [Fact]
    public void A_person_is_shown_trained_exactly_when_they_acknowledged_the_current_major_version_or_a_later_one()
    {
        foreach (var f in Every())
        {
            var trainedState = StateOf(f) is TrainingCellState.Acknowledged or TrainingCellState.RefresherDue;
            trainedState.ShouldBe(f.Acknowledged >= Major, f.ToString());
        }
    }

    [Fact]
    public void Refresher_due_is_shown_only_to_trained_people_whose_refresher_date_has_come()
    {
        foreach (var f in Every())
            (StateOf(f) == TrainingCellState.RefresherDue).ShouldBe(f.Acknowledged >= Major && f.RefresherDueAt <= Now, f.ToString());
    }

    [Fact]
    public void Overdue_means_not_trained_with_an_open_assignment_past_its_due_instant()
    {
        foreach (var f in Every())
            (StateOf(f) == TrainingCellState.Overdue).ShouldBe(!(f.Acknowledged >= Major) && f.Assignment is { } s && Now > s.DueAt, f.ToString());
    }

    [Fact]
    public void Passed_needs_a_pass_on_the_current_major_version_or_later_and_no_acknowledgement_of_it()
    {
        foreach (var f in Every())
        {
            var expected = !(f.Acknowledged >= Major) && !(f.Assignment is { } s && Now > s.DueAt) && f.BestPassed?.Version >= Major;
            (StateOf(f) == TrainingCellState.Passed).ShouldBe(expected, f.ToString());
        }
    }

    [Fact]
    public void In_progress_needs_a_started_assignment_or_work_on_the_current_major_version_and_no_pass_of_it()
    {
        foreach (var f in Every())
        {
            var expected = !(f.Acknowledged >= Major) && !(f.Assignment is { } s && Now > s.DueAt) && !(f.BestPassed?.Version >= Major)
                && (f.Assignment is { Started: true } || f.LatestActivityVersion >= Major);
            (StateOf(f) == TrainingCellState.InProgress).ShouldBe(expected, f.ToString());
        }
    }

    [Fact]
    public void Older_acknowledgement_shows_as_needing_retraining_when_nothing_more_urgent_applies()
    {
        foreach (var f in Every())
        {
            var expected = f.Acknowledged < Major && !(f.Assignment is { } s && Now > s.DueAt) && !(f.BestPassed?.Version >= Major)
                && !(f.Assignment is { Started: true } || f.LatestActivityVersion >= Major);
            (StateOf(f) == TrainingCellState.AcknowledgedOlder).ShouldBe(expected, f.ToString());
        }
    }

    [Fact]
    public void Assigned_and_not_assigned_are_what_is_left_with_and_without_an_open_assignment()
    {
        foreach (var f in Every())
        {
            var nothingElse = f.Acknowledged is null && !(f.BestPassed?.Version >= Major) && !(f.LatestActivityVersion >= Major)
                && !(f.Assignment is { } s && (Now > s.DueAt || s.Started));
            (StateOf(f) == TrainingCellState.Assigned).ShouldBe(nothingElse && f.Assignment is not null, f.ToString());
            (StateOf(f) == TrainingCellState.NotAssigned).ShouldBe(nothingElse && f.Assignment is null, f.ToString());
        }
    }

    [Fact]
    public void The_cell_shows_the_due_date_only_while_not_trained_and_the_refresher_only_once_trained()
    {
        foreach (var f in Every())
        {
            var cell = TrainingCell.Of(f, Now);
            var trained = f.Acknowledged >= Major;
            cell.DueAt.ShouldBe(trained ? null : f.Assignment?.DueAt, f.ToString());
            cell.RefresherDueAt.ShouldBe(trained ? f.RefresherDueAt : null, f.ToString());
            cell.Acknowledged.ShouldBe(f.Acknowledged, f.ToString());
        }
    }

    [Fact]
    public void The_score_shown_is_the_pass_on_the_current_major_version_never_an_older_one()
    {
        TrainingCell.Of(Facts(passed: new(Major - 1, 80)), Now).Score.ShouldBeNull();
        TrainingCell.Of(Facts(passed: new(Major, 75)), Now).ShouldBe(new TrainingCell(TrainingCellState.Passed, 75, null, null, null));
        TrainingCell.Of(Facts(acknowledged: Current, passed: new(Current, 100)), Now)
            .ShouldBe(new TrainingCell(TrainingCellState.Acknowledged, 100, Current, null, null));
    }

    [Fact]
    public void A_minor_version_after_the_acknowledged_major_one_asks_for_nothing()
    {
        // Acknowledged v4 (major); v5 is a minor wording change: still trained, no retraining.
        StateOf(Facts(acknowledged: Major)).ShouldBe(TrainingCellState.Acknowledged);
    }

    [Fact]
    public void An_assignment_due_exactly_now_is_not_overdue_yet()
    {
        StateOf(Facts(assignment: new(Now, false))).ShouldBe(TrainingCellState.Assigned);
        StateOf(Facts(assignment: new(Now.AddTicks(-1), false))).ShouldBe(TrainingCellState.Overdue);
    }

    [Fact]
    public void A_refresher_due_exactly_now_is_due()
    {
        StateOf(Facts(acknowledged: Current, refresher: Now)).ShouldBe(TrainingCellState.RefresherDue);
        StateOf(Facts(acknowledged: Current, refresher: Now.AddTicks(1))).ShouldBe(TrainingCellState.Acknowledged);
    }

    [Fact]
    public void Re_assigned_after_a_major_version_a_person_who_has_not_started_needs_retraining()
    {
        StateOf(Facts(acknowledged: 1, assignment: new(Now.AddDays(14), false))).ShouldBe(TrainingCellState.AcknowledgedOlder);
    }
}
