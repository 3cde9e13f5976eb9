using Pauta.Core.Protocols;

namespace Pauta.Core.ServiceLevels;

/// <summary>Where a service-level clock stands.</summary>
public enum ClockStatus
{
    /// <summary>Counting toward its target; no breach recorded yet, even if it has run out.</summary>
    Running = 0,
    /// <summary>Waiting on the customer; no breach recorded.</summary>
    Paused = 1,
    /// <summary>Fulfilled before the clock ran out.</summary>
    Fulfilled = 2,
    /// <summary>A breach was recorded and the clock is not fulfilled yet (it may be paused meanwhile).</summary>
    Breached = 3,
    /// <summary>Fulfilled after a recorded breach or after the clock ran out.</summary>
    FulfilledLate = 4,
}

/// <summary>One warning of a clock (see <see cref="TargetWarning"/>), as replayed.</summary>
/// <param name="Index">Its position in the target's warnings.</param>
/// <param name="DueAt">When it is reached if the clock keeps counting; null while the clock is paused or when it cannot be reached any more.</param>
/// <param name="WarnedAt">When the warning was recorded, if it was.</param>
public sealed record ClockWarningState(int Index, DateTimeOffset? DueAt, DateTimeOffset? WarnedAt)
{
    /// <summary>Reached at <paramref name="now"/> and not recorded yet.</summary>
    public bool IsDue(DateTimeOffset now) => WarnedAt is null && DueAt is { } due && now >= due;
}

/// <summary>A clock's warnings compared by value, so two replays of the same events are equal states.</summary>
public sealed class ClockWarningList(IReadOnlyList<ClockWarningState> items) : IReadOnlyList<ClockWarningState>, IEquatable<ClockWarningList>
{
    private readonly IReadOnlyList<ClockWarningState> items = items;

    public ClockWarningState this[int index] => items[index];

    public int Count => items.Count;

    public IEnumerator<ClockWarningState> GetEnumerator() => items.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ClockWarningList? other) => other is not null && items.SequenceEqual(other.items);

    public override bool Equals(object? obj) => Equals(obj as ClockWarningList);

    public override int GetHashCode() => items.Count;
}

/// <summary>A service-level clock as replayed from its events at one instant.</summary>
/// <param name="Status">Where the clock stands.</param>
/// <param name="Clock">Whether business hours or every second count.</param>
/// <param name="Target">The time allowed.</param>
/// <param name="Elapsed">Counted time so far (up to fulfilment if fulfilled); paused time never counts. May exceed the target.</param>
/// <param name="DueAt">
/// The instant the clock runs out or ran out. Once it has run out this is fixed in the past. Otherwise it
/// is where the running clock will run out; a paused clock has none, because nobody knows when the
/// customer will answer. For a clock fulfilled on time while running it is the due time it had then.
/// </param>
/// <param name="IsPaused">Waiting on the customer now (a breached clock can be paused too).</param>
/// <param name="BreachedAt">When the breach was recorded, if it was.</param>
/// <param name="FulfilledAt">When the clock was fulfilled, if it was.</param>
/// <param name="AsOf">The instant this state was replayed at.</param>
public sealed record ServiceClockState(
    ClockStatus Status,
    ServiceClock Clock,
    TimeSpan Target,
    TimeSpan Elapsed,
    DateTimeOffset? DueAt,
    bool IsPaused,
    DateTimeOffset? BreachedAt,
    DateTimeOffset? FulfilledAt,
    DateTimeOffset AsOf)
{
    /// <summary>The unit the target was written in ("15 business days"), for display; the target is always counted time.</summary>
    public TargetUnit Unit { get; init; } = TargetUnit.Seconds;

    /// <summary>The calendar reference the clock counts on (see <see cref="CalendarRefs"/>); null for clocks recorded before format 2.</summary>
    public string? Calendar { get; init; }

    /// <summary>The target's warnings as they stand: when each is due and whether it was recorded.</summary>
    public IReadOnlyList<ClockWarningState> Warnings { get; init; } = Empty;

    private static readonly ClockWarningList Empty = new([]);

    /// <summary>Counted time the term was extended by (zero when it was not); the extension's reason is on the timeline.</summary>
    public TimeSpan Extension { get; init; }

    /// <summary>Counted time left before the clock runs out; zero once it has.</summary>
    public TimeSpan Remaining => Target > Elapsed ? Target - Elapsed : TimeSpan.Zero;

    /// <summary>
    /// When a Breached event should be recorded: the due instant of a clock that is neither fulfilled nor
    /// already breached, or null when there is nothing to wait for (including a paused clock that has not
    /// run out). A background service sleeps until this instant, then replays again.
    /// </summary>
    public DateTimeOffset? BreachDueAt => Status is ClockStatus.Running or ClockStatus.Paused ? DueAt : null;

    /// <summary>
    /// Whether a Breached event is due at <paramref name="now"/>. The clock runs out at its due instant, not
    /// one tick later, so at exactly the due instant the answer is yes. Valid for any later instant as long
    /// as no new event has been recorded since this state was replayed.
    /// </summary>
    public bool IsBreachDue(DateTimeOffset now) => BreachDueAt is { } due && now >= due;

    /// <summary>
    /// Replays a clock's events as of <paramref name="now"/>. Events are facts: a recorded breach stands even
    /// if the calendar (edited since) would place the due time later. The clock runs out at its due instant,
    /// so a fulfilment at exactly that instant is late; one tick earlier it is on time.
    /// </summary>
    /// <param name="events">The clock's events in the order recorded; equal timestamps are allowed.</param>
    /// <param name="calendar">Needed for a business clock; may be null for a calendar clock.</param>
    /// <param name="now">The instant to replay at; not before the last event.</param>
    /// <param name="warnings">The warnings of the clock's target, if any (see <see cref="DayTerms.Threshold"/>).</param>
    /// <exception cref="InvalidClockSequenceException">The events do not form a possible clock history.</exception>
    /// <exception cref="ArgumentException">A business clock without a calendar, or <paramref name="now"/> before the last event.</exception>
    public static ServiceClockState Replay(
        IEnumerable<ClockEvent> events, BusinessCalendar? calendar, DateTimeOffset now, IReadOnlyList<TargetWarning>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var history = events.ToList();

        if (history.Count == 0)
            throw new InvalidClockSequenceException(InvalidClockSequenceException.NotActivated, 0, "A clock's events must start with Activated; there are none.");
        if (history[0] is not ClockEvent.Activated activated)
            throw new InvalidClockSequenceException(InvalidClockSequenceException.NotActivated, 0, $"A clock's events must start with Activated, not {history[0].GetType().Name}.");
        if (activated.Target < TimeSpan.Zero)
            throw new InvalidClockSequenceException(InvalidClockSequenceException.NegativeTarget, 0, $"The target {activated.Target} is negative.");

        Func<DateTimeOffset, DateTimeOffset, TimeSpan> countBetween;
        Func<DateTimeOffset, TimeSpan, DateTimeOffset> addCounted;
        switch (activated.Clock)
        {
            case ServiceClock.Business:
                var business = calendar ?? throw new ArgumentException("A business clock needs the organisation's business calendar.", nameof(calendar));
                countBetween = business.BusinessTimeBetween;
                addCounted = business.AddBusinessTime;
                break;
            case ServiceClock.Calendar:
                countBetween = (from, to) => to - from;
                addCounted = (from, duration) => (from + duration).ToUniversalTime();
                break;
            default:
                throw new InvalidClockSequenceException(InvalidClockSequenceException.UnknownClock, 0, $"Unknown clock kind {activated.Clock}.");
        }

        var countFrom = activated.CountFrom is { } received && received < activated.At ? received : activated.At;
        var target = activated.Target;
        var extension = TimeSpan.Zero;
        var elapsed = TimeSpan.Zero;
        DateTimeOffset? runningSince = countFrom;
        var stretches = new List<(DateTimeOffset From, DateTimeOffset To)>();
        var warnedAt = new Dictionary<int, DateTimeOffset>();
        DateTimeOffset? due = null;
        DateTimeOffset? ranOutAt = null;
        DateTimeOffset? breachedAt = null;
        DateTimeOffset? fulfilledAt = null;

        // Counts one running stretch; the first stretch that reaches the target fixes when the clock ran out.
        void Run(DateTimeOffset from, DateTimeOffset to)
        {
            if (ranOutAt is null)
            {
                due = addCounted(from, target - elapsed);
                if (due <= to) ranOutAt = due;
            }
            elapsed += countBetween(from, to);
            stretches.Add((from, to));
        }

        var last = activated.At;
        for (var index = 1; index < history.Count; index++)
        {
            var e = history[index];
            if (e.At < last)
                throw new InvalidClockSequenceException(InvalidClockSequenceException.OutOfOrder, index, $"{Describe(e)} is earlier than the event before it ({last:O}).");
            if (fulfilledAt is not null)
                throw new InvalidClockSequenceException(InvalidClockSequenceException.AfterFulfilled, index, $"{Describe(e)} comes after the clock was fulfilled.");

            switch (e)
            {
                case ClockEvent.Activated:
                    throw new InvalidClockSequenceException(InvalidClockSequenceException.AlreadyActivated, index, $"{Describe(e)}: the clock is already active.");
                case ClockEvent.Paused:
                    if (runningSince is not { } pausedFrom)
                        throw new InvalidClockSequenceException(InvalidClockSequenceException.AlreadyPaused, index, $"{Describe(e)}: the clock is already paused.");
                    Run(pausedFrom, e.At);
                    runningSince = null;
                    // Nobody knows when the customer will answer, so a paused clock has no due time.
                    if (ranOutAt is null) due = null;
                    break;
                case ClockEvent.Resumed:
                    if (runningSince is not null)
                        throw new InvalidClockSequenceException(InvalidClockSequenceException.NotPaused, index, $"{Describe(e)}: the clock is not paused.");
                    runningSince = e.At;
                    break;
                case ClockEvent.Breached:
                    if (breachedAt is not null)
                        throw new InvalidClockSequenceException(InvalidClockSequenceException.AlreadyBreached, index, $"{Describe(e)}: a breach was already recorded at {breachedAt:O}.");
                    breachedAt = e.At;
                    break;
                case ClockEvent.Warned w:
                    if (breachedAt is not null)
                        throw new InvalidClockSequenceException(InvalidClockSequenceException.AlreadyBreached, index, $"{Describe(e)}: a warning after the breach recorded at {breachedAt:O}.");
                    if (!warnedAt.TryAdd(w.Index, e.At))
                        throw new InvalidClockSequenceException(InvalidClockSequenceException.AlreadyWarned, index, $"{Describe(e)}: warning {w.Index} was already recorded.");
                    break;
                case ClockEvent.Extended x:
                    if (extension != TimeSpan.Zero)
                        throw new InvalidClockSequenceException(InvalidClockSequenceException.AlreadyExtended, index, $"{Describe(e)}: the term was already extended.");
                    if (x.By <= TimeSpan.Zero)
                        throw new InvalidClockSequenceException(InvalidClockSequenceException.NegativeTarget, index, $"{Describe(e)}: an extension must add time.");
                    // Count up to the extension on the old term, then on the longer one.
                    if (runningSince is { } extendedWhileRunning)
                    {
                        Run(extendedWhileRunning, e.At);
                        runningSince = e.At;
                    }
                    extension = x.By;
                    target += x.By;
                    if (elapsed < target)
                    {
                        ranOutAt = null;
                        due = null;
                    }
                    break;
                case ClockEvent.Fulfilled:
                    // Fulfilment while paused is allowed: the customer's answer may itself resolve the contact.
                    if (runningSince is { } runningFrom) Run(runningFrom, e.At);
                    fulfilledAt = e.At;
                    break;
                default:
                    throw new InvalidClockSequenceException(InvalidClockSequenceException.UnknownEvent, index, $"Unknown clock event {e.GetType().Name}.");
            }
            last = e.At;
        }

        if (now < last)
            throw new ArgumentException($"Cannot replay at {now:O}, before the last event ({last:O}).", nameof(now));

        var isPaused = fulfilledAt is null && runningSince is null;
        if (fulfilledAt is null && runningSince is { } since) Run(since, now);

        var status =
            fulfilledAt is not null ? (breachedAt is not null || ranOutAt is not null ? ClockStatus.FulfilledLate : ClockStatus.Fulfilled)
            : breachedAt is not null ? ClockStatus.Breached
            : isPaused ? ClockStatus.Paused
            : ClockStatus.Running;

        var dueAt = ranOutAt ?? due;
        var running = fulfilledAt is null && !isPaused;
        var warningStates = new List<ClockWarningState>();
        for (var i = 0; i < (warnings?.Count ?? 0); i++)
        {
            var at = warnedAt.TryGetValue(i, out var w) ? w : (DateTimeOffset?)null;
            DateTimeOffset? reached = null;
            if (at is null && breachedAt is null && fulfilledAt is null &&
                DayTerms.Threshold(warnings![i], target, countFrom, activated.Clock, calendar) is { } threshold && threshold < target)
            {
                reached = Reached(threshold);
                // A warning is a warning only before the clock runs out; after that the breach speaks.
                if (reached is { } r && dueAt is { } d && r >= d) reached = null;
            }
            warningStates.Add(new ClockWarningState(i, at ?? reached, at));
        }

        return new ServiceClockState(status, activated.Clock, target, elapsed, dueAt, isPaused, breachedAt, fulfilledAt, now)
        {
            Unit = activated.Unit,
            Warnings = new ClockWarningList(warningStates),
            Extension = extension,
        };

        // Where the counted time reaches the threshold: inside a stretch counted so far, or ahead while the clock runs.
        DateTimeOffset? Reached(TimeSpan threshold)
        {
            var counted = TimeSpan.Zero;
            var lastStretch = stretches.Count - 1;
            for (var i = 0; i <= lastStretch; i++)
            {
                var (from, to) = stretches[i];
                var length = countBetween(from, to);
                var open = running && i == lastStretch;
                if (counted + length >= threshold || open)
                {
                    var at = threshold <= counted ? from : addCounted(from, threshold - counted);
                    return open || at <= to ? at : to;
                }
                counted += length;
            }
            return null;
        }
    }

    private static string Describe(ClockEvent e) => $"{e.GetType().Name} at {e.At:O}";
}

/// <summary>A clock's events that cannot have happened in that order; <see cref="Code"/> says which rule broke.</summary>
public sealed class InvalidClockSequenceException(string code, int index, string message)
    : ArgumentException($"{message} (event {index}, {code})", "events")
{
    public const string NotActivated = "Clock.NotActivated";
    public const string AlreadyActivated = "Clock.AlreadyActivated";
    public const string NegativeTarget = "Clock.NegativeTarget";
    public const string UnknownClock = "Clock.UnknownClock";
    public const string UnknownEvent = "Clock.UnknownEvent";
    public const string OutOfOrder = "Clock.OutOfOrder";
    public const string AlreadyPaused = "Clock.AlreadyPaused";
    public const string NotPaused = "Clock.NotPaused";
    public const string AlreadyBreached = "Clock.AlreadyBreached";
    public const string AfterFulfilled = "Clock.AfterFulfilled";
    public const string AlreadyWarned = "Clock.AlreadyWarned";
    public const string AlreadyExtended = "Clock.AlreadyExtended";

    /// <summary>Which rule the sequence broke, one of the constants on this class.</summary>
    public string Code { get; } = code;

    /// <summary>The position of the offending event in the sequence.</summary>
    public int Index { get; } = index;
}
