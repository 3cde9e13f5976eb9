using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Pauta.Data.Contacts;

/// <summary>
/// The durable, group-committing <see cref="IContactEventWriter"/> (ADR-006). Requests wait in a channel; one loop
/// takes everything pending (up to <see cref="MaxBatch"/>), writes it in one transaction on its own connection,
/// commits, and only then answers each request. Nothing waits on purpose: a request alone is committed at once,
/// and batches form from the requests that arrive while the previous commit is being made durable.
/// One instance per process (a singleton); several web nodes may each run one against the same database.
/// </summary>
public sealed class ContactEventWriter : IContactEventWriter, IAsyncDisposable, IDisposable
{
    /// <summary>The most requests written in one transaction.</summary>
    public const int MaxBatch = 256;

    private const int AttemptsAlone = 3;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IBatchStore _store;
    private readonly TimeProvider _time;
    private readonly Task _loop;
    private long _commits;
    private long _answered;
    private int _disposed;

    public ContactEventWriter(DatabaseProvider provider, string connectionString, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _store = StoreFor(provider, connectionString);
        _loop = Task.Run(RunAsync);
    }

    internal static IBatchStore StoreFor(DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteBatchStore(connectionString),
        DatabaseProvider.Postgres => new PostgresBatchStore(connectionString),
    };

    /// <summary>Transactions committed so far (batches, and requests retried alone). Fewer than <see cref="AnsweredCount"/> under concurrency: that is the group commit.</summary>
    public long CommitCount => Interlocked.Read(ref _commits);

    /// <summary>Requests answered from a committed transaction (Appended, Duplicate or Conflict).</summary>
    public long AnsweredCount => Interlocked.Read(ref _answered);

    public Task<AppendResult> AppendAsync(ContactAppend append, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(append);
        if (append.NewContact is { } c)
        {
            if (c.Id != append.ContactId || c.OrganisationId != append.OrganisationId)
                throw new ArgumentException("NewContact must have the append's OrganisationId and ContactId.", nameof(append));
            if (append.ExpectedSequence != 0)
                throw new ArgumentException("A start (NewContact) expects sequence 0.", nameof(append));
        }
        if (append.ExpectedSequence < 0) throw new ArgumentOutOfRangeException(nameof(append), "ExpectedSequence cannot be negative.");
        ct.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

        var pending = new Pending(append);
        // Watched before it is queued, so the registration always exists by the time the writer answers and drops it.
        if (ct.CanBeCanceled) pending.WatchCancellation(ct);
        if (!_queue.Writer.TryWrite(pending)) pending.Fail(new ObjectDisposedException(nameof(ContactEventWriter)));
        return pending.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var p))
                if (p.TryTake()) batch.Add(p);
            if (batch.Count == 0) continue;
            try { await WriteAsync(batch).ConfigureAwait(false); }
            catch (Exception ex)
            {
                // WriteAsync answers every request itself; this only guards the loop against a bug there.
                foreach (var p in batch) p.Fail(ex);
            }
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        if (batch.Count > 1)
        {
            try
            {
                var results = await _store.WriteAsync(batch.Select(p => p.Append).ToList(), Now()).ConfigureAwait(false);
                Interlocked.Increment(ref _commits);
                Interlocked.Add(ref _answered, batch.Count);
                for (var i = 0; i < batch.Count; i++) batch[i].Complete(results[i]);
                return;
            }
            catch (Exception)
            {
                // One bad request (a foreign key, another node's same action id, a deadlock) must not fail the
                // others: the transaction is gone, so each request is written again on its own.
                await _store.ResetAsync().ConfigureAwait(false);
            }
        }
        foreach (var p in batch) await WriteAloneAsync(p).ConfigureAwait(false);
    }

    private async Task WriteAloneAsync(Pending p)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var results = await _store.WriteAsync([p.Append], Now()).ConfigureAwait(false);
                Interlocked.Increment(ref _commits);
                Interlocked.Increment(ref _answered);
                p.Complete(results[0]);
                return;
            }
            catch (Exception ex)
            {
                await _store.ResetAsync().ConfigureAwait(false);
                // A unique violation means another writer committed the same action id or contact meanwhile, and a
                // stale read that it committed while the statement waited for its row: the next attempt reads it and
                // answers Duplicate or Conflict. A broken connection is opened again.
                if (attempt < AttemptsAlone && (IsUniqueViolation(ex) || ex is StaleReadException || IsTransient(ex)))
                {
                    if (IsTransient(ex)) await Task.Delay(50 * attempt).ConfigureAwait(false);
                    continue;
                }
                p.Fail(ex);
                return;
            }
        }
    }

    private DateTime Now() => _time.GetUtcNow().UtcDateTime;

    internal static bool IsUniqueViolation(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException s => s.SqliteExtendedErrorCode is 2067 /* SQLITE_CONSTRAINT_UNIQUE */ or 1555 /* _PRIMARYKEY */,
        _ => false,
    };

    internal static bool IsTransient(Exception ex) => ex switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
            || pg.IsTransient,
        NpgsqlException n => n.IsTransient,
        SqliteException s => s.SqliteErrorCode is 5 /* SQLITE_BUSY */ or 6 /* SQLITE_LOCKED */,
        _ => false,
    };

    /// <summary>Stops taking requests, writes and answers every request already queued, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) { await _loop.ConfigureAwait(false); return; }
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _store.DisposeAsync().ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>One request and its answer. Cancelled only while still queued: once taken into a batch it is written and answered.</summary>
    private sealed class Pending(ContactAppend append)
    {
        private const int Queued = 0, Taken = 1, Cancelled = 2;
        private readonly TaskCompletionSource<AppendResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _state;
        private CancellationTokenRegistration _registration;

        public ContactAppend Append { get; } = append;
        public Task<AppendResult> Task => _done.Task;

        public void WatchCancellation(CancellationToken ct) =>
            _registration = ct.Register(static (state, token) =>
            {
                var self = (Pending)state!;
                if (Interlocked.CompareExchange(ref self._state, Cancelled, Queued) == Queued) self._done.TrySetCanceled(token);
            }, this);

        public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

        public void Complete(AppendResult result) { _registration.Dispose(); _done.TrySetResult(result); }

        public void Fail(Exception ex) { _registration.Dispose(); _done.TrySetException(ex); }
    }
}

/// <summary>One provider's way of writing a batch of appends in one durable transaction.</summary>
internal interface IBatchStore : IAsyncDisposable
{
    /// <summary>Writes the appends in order in one transaction and commits; the results are in the same order.</summary>
    Task<AppendResult[]> WriteAsync(IReadOnlyList<ContactAppend> batch, DateTime recordedAt);

    /// <summary>Drops the connection after a failure; the next write opens a fresh one.</summary>
    ValueTask ResetAsync();
}

public static class ContactEventWriterServices
{
    /// <summary>Registers the one <see cref="ContactEventWriter"/> of the process as <see cref="IContactEventWriter"/>.</summary>
    public static IServiceCollection AddContactEventWriter(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        services.AddSingleton(sp => new ContactEventWriter(provider, connectionString, sp.GetService<TimeProvider>()));
        services.AddSingleton<IContactEventWriter>(sp => sp.GetRequiredService<ContactEventWriter>());
        return services;
    }
}

/// <summary>
/// A statement's answer came from a snapshot older than a row it waited for (PostgreSQL, read committed): another
/// transaction committed that contact's row meanwhile, so a Conflict naming the sequence the request expected, or a start
/// finding no contact, is not true of what is stored. The request is written again and reads the committed row.
/// </summary>
internal sealed class StaleReadException(string message) : Exception(message);
