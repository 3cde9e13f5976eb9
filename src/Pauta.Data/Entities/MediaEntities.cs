using Pauta.Data.Tenancy;

namespace Pauta.Data.Entities;

/// <summary>
/// An image uploaded for the steps of the organisation's protocols, kept in the database so every stateless web node
/// serves it. Its bytes were sniffed on the way in (Pauta.Core.Protocols.ImageSniffer): <see cref="ContentType"/>,
/// <see cref="Width"/> and <see cref="Height"/> are what the bytes are, never what the uploader said. The same bytes
/// uploaded twice in one organisation are one row (unique by <see cref="Sha256"/>). Never changed once written.
/// </summary>
public class MediaFile : ITenantOwned, IAppendOnly
{
    public Guid OrganisationId { get; set; }
    public Guid Id { get; set; }
    /// <summary>The SHA-256 of <see cref="Bytes"/>, as 64 lowercase hex digits; also the ETag it is served with.</summary>
    public string Sha256 { get; set; } = "";
    public string ContentType { get; set; } = "";
    public int Size { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public byte[] Bytes { get; set; } = [];
    public Guid UploadedByUserId { get; set; }
    public DateTime UploadedAt { get; set; }
}
