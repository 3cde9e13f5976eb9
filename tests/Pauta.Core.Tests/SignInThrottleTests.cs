using Pauta.Core.Organisations;

namespace Pauta.Core.Tests;

public sealed class SignInThrottleTests
{
    private static readonly DateTime At = new(2026, 3, 2, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Four_failures_in_a_row_do_not_lock_and_the_fifth_locks_for_a_minute()
    {
        for (var failures = 0; failures < 5; failures++) SignInThrottle.IsLocked(failures, At, At).ShouldBeFalse($"{failures} failures");
        SignInThrottle.IsLocked(5, At, At.AddSeconds(59)).ShouldBeTrue();
        SignInThrottle.IsLocked(5, At, At.AddMinutes(1)).ShouldBeFalse();
    }

    [Fact]
    public void Each_further_failure_doubles_the_wait_up_to_fifteen_minutes()
    {
        Enumerable.Range(5, 7).Select(SignInThrottle.LockAfter).Select(t => t.TotalMinutes)
            .ShouldBe([1, 2, 4, 8, 15, 15, 15]);
        SignInThrottle.LockAfter(int.MaxValue).ShouldBe(TimeSpan.FromMinutes(15));
    }

    [Fact]
    public void Failures_older_than_a_day_are_forgotten()
    {
        SignInThrottle.AfterFailure(7, At, At.AddHours(23)).ShouldBe(8);
        SignInThrottle.AfterFailure(7, At, At.AddHours(25)).ShouldBe(1);
    }
}
