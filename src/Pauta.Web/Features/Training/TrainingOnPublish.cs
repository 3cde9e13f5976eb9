using Pauta.Core.Protocols;

namespace Pauta.Web.Features.Training;

/// <summary>
/// What training does when a protocol version is published, called once from the publish path. Each part of training
/// keeps its own private method here (the course following the new version, the re-assignment) and one line in
/// <see cref="PublishedAsync"/>.
/// </summary>
public sealed class TrainingOnPublish(TrainingAssignments assignments)
{
    public async Task PublishedAsync(Guid protocolId, int number, ChangeSize changeSize, CancellationToken ct)
    {
        await ReassignAsync(protocolId, number, changeSize, ct);
    }

    /// <summary>A minor version asks nobody again; a major one re-assigns the people the course's rules reach.</summary>
    private Task<int> ReassignAsync(Guid protocolId, int number, ChangeSize changeSize, CancellationToken ct) =>
        assignments.PublishedAsync(protocolId, number, changeSize, ct);
}
