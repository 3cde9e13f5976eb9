using Microsoft.Extensions.Caching.Memory;
using Pauta.Core.Contacts;
using Pauta.Core.Protocols;
using Pauta.Core.Suggestions;
using Pauta.Data.Tenancy;

namespace Pauta.Web.Features.Contacts;

/// <summary>A published protocol version as a contact runs it.</summary>
public sealed record PinnedProtocol(Guid ProtocolId, int Number, string Title, Protocol Protocol);

/// <summary>A suggestion for the reason a customer gave, with the protocol's id to start the contact on.</summary>
public sealed record ContactSuggestion(Guid ProtocolId, string Title, string? PlanKey, string? PlanName, bool CoversChannel,
    IReadOnlyList<MatchedWord> MatchedWords);

/// <summary>
/// The organisation's published protocols for contacts: a pinned version (immutable, so parsed once per node) and the
/// suggester over the current versions. The suggester is rebuilt only when the set of current versions changes: its
/// cache key is their fingerprint, read with one small query per suggestion.
/// </summary>
public sealed class ProtocolCatalog(PautaDbContext db, Tenant tenant, IMemoryCache cache)
{
    private static readonly TimeSpan Life = TimeSpan.FromMinutes(30);

    private Guid Organisation => tenant.OrganisationId ?? throw new InvalidOperationException("No organisation is set for this request.");

    /// <summary>One published version, archived or not: a running contact keeps its version whatever happens since.</summary>
    public async Task<PinnedProtocol> VersionAsync(Guid protocolId, int number, CancellationToken ct) =>
        (await VersionsAsync([(protocolId, number)], ct))[(protocolId, number)];

    /// <summary>Several published versions: those this node has parsed come from its cache, the rest from one query.</summary>
    public async Task<IReadOnlyDictionary<(Guid Id, int Number), PinnedProtocol>> VersionsAsync(
        IReadOnlyCollection<(Guid Id, int Number)> keys, CancellationToken ct)
    {
        var found = new Dictionary<(Guid Id, int Number), PinnedProtocol>(keys.Count);
        foreach (var k in keys)
            if (cache.TryGetValue(Key(k), out PinnedProtocol? pinned) && pinned is not null) found[k] = pinned;
        var missing = keys.Where(k => !found.ContainsKey(k)).Distinct().ToList();
        if (missing.Count == 0) return found;
        var ids = missing.Select(k => k.Id).Distinct().ToList();
        var numbers = missing.Select(k => k.Number).Distinct().ToList();
        var rows = await db.ProtocolVersions.AsNoTracking().Where(v => ids.Contains(v.ProtocolId) && numbers.Contains(v.Number))
            .Select(v => new { v.ProtocolId, v.Number, v.Title, v.Text }).ToListAsync(ct);
        foreach (var row in rows.Where(r => missing.Contains((r.ProtocolId, r.Number))))
        {
            var pinned = new PinnedProtocol(row.ProtocolId, row.Number, row.Title, Protocols.ProtocolsService.Parse(row.Text));
            cache.Set(Key((row.ProtocolId, row.Number)), pinned, new MemoryCacheEntryOptions { SlidingExpiration = Life });
            found[(row.ProtocolId, row.Number)] = pinned;
        }
        // Contacts and the protocol list only name versions that exist; a missing one is a broken reference.
        foreach (var k in missing)
            if (!found.ContainsKey(k)) throw new InvalidOperationException($"Protocol {k.Id} has no published version {k.Number}.");
        return found;
    }

    private (string, Guid, Guid, int) Key((Guid Id, int Number) k) => ("protocol-version", Organisation, k.Id, k.Number);

    /// <summary>The current published version of a protocol that is not archived; null otherwise.</summary>
    public async Task<PinnedProtocol?> CurrentAsync(Guid protocolId, CancellationToken ct)
    {
        var number = await db.Protocols.AsNoTracking().Where(p => p.Id == protocolId && p.PublishedVersion > 0 && p.ArchivedAt == null)
            .Select(p => (int?)p.PublishedVersion).SingleOrDefaultAsync(ct);
        return number is { } n ? await VersionAsync(protocolId, n, ct) : null;
    }

    /// <summary>The current versions a contact can start on, by title.</summary>
    public async Task<IReadOnlyList<PinnedProtocol>> CurrentAllAsync(CancellationToken ct)
    {
        var versions = await VersionsAsync(await CurrentKeysAsync(ct), ct);
        return versions.Values.OrderBy(p => p.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>
    /// The protocols and plans that fit the customer's reason on a channel, best first; none for a reason past
    /// <see cref="RunLimits.MaxReasonLength"/>, which no contact can be started with (its door says so beside the field).
    /// </summary>
    public async Task<IReadOnlyList<ContactSuggestion>> SuggestAsync(string? reason, Channels channel, int max, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || RunLimits.IsTooLong(reason, RunLimits.MaxReasonLength)) return [];
        var suggester = await SuggesterAsync(ct);
        return suggester.Suggest(reason, channel, max)
            .Select(s => new ContactSuggestion(Guid.Parse(s.ProtocolId), s.Title, s.PlanKey, s.PlanName, s.CoversChannel, s.MatchedWords))
            .ToList();
    }

    private async Task<ProtocolSuggester> SuggesterAsync(CancellationToken ct)
    {
        var current = await CurrentKeysAsync(ct);
        var fingerprint = string.Join(",", current.Select(c => $"{c.Id:N}.{c.Number}"));
        var key = ("protocol-suggester", Organisation);
        if (cache.TryGetValue(key, out (string Fingerprint, ProtocolSuggester Suggester) entry) && entry.Fingerprint == fingerprint)
            return entry.Suggester;
        var versions = await VersionsAsync(current, ct);
        var suggester = new ProtocolSuggester(current.Select(k => new SuggestionCandidate(k.Id.ToString(), versions[k].Protocol)));
        cache.Set(key, (fingerprint, suggester), new MemoryCacheEntryOptions { SlidingExpiration = Life });
        return suggester;
    }

    private async Task<List<(Guid Id, int Number)>> CurrentKeysAsync(CancellationToken ct) =>
        (await db.Protocols.AsNoTracking().Where(p => p.PublishedVersion > 0 && p.ArchivedAt == null)
            .OrderBy(p => p.Id).Select(p => new { p.Id, p.PublishedVersion }).ToListAsync(ct))
        .Select(p => (p.Id, p.PublishedVersion)).ToList();
}
