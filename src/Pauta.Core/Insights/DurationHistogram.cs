namespace Pauta.Core.Insights;

/// <summary>
/// Buckets for durations, so percentiles can be summed across pre-aggregated rows. Bucket 0 holds durations under one
/// second; bucket k ≥ 1 holds [1.1^(k-1), 1.1^k) seconds. A percentile is reported as the geometric middle of its
/// bucket, so it is within 5 % of the exact (nearest-rank) value for any duration of a second or more, and under a
/// second for shorter ones. 200 buckets reach past six years.
/// </summary>
public static class DurationHistogram
{
    public const double Ratio = 1.1;

    /// <summary>The largest bucket; longer durations fall into it.</summary>
    public const int MaxBucket = 200;

    private static readonly double LogRatio = Math.Log(Ratio);

    /// <summary>Lower bounds in seconds, worked out once by repeated multiplication so every node agrees to the bit.</summary>
    private static readonly double[] Lower = BuildLower();

    private static double[] BuildLower()
    {
        var lower = new double[MaxBucket + 2];
        lower[0] = 0;
        lower[1] = 1;
        for (var k = 2; k < lower.Length; k++) lower[k] = lower[k - 1] * Ratio;
        return lower;
    }

    /// <summary>The bucket a duration falls into; negative durations count as zero.</summary>
    public static int BucketOf(TimeSpan duration)
    {
        var seconds = duration.TotalSeconds;
        if (seconds < 1) return 0;
        // Estimate with the logarithm, then settle against the table, which is the definition.
        var k = Math.Clamp((int)(Math.Log(seconds) / LogRatio) + 1, 1, MaxBucket);
        while (k > 1 && seconds < Lower[k]) k--;
        while (k < MaxBucket && seconds >= Lower[k + 1]) k++;
        return k;
    }

    /// <summary>The value reported for a bucket: 0.5 s for bucket 0, otherwise the geometric middle of its bounds.</summary>
    public static TimeSpan Representative(int bucket)
    {
        if (bucket <= 0) return TimeSpan.FromSeconds(0.5);
        var k = Math.Min(bucket, MaxBucket);
        return TimeSpan.FromSeconds(Math.Round(Math.Sqrt(Lower[k] * Lower[k + 1]), 3));
    }

    /// <summary>
    /// The nearest-rank percentile (the smallest value with at least <paramref name="p"/> of the counts at or below it)
    /// of a histogram given as bucket → count; null when it counts nothing.
    /// </summary>
    public static TimeSpan? Percentile(IReadOnlyDictionary<int, long> counts, double p)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        var total = counts.Values.Sum();
        if (total <= 0) return null;
        var rank = (long)Math.Ceiling(p * total);
        long seen = 0;
        foreach (var (bucket, count) in counts.OrderBy(c => c.Key))
        {
            seen += count;
            if (seen >= rank) return Representative(bucket);
        }
        return Representative(counts.Keys.Max());
    }
}

/// <summary>Exact statistics, for small samples and for testing the histogram against.</summary>
public static class Statistics
{
    /// <summary>Nearest-rank percentile of <paramref name="values"/>; null when empty.</summary>
    public static TimeSpan? ExactPercentile(IEnumerable<TimeSpan> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.OrderBy(v => v).ToList();
        if (sorted.Count == 0) return null;
        var rank = (int)Math.Ceiling(p * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>
    /// Mean and 95 % interval from a count, a sum and a sum of squares: the normal approximation mean ± 1.96·s/√n with
    /// the sample standard deviation s (n − 1). Scores are bounded (1–5), so the interval is clipped to
    /// [<paramref name="min"/>, <paramref name="max"/>]. No interval below n = 2.
    /// </summary>
    public static (double? Mean, double? Low, double? High) MeanInterval(long n, long sum, long sumOfSquares, double min = 1, double max = 5)
    {
        if (n <= 0) return (null, null, null);
        var mean = (double)sum / n;
        if (n < 2) return (mean, null, null);
        var variance = Math.Max(0, (sumOfSquares - (double)sum * sum / n) / (n - 1));
        var half = 1.96 * Math.Sqrt(variance / n);
        return (mean, Math.Max(min, mean - half), Math.Min(max, mean + half));
    }

    /// <summary>The Wilson score 95 % interval of a proportion <paramref name="successes"/>/<paramref name="n"/>; null for n = 0.</summary>
    public static (double Low, double High)? WilsonInterval(long successes, long n)
    {
        if (n <= 0) return null;
        const double z = 1.96;
        var p = (double)successes / n;
        var denominator = 1 + z * z / n;
        var centre = (p + z * z / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z * z / (4.0 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
