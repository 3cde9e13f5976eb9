using System.Security.Cryptography;
using Pauta.Core.ServiceLevels;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;

namespace Pauta.Web.Features.Surveys;

/// <summary>What the customer sees of an invitation: enough to show the form, nothing about the organisation's people.</summary>
public sealed record SurveyToAnswer(Guid InvitationId, string OrganisationName, string Language);

public sealed record SurveyAnswer(int? Score, string? Comment, string? Reason);

/// <summary>The link the customer receives: private (the token), in their language (?lang=).</summary>
public sealed record SurveyLink(string Token, string Language)
{
    public string Path => $"/survey/{Token}?lang={Language}";
}

/// <summary>
/// The customer's voice: a private, single-use, expiring link per contact, answered without signing in.
/// A low score opens a service-recovery follow-up for a supervisor, due within <see cref="RecoveryTarget"/> of business time.
/// </summary>
public sealed class SurveysService(PautaDbContext db, Tenant tenant, TimeProvider time)
{
    public static readonly TimeSpan Validity = TimeSpan.FromDays(7);

    /// <summary>Scores at or below this ask for a reason and open a recovery follow-up.</summary>
    public const int LowScore = Core.Contacts.SurveyRules.LowScore;

    /// <summary>How soon a supervisor must call back an unhappy customer, in the organisation's business time.</summary>
    public static readonly TimeSpan RecoveryTarget = Core.Contacts.SurveyRules.RecoveryTarget;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Creates the link for one contact (the contact must be of the current organisation); the token is only ever in this link.</summary>
    public async Task<SurveyLink?> CreateAsync(Guid contactId, string? language, CancellationToken ct)
    {
        var contact = await db.Contacts.AsNoTracking().Where(c => c.Id == contactId)
            .Select(c => new { c.Id, CustomerLanguage = db.Customers.Where(x => x.Id == c.CustomerId).Select(x => x.Language).FirstOrDefault() })
            .SingleOrDefaultAsync(ct);
        if (contact is null) return null;
        var organisationLanguage = await db.Organisations.Select(o => o.Language).SingleAsync(ct);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var chosen = language is "es" or "en" ? language : contact.CustomerLanguage is "es" or "en" ? contact.CustomerLanguage : organisationLanguage;
        db.SurveyInvitations.Add(new SurveyInvitation
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            ContactId = contactId,
            TokenHash = Hash(token),
            Language = chosen,
            CreatedAt = Now,
            ExpiresAt = Now + Validity,
        });
        await db.SaveChangesAsync(ct);
        return new SurveyLink(token, chosen);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// Finds an invitation by its secret and acts for its organisation from then on. Unknown → NotFound;
    /// expired or already answered → Invalid with the reason the customer reads.
    /// </summary>
    public async Task<Outcome<SurveyToAnswer>> FindAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return Outcome<SurveyToAnswer>.NotFound();
        var hash = Hash(token);
        // The one lookup across organisations: by the hash of a secret only its holder knows.
        var found = await db.SurveyInvitations.IgnoreQueryFilters([PautaDbContext.TenantFilter]).AsNoTracking()
            .Where(s => s.TokenHash == hash).SingleOrDefaultAsync(ct);
        if (found is null) return Outcome<SurveyToAnswer>.NotFound();
        tenant.Set(found.OrganisationId);
        var brand = await db.Organisations.Select(o => o.BrandName).SingleAsync(ct);
        var view = new SurveyToAnswer(found.Id, brand, found.Language);
        if (found.AnsweredAt is not null) return new Outcome<SurveyToAnswer>(view, Failure.Conflict, [new Problem("", "Survey.AlreadyAnswered")]);
        if (found.ExpiresAt <= Now) return new Outcome<SurveyToAnswer>(view, Failure.Invalid, [new Problem("", "Survey.Expired")]);
        return Outcome<SurveyToAnswer>.Ok(view);
    }

    public static IEnumerable<Problem> Check(SurveyAnswer answer)
    {
        if (answer.Score is not (>= 1 and <= 5)) yield return new Problem("Score", "Survey.ScoreRequired");
        if ((answer.Comment?.Length ?? 0) > ContactLimits.MaxCommentLength)
            yield return new Problem("Comment", "Validation.TooLongPlain", ContactLimits.MaxCommentLength);
        if ((answer.Reason?.Length ?? 0) > ContactLimits.MaxCommentLength)
            yield return new Problem("Reason", "Validation.TooLongPlain", ContactLimits.MaxCommentLength);
        if (answer.Score is <= LowScore && string.IsNullOrWhiteSpace(answer.Reason))
            yield return new Problem("Reason", "Survey.ReasonRequired");
    }

    /// <summary>Records the answer once. Two submissions racing: the second finds it answered and changes nothing.</summary>
    public async Task<Outcome<SurveyToAnswer>> AnswerAsync(string? token, SurveyAnswer answer, CancellationToken ct)
    {
        var found = await FindAsync(token, ct);
        if (!found.Succeeded) return found;
        var problems = Check(answer).ToList();
        if (problems.Count > 0) return new Outcome<SurveyToAnswer>(found.Value, Failure.Invalid, problems);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The guard against a double submit: only an unanswered row is updated, in SQL, so two racing posts cannot both win.
        var now = Now;
        var updated = await db.SurveyInvitations
            .Where(s => s.Id == found.Value!.InvitationId && s.AnsweredAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.AnsweredAt, now)
                .SetProperty(x => x.Score, answer.Score)
                .SetProperty(x => x.Comment, Clean(answer.Comment))
                .SetProperty(x => x.LowScoreReason, Clean(answer.Reason)), ct);
        if (updated == 0) return new Outcome<SurveyToAnswer>(found.Value, Failure.Conflict, [new Problem("", "Survey.AlreadyAnswered")]);

        var invitation = await db.SurveyInvitations.AsNoTracking().SingleAsync(s => s.Id == found.Value!.InvitationId, ct);
        db.Audit(null, "survey.answered", "Contact", invitation.ContactId, $"CSAT {answer.Score}");
        if (answer.Score <= LowScore) await OpenRecoveryAsync(invitation, answer, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return found;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The recovery goes to whoever should call the customer back: a supervisor who handled it, else one of the agent's department, else any.</summary>
    private async Task OpenRecoveryAsync(SurveyInvitation invitation, SurveyAnswer answer, CancellationToken ct)
    {
        var contact = await db.Contacts.AsNoTracking().SingleAsync(c => c.Id == invitation.ContactId, ct);
        var members = await db.Members.AsNoTracking().Select(m => new { m.UserId, m.Role, m.DepartmentId }).ToListAsync(ct);
        var agentDepartment = members.FirstOrDefault(m => m.UserId == contact.AgentUserId)?.DepartmentId;
        var handler = members.FirstOrDefault(m => m.UserId == contact.HandlerUserId && m.UserId != contact.AgentUserId
            && m.Role is Role.Supervisor or Role.Manager);
        var assignee = handler
            ?? members.FirstOrDefault(m => m.Role == Role.Supervisor && m.DepartmentId == agentDepartment && agentDepartment != null)
            ?? members.FirstOrDefault(m => m.Role == Role.Supervisor)
            ?? members.FirstOrDefault(m => m.Role == Role.Manager)
            ?? members.First(m => m.Role == Role.Owner);

        db.FollowUps.Add(new FollowUp
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            ContactId = contact.Id,
            AssignedUserId = assignee.UserId,
            Kind = FollowUpKind.ServiceRecovery,
            DueAt = await RecoveryDueAsync(ct),
            Note = $"CSAT {answer.Score}: {Clean(answer.Reason)}",
        });
        db.Audit(null, "followup.recovery-opened", "Contact", contact.Id, $"CSAT {answer.Score}");
    }

    private async Task<DateTime> RecoveryDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        // An organisation without opening hours has no business time: the target then runs on the calendar.
        var calendar = await OrganisationCalendar.LoadAsync(db, ct);
        return (calendar?.AddBusinessTime(now, RecoveryTarget) ?? now + RecoveryTarget).UtcDateTime;
    }
}
