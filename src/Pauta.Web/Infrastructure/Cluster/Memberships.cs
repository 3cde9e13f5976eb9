using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Pauta.Data.Entities;

namespace Pauta.Web.Infrastructure.Cluster;

/// <summary>
/// The one reader of "who is this signed-in person": their membership, role, security stamp, language and their
/// organisation's name, language and time zone (<see cref="CurrentMember.Row"/>), by user id. Every signed-in request,
/// every API token request (for its creator) and every board connection asks here.
/// Kept per node in memory, bounded (<see cref="MaxEntries"/>) and with a safety life (<see cref="SafetyLife"/>), and
/// dropped at once on the node that changes any of it (<see cref="MembershipInvalidation"/> sees every save of a member,
/// a user or an organisation) and on every other node as soon as the <see cref="ClusterChannel"/> delivers the signal.
/// While the channel is not listening nothing is served from memory: every request reads the database.
/// </summary>
public sealed class Memberships(ClusterChannel channel, TimeProvider time) : IClusterSignalHandler
{
    /// <summary>Even with the channel up, an entry is read again after this long (a last resort, not the mechanism).</summary>
    public static readonly TimeSpan SafetyLife = TimeSpan.FromMinutes(1);

    /// <summary>At most this many people per node; when full, the cache starts over (a burst of reads, nothing wrong).</summary>
    public const int MaxEntries = 20_000;

    private sealed record Entry(CurrentMember.Row Row, long ExpiresAt);

    private readonly ConcurrentDictionary<Guid, Entry> _byUser = new();

    /// <summary>Moves on at every invalidation, so a read that raced one is not kept.</summary>
    private long _version;

    /// <summary>The one place that reads members across organisations: by the user's own id, compiled once per model.</summary>
    private static readonly PerModel<Func<PautaDbContext, Guid, CancellationToken, Task<CurrentMember.Row?>>> Query = new(() =>
        EF.CompileAsyncQuery((PautaDbContext db, Guid userId, CancellationToken ct) =>
            db.Members.IgnoreQueryFilters(new[] { PautaDbContext.TenantFilter })
                .Where(m => m.UserId == userId)
                .Join(db.Organisations.IgnoreQueryFilters(new[] { PautaDbContext.TenantFilter }), m => m.OrganisationId, o => o.Id,
                    (m, o) => new CurrentMember.Row(m.UserId, m.Id, m.OrganisationId, m.Role, m.User.DisplayName, m.User.Email,
                        m.User.UiLanguage, o.Name, o.Language, o.TimeZoneId, m.User.SecurityStamp))
                .AsNoTracking()
                .FirstOrDefault()));

    private static Task<CurrentMember.Row?> ReadAsync(PautaDbContext db, Guid userId, CancellationToken ct) => Query.For(db)(db, userId, ct);

    /// <summary>The person's membership as it stands (a person belongs to one organisation), or null when they have none.</summary>
    public Task<CurrentMember.Row?> GetAsync(PautaDbContext db, Guid userId, CancellationToken ct) =>
        TryCached(userId, out var row) ? Task.FromResult<CurrentMember.Row?>(row) : ReadAndKeepAsync(db, userId, ct);

    /// <summary>As <see cref="GetAsync(PautaDbContext, Guid, CancellationToken)"/>, building the request's context only when it has to read.</summary>
    public Task<CurrentMember.Row?> GetAsync(IServiceProvider requestServices, Guid userId, CancellationToken ct) =>
        TryCached(userId, out var row) ? Task.FromResult<CurrentMember.Row?>(row)
            : ReadAndKeepAsync(requestServices.GetRequiredService<PautaDbContext>(), userId, ct);

    private bool TryCached(Guid userId, out CurrentMember.Row? row)
    {
        row = channel.IsConnected && _byUser.TryGetValue(userId, out var hit) && hit.ExpiresAt > time.GetTimestamp() ? hit.Row : null;
        return row is not null;
    }

    private async Task<CurrentMember.Row?> ReadAndKeepAsync(PautaDbContext db, Guid userId, CancellationToken ct)
    {
        var now = time.GetTimestamp();

        var version = Interlocked.Read(ref _version);
        var wasConnected = channel.IsConnected;
        var row = await ReadAsync(db, userId, ct);
        if (row is null || !wasConnected) return row;

        if (_byUser.Count >= MaxEntries) _byUser.Clear();
        var entry = new Entry(row, now + (long)(SafetyLife.TotalSeconds * time.TimestampFrequency));
        _byUser[userId] = entry;
        // An invalidation (or a lost listener) between the read and now: what was read may be older than the change.
        if (Interlocked.Read(ref _version) != version || !channel.IsConnected)
            _byUser.TryRemove(KeyValuePair.Create(userId, entry));
        return row;
    }

    /// <summary>How many people this node keeps (for tests and diagnostics).</summary>
    public int Count => _byUser.Count;

    public void OnSignal(ClusterSignal signal)
    {
        switch (signal.Kind)
        {
            case SignalKind.Member:
                Interlocked.Increment(ref _version);
                _byUser.TryRemove(signal.Id, out _);
                break;
            case SignalKind.Organisation:
                Interlocked.Increment(ref _version);
                foreach (var (user, entry) in _byUser)
                    if (entry.Row.OrganisationId == signal.OrganisationId) _byUser.TryRemove(KeyValuePair.Create(user, entry));
                break;
        }
    }

    public void OnMissedSignals()
    {
        Interlocked.Increment(ref _version);
        _byUser.Clear();
    }
}

/// <summary>
/// Sees every saved change to a member, a user (security stamp, name, e-mail, language, password…) or an organisation
/// and, once it is committed, publishes the invalidation on the <see cref="ClusterChannel"/>: at once on this node, and
/// on the others through the channel. A change saved inside a transaction is published when the transaction commits.
/// Bulk updates (ExecuteUpdate/ExecuteDelete) bypass it: none touches these tables, and a new one must publish itself.
/// </summary>
public sealed class MembershipInvalidation(ClusterChannel channel) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, List<ClusterSignal>> _pending = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        AfterSave(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => AfterSave(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        AfterSave(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        List<ClusterSignal>? found = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            ClusterSignal? signal = entry.Entity switch
            {
                Member m => new ClusterSignal(SignalKind.Member, m.OrganisationId, m.UserId),
                User u => new ClusterSignal(SignalKind.Member, Guid.Empty, u.Id),
                Organisation o => new ClusterSignal(SignalKind.Organisation, o.Id, o.Id),
                _ => null,
            };
            if (signal is { } s) (found ??= []).Add(s);
        }
        if (found is null) return;
        lock (_pending)
        {
            if (_pending.TryGetValue(context, out var list)) list.AddRange(found);
            else _pending.Add(context, found);
        }
    }

    /// <summary>
    /// Publishes now when nothing holds the transaction open; otherwise at its commit. A failed save publishes too: a
    /// needless invalidation costs one read, a missing one would keep a stale role.
    /// </summary>
    private void AfterSave(DbContext? context)
    {
        if (context is null || context.Database.CurrentTransaction is not null) return;
        Flush(context);
    }

    private void Flush(DbContext context)
    {
        List<ClusterSignal>? list;
        lock (_pending)
        {
            if (!_pending.TryGetValue(context, out list)) return;
            _pending.Remove(context);
        }
        foreach (var signal in list.Distinct()) channel.Publish(signal);
    }

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Flush(eventData.Context!);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context) Flush(context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context) Flush(context);
    }

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }
}
