using Pauta.Core.Protocols;
using Pauta.Core.Training;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Training;

/// <summary>
/// What training does when a protocol version is published. The publish path of <c>ProtocolsService</c> calls
/// <see cref="PublishingAsync"/> before it saves (the course moves with the new version in the same unit of work) and
/// <see cref="PublishedAsync"/> after saving, inside the same transaction (the re-assignment reads the saved version), so a
/// version is published with its training or not at all. Each part is one private method.
/// </summary>
public sealed class TrainingOnPublish(PautaDbContext db, TimeProvider time, TrainingAssignments assignments)
{
    /// <summary>Adds to the publishing unit of work, before it is saved.</summary>
    public async Task PublishingAsync(Guid protocolId, int number, CancellationToken ct)
    {
        await MoveCourseAsync(protocolId, number, ct);
    }

    /// <summary>After the version is saved, in the publishing transaction.</summary>
    public async Task PublishedAsync(Guid protocolId, int number, ChangeSize changeSize, CancellationToken ct)
    {
        await ReassignAsync(protocolId, number, changeSize, ct);
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

    /// <summary>A minor version asks nobody again; a major one re-assigns the people the course's rules reach.</summary>
    private Task<int> ReassignAsync(Guid protocolId, int number, ChangeSize changeSize, CancellationToken ct) =>
        assignments.PublishedAsync(protocolId, number, changeSize, ct);
}
