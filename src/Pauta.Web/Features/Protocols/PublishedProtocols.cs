using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Caching.Memory;
using Pauta.Core.Protocols;
using Pauta.Core.Suggestions;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using Protocol = Pauta.Core.Protocols.Protocol;

namespace Pauta.Web.Features.Protocols;

/// <summary>
/// One published version as stored: immutable once written, so it is read and parsed once per node. Who published and
/// approved it are ids; their names are read per request, because people rename themselves.
/// </summary>
public sealed record PublishedVersion(Guid ProtocolId, int Number, string Title, Protocol Protocol, string Text,
    ChangeSize ChangeSize, string ChangeSummary, DateTime PublishedAt, Guid PublishedByUserId, Guid? ApprovedByUserId);

/// <summary>
/// The one reader of published protocol versions, and the one owner of everything cached about them on this node: the
/// parsed versions, the suggester over the current ones and the rendered HTML of a version's body. The protocol pages,
/// the API, the documents, the export, the diff, the contact start list, the guided run and the board all read through
/// here. Rules about who may read what stay with their callers (<see cref="ProtocolsService"/>, the contacts).
/// Every read is the request's organisation's: the tenant filter scopes the queries and the organisation id is part of
/// every cache key.
/// </summary>
public sealed class PublishedProtocols(PautaDbContext db, Tenant tenant, IMemoryCache cache)
{
    private static readonly TimeSpan Life = TimeSpan.FromMinutes(30);

    // The cache keys are private types of this class. IMemoryCache compares keys with Equals, and a record never equals an
    // instance of another type, so no other cache user (a tuple, a string, another class's record) can ever read or
    // overwrite these entries, nor these entries theirs: the InvalidCastException of issue 9 cannot come back.
    private sealed record VersionKey(Guid Organisation, Guid ProtocolId, int Number);

    private sealed record SuggesterKey(Guid Organisation);

    private sealed record BodyKey(Guid Organisation, Guid ProtocolId, int Number, string Variant);

    private Guid Organisation => tenant.OrganisationId ?? throw new InvalidOperationException("No organisation is set for this request.");

    /// <summary>One published version, archived or not; null when the protocol has no such version.</summary>
    public async Task<PublishedVersion?> FindAsync(Guid protocolId, int number, CancellationToken ct) =>
        (await LoadAsync([(protocolId, number)], ct)).GetValueOrDefault((protocolId, number));

    /// <summary>One published version that must exist: a contact is pinned to it, whatever happened to the protocol since.</summary>
    public async Task<PublishedVersion> VersionAsync(Guid protocolId, int number, CancellationToken ct) =>
        (await VersionsAsync([(protocolId, number)], ct))[(protocolId, number)];

    /// <summary>Several versions that must exist: those this node has parsed come from its cache, the rest from one query.</summary>
    public async Task<IReadOnlyDictionary<(Guid Id, int Number), PublishedVersion>> VersionsAsync(
        IReadOnlyCollection<(Guid Id, int Number)> keys, CancellationToken ct)
    {
        var found = await LoadAsync(keys, ct);
        // Contacts and the protocol list only name versions that exist; a missing one is a broken reference.
        foreach (var k in keys)
            if (!found.ContainsKey(k)) throw new InvalidOperationException($"Protocol {k.Id} has no published version {k.Number}.");
        return found;
    }

    private async Task<Dictionary<(Guid Id, int Number), PublishedVersion>> LoadAsync(IReadOnlyCollection<(Guid Id, int Number)> keys,
        CancellationToken ct)
    {
        var organisation = Organisation;
        var found = new Dictionary<(Guid Id, int Number), PublishedVersion>(keys.Count);
        foreach (var k in keys)
            if (cache.TryGetValue(new VersionKey(organisation, k.Id, k.Number), out PublishedVersion? version) && version is not null)
                found[k] = version;
        var missing = keys.Where(k => !found.ContainsKey(k)).Distinct().ToList();
        if (missing.Count == 0) return found;
        var ids = missing.Select(k => k.Id).Distinct().ToList();
        var numbers = missing.Select(k => k.Number).Distinct().ToList();
        var rows = await db.ProtocolVersions.AsNoTracking().Where(v => ids.Contains(v.ProtocolId) && numbers.Contains(v.Number)).ToListAsync(ct);
        foreach (var row in rows.Where(r => missing.Contains((r.ProtocolId, r.Number))))
        {
            var version = new PublishedVersion(row.ProtocolId, row.Number, row.Title, ProtocolsService.Parse(row.Text), row.Text, row.ChangeSize,
                row.ChangeSummary, row.PublishedAt, row.PublishedByUserId, row.ApprovedByUserId);
            cache.Set(new VersionKey(organisation, row.ProtocolId, row.Number), version, new MemoryCacheEntryOptions { SlidingExpiration = Life });
            found[(row.ProtocolId, row.Number)] = version;
        }
        return found;
    }

    /// <summary>The current published version of a protocol that is not archived; null otherwise.</summary>
    public async Task<PublishedVersion?> CurrentAsync(Guid protocolId, CancellationToken ct)
    {
        var number = await db.Protocols.AsNoTracking().Where(p => p.Id == protocolId && p.PublishedVersion > 0 && p.ArchivedAt == null)
            .Select(p => (int?)p.PublishedVersion).SingleOrDefaultAsync(ct);
        return number is { } n ? await VersionAsync(protocolId, n, ct) : null;
    }

    /// <summary>
    /// The current versions of the protocols that are not archived (what a contact can start on), by title. Shared
    /// sections are not among them: they are only ever run as part of the protocols that include them.
    /// </summary>
    public async Task<IReadOnlyList<PublishedVersion>> CurrentAllAsync(CancellationToken ct)
    {
        var versions = await VersionsAsync(await CurrentKeysAsync(ct), ct);
        return versions.Values.Where(p => p.Protocol.Kind == ProtocolKind.Protocol)
            .OrderBy(p => p.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>The current versions of the organisation's shared sections that are not archived, by title.</summary>
    public async Task<IReadOnlyList<PublishedVersion>> CurrentSharedSectionsAsync(CancellationToken ct)
    {
        var versions = await VersionsAsync(await CurrentKeysAsync(ct), ct);
        return versions.Values.Where(p => p.Protocol.Kind == ProtocolKind.SharedSection)
            .OrderBy(p => p.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    /// <summary>
    /// The suggester over the current versions. It is rebuilt only when the set of current versions changes: its entry
    /// carries their fingerprint, read with one small query per call.
    /// </summary>
    public async Task<ProtocolSuggester> SuggesterAsync(CancellationToken ct)
    {
        var current = await CurrentKeysAsync(ct);
        var fingerprint = string.Join(",", current.Select(c => $"{c.Id:N}.{c.Number}"));
        var key = new SuggesterKey(Organisation);
        if (cache.TryGetValue(key, out SuggesterEntry? entry) && entry is not null && entry.Fingerprint == fingerprint)
            return entry.Suggester;
        var versions = await VersionsAsync(current, ct);
        // A shared section is never suggested by itself: its words reach the ranking only inside the protocols that include it.
        var suggester = new ProtocolSuggester(current.Where(k => versions[k].Protocol.Kind == ProtocolKind.Protocol)
            .Select(k => new SuggestionCandidate(k.Id.ToString(), versions[k].Protocol)));
        cache.Set(key, new SuggesterEntry(fingerprint, suggester), new MemoryCacheEntryOptions { SlidingExpiration = Life });
        return suggester;
    }

    private sealed record SuggesterEntry(string Fingerprint, ProtocolSuggester Suggester);

    private async Task<List<(Guid Id, int Number)>> CurrentKeysAsync(CancellationToken ct) =>
        (await db.Protocols.AsNoTracking().Where(p => p.PublishedVersion > 0 && p.ArchivedAt == null)
            .OrderBy(p => p.Id).Select(p => new { p.Id, p.PublishedVersion }).ToListAsync(ct))
        .Select(p => (p.Id, p.PublishedVersion)).ToList();

    /// <summary>
    /// The rendered HTML of a published version's body, rendered once per node and <paramref name="variant"/>. The
    /// variant must name everything the fragment depends on besides the version itself (language, channel filter, the
    /// brand its scripts say, whether the reader may suggest changes); nothing that differs between two readers of the
    /// same variant (names, dates in their time zone, forms with their antiforgery tokens) may be inside the fragment.
    /// </summary>
    public async Task<IHtmlContent> RenderedBodyAsync(Guid protocolId, int number, string variant, Func<Task<IHtmlContent>> render)
    {
        var key = new BodyKey(Organisation, protocolId, number, variant);
        if (cache.TryGetValue(key, out HtmlString? html) && html is not null) return html;
        await using var writer = new StringWriter();
        (await render()).WriteTo(writer, HtmlEncoder.Default);
        html = new HtmlString(writer.ToString());
        cache.Set(key, html, new MemoryCacheEntryOptions { SlidingExpiration = Life });
        return html;
    }
}
