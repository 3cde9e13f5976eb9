using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Pauta.Web.Features.Account;

namespace Pauta.Web.Infrastructure;

/// <summary>
/// The sign-in rate limit, counted once for all web nodes: a fixed one-minute window per client source in the database
/// (<see cref="Pauta.Data.Entities.SignInRateWindow"/>), bumped by one atomic upsert per request, so N permits a minute are N
/// across the nodes, not N per node. The source is the connection's peer, or the client a configured proxy names
/// (<c>UseForwardedHeaders</c> runs first), an IPv6 one by its /64 as the account lockout counts it
/// (<see cref="SignInGuard.Source"/>). Windows older than the previous minute are purged, at most once a minute per node.
/// </summary>
public sealed class SharedRateLimit(IServiceScopeFactory scopes, TimeProvider time, int permitsPerMinute)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private long purgedWindow = long.MinValue;

    public int PermitsPerMinute => permitsPerMinute;

    /// <summary>The hashed source of a request's client, as the table keeps it.</summary>
    public static string SourceOf(IPAddress? client)
    {
        var source = client is null ? "unknown" : SignInGuard.Source(client);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("rate\n" + source)));
    }

    /// <summary>Counts one request of <paramref name="source"/> in the current window; true while within the permits.</summary>
    public async Task<bool> TryTakeAsync(string source, CancellationToken ct)
    {
        var window = time.GetUtcNow().ToUnixTimeSeconds() / (long)Window.TotalSeconds;
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
        // One statement, atomic on both databases: two nodes counting the same source at once both add their one.
        var counted = await db.Database.SqlQuery<int>($"""
            INSERT INTO "SignInRateWindows" ("Source", "Window", "Count") VALUES ({source}, {window}, 1)
            ON CONFLICT ("Source", "Window") DO UPDATE SET "Count" = "SignInRateWindows"."Count" + 1
            RETURNING "Count" AS "Value"
            """).ToListAsync(ct);
        if (Interlocked.Exchange(ref purgedWindow, window) != window)
            await db.SignInRateWindows.Where(w => w.Window < window - 1).ExecuteDeleteAsync(ct);
        return counted[0] <= permitsPerMinute;
    }
}

/// <summary>The rate limiter the sign-in policy hands to ASP.NET Core's middleware: one per source, counting in the database.</summary>
internal sealed class SharedWindowLimiter(SharedRateLimit shared, string source) : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(true);
    private static readonly RateLimitLease Refused = new Lease(false);

    public override TimeSpan? IdleDuration => TimeSpan.Zero;

    public override RateLimiterStatistics? GetStatistics() => null;

    // The synchronous attempt never counts (that needs the database); the middleware then asks asynchronously.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Refused;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        permitCount == 0 || await shared.TryTakeAsync(source, cancellationToken) ? Granted : Refused;

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired => acquired;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
