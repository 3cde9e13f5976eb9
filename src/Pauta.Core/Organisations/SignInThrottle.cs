namespace Pauta.Core.Organisations;

/// <summary>
/// How failed sign-ins slow down a guesser. Failures count per typed address <em>and</em> source, whether or not the
/// address has an account, so the answer never tells who has one, and a guesser elsewhere cannot lock the real person
/// out. From the fifth failure in a row the pair waits, twice as long after each further failure, up to a cap.
/// </summary>
public static class SignInThrottle
{
    public const int FailuresBeforeLock = 5;
    public static readonly TimeSpan FirstLock = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan LongestLock = TimeSpan.FromMinutes(15);

    /// <summary>Failures older than this are forgotten: the count starts again.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromHours(24);

    /// <summary>How long the pair waits after its <paramref name="failures"/>-th failure in a row.</summary>
    public static TimeSpan LockAfter(int failures)
    {
        if (failures < FailuresBeforeLock) return TimeSpan.Zero;
        var doublings = Math.Min(failures - FailuresBeforeLock, 10);
        var wait = FirstLock * (1 << doublings);
        return wait < LongestLock ? wait : LongestLock;
    }

    public static bool IsLocked(int failures, DateTime lastFailureAt, DateTime now) => now < lastFailureAt + LockAfter(failures);

    /// <summary>The count after one more failure at <paramref name="now"/>.</summary>
    public static int AfterFailure(int failures, DateTime lastFailureAt, DateTime now) =>
        now - lastFailureAt > Memory ? 1 : failures + 1;
}
