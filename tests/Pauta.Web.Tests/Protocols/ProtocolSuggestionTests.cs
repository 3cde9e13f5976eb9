using System.Net;
using Pauta.Data.Configurations;
using Pauta.Data.Entities;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;
using static Pauta.Web.Tests.Infrastructure.Text;
using static Pauta.Web.Tests.Protocols.ProtocolScenarios;

namespace Pauta.Web.Tests.Protocols;

/// <summary>
/// An employee suggests a change from the protocol page (to the whole protocol or to one step), sees refusals in place,
/// and follows what became of each suggestion; and nobody of another organisation reads, prints or suggests on it.
/// </summary>
public abstract class ProtocolSuggestionTests(PautaApp app)
{
    private static string SuggestAction(Guid id) => $"/protocols/{id}?handler=Suggest";

    [Fact]
    public async Task A_suggestion_on_a_step_is_saved_and_the_suggester_sees_it_waiting_in_my_suggestions()
    {
        var id = await app.ProtocolIdAsync(DemoReception);
        var agent = await app.SignInAsync("paula@suarez.example");

        // The step's "Suggest" link opens the form with that step chosen.
        var page = await agent.GetPageAsync($"/protocols/{id}");
        var link = page.Document.QuerySelector("#step-saludo .suggest-link")!.GetAttribute("href")!;
        var form = await agent.GetPageAsync(link);
        form.Document.QuerySelector("#Input_StepKey option[selected]")!.GetAttribute("value").ShouldBe("saludo");

        var text = $"Añadir que se salude también con un gesto si hay cola. {Guid.NewGuid():N}";
        var fields = With(form.FormFields("#suggest form"), "Input.Text", text);
        var sent = await agent.PostFormAsync(SuggestAction(id), fields);

        sent.ShouldRedirectTo($"/protocols/{id}");
        (await agent.GetPageAsync($"/protocols/{id}")).Text.ShouldContain(Es("Read.Suggest.Sent"));
        var saved = (await app.SuggestionsOfAsync(id)).Single(s => s.Text == text);
        saved.StepKey.ShouldBe("saludo");
        saved.VersionNumber.ShouldBe(1);
        saved.SuggestedBy.ShouldBe("Paula Gil");
        saved.Status.ShouldBe(SuggestionStatus.Open);

        var mine = await agent.GetPageAsync("/protocols/suggestions/mine");
        mine.ShouldHaveStatus(HttpStatusCode.OK);
        var row = mine.Document.QuerySelectorAll("#my-suggestions tbody tr").Single(r => r.TextContent.Contains(text));
        row.GetAttribute("data-status").ShouldBe("open");
        row.TextContent.ShouldContain(Es("MySuggestions.Open"));
        row.TextContent.ShouldContain(Es("MySuggestions.Step", "saludo", 1));
    }

    [Fact]
    public async Task Empty_too_long_and_unknown_step_suggestions_are_refused_beside_their_field_with_422_and_nothing_is_saved()
    {
        var id = await app.ProtocolIdAsync(DemoReception);
        var agent = await app.SignInAsync("tomas@suarez.example");
        var before = (await app.SuggestionsOfAsync(id)).Count;

        var empty = await agent.SubmitAsync($"/protocols/{id}", Form(("Input.StepKey", ""), ("Input.Text", "   ")), SuggestAction(id));
        empty.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        empty.FieldError("Input.Text").ShouldBe(Es("Suggestion.TextRequired"));
        // The page around the form is still the whole protocol.
        empty.Title.ShouldBe(DemoReception);

        var tooLong = new string('a', ProtocolLimits.MaxSuggestionLength + 1);
        var longPage = await agent.SubmitAsync($"/protocols/{id}", Form(("Input.Text", tooLong)), SuggestAction(id));
        longPage.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        longPage.FieldError("Input.Text").ShouldBe(Es("Suggestion.TextTooLong", ProtocolLimits.MaxSuggestionLength));
        // What was typed is handed back, not lost.
        longPage.Document.QuerySelector("#Input_Text")!.TextContent.ShouldBe(tooLong);

        var unknown = await agent.SubmitAsync($"/protocols/{id}", Form(("Input.StepKey", "no-such-step"), ("Input.Text", "Una mejora")), SuggestAction(id));
        unknown.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        unknown.FieldError("Input.StepKey").ShouldBe(Es("Suggestion.UnknownStep", "no-such-step"));
        unknown.FieldError("Input.Text").ShouldBeEmpty();

        (await app.SuggestionsOfAsync(id)).Count.ShouldBe(before);
        (await agent.GetPageAsync("/protocols/suggestions/mine")).Text.ShouldContain(Es("MySuggestions.Empty"));
    }

    [Fact]
    public async Task The_suggester_sees_a_declined_suggestion_with_its_reason_and_an_accepted_one_published_in_the_new_version()
    {
        var id = await app.ProtocolIdAsync("Reserva de citas en el salón de belleza");
        var agent = await app.SignInAsync("valentina@suarez.example");
        foreach (var (step, text) in new[] { ("", "Recordar la cita por SMS el día antes."), ("saludo", "Ofrecer agua o café al llegar.") })
        {
            var sent = await agent.SubmitAsync($"/protocols/{id}", Form(("Input.StepKey", step), ("Input.Text", text)), SuggestAction(id));
            sent.ShouldRedirectTo($"/protocols/{id}");
        }
        var suggestions = await app.SuggestionsOfAsync(id);
        await app.DeclineAsync(suggestions.Single(s => s.StepKey is null), "Ya lo hace el programa de citas.");
        await app.AcceptAsync(suggestions.Single(s => s.StepKey == "saludo"));

        var waiting = await agent.GetPageAsync("/protocols/suggestions/mine");
        var accepted = waiting.Document.QuerySelector("#my-suggestions tr[data-status=accepted]")!;
        accepted.TextContent.ShouldContain(Es("MySuggestions.AcceptedPending", "Lucía Romero"));

        var number = await app.PublishEditAsync(id, p => p with { Purpose = p.Purpose + " Con un café de bienvenida." }, "Café de bienvenida.");

        var mine = await agent.GetPageAsync("/protocols/suggestions/mine");
        var declined = mine.Document.QuerySelector("#my-suggestions tr[data-status=declined]")!;
        declined.TextContent.ShouldContain(Es("MySuggestions.Declined", "Lucía Romero"));
        declined.TextContent.ShouldContain(Es("MySuggestions.Reason", "Ya lo hace el programa de citas."));
        declined.TextContent.ShouldContain(Es("MySuggestions.Whole", number - 1)); // made on the version before the one just published (the demo salon protocol is at v2)
        var published = mine.Document.QuerySelector("#my-suggestions tr[data-status=accepted]")!;
        published.TextContent.ShouldContain(Es("MySuggestions.PublishedIn", number));

        // The new version credits the suggester.
        var page = await agent.GetPageAsync($"/protocols/{id}");
        page.Document.QuerySelector("#credited")!.TextContent.ShouldContain("Valentina Ruiz");
    }

    [Fact]
    public async Task Another_organisation_can_neither_read_print_compare_nor_suggest_on_this_organisations_protocols()
    {
        var id = await app.ProtocolIdAsync(DemoReception);
        var before = (await app.SuggestionsOfAsync(id)).Count;
        var other = await app.SignUpAsync($"Otra Tienda {Guid.NewGuid():N}"[..22], Demo.NewEmail("owner-b"), displayName: "Olga Otra");

        foreach (var url in new[] { $"/protocols/{id}", $"/protocols/{id}/v/1", $"/protocols/{id}/diff?from=1&to=1", $"/protocols/{id}/pdf",
                     $"/protocols/{id}/pdf?v=1", $"/protocols/{id}/poster.pdf", "/protocols/manual.pdf", "/protocols/manual.pdf?department=Atención al cliente" })
        {
            var response = await other.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("Tiendas Suárez", Case.Insensitive, url);
        }

        var suggest = await other.SubmitAsync("/protocols/suggestions/mine", Form(("Input.Text", "Hackeado")), SuggestAction(id));
        suggest.ShouldHaveStatus(HttpStatusCode.NotFound);
        (await app.SuggestionsOfAsync(id)).Count.ShouldBe(before);

        // Its own suggestions page is empty, whatever this organisation's people suggested.
        var mine = await other.GetPageAsync("/protocols/suggestions/mine");
        mine.ShouldHaveStatus(HttpStatusCode.OK);
        mine.Document.QuerySelector("#my-suggestions").ShouldBeNull();
        mine.Html.ShouldNotContain(DemoReception);
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in_for_pages_and_documents()
    {
        var id = await app.ProtocolIdAsync(DemoReception);
        var visitor = app.NewBrowser();
        foreach (var url in new[] { $"/protocols/{id}", $"/protocols/{id}/pdf", $"/protocols/{id}/poster.pdf", "/protocols/manual.pdf", "/protocols/suggestions/mine" })
            (await visitor.GetPageAsync(url)).ShouldRedirectTo("/account/signin");
    }
}

public sealed class ProtocolSuggestionsOnSqlite(SqliteApp app) : ProtocolSuggestionTests(app), IClassFixture<SqliteApp>;

public sealed class ProtocolSuggestionsOnPostgres(PostgresApp app) : ProtocolSuggestionTests(app), IClassFixture<PostgresApp>;
