using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Training;
using Pauta.Data;
using Pauta.Tests.Shared;
using Pauta.Web.Features.Shared;
using Pauta.Web.Features.Training;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;

namespace Pauta.Web.Tests.Training;

/// <summary>The app with a mail server on loopback and a clock the test moves by hand.</summary>
public abstract class TrainingReminderApp(DatabaseProvider provider) : PautaApp(provider)
{
    public ManualClock Clock { get; } = new();

    protected override TimeProvider AppClock => Clock;

    public LoopbackSmtpServer Smtp { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Pauta:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Pauta:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Pauta:Smtp:From", "pauta@suarez.example");
        builder.UseSetting("Pauta:PublicUrl", "https://pauta.suarez.example");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed class SqliteTrainingReminderApp() : TrainingReminderApp(DatabaseProvider.Sqlite);

public sealed class PostgresTrainingReminderApp() : TrainingReminderApp(DatabaseProvider.Postgres);

/// <summary>
/// Reminders: three days before the due day, on it, the day after, then weekly, each stage mailed once in the person's
/// language, and two nodes looking at the same moment send one mail.
/// </summary>
public abstract class TrainingReminderTests(TrainingReminderApp app)
{
    private const string Diego = "diego@suarez.example";
    private const string Valentina = "valentina@suarez.example";

    private int Count(string to, string subject) =>
        app.Smtp.Messages.Count(m => m.To.Contains(to, StringComparer.OrdinalIgnoreCase) && m.Subject == subject);

    /// <summary>
    /// Ticks as two nodes at once would. The app's own worker may tick too (every real minute), so the test counts the
    /// mails that arrive, not which tick claimed them.
    /// </summary>
    private async Task TickOnTwoNodesAsync()
    {
        var worker = app.Services.GetRequiredService<TrainingReminderWorker>();
        await Task.WhenAll(worker.TickAsync(default), worker.TickAsync(default));
    }

    [Fact]
    public async Task Each_reminder_stage_is_mailed_once_in_the_persons_language_even_with_two_nodes()
    {
        var (protocol, title) = await TrainingAssignmentTests.OwnCourseAsync(app, "Recordatorios");
        var organisation = await app.OrganisationOfAsync(Demo.Owner);
        await app.WithDbAsync(db => db.Users.Where(u => u.Email == Valentina).ExecuteUpdateAsync(s => s.SetProperty(u => u.UiLanguage, "en")));
        // Assigned Tuesday 3 March 2026, 09:30 UTC, due in 10 days: Friday 13 March. Madrid days start at 23:00 UTC (winter time).
        foreach (var email in new[] { Diego, Valentina })
        {
            var member = await TrainingAssignmentTests.MemberIdAsync(app, email);
            var added = await app.AsAsync<TrainingAssignments, Outcome<RuleView>>(Demo.Manager,
                s => s.AddRuleAsync(protocol, new RuleInput(AssignmentTarget.Person, member.ToString(), 10), default));
            added.Failure.ShouldBe(Failure.None);
        }
        string Es(ReminderStage stage) => Text.Es("Training.Assign.Email.Subject." + stage, title);
        string En(ReminderStage stage) => Text.En("Training.Assign.Email.Subject." + stage, title);

        await TickOnTwoNodesAsync();
        (await app.WithDbAsync(db => db.TrainingAssignments.Where(a => a.ProtocolId == protocol).ToListAsync(), organisation))
            .ShouldAllBe(a => a.RemindedAt == null, "nothing is due a week before the due-soon day");

        app.Clock.Advance(TimeSpan.FromDays(7)); // Tuesday 10 March: three days before
        await TickOnTwoNodesAsync();
        var soon = await WaitForAsync(Diego, Es(ReminderStage.DueSoon));
        soon.Body.ShouldContain($"https://pauta.suarez.example/training/courses/{protocol}");
        await WaitForAsync(Valentina, En(ReminderStage.DueSoon));
        await TickOnTwoNodesAsync();

        app.Clock.Advance(TimeSpan.FromDays(3)); // Friday 13 March: the due day
        await TickOnTwoNodesAsync();
        await WaitForAsync(Diego, Es(ReminderStage.DueToday));

        app.Clock.Advance(TimeSpan.FromDays(1)); // Saturday 14: overdue
        await TickOnTwoNodesAsync();
        await WaitForAsync(Diego, Es(ReminderStage.Overdue));

        app.Clock.Advance(TimeSpan.FromDays(6)); // Friday 20: within the week
        await TickOnTwoNodesAsync();
        app.Clock.Advance(TimeSpan.FromDays(1)); // Saturday 21: a week after the first overdue reminder
        await TickOnTwoNodesAsync();
        await WaitUntilAsync(() => Count(Diego, Es(ReminderStage.Overdue)) == 2 && Count(Valentina, En(ReminderStage.Overdue)) == 2);

        // The queue sends in order: with the last mail here, every earlier one is too. Exactly one per stage each.
        Count(Diego, Es(ReminderStage.DueSoon)).ShouldBe(1);
        Count(Diego, Es(ReminderStage.DueToday)).ShouldBe(1);
        Count(Diego, Es(ReminderStage.Overdue)).ShouldBe(2);
        Count(Valentina, En(ReminderStage.DueSoon)).ShouldBe(1);
        Count(Valentina, En(ReminderStage.DueToday)).ShouldBe(1);
        app.Smtp.Messages.ShouldNotContain(m => m.To.Contains(Valentina, StringComparer.OrdinalIgnoreCase) && m.Subject.StartsWith("Formación", StringComparison.Ordinal));
        (await app.WithDbAsync(db => db.TrainingAssignments.Where(a => a.ProtocolId == protocol).ToListAsync(), organisation))
            .ShouldAllBe(a => a.RemindedAt == app.UtcNow && a.NextReminderAt == app.UtcNow.Date.AddDays(7).AddHours(-1));
    }

    private async Task<MailReceived> WaitForAsync(string to, string subject)
    {
        await WaitUntilAsync(() => Count(to, subject) > 0, () => string.Join(" | ", app.Smtp.Messages.Select(m => $"{string.Join(",", m.To)}: {m.Subject}")));
        return app.Smtp.Messages.Last(m => m.To.Contains(to, StringComparer.OrdinalIgnoreCase) && m.Subject == subject);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string>? what = null)
    {
        for (var i = 0; i < 100 && !condition(); i++) await Task.Delay(50);
        condition().ShouldBeTrue(what?.Invoke());
    }
}

public sealed class TrainingReminderOnSqlite(SqliteTrainingReminderApp app) : TrainingReminderTests(app), IClassFixture<SqliteTrainingReminderApp>;

public sealed class TrainingReminderOnPostgres(PostgresTrainingReminderApp app) : TrainingReminderTests(app), IClassFixture<PostgresTrainingReminderApp>;
