using Microsoft.Extensions.Caching.Memory;
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
    public async Task<PinnedProtocol> VersionAsync(Guid protocolId, int number, CancellationToken ct)
    {
        var key = ("protocol-version", Organisation, protocolId, number);
        if (cache.TryGetValue(key, out PinnedProtocol? pinned) && pinned is not null) return pinned;
        var row = await db.ProtocolVersions.AsNoTracking().SingleAsync(v => v.ProtocolId == protocolId && v.Number == number, ct);
        pinned = new PinnedProtocol(protocolId, number, row.Title, Protocols.ProtocolsService.Parse(row.Text));
        cache.Set(key, pinned, new MemoryCacheEntryOptions { SlidingExpiration = Life });
        return pinned;
    }

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
        var current = await CurrentKeysAsync(ct);
        var list = new List<PinnedProtocol>(current.Count);
        foreach (var (id, number) in current) list.Add(await VersionAsync(id, number, ct));
        return list.OrderBy(p => p.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>The protocols and plans that fit the customer's reason on a channel, best first.</summary>
    public async Task<IReadOnlyList<ContactSuggestion>> SuggestAsync(string? reason, Channels channel, int max, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) return [];
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
        var candidates = new List<SuggestionCandidate>(current.Count);
        foreach (var (id, number) in current) candidates.Add(new SuggestionCandidate(id.ToString(), (await VersionAsync(id, number, ct)).Protocol));
        var suggester = new ProtocolSuggester(candidates);
        cache.Set(key, (fingerprint, suggester), new MemoryCacheEntryOptions { SlidingExpiration = Life });
        return suggester;
    }

    private async Task<List<(Guid Id, int Number)>> CurrentKeysAsync(CancellationToken ct) =>
        (await db.Protocols.AsNoTracking().Where(p => p.PublishedVersion > 0 && p.ArchivedAt == null)
            .OrderBy(p => p.Id).Select(p => new { p.Id, p.PublishedVersion }).ToListAsync(ct))
        .Select(p => (p.Id, p.PublishedVersion)).ToList();
}
