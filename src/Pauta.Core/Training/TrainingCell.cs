namespace Pauta.Core.Training;

/// <summary>Where one person stands on one protocol in the training matrix. Not stored: computed by <see cref="TrainingCell.Of"/>.</summary>
public enum TrainingCellState
{
    /// <summary>No assignment, nothing done, never acknowledged.</summary>
    NotAssigned,
    /// <summary>An open assignment, not started, not due yet.</summary>
    Assigned,
    /// <summary>Lessons or a quiz attempt on the current major version (or a later one), not passed yet.</summary>
    InProgress,
    /// <summary>Passed the quiz of the current major version (or a later one) but not acknowledged it yet.</summary>
    Passed,
    /// <summary>Acknowledged the current major version or a later one: trained.</summary>
    Acknowledged,
    /// <summary>Acknowledged only a version older than the current major one: needs retraining.</summary>
    AcknowledgedOlder,
    /// <summary>Not trained, and an open assignment's due date has passed.</summary>
    Overdue,
    /// <summary>Trained, and the refresher's date has come.</summary>
    RefresherDue,
}

/// <summary>The person's open assignment on the protocol (neither completed nor removed).</summary>
/// <param name="Started">Whether the assignment records a start (a lesson done or an attempt made for it).</param>
public sealed record CellAssignment(DateTime DueAt, bool Started);

/// <summary>A passed quiz attempt: the version it was on and its score (0–100).</summary>
public sealed record PassedAttempt(int Version, int ScorePercent);

/// <summary>What the matrix knows about one person on one protocol, read in bulk; instants are UTC.</summary>
/// <param name="CurrentVersion">The protocol's latest published version.</param>
/// <param name="CurrentMajor">The major version that one belongs to (<see cref="MajorVersions.Of"/>).</param>
/// <param name="Acknowledged">The latest version the person acknowledged; null when none.</param>
/// <param name="Assignment">The open assignment; null when there is none.</param>
/// <param name="BestPassed">The best passed attempt on the latest version the person passed; null when none.</param>
/// <param name="LatestActivityVersion">The latest version with a finished lesson or a quiz attempt; null when none.</param>
/// <param name="RefresherDueAt">When the person should next refresh the protocol; null when no refresher is scheduled.</param>
public sealed record TrainingFacts(int CurrentVersion, int CurrentMajor, int? Acknowledged, CellAssignment? Assignment,
    PassedAttempt? BestPassed, int? LatestActivityVersion, DateTime? RefresherDueAt);

/// <summary>One cell of the matrix: its state and what the cell shows beside it.</summary>
/// <param name="Score">The passed score the cell rests on (acknowledged or passed); null when none counts.</param>
/// <param name="DueAt">The open assignment's due date; null when there is none.</param>
public sealed record TrainingCell(TrainingCellState State, int? Score, int? Acknowledged, DateTime? DueAt, DateTime? RefresherDueAt)
{
    /// <summary>
    /// The state of one person on one protocol at <paramref name="now"/>. Trained (acknowledged the current major version or
    /// later, ADR-009) wins over everything and shows as refresher due once the refresher's date has come. For someone not
    /// trained, the most urgent fact wins: an overdue assignment, then a pass waiting for the acknowledgement, then work in
    /// progress on the current major version, then an older acknowledgement (needs retraining), then an open assignment.
    /// </summary>
    public static TrainingCell Of(TrainingFacts facts, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var major = facts.CurrentMajor;
        var passedCurrent = facts.BestPassed is { } p && p.Version >= major ? p : null;
        var dueAt = facts.Assignment?.DueAt;

        TrainingCellState state;
        if (MajorVersions.Covers(facts.Acknowledged, major))
            state = facts.RefresherDueAt is { } refresher && refresher <= now ? TrainingCellState.RefresherDue : TrainingCellState.Acknowledged;
        else if (facts.Assignment is { } open && now > open.DueAt)
            state = TrainingCellState.Overdue;
        else if (passedCurrent is not null)
            state = TrainingCellState.Passed;
        else if (facts.Assignment is { Started: true } || facts.LatestActivityVersion >= major)
            state = TrainingCellState.InProgress;
        else if (facts.Acknowledged is not null)
            state = TrainingCellState.AcknowledgedOlder;
        else if (facts.Assignment is not null)
            state = TrainingCellState.Assigned;
        else
            state = TrainingCellState.NotAssigned;

        var trained = state is TrainingCellState.Acknowledged or TrainingCellState.RefresherDue;
        return new TrainingCell(state, passedCurrent?.ScorePercent, facts.Acknowledged, trained ? null : dueAt,
            trained ? facts.RefresherDueAt : null);
    }
}
