using Medallion.Threading.Postgres;
using Npgsql;
using Pauta.Data;

namespace Pauta.Web.Infrastructure;

/// <summary>
/// The name of a leased singleton and its fixed PostgreSQL advisory lock key, (<see cref="Class"/>, <see cref="Id"/>):
/// in <c>pg_locks</c> it is the row with <c>locktype = 'advisory'</c>, <c>classid = 1346458964</c>, <c>objid = Id</c> and
/// <c>objsubid = 2</c>. Ids are fixed here, once, so no two workers ever share one.
/// </summary>
public sealed record WorkerLease(string Name, int Id)
{
    /// <summary>"PAUT" in ASCII: every Pauta lease shares this first half of the key, so its locks are easy to find.</summary>
    public const int Class = 0x50415554;

    public static readonly WorkerLease Breach = new("breach", 1);
    public static readonly WorkerLease Insights = new("insights", 2);
    public static readonly WorkerLease InsightAlerts = new("insight-alerts", 3);
    public static readonly WorkerLease AuditCheckpoints = new("audit-checkpoints", 4);
    public static readonly WorkerLease TrainingReminders = new("training-reminders", 5);
    public static readonly WorkerLease Refreshers = new("refreshers", 6);

    public static IReadOnlyList<WorkerLease> All { get; } = [Breach, Insights, InsightAlerts, AuditCheckpoints, TrainingReminders, Refreshers];
}

/// <summary>A lease this node holds until it is disposed, or until <see cref="Lost"/> says it was taken away.</summary>
public interface IHeldLease : IAsyncDisposable
{
    /// <summary>Cancelled when the lease is gone without this node giving it up (its connection died).</summary>
    CancellationToken Lost { get; }
}

/// <summary>Where leases come from: PostgreSQL's advisory locks when several nodes may run, nothing to take on SQLite.</summary>
public interface IWorkerLeases
{
    /// <summary>How long a node that could not take a lease waits before trying again (the takeover bound).</summary>
    TimeSpan RetryInterval { get; }

    /// <summary>The lease when this node got it now; null when another node holds it. Never waits for it.</summary>
    ValueTask<IHeldLease?> TryAcquireAsync(WorkerLease lease, CancellationToken ct);
}

public static class LeaseServices
{
    /// <summary>
    /// Registers the provider's leases. <c>Pauta:Leases:RetrySeconds</c> (default 2) is how often a node without a lease tries
    /// to take it; <c>Pauta:Leases:HeartbeatSeconds</c> (default 5) how often a held lease's connection is proved alive.
    /// </summary>
    public static void AddWorkerLeases(this IServiceCollection services, IConfiguration config)
    {
        var retry = TimeSpan.FromSeconds(config.GetValue("Pauta:Leases:RetrySeconds", 2.0));
        var heartbeat = TimeSpan.FromSeconds(config.GetValue("Pauta:Leases:HeartbeatSeconds", 5.0));
        var postgres = DataServices.ProviderFrom(config) == DatabaseProvider.Postgres;
        services.AddSingleton<IWorkerLeases>(sp => new LeasesOnceServing(
            postgres
                ? new PostgresWorkerLeases(config.GetConnectionString(DataServices.ConnectionStringName)!,
                    sp.GetRequiredService<NodeIdentity>().Name, retry, heartbeat)
                : new AlwaysHeldLeases(retry),
            sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted));
    }
}

/// <summary>
/// A node asks for no lease before it serves requests: the workers' first ticks (an insights catch-up, a breach sweep) would
/// otherwise share the start's CPU with building the app, and a node still starting is not the one to take the work
/// (ADR-012 §6). Asking waits for <c>ApplicationStarted</c>; after that it is the inner leases' own answer.
/// </summary>
public sealed class LeasesOnceServing(IWorkerLeases inner, CancellationToken started) : IWorkerLeases
{
    private readonly Task serving = WhenCancelled(started);

    public TimeSpan RetryInterval => inner.RetryInterval;

    public async ValueTask<IHeldLease?> TryAcquireAsync(WorkerLease lease, CancellationToken ct)
    {
        if (!serving.IsCompleted) await serving.WaitAsync(ct);
        return await inner.TryAcquireAsync(lease, ct);
    }

    private static Task WhenCancelled(CancellationToken token)
    {
        if (token.IsCancellationRequested) return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(() => done.TrySetResult());
        return done.Task;
    }
}

/// <summary>SQLite: one node by definition, so every lease is held at once and never lost.</summary>
public sealed class AlwaysHeldLeases(TimeSpan retryInterval) : IWorkerLeases
{
    public TimeSpan RetryInterval => retryInterval;

    public ValueTask<IHeldLease?> TryAcquireAsync(WorkerLease lease, CancellationToken ct) => ValueTask.FromResult<IHeldLease?>(Held.Instance);

    private sealed class Held : IHeldLease
    {
        public static readonly Held Instance = new();
        public CancellationToken Lost => CancellationToken.None;
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// PostgreSQL: a session-level advisory lock per lease (DistributedLock.Postgres), each on a connection of its own, outside
/// the app's pool, that says <c>application_name = pauta/&lt;node&gt;/lease</c>. The lock lives exactly as long as that
/// connection: when the node dies (even by SIGKILL) the kernel closes the socket, PostgreSQL ends the session and the lock
/// is free for the next node's retry. While held, the library keeps a query running on the connection (and a keepalive every
/// heartbeat), so a connection that dies under the holder cancels <see cref="IHeldLease.Lost"/> at once.
/// </summary>
public sealed class PostgresWorkerLeases : IWorkerLeases
{
    private readonly string connectionString;
    private readonly TimeSpan heartbeat;

    public PostgresWorkerLeases(string connectionString, string nodeName, TimeSpan retryInterval, TimeSpan heartbeat)
    {
        var keepalive = Math.Max(1, (int)heartbeat.TotalSeconds);
        this.connectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = $"pauta/{nodeName}/lease",
            // While held, the library keeps a query running on the lease connection (pg_sleep, to see the connection die), and
            // a backend busy with a query notices its client's closed socket only when it checks: every second here
            // (client_connection_check_interval), so a SIGKILLed holder's lock is gone about a second later, not when the
            // minute-long sleep ends. A vanished machine (no socket closed) is noticed through TCP keepalives after about
            // 4 × heartbeat instead of the operating system's default two hours.
            Options = $"-c client_connection_check_interval=1000 -c tcp_keepalives_idle={keepalive} " +
                      $"-c tcp_keepalives_interval={keepalive} -c tcp_keepalives_count=3",
            TcpKeepAlive = true,
        }.ToString();
        RetryInterval = retryInterval;
        this.heartbeat = heartbeat;
    }

    public TimeSpan RetryInterval { get; }

    /// <summary>The connection string of the lease connections (tests and operators look for its application name).</summary>
    public string ConnectionString => connectionString;

    public async ValueTask<IHeldLease?> TryAcquireAsync(WorkerLease lease, CancellationToken ct)
    {
        var @lock = new PostgresDistributedLock(new PostgresAdvisoryLockKey(WorkerLease.Class, lease.Id), connectionString,
            o => o.KeepaliveCadence(heartbeat).UseMultiplexing(false));
        var handle = await @lock.TryAcquireAsync(TimeSpan.Zero, ct);
        return handle is null ? null : new Held(handle);
    }

    private sealed class Held(PostgresDistributedLockHandle handle) : IHeldLease
    {
        // Asking for the token is what starts the library's monitoring of the connection.
        public CancellationToken Lost { get; } = handle.HandleLostToken;

        public async ValueTask DisposeAsync()
        {
            // A lost connection cannot unlock; PostgreSQL already dropped the lock with the session. Whatever the library
            // says about that connection, the lease is gone, and the loop must go on.
            try { await handle.DisposeAsync(); }
            catch (Exception) { }
        }
    }
}

/// <summary>
/// The one polling loop of Pauta's background singletons: every <see cref="Period"/> on the injected
/// <see cref="TimeProvider"/> it runs one tick, but only while this node holds the worker's lease (on SQLite always).
/// A node without the lease tries again every <see cref="IWorkerLeases.RetryInterval"/>; a lease lost mid-tick cancels that
/// tick at once, so the work must be idempotent (each worker says why it is). A failed tick is logged and the next one runs.
/// Tests drive a worker through its own public <c>TickAsync</c>, which works whether or not the lease is held.
/// </summary>
public abstract class LeasedWorker(IWorkerLeases leases, TimeProvider time, ILogger log) : BackgroundService
{
    private int held;
    private int taken;
    private long ticks;

    /// <summary>Which lease this worker needs.</summary>
    public abstract WorkerLease Lease { get; }

    /// <summary>How often a tick runs while the lease is held.</summary>
    public abstract TimeSpan Period { get; }

    /// <summary>True when a tick runs as soon as the lease is taken, not one period later.</summary>
    protected virtual bool TicksOnTaking => false;

    /// <summary>False turns the loop off (the worker's own setting); ticks called directly still work.</summary>
    protected virtual bool Enabled => true;

    /// <summary>One round of the worker's work.</summary>
    protected abstract Task RunTickAsync(CancellationToken ct);

    /// <summary>The clock the loop runs on, for the worker's own "now".</summary>
    protected TimeProvider Clock => time;

    /// <summary>Whether this node holds the lease now.</summary>
    public bool HoldsLease => Volatile.Read(ref held) == 1;

    /// <summary>How many times this node took the lease since it started.</summary>
    public int TimesTaken => Volatile.Read(ref taken);

    /// <summary>How many ticks the loop ran under the lease (calls to <c>TickAsync</c> from elsewhere are not counted).</summary>
    public long TicksRun => Interlocked.Read(ref ticks);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            IHeldLease? lease;
            try
            {
                lease = await leases.TryAcquireAsync(Lease, stoppingToken);
                failing = false;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database is away: say so once, then keep trying quietly.
                if (!failing) log.LogWarning(e, "Could not ask for the {Lease} lease; trying again every {Retry}", Lease.Name, leases.RetryInterval);
                failing = true;
                lease = null;
            }
            if (lease is null)
            {
                await DelayAsync(leases.RetryInterval, stoppingToken);
                continue;
            }

            await using (lease)
            {
                using var both = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
                Interlocked.Increment(ref taken);
                Volatile.Write(ref held, 1);
                log.LogInformation("This node holds the {Lease} lease", Lease.Name);
                try { await RunHeldAsync(both.Token); }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning("Lost the {Lease} lease; trying to take it again in {Retry}", Lease.Name, leases.RetryInterval);
                }
                catch (OperationCanceledException) { }
                finally { Volatile.Write(ref held, 0); }
            }
            if (!stoppingToken.IsCancellationRequested) await DelayAsync(leases.RetryInterval, stoppingToken);
        }
    }

    private async Task RunHeldAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Period, time);
        if (TicksOnTaking) await TickSafelyAsync(ct);
        while (await timer.WaitForNextTickAsync(ct)) await TickSafelyAsync(ct);
    }

    private async Task TickSafelyAsync(CancellationToken ct)
    {
        try
        {
            await RunTickAsync(ct);
            Interlocked.Increment(ref ticks);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "The {Lease} worker failed; trying again in {Period}", Lease.Name, Period);
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try { await Task.Delay(delay, time, ct); }
        catch (OperationCanceledException) { }
    }
}
