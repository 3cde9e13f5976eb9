using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Protocols;
using Pauta.Core.Training;
using Pauta.Data.Entities;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.Training;

/// <summary>The answer of a refused request, with the code the gate puts on it.</summary>
public sealed record CodedProblemDto(int? Status, string? Title, string? Detail, string? Code);

public sealed record GateOverrideDto(Guid Id, Guid AgentMemberId, string Agent, Guid ProtocolId, string Protocol, int Version, string Reason,
    string GrantedBy, DateTime GrantedAt, DateTime ExpiresAt, Guid? UsedByContactId, DateTime? UsedAt, int Count);

/// <summary>
/// Set-up for the gate tests, written straight into the database where another helper's pages would do it (the learner's
/// acknowledgement, the course's own gate), so these tests depend only on the gate's code.
/// </summary>
public static class GateKit
{
    public static Task<(Guid Organisation, Guid Member, Guid User)> MemberAsync(this PautaApp app, string email) =>
        app.WithDbAsync(async db => await db.Members.IgnoreQueryFilters().Where(m => m.User.Email == email)
            .Select(m => new ValueTuple<Guid, Guid, Guid>(m.OrganisationId, m.Id, m.UserId)).SingleAsync());

    public static async Task SetOrganisationGateAsync(this PautaApp app, GateMode mode)
    {
        var (organisation, _, _) = await app.MemberAsync(Demo.Owner);
        await app.WithDbAsync(async db =>
        {
            var o = await db.Organisations.SingleAsync();
            o.TrainingGate = mode;
            await db.SaveChangesAsync();
        }, organisation);
    }

    /// <summary>The course's own gate (null follows the organisation); creates a bare course row when there is none.</summary>
    public static async Task SetCourseGateAsync(this PautaApp app, Guid protocolId, GateMode? mode)
    {
        var (organisation, _, user) = await app.MemberAsync(Demo.Manager);
        await app.WithDbAsync(async db =>
        {
            var course = await db.Courses.SingleOrDefaultAsync(c => c.ProtocolId == protocolId);
            if (course is null)
            {
                var version = await db.Protocols.Where(p => p.Id == protocolId).Select(p => p.PublishedVersion).SingleAsync();
                course = new Course
                {
                    OrganisationId = organisation, Id = Guid.NewGuid(), ProtocolId = protocolId, VersionNumber = version,
                    ContentHash = new string('0', 64), CreatedByUserId = user, CreatedAt = app.UtcNow, UpdatedAt = app.UtcNow,
                };
                db.Courses.Add(course);
            }
            course.Gate = mode;
            await db.SaveChangesAsync();
        }, organisation);
    }

    /// <summary>What the learner's acknowledgement writes: <paramref name="email"/> read and understood that version.</summary>
    public static async Task AcknowledgeAsync(this PautaApp app, string email, Guid protocolId, int version, int? score = 90, DateTime? at = null)
    {
        var (organisation, member, _) = await app.MemberAsync(email);
        await app.WithDbAsync(async db =>
        {
            if (await db.TrainingAcknowledgements.AnyAsync(a => a.MemberId == member && a.ProtocolId == protocolId && a.VersionNumber == version)) return;
            db.TrainingAcknowledgements.Add(new TrainingAcknowledgement
            {
                OrganisationId = organisation, Id = Guid.NewGuid(), MemberId = member, ProtocolId = protocolId, VersionNumber = version,
                ContentHash = new string('0', 64), ScorePercent = score, At = at ?? app.UtcNow,
            });
            await db.SaveChangesAsync();
        }, organisation);
    }

    /// <summary>The protocol's current major version, worked out here independently of the app: the latest major at or before the published one, else 1.</summary>
    public static Task<int> CurrentMajorAsync(this PautaApp app, Guid protocolId) => app.WithDbAsync(async db =>
    {
        var published = await db.Protocols.IgnoreQueryFilters().Where(p => p.Id == protocolId).Select(p => p.PublishedVersion).SingleAsync();
        var majors = await db.ProtocolVersions.IgnoreQueryFilters()
            .Where(v => v.ProtocolId == protocolId && v.ChangeSize == ChangeSize.Major && v.Number <= published).Select(v => v.Number).ToListAsync();
        return majors.Count == 0 ? 1 : Math.Max(1, majors.Max());
    });

    /// <summary>
    /// Everything a start or a take-over could write, across organisations. Events are people's: the breach worker records
    /// the server's own (no actor) on open contacts whenever the tests' clock passes a due time.
    /// </summary>
    public static Task<(int Contacts, int Events, int Customers, int Overrides)> CountAsync(this PautaApp app) => app.WithDbAsync(async db => (
        await db.Contacts.IgnoreQueryFilters().CountAsync(),
        await db.ContactEvents.IgnoreQueryFilters().CountAsync(e => e.ActorUserId != null),
        await db.Customers.IgnoreQueryFilters().CountAsync(),
        await db.GateOverrides.IgnoreQueryFilters().CountAsync()));

    public static async Task<CodedProblemDto> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<CodedProblemDto>(Browser.Json))!;
    }

    public static async Task<GateOverrideDto> GrantAsync(this Browser supervisor, Guid agentMemberId, Guid protocolId, string reason = "Cubre un turno sin formación")
    {
        var response = await supervisor.PostJsonAsync("/api/v1/training/gate-overrides", new { agentMemberId, protocolId, reason });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<GateOverrideDto>(Browser.Json))!;
    }
}
