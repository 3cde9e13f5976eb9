using System.Net;
using Microsoft.EntityFrameworkCore;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;

namespace Pauta.Web.Tests.Protocols;

/// <summary>The managers' suggestion inbox and the review card of their home page, through real HTTP.</summary>
public abstract class SuggestionInboxTests(PautaApp app)
{
    private async Task<(Guid Protocol, SuggestionView Suggestion)> SuggestAsync(string title, string text)
    {
        var id = (await app.AsAsync<ProtocolsService, IReadOnlyList<ProtocolSummary>>(Demo.Agent, s => s.ListAsync(false, default)))
            .Single(p => p.Title == title).Id;
        var suggestion = await app.AsAsync<ProtocolsService, SuggestionView>(Demo.Agent,
            async s => (await s.SuggestAsync(id, null, text, default)).Value!);
        return (id, suggestion);
    }

    [Fact]
    public async Task A_manager_accepts_a_suggestion_from_the_inbox_and_it_leaves_the_open_list()
    {
        var (protocol, suggestion) = await SuggestAsync("Reserva de citas en el salón de belleza", "Confirmar la cita por SMS el día antes.");
        var manager = await app.SignInAsync(Demo.Manager);
        var inbox = await manager.GetPageAsync("/protocols/suggestions");
        inbox.Status.ShouldBe(HttpStatusCode.OK);
        inbox.Document.QuerySelector($"#suggestion-{suggestion.Id}")!.TextContent.ShouldContain("Confirmar la cita por SMS");
        inbox.Text.ShouldContain("Sofía Díaz");

        var accepted = await manager.SubmitAsync("/protocols/suggestions", Form(("version", suggestion.Version.ToString())),
            $"/protocols/suggestions?handler=Accept&id={suggestion.Id}");
        accepted.Status.ShouldBe(HttpStatusCode.Redirect);
        var after = await manager.GetPageAsync("/protocols/suggestions");
        after.Document.QuerySelector($"#suggestion-{suggestion.Id}").ShouldBeNull();
        after.Document.QuerySelector("#decided-suggestions")!.TextContent.ShouldContain("Confirmar la cita por SMS");

        var draft = await app.AsAsync<ProtocolsService, DraftView>(Demo.Manager, async s => (await s.GetDraftAsync(protocol, default)).Value!);
        draft.AttachedSuggestions.ShouldContain(s => s.Id == suggestion.Id);
    }

    [Fact]
    public async Task Declining_without_a_reason_answers_422_beside_the_suggestion_and_changes_nothing()
    {
        var (_, suggestion) = await SuggestAsync("Atención telefónica", "Contestar con el nombre de la tienda.");
        var manager = await app.SignInAsync(Demo.Manager);
        var refused = await manager.SubmitAsync("/protocols/suggestions", Form(("version", suggestion.Version.ToString()), ("reason", "")),
            $"/protocols/suggestions?handler=Decline&id={suggestion.Id}");
        refused.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        refused.Document.QuerySelector($"#suggestion-{suggestion.Id} .error")!.TextContent.ShouldBe(Text.Es("Suggestion.ReasonRequired"));

        var declined = await manager.SubmitAsync("/protocols/suggestions", Form(("version", suggestion.Version.ToString()), ("reason", "Ya se hace.")),
            $"/protocols/suggestions?handler=Decline&id={suggestion.Id}");
        declined.Status.ShouldBe(HttpStatusCode.Redirect);
        var mine = await app.AsAsync<ProtocolsService, IReadOnlyList<SuggestionView>>(Demo.Agent, s => s.MySuggestionsAsync(default));
        mine.Single(s => s.Id == suggestion.Id).DecisionReason.ShouldBe("Ya se hace.");

        var twice = await manager.SubmitAsync("/protocols/suggestions", Form(("version", suggestion.Version.ToString()), ("reason", "Otra")),
            $"/protocols/suggestions?handler=Decline&id={suggestion.Id}");
        twice.Status.ShouldBe(HttpStatusCode.Conflict, "the form carried a version somebody already moved past");
    }

    [Fact]
    public async Task Agents_cannot_open_the_inbox_and_unknown_suggestions_are_404()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        (await agent.GetAsync("/protocols/suggestions")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var manager = await app.SignInAsync(Demo.Manager);
        var unknown = await manager.SubmitAsync("/protocols/suggestions", Form(("version", "0")),
            $"/protocols/suggestions?handler=Accept&id={Guid.NewGuid()}");
        unknown.Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_manager_of_another_organisation_cannot_decide_on_these_suggestions()
    {
        var (_, suggestion) = await SuggestAsync("Errores de facturación", "Revisar el IVA dos veces.");
        var other = await app.SignUpAsync($"Otra {Guid.NewGuid():N}", Demo.NewEmail("owner"));
        (await other.GetPageAsync("/protocols/suggestions")).Document.QuerySelector($"#suggestion-{suggestion.Id}").ShouldBeNull();
        var refused = await other.SubmitAsync("/protocols/suggestions", Form(("version", suggestion.Version.ToString())),
            $"/protocols/suggestions?handler=Accept&id={suggestion.Id}");
        refused.Status.ShouldBe(HttpStatusCode.NotFound);
        var still = await app.AsAsync<ProtocolsService, IReadOnlyList<SuggestionView>>(Demo.Agent, s => s.MySuggestionsAsync(default));
        still.Single(s => s.Id == suggestion.Id).Status.ShouldBe(Pauta.Data.Entities.SuggestionStatus.Open);
    }

    [Fact]
    public async Task The_managers_home_lists_an_overdue_review_and_re_verifying_it_there_clears_it()
    {
        var organisation = await app.OrganisationOfAsync(Demo.Manager);
        var id = (await app.AsAsync<ProtocolsService, IReadOnlyList<ProtocolSummary>>(Demo.Manager, s => s.ListAsync(false, default)))
            .Single(p => p.Title == "Respuestas escritas y cartas").Id;
        await app.WithDbAsync(async db =>
        {
            (await db.Protocols.SingleAsync(p => p.Id == id)).ReviewDueAt = app.UtcNow.AddDays(-3);
            await db.SaveChangesAsync();
        }, organisation);

        var manager = await app.SignInAsync(Demo.Manager);
        var home = await manager.GetPageAsync("/");
        var row = home.Document.QuerySelector($"#due-{id}")!;
        row.TextContent.ShouldContain("Respuestas escritas y cartas");
        row.TextContent.ShouldContain(Text.Es("Home.Yours"));

        var verified = await manager.SubmitAsync("/", Form(), $"/?handler=Verify&id={id}");
        verified.Status.ShouldBe(HttpStatusCode.Redirect);
        (await manager.GetPageAsync("/")).Document.QuerySelector($"#due-{id}").ShouldBeNull();

        var agent = await app.SignInAsync(Demo.Agent);
        (await agent.GetPageAsync("/")).Document.QuerySelector("#due-reviews").ShouldBeNull();
        (await agent.SubmitAsync("/", Form(), $"/?handler=Verify&id={id}")).Status.ShouldBe(HttpStatusCode.Forbidden);
    }
}

public sealed class SuggestionInboxOnSqlite(SqliteApp app) : SuggestionInboxTests(app), IClassFixture<SqliteApp>;

public sealed class SuggestionInboxOnPostgres(PostgresApp app) : SuggestionInboxTests(app), IClassFixture<PostgresApp>;
