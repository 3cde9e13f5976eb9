using Pauta.Core.Protocols;
using Pauta.Core.Training;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Training;

/// <summary>
/// What training does when a protocol version is published. Called by the publish path of <c>ProtocolsService</c>
/// inside its unit of work, before it saves: everything here is added to that same unit of work and saved with the new
/// version, or not at all. Each part is one private method; <see cref="PublishedAsync"/> stays a short list of calls.
/// </summary>
public sealed class TrainingOnPublish(PautaDbContext db, TimeProvider time)
{
    public async Task PublishedAsync(Guid protocolId, int number, ChangeSize changeSize, CancellationToken ct)
    {
        await MoveCourseAsync(protocolId, number, ct);
    }

    /// <summary>The course (if any) teaches the new version from now on, and records its content hash.</summary>
    private async Task MoveCourseAsync(Guid protocolId, int number, CancellationToken ct)
    {
        var course = await db.Courses.SingleOrDefaultAsync(c => c.ProtocolId == protocolId, ct);
        if (course is null || course.VersionNumber >= number) return;
        // The new version is in this unit of work, not yet saved.
        var text = db.ProtocolVersions.Local.FirstOrDefault(v => v.ProtocolId == protocolId && v.Number == number)?.Text
                   ?? await db.ProtocolVersions.AsNoTracking().Where(v => v.ProtocolId == protocolId && v.Number == number)
                       .Select(v => v.Text).SingleAsync(ct);
        course.VersionNumber = number;
        course.ContentHash = ContentHash.Of(text);
        course.UpdatedAt = time.GetUtcNow().UtcDateTime;
    }
}
