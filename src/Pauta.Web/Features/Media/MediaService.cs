using System.Security.Cryptography;
using Pauta.Core.Protocols;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Media;

/// <summary>An image as its uploader and the API see it.</summary>
public sealed record MediaView(Guid Id, string Url, string ContentType, int Size, int Width, int Height, string Sha256);

/// <summary>The result of an upload: the image, and whether these bytes were already stored (then nothing new was written).</summary>
public sealed record Uploaded(MediaView Media, bool Existing);

/// <summary>
/// Images for protocol steps, stored per organisation in the database. The one door for the editor, the API, the reading
/// pages and the PDF: what a file is comes from <see cref="ImageSniffer"/> (its bytes, never its name or declared type),
/// who may upload from the role, and whose files are visible from the tenant filter, so another organisation's image is
/// simply not there.
/// </summary>
public sealed class MediaService(PautaDbContext db, CurrentMember current, TimeProvider time)
{
    /// <summary>The form field and API problem field an upload travels in.</summary>
    public const string Field = "file";

    public const string UrlPrefix = "/media/";

    public static string UrlOf(Guid id) => UrlPrefix + id.ToString("D");

    /// <summary>The id in an address of this site's media ("/media/{id}"), or null for any other address.</summary>
    public static Guid? IdOf(string? address)
    {
        var a = address?.Trim();
        return a is not null && a.StartsWith(UrlPrefix, StringComparison.Ordinal) && a.Length == UrlPrefix.Length + 36
            && Guid.TryParseExact(a[UrlPrefix.Length..], "D", out var id) ? id : null;
    }

    /// <summary>Checks and stores an image; the same bytes uploaded again answer the stored one.</summary>
    public async Task<Outcome<Uploaded>> UploadAsync(byte[] bytes, CancellationToken ct)
    {
        if (!current.Can(Permission.AuthorProtocols)) return Outcome<Uploaded>.Forbidden();
        var sniffed = ImageSniffer.Sniff(bytes);
        if (sniffed.Image is not { } image) return Outcome<Uploaded>.Invalid(Field, sniffed.ProblemCode!, ProblemArgs(sniffed.ProblemCode!));

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (await FindByHashAsync(hash, ct) is { } existing) return Outcome<Uploaded>.Ok(new Uploaded(existing, true));
        var file = new MediaFile
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Sha256 = hash,
            ContentType = image.ContentType,
            Size = bytes.Length,
            Width = image.Width,
            Height = image.Height,
            Bytes = bytes,
            UploadedByUserId = current.UserId,
            UploadedAt = time.GetUtcNow().UtcDateTime,
        };
        db.MediaFiles.Add(file);
        db.Audit(current.UserId, "media.uploaded", nameof(MediaFile), file.Id, $"{image.ContentType} {image.Width}×{image.Height} {bytes.Length} B");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // Someone stored the same bytes a moment ago: theirs is the one.
            db.ChangeTracker.Clear();
            if (await FindByHashAsync(hash, ct) is { } raced) return Outcome<Uploaded>.Ok(new Uploaded(raced, true));
            throw;
        }
        return Outcome<Uploaded>.Ok(new Uploaded(ViewOf(file), false));
    }

    /// <summary>The arguments each refusal's message needs (the limits it names).</summary>
    public static object[] ProblemArgs(string code) => code switch
    {
        ImageSniffer.TooLarge => [ImageSniffer.MaxBytes / 1024 / 1024],
        ImageSniffer.TooManyPixels => [ImageSniffer.MaxSide],
        _ => [],
    };

    /// <summary>One of the organisation's images with its bytes; null when there is none with that id here.</summary>
    public Task<MediaFile?> GetAsync(Guid id, CancellationToken ct) =>
        db.MediaFiles.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct);

    /// <summary>The organisation's images among <paramref name="ids"/>, with their bytes (for the PDF).</summary>
    public async Task<IReadOnlyDictionary<Guid, MediaFile>> GetManyAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0) return new Dictionary<Guid, MediaFile>();
        return await db.MediaFiles.AsNoTracking().Where(m => wanted.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
    }

    /// <summary>Which of <paramref name="ids"/> are images of this organisation (without loading their bytes).</summary>
    public async Task<IReadOnlySet<Guid>> ExistingAsync(IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0) return new HashSet<Guid>();
        return (await db.MediaFiles.AsNoTracking().Where(m => wanted.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct)).ToHashSet();
    }

    /// <summary>
    /// A problem for every image of <paramref name="protocol"/>'s steps that names "/media/{id}" with no such image in
    /// this organisation (a typo, or another organisation's file): the field is the image's path in the protocol.
    /// </summary>
    public async Task<IReadOnlyList<Problem>> UnknownImagesAsync(Protocol protocol, CancellationToken ct)
    {
        var references = new List<(string Path, Guid Id)>();
        void Collect(IReadOnlyList<Step> steps, string prefix)
        {
            for (var s = 0; s < steps.Count; s++)
                for (var i = 0; i < steps[s].Images.Count; i++)
                    if (IdOf(steps[s].Images[i]) is { } id) references.Add(($"{prefix}[{s}].images[{i}]", id));
        }
        Collect(protocol.Steps, "steps");
        for (var p = 0; p < protocol.ContingencyPlans.Count; p++) Collect(protocol.ContingencyPlans[p].Steps, $"contingencyPlans[{p}].steps");
        if (references.Count == 0) return [];
        var known = await ExistingAsync(references.Select(r => r.Id), ct);
        return references.Where(r => !known.Contains(r.Id)).Select(r => new Problem(r.Path, "Media.Unknown", UrlOf(r.Id))).ToList();
    }

    private async Task<MediaView?> FindByHashAsync(string hash, CancellationToken ct) =>
        await db.MediaFiles.AsNoTracking().Where(m => m.Sha256 == hash)
            .Select(m => new MediaView(m.Id, "", m.ContentType, m.Size, m.Width, m.Height, m.Sha256)).SingleOrDefaultAsync(ct)
            is { } found ? found with { Url = UrlOf(found.Id) } : null;

    private static MediaView ViewOf(MediaFile m) => new(m.Id, UrlOf(m.Id), m.ContentType, m.Size, m.Width, m.Height, m.Sha256);
}
