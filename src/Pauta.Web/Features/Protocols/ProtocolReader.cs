using Pauta.Core.Protocols;
using Pauta.Web.Features.Protocols.Pdf;

namespace Pauta.Web.Features.Protocols;

/// <summary>A generated document and the name it is offered under.</summary>
public sealed record PrintedFile(byte[] Bytes, string FileName);

/// <summary>
/// What reading a protocol needs beyond <see cref="ProtocolsService"/>: the organisation's brand for filling scripts,
/// and the printable documents (one protocol, a department's manual, a poster) built from published versions only.
/// Who may read what is <see cref="ProtocolsService"/>'s rule; this class only ever asks it.
/// </summary>
public sealed class ProtocolReader(ProtocolsService protocols, PautaDbContext db, CurrentMember current, TimeProvider time,
    Media.MediaService media, IStringLocalizer<SharedResource> l, Microsoft.Extensions.Caching.Memory.IMemoryCache cache)
{
    /// <summary>
    /// The organisation's currency and its calendars' names by key: what target sentences and amounts are written with.
    /// Kept per node for <see cref="Shared.OrganisationCalendar.CacheLife"/>, forgotten at once on the node that changes them.
    /// </summary>
    public async Task<(string Currency, IReadOnlyDictionary<string, string> Calendars)> ReadingReferencesAsync(CancellationToken ct)
    {
        var reading = await Shared.OrganisationCalendar.ReadingAsync(db, cache, current.OrganisationId, ct);
        return (reading.Currency, reading.CalendarNames);
    }

    /// <summary>The name scripts say for {empresa}: the organisation's brand, else its name (kept as <see cref="ReadingReferencesAsync"/>).</summary>
    public async Task<string> BrandAsync(CancellationToken ct) => (await Shared.OrganisationCalendar.ReadingAsync(db, cache, current.OrganisationId, ct)).Brand;

    /// <summary>The latest published version of every protocol the caller may read, of one department (all when null).</summary>
    public async Task<IReadOnlyList<VersionView>> PublishedAsync(string? department, CancellationToken ct)
    {
        var wanted = string.IsNullOrWhiteSpace(department) ? null : department.Trim();
        var result = new List<VersionView>();
        foreach (var summary in await protocols.ListAsync(includeArchived: false, ct))
        {
            if (summary.PublishedVersion == 0 || summary.Status == ProtocolStatus.Archived) continue;
            var version = await protocols.GetVersionAsync(summary.Id, null, ct);
            if (!version.Succeeded) continue;
            if (wanted is not null && !string.Equals(version.Value!.Protocol.Department.Trim(), wanted, StringComparison.OrdinalIgnoreCase)) continue;
            result.Add(version.Value!);
        }
        return result.OrderBy(v => v.Protocol.Department.Trim(), StringComparer.CurrentCulture)
            .ThenBy(v => v.Protocol.Title.Trim(), StringComparer.CurrentCulture).ToList();
    }

    /// <summary>One published version (the latest when <paramref name="number"/> is null) as a PDF.</summary>
    public async Task<Outcome<PrintedFile>> ProtocolPdfAsync(Guid id, int? number, CancellationToken ct)
    {
        var version = await protocols.GetVersionAsync(id, number, ct);
        if (!version.Succeeded) return Outcome<PrintedFile>.NotFound();
        var brand = await BrandAsync(ct);
        var v = version.Value!;
        var (currency, calendars) = await ReadingReferencesAsync(ct);
        var bytes = Pdf().Protocol(new PrintedProtocol(v, ProtocolText.KnownValues(v.Protocol, brand), await ImagesAsync([v], ct), currency, calendars), brand);
        return Outcome<PrintedFile>.Ok(new PrintedFile(bytes, $"{Stem(v.Protocol.Title)}-v{v.Number}.pdf"));
    }

    /// <summary>
    /// The manual of a department (every department when null): its published protocols. A department with none to show
    /// (unknown, or only drafts) is not found rather than an empty manual.
    /// </summary>
    public async Task<Outcome<PrintedFile>> ManualPdfAsync(string? department, CancellationToken ct)
    {
        var versions = await PublishedAsync(department, ct);
        if (versions.Count == 0) return Outcome<PrintedFile>.NotFound();
        var brand = await BrandAsync(ct);
        var name = string.IsNullOrWhiteSpace(department) ? null : versions[0].Protocol.Department.Trim();
        var images = await ImagesAsync(versions, ct);
        var (currency, calendars) = await ReadingReferencesAsync(ct);
        var items = versions.Select(v => new PrintedProtocol(v, ProtocolText.KnownValues(v.Protocol, brand), images, currency, calendars)).ToList();
        var bytes = Pdf().Manual(items, brand, name, time.GetUtcNow().UtcDateTime);
        return Outcome<PrintedFile>.Ok(new PrintedFile(bytes, name is null ? "manual.pdf" : $"manual-{Stem(name)}.pdf"));
    }

    /// <summary>The one-page poster; only protocols for the in-person or print channels have one (Invalid otherwise).</summary>
    public async Task<Outcome<PrintedFile>> PosterPdfAsync(Guid id, string protocolUrl, CancellationToken ct)
    {
        var version = await protocols.GetVersionAsync(id, null, ct);
        if (!version.Succeeded) return Outcome<PrintedFile>.NotFound();
        var v = version.Value!;
        if (!ProtocolText.HasPoster(v.Protocol)) return Outcome<PrintedFile>.Invalid("", "Pdf.Poster.None");
        var brand = await BrandAsync(ct);
        var bytes = Pdf().Poster(new PrintedProtocol(v, ProtocolText.KnownValues(v.Protocol, brand)), brand, protocolUrl);
        return Outcome<PrintedFile>.Ok(new PrintedFile(bytes, $"{Stem(v.Protocol.Title)}-poster.pdf"));
    }

    /// <summary>
    /// The organisation's images (/media/{id}) the versions' steps show, loaded once through the tenant filter, so an id
    /// of another organisation finds nothing; PNG and JPEG only, and only those the PDF writer can embed.
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, PrintedImage>> ImagesAsync(IEnumerable<VersionView> versions, CancellationToken ct)
    {
        var ids = versions.SelectMany(v => StepMedia.AllSteps(v.Protocol)).SelectMany(s => s.Images)
            .Select(Media.MediaService.IdOf).OfType<Guid>();
        var result = new Dictionary<Guid, PrintedImage>();
        foreach (var (id, file) in await media.GetManyAsync(ids, ct))
        {
            var jpeg = file.ContentType == ImageSniffer.ContentTypeOf(ImageKind.Jpeg);
            if (!jpeg && file.ContentType != ImageSniffer.ContentTypeOf(ImageKind.Png)) continue;
            if (PdfLayout.CanEmbed(file.Bytes, jpeg)) result[id] = new PrintedImage(file.Bytes, jpeg, file.Width, file.Height);
        }
        return result;
    }

    private ProtocolPdf Pdf() => new(l, current.ToLocal);

    private static string Stem(string title) => Path.GetFileNameWithoutExtension(ProtocolsService.FileNameFor(title));
}
