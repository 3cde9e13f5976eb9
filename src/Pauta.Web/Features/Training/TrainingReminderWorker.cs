using System.Globalization;
using Pauta.Core.Training;
using Pauta.Data.Tenancy;

namespace Pauta.Web.Features.Training;

/// <summary>
/// Reminds people of their open assignments (ReminderPlan: three days before the due day, on it, the day after, then
/// weekly) by e-mail when SMTP is configured; the home page and the nav badge remind them in the app. One node at a time
/// runs it (the <see cref="WorkerLease.TrainingReminders"/> lease); each assignment's <see cref="Pauta.Data.Entities.TrainingAssignment.NextReminderAt"/> is an indexed column, and
/// a reminder is claimed by saving <c>RemindedAt</c> under the row's version (optimistic concurrency), so when two nodes
/// find the same assignment (a lease lost mid-tick) only the one whose save wins sends the mail.
/// </summary>
public sealed class TrainingReminderWorker(IServiceScopeFactory scopes, IWorkerLeases leases, TimeProvider time, EmailSender email, MailQueue mails,
    PublicUrl publicUrl, ILogger<TrainingReminderWorker> log) : LeasedWorker(leases, time, log)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private const int MaxPerTick = 500;

    public override WorkerLease Lease => WorkerLease.TrainingReminders;
    public override TimeSpan Period => Interval;
    protected override Task RunTickAsync(CancellationToken ct) => TickAsync(ct);

    /// <summary>One look for reminders due; answers how many reminders this node claimed (and mailed when SMTP is set).</summary>
    public async Task<int> TickAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        List<(Guid Organisation, Guid Assignment)> due;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
            // The one query across organisations: each assignment found is then handled inside its own organisation.
            due = (await db.TrainingAssignments.IgnoreQueryFilters([PautaDbContext.TenantFilter]).AsNoTracking()
                    .Where(a => a.NextReminderAt != null && a.NextReminderAt <= now)
                    .OrderBy(a => a.NextReminderAt).Select(a => new { a.OrganisationId, a.Id }).Take(MaxPerTick).ToListAsync(ct))
                .Select(a => (a.OrganisationId, a.Id)).ToList();
        }

        var sent = 0;
        foreach (var (organisation, assignment) in due)
        {
            using var scope = scopes.CreateScope();
            scope.ServiceProvider.GetRequiredService<Tenant>().Set(organisation);
            try
            {
                if (await RemindAsync(scope.ServiceProvider.GetRequiredService<PautaDbContext>(), assignment, now, ct)) sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Could not remind training assignment {Assignment}", assignment);
            }
        }
        return sent;
    }

    private async Task<bool> RemindAsync(PautaDbContext db, Guid id, DateTime now, CancellationToken ct)
    {
        var a = await db.TrainingAssignments.SingleOrDefaultAsync(x => x.Id == id, ct);
        if (a is null) return false;
        if (a.CompletedAt is not null || a.RemovedAt is not null)
        {
            a.NextReminderAt = null;
            await ClaimAsync(db, ct);
            return false;
        }
        var org = await db.Organisations.AsNoTracking().Select(o => new { o.Name, o.Language, o.TimeZoneId }).SingleAsync(ct);
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(org.TimeZoneId, out var z) ? z : TimeZoneInfo.Utc;
        var reminder = ReminderPlan.Next(a.DueAt, a.RemindedAt, now, zone);
        a.NextReminderAt = ReminderPlan.NextAfter(a.DueAt, now, zone);
        if (reminder is null) { await ClaimAsync(db, ct); return false; }
        a.RemindedAt = now;
        // Another node got here first when this save finds the row's version changed: it sends the mail, not us.
        if (!await ClaimAsync(db, ct)) return false;

        if (!email.IsConfigured) return true;
        var person = await db.Members.AsNoTracking().Where(m => m.Id == a.MemberId)
            .Select(m => new { m.User.Email, m.User.DisplayName, m.User.UiLanguage }).SingleOrDefaultAsync(ct);
        if (person?.Email is null) return true;
        var title = await db.Protocols.AsNoTracking().Where(p => p.Id == a.ProtocolId).Select(p => p.Title).SingleAsync(ct);
        var language = JsonStringLocalizerFactory.Languages.Contains(person.UiLanguage) ? person.UiLanguage! :
            JsonStringLocalizerFactory.Languages.Contains(org.Language) ? org.Language : "es";
        var culture = CultureInfo.GetCultureInfo(language);
        var table = JsonStringLocalizerFactory.Table(language);
        var dueText = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(a.DueAt, DateTimeKind.Utc), zone).ToString("d", culture);
        var subject = string.Format(culture, table["Training.Assign.Email.Subject." + reminder.Stage], title);
        var body = string.Format(culture, table["Training.Assign.Email.Body"], person.DisplayName, title, dueText, org.Name,
            publicUrl.Link($"/training/courses/{a.ProtocolId}"));
        mails.Enqueue(person.Email, subject, body);
        return true;
    }

    private static async Task<bool> ClaimAsync(PautaDbContext db, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); return true; }
        catch (DbUpdateConcurrencyException) { return false; }
    }
}
