using CsCheck;
using Pauta.Core.Insights;

namespace Pauta.Core.Tests.Insights;

public class StatisticsTests
{
    [Fact]
    public void Histogram_percentiles_are_within_five_percent_of_the_exact_ones()
    {
        Gen.Int[1, 10_000_000].Array[1, 300].Select(Gen.Double[0.01, 1.0]).Sample((seconds, p) =>
        {
            var values = seconds.Select(s => TimeSpan.FromSeconds(s)).ToList();
            var histogram = new Dictionary<int, long>();
            foreach (var v in values)
            {
                var b = DurationHistogram.BucketOf(v);
                histogram[b] = histogram.GetValueOrDefault(b) + 1;
            }
            var exact = Statistics.ExactPercentile(values, p)!.Value.TotalSeconds;
            var approximate = DurationHistogram.Percentile(histogram, p)!.Value.TotalSeconds;
            return Math.Abs(approximate - exact) <= 0.05 * exact;
        }, seed: "0N0XIzNsQ0O2");
    }

    [Fact]
    public void Buckets_follow_their_bounds()
    {
        DurationHistogram.BucketOf(TimeSpan.Zero).ShouldBe(0);
        DurationHistogram.BucketOf(TimeSpan.FromMilliseconds(999)).ShouldBe(0);
        DurationHistogram.BucketOf(TimeSpan.FromSeconds(1)).ShouldBe(1);
        DurationHistogram.BucketOf(TimeSpan.FromSeconds(1.09)).ShouldBe(1);
        DurationHistogram.BucketOf(TimeSpan.FromSeconds(1.1)).ShouldBe(2);
        DurationHistogram.BucketOf(TimeSpan.FromDays(10_000)).ShouldBe(DurationHistogram.MaxBucket);
        DurationHistogram.Percentile(new Dictionary<int, long>(), 0.5).ShouldBeNull();
    }

    [Fact]
    public void Exact_percentiles_use_the_nearest_rank()
    {
        var values = new[] { 15, 20, 35, 40, 50 }.Select(s => TimeSpan.FromSeconds(s)).ToList();
        Statistics.ExactPercentile(values, 0.3).ShouldBe(TimeSpan.FromSeconds(20));
        Statistics.ExactPercentile(values, 0.4).ShouldBe(TimeSpan.FromSeconds(20));
        Statistics.ExactPercentile(values, 0.5).ShouldBe(TimeSpan.FromSeconds(35));
        Statistics.ExactPercentile(values, 1.0).ShouldBe(TimeSpan.FromSeconds(50));
    }

    [Fact]
    public void The_mean_interval_is_the_normal_approximation_clipped_to_the_scale()
    {
        // Scores 4, 5, 3, 4: mean 4, sample variance 2/3, half width 1.96·√(2/3/4) = 0.8.
        var (mean, low, high) = Statistics.MeanInterval(4, 16, 66);
        mean.ShouldBe(4);
        low!.Value.ShouldBe(4 - 1.96 * Math.Sqrt(2.0 / 3 / 4), 1e-9);
        high!.Value.ShouldBe(4 + 1.96 * Math.Sqrt(2.0 / 3 / 4), 1e-9);
        Statistics.MeanInterval(1, 5, 25).ShouldBe((5.0, null, null));
        Statistics.MeanInterval(0, 0, 0).ShouldBe((null, null, null));
        Statistics.MeanInterval(2, 10, 50).ShouldBe((5.0, 5.0, 5.0));
        Statistics.MeanInterval(3, 1 + 5 + 5, 1 + 25 + 25).High.ShouldBe(5);
    }

    [Fact]
    public void The_wilson_interval_matches_a_worked_example()
    {
        // 8 of 10: Wilson 95 % is about [0.490, 0.943].
        var (low, high) = Statistics.WilsonInterval(8, 10)!.Value;
        low.ShouldBe(0.4902, 0.001);
        high.ShouldBe(0.9433, 0.001);
        Statistics.WilsonInterval(0, 0).ShouldBeNull();
    }
}
