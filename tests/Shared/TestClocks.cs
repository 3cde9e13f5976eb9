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
