using System.Diagnostics;

namespace Pauta.Tests.Shared;

/// <summary>
/// The instants test clocks start at. Tests never read the machine's date: the suite must give the same answers on a
/// Saturday, on 31 December or on the day Madrid changes its clocks (scripts/test-any-day.sh runs it on such days).
/// </summary>
public static class TestInstants
{
    /// <summary>
    /// Tuesday 3 March 2026, 09:30 UTC: 10:30 in Madrid, inside the demo organisation's morning hours (10:00–14:00),
    /// an ordinary working day with no holiday nearby and no clock change within weeks.
    /// </summary>
    public static readonly DateTimeOffset WorkingMorning = new(2026, 3, 3, 9, 30, 0, TimeSpan.Zero);
}

/// <summary>
/// A clock that starts at a fixed instant and then runs at real speed, for apps that tests drive over HTTP: the date
/// is the test's, while cookies, rate limits and orderings see time pass as they would. <see cref="Advance"/> jumps.
/// </summary>
public sealed class RunningClock(DateTimeOffset start) : TimeProvider
{
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private long _jumped;

    public RunningClock() : this(TestInstants.WorkingMorning) { }

    public override DateTimeOffset GetUtcNow() =>
        new(start.UtcTicks + _since.Elapsed.Ticks + Interlocked.Read(ref _jumped), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _jumped, by.Ticks);
}

/// <summary>A clock the test moves by hand: what "at most once a minute" means without waiting a minute.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public ManualClock() : this(TestInstants.WorkingMorning) { }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>
/// A clock the test moves by hand whose timers (<see cref="PeriodicTimer"/>, <c>Task.Delay</c> on this clock) fire only when
/// it is moved past them, in order, inside <see cref="Advance"/>: a loop driven by it runs exactly the ticks the test asks for.
/// </summary>
public sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<Timer> _timers = [];
    private DateTimeOffset _now = start;

    public SteppingClock() : this(TestInstants.WorkingMorning) { }

    public override DateTimeOffset GetUtcNow() { lock (_gate) return _now; }

    /// <summary>How many timers are waiting to fire.</summary>
    public int Waiting { get { lock (_gate) return _timers.Count(t => t.Due is not null); } }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        lock (_gate) _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock on, firing every timer that comes due on the way at its own instant.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_gate) target = _now + by;
        while (true)
        {
            Timer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.Due <= target).MinBy(t => t.Due);
                if (next is null) { _now = target; return; }
                _now = next.Due!.Value;
                next.Due = next.Period > TimeSpan.Zero && next.Period != Timeout.InfiniteTimeSpan ? _now + next.Period : null;
            }
            next.Callback(next.State);
        }
    }

    private sealed class Timer(SteppingClock clock, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback => callback;
        public object? State => state;
        public DateTimeOffset? Due { get; set; }
        public TimeSpan Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                Period = period;
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
            }
            return true;
        }

        public void Dispose() { lock (clock._gate) clock._timers.Remove(this); }
        public ValueTask DisposeAsync() { Dispose(); return ValueTask.CompletedTask; }
    }
}
