using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Organisations;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using Pauta.Web.Features.Surveys;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests.Contacts;

/// <summary>
/// The customer's survey: a private link, answered once without signing in, in the customer's language;
/// a low score needs a reason and opens a service-recovery follow-up on a supervisor's home page.
/// </summary>
public abstract class SurveyTests(PautaApp app)
{
    /// <summary>A closed phone contact handled by the demo agent, and a survey link for it.</summary>
    private async Task<(Guid Contact, string Link)> ContactWithSurveyAsync(string? language = null, string? customerLanguage = null)
    {
        var organisation = await app.OrganisationOfAsync(Demo.Agent);
        var contactId = await app.WithDbAsync(async db =>
        {
            var agent = await db.Users.Where(u => u.Email == Demo.Agent).Select(u => u.Id).SingleAsync();
            var protocol = await db.Protocols.Where(p => p.PublishedVersion > 0).Select(p => new { p.Id, p.PublishedVersion }).FirstAsync();
            var customer = new Customer { Id = Guid.NewGuid(), Name = "Ana Torres", Language = customerLanguage, CreatedAt = app.UtcNow };
            var contact = new Contact
            {
                Id = Guid.NewGuid(), Channel = Channels.Phone, CustomerId = customer.Id, Reason = "Quiero devolver unos zapatos",
                ProtocolId = protocol.Id, ProtocolVersion = protocol.PublishedVersion, AgentUserId = agent, HandlerUserId = agent,
                StartedAt = app.UtcNow.AddMinutes(-5), Status = ContactStatus.Closed, Outcome = ContactOutcome.Resolved,
                ClosedAt = app.UtcNow, UpdatedAt = app.UtcNow,
            };
            db.Customers.Add(customer);
            db.Contacts.Add(contact);
            await db.SaveChangesAsync();
            return contact.Id;
        }, organisation);
        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<Tenant>().Set(organisation);
        var link = await scope.ServiceProvider.GetRequiredService<SurveysService>().CreateAsync(contactId, language, default);
        return (contactId, link!.Path);
    }

    [Fact]
    public async Task The_survey_opens_without_signing_in_in_the_customers_language()
    {
        var (_, link) = await ContactWithSurveyAsync(customerLanguage: "en");
        var anonymous = app.NewBrowser(acceptLanguage: "es-ES");
        var page = await anonymous.GetPageAsync(link);
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Title.ShouldBe(Text.En("Survey.Question", "Tiendas Suárez"));
        page.Document.QuerySelectorAll("input[name='Input.Score']").Length.ShouldBe(5);
    }

    [Fact]
    public async Task A_good_score_is_recorded_once_and_a_second_answer_is_refused()
    {
        var (contact, link) = await ContactWithSurveyAsync();
        var anonymous = app.NewBrowser();
        var sent = await anonymous.SubmitAsync(link, Form(("Input.Score", "5"), ("Input.Comment", "Muy amable, gracias")));
        sent.Status.ShouldBe(HttpStatusCode.OK);
        sent.Document.QuerySelector("#survey-thanks").ShouldNotBeNull();

        var again = await anonymous.GetPageAsync(link);
        again.Status.ShouldBe(HttpStatusCode.Conflict);
        again.Document.QuerySelector("#survey-problem")!.TextContent.ShouldBe(Text.Es("Survey.AlreadyAnswered"));

        var organisation = await app.OrganisationOfAsync(Demo.Agent);
        var stored = await app.WithDbAsync(db => db.SurveyInvitations.SingleAsync(s => s.ContactId == contact), organisation);
        stored.Score.ShouldBe(5);
        stored.Comment.ShouldBe("Muy amable, gracias");
        (await app.WithDbAsync(db => db.FollowUps.CountAsync(f => f.ContactId == contact), organisation)).ShouldBe(0);
    }

    [Fact]
    public async Task A_low_score_without_a_reason_is_refused_with_422_and_nothing_is_recorded()
    {
        var (contact, link) = await ContactWithSurveyAsync();
        var anonymous = app.NewBrowser();
        var refused = await anonymous.SubmitAsync(link, Form(("Input.Score", "1")));
        refused.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        refused.FieldError("Input.Reason").ShouldBe(Text.Es("Survey.ReasonRequired"));
        var outOfRange = await anonymous.SubmitAsync(link, Form(("Input.Score", "7")));
        outOfRange.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        outOfRange.FieldError("Input.Score").ShouldBe(Text.Es("Survey.ScoreRequired"));

        var organisation = await app.OrganisationOfAsync(Demo.Agent);
        (await app.WithDbAsync(db => db.SurveyInvitations.SingleAsync(s => s.ContactId == contact), organisation)).AnsweredAt.ShouldBeNull();
    }

    [Fact]
    public async Task A_low_score_opens_a_service_recovery_for_a_supervisor_who_sees_it_at_home_and_closes_it()
    {
        var (contact, link) = await ContactWithSurveyAsync();
        var anonymous = app.NewBrowser();
        var sent = await anonymous.SubmitAsync(link, Form(("Input.Score", "2"), ("Input.Reason", "Me tuvieron esperando veinte minutos")));
        sent.Status.ShouldBe(HttpStatusCode.OK);

        var organisation = await app.OrganisationOfAsync(Demo.Agent);
        var recovery = await app.WithDbAsync(db => db.FollowUps.SingleAsync(f => f.ContactId == contact), organisation);
        recovery.Kind.ShouldBe(FollowUpKind.ServiceRecovery);
        recovery.Note.ShouldContain("Me tuvieron esperando veinte minutos");
        recovery.DueAt.ShouldBeGreaterThan(app.UtcNow);
        var assignee = await app.WithDbAsync(db => db.Members.Where(m => m.UserId == recovery.AssignedUserId)
            .Select(m => new { m.Role, m.User.Email }).SingleAsync(), organisation);
        assignee.Role.ShouldBe(Role.Supervisor);
        assignee.Email.ShouldBe(Demo.Supervisor, "the supervisor of the agent's department");

        var supervisor = await app.SignInAsync(Demo.Supervisor);
        var home = await supervisor.GetPageAsync("/");
        home.Document.QuerySelector($"#followup-{recovery.Id}")!.TextContent.ShouldContain(Text.Es("FollowUpKind.ServiceRecovery"));

        var agent = await app.SignInAsync(Demo.Agent);
        (await agent.SubmitAsync("/", Form(("version", recovery.Version.ToString())), $"/?handler=FollowUpDone&id={recovery.Id}"))
            .Status.ShouldBe(HttpStatusCode.NotFound, "only the assignee closes it");
        (await supervisor.SubmitAsync("/", Form(("version", recovery.Version.ToString())), $"/?handler=FollowUpDone&id={recovery.Id}"))
            .Status.ShouldBe(HttpStatusCode.Redirect);
        (await supervisor.GetPageAsync("/")).Document.QuerySelector($"#followup-{recovery.Id}").ShouldBeNull();
    }

    [Fact]
    public async Task An_expired_link_answers_410_even_to_a_form_opened_before_it_expired_and_an_unknown_one_404()
    {
        var (contact, link) = await ContactWithSurveyAsync();
        var anonymous = app.NewBrowser();
        var token = await anonymous.GetAntiforgeryTokenAsync(link);
        var organisation = await app.OrganisationOfAsync(Demo.Agent);
        await app.WithDbAsync(db => db.SurveyInvitations.Where(s => s.ContactId == contact)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, app.UtcNow.AddMinutes(-1))), organisation);

        (await anonymous.GetPageAsync(link)).Status.ShouldBe(HttpStatusCode.Gone);
        var late = await anonymous.PostFormAsync(link, Form(("Input.Score", "5"), (AntiforgeryField, token)));
        late.Status.ShouldBe(HttpStatusCode.Gone);
        late.Document.QuerySelector("#survey-problem")!.TextContent.ShouldBe(Text.Es("Survey.Expired"));
        (await app.WithDbAsync(db => db.SurveyInvitations.SingleAsync(s => s.ContactId == contact), organisation)).Score.ShouldBeNull();
        (await anonymous.GetAsync(link.Replace("?", "x?", StringComparison.Ordinal))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

}

public sealed class SurveyOnSqlite(SqliteApp app) : SurveyTests(app), IClassFixture<SqliteApp>;

public sealed class SurveyOnPostgres(PostgresApp app) : SurveyTests(app), IClassFixture<PostgresApp>;
