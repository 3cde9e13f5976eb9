using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Data;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Features.Shared;
using Pauta.Web.Infrastructure;
using Pauta.Web.Tests.Infrastructure;
using Protocol = Pauta.Core.Protocols.Protocol;

namespace Pauta.Web.Tests.Protocols;

/// <summary>What the search API answers (only the fields the tests read).</summary>
public sealed record SearchHitDto(Guid ProtocolId, string Title, string TitleHtml, int VersionNumber, string Department, string Snippet, double Rank);

/// <summary>
/// Full-text search over published protocols, through the API and the page as an agent uses them, on both databases.
/// Each test publishes protocols with words no demo protocol (and no other test) uses, through the real lifecycle
/// (create, submit, approve by another manager, publish), so what is searched is what the app itself indexed.
/// </summary>
public abstract class SearchTests(PautaApp app)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Accents_and_capitals_are_ignored_both_ways_and_the_snippet_keeps_the_accents_as_written()
    {
        var id = await PublishAsync(Sample("Cuidado del murciélago", step: "Avisa al Pingüino de la tienda y escribe capibara sin tilde."));
        var agent = await app.SignInAsync(Demo.Agent);

        foreach (var q in new[] { "murcielago", "MURCIÉLAGO", "Murciélago", "pinguino", "PINGÜINO", "cápibara", "CAPIBARA" })
            (await SearchAsync(agent, q)).Select(h => h.ProtocolId).ShouldBe([id], q);

        var hit = (await SearchAsync(agent, "pinguino")).Single();
        hit.Snippet.ShouldContain("<mark>Pingüino</mark>");
        (await SearchAsync(agent, "MURCIELAGO")).Single().TitleHtml.ShouldBe("Cuidado del <mark>murciélago</mark>");
    }

    [Fact]
    public async Task A_protocol_with_the_word_in_its_title_ranks_above_one_with_it_only_in_the_body()
    {
        var inBody = await PublishAsync(Sample("Bienvenida en la tienda de mascotas",
            purpose: "Atender bien al cliente que pregunta por el tucán, por la jaula del tucán o por la comida del tucán."));
        var inTitle = await PublishAsync(Sample("Venta del tucán"));

        var hits = await SearchAsync(await app.SignInAsync(Demo.Agent), "tucan");

        hits.Select(h => h.ProtocolId).ShouldBe([inTitle, inBody]);
        hits[0].Rank.ShouldBeGreaterThan(hits[1].Rank);
    }

    [Fact]
    public async Task The_snippet_highlights_the_matched_words_and_shows_markup_in_the_protocol_as_text()
    {
        var id = await PublishAsync(Sample("Chat con el guacamayo",
            step: "Nunca pegues <script>alert('x')</script> & otras etiquetas en el chat del guacamayo."));
        var agent = await app.SignInAsync(Demo.Agent);

        var hit = (await SearchAsync(agent, "guacamayo etiquetas")).Single();
        hit.ProtocolId.ShouldBe(id);
        hit.Snippet.ShouldContain("&lt;script&gt;");
        hit.Snippet.ShouldContain("<mark>guacamayo</mark>");
        hit.Snippet.ShouldContain("<mark>etiquetas</mark>");
        var snippet = Browser.Parse($"<p>{hit.Snippet}</p>");
        snippet.QuerySelectorAll("*").Select(e => e.LocalName).Distinct().Order().ShouldBe(["body", "head", "html", "mark", "p"]);
        snippet.Body!.TextContent.ShouldContain("<script>alert('x')</script> & otras");

        var page = await agent.GetPageAsync("/protocols/search?q=guacamayo");
        page.ShouldHaveStatus(HttpStatusCode.OK);
        page.Document.QuerySelectorAll("#search-hits script").ShouldBeEmpty();
        page.Document.QuerySelector("#search-hits .snippet")!.TextContent.ShouldContain("<script>alert('x')</script>");
        page.Document.QuerySelector("#search-hits .snippet mark")!.TextContent.ShouldBe("guacamayo");
    }

    [Fact]
    public async Task Words_in_the_purpose_terms_responsibilities_steps_scripts_plans_and_escalations_are_found()
    {
        var id = await PublishAsync(Sample("Protocolo de prueba del buscador",
            purpose: "Cuidar del ornitorrinco.", term: "axolote", step: "Da de comer al lémur.",
            script: "Buenos días, le habla {agente}, bienvenido al mapache.", plan: "El armadillo se escapa.",
            duties: "Vigila al coatí."));
        var agent = await app.SignInAsync(Demo.Agent);

        foreach (var word in new[] { "ornitorrinco", "axolote", "lemur", "mapache", "armadillo", "coati" })
            (await SearchAsync(agent, word)).Select(h => h.ProtocolId).ShouldBe([id], word);
    }

    [Fact]
    public async Task Every_word_must_match_and_the_last_one_matches_as_a_prefix_while_typing()
    {
        var id = await PublishAsync(Sample("Atención del hipopótamo", step: "Lava al rinoceronte cada mañana."));
        var agent = await app.SignInAsync(Demo.Agent);

        (await SearchAsync(agent, "hipopotamo rinoceronte")).Select(h => h.ProtocolId).ShouldBe([id]);
        (await SearchAsync(agent, "hipopotamo rinoc")).Select(h => h.ProtocolId).ShouldBe([id]);
        (await SearchAsync(agent, "hipopó")).Select(h => h.ProtocolId).ShouldBe([id]);
        (await SearchAsync(agent, "hipopotamo jirafa")).ShouldBeEmpty("every word must be in the protocol");
        (await SearchAsync(agent, "hipopo rinoceronte")).ShouldBeEmpty("only the last word is a prefix");
        (await SearchAsync(agent, "hipopotamo rinoceronte ")).Select(h => h.ProtocolId).ShouldBe([id]);
    }

    [Fact]
    public async Task Quotes_operators_punctuation_and_long_input_are_plain_words_and_never_an_error()
    {
        var id = await PublishAsync(Sample("Cuidado del camaleón", term: "L.A.S.T.", step: "Usa el e-mail y el método L.A.S.T. con el camaleón."));
        var agent = await app.SignInAsync(Demo.Agent);

        var nasty = new[]
        {
            "\"", "'", "*", "\"camaleon", "camaleon\"", "camaleon*", "(camaleon", "camaleon)", "NEAR(camaleon", "camaleon NEAR/2 x",
            "^camaleon", "camaleon:*", "title:camaleon", "Title : camaleon", "{Title Body}: camaleon", "camaleon & !x | y", "camaleon <-> x",
            "'; DROP TABLE Protocols; --", "\\", "\\'", "''", "%_", "camaleon AND", "OR", "NOT camaleon", "-camaleon", "+camaleon",
            "ŉ", "½", "😀", "\u0301", "a\u0000b", "…", "e-mail", "L.A.S.T.", "L.A.S.T", "camaleon'", "camaleón’s",
            new string('x', 200), string.Concat(Enumerable.Repeat("camaleon ", 22)), string.Concat(Enumerable.Repeat("ñ", 200)),
        };
        foreach (var q in nasty)
        {
            var response = await agent.GetAsync("/api/v1/protocols/search?q=" + Uri.EscapeDataString(q));
            await response.ShouldHaveStatusAsync(HttpStatusCode.OK, q);
            (await response.Content.ReadFromJsonAsync<List<SearchHitDto>>(Browser.Json)).ShouldNotBeNull(q);
            (await agent.GetPageAsync("/protocols/search?q=" + Uri.EscapeDataString(q))).ShouldHaveStatus(HttpStatusCode.OK, q);
        }

        // Operators are words like any other: "OR" and "NOT" must be in the text too, so these find nothing.
        (await SearchAsync(agent, "camaleon OR inexistente")).ShouldBeEmpty();
        (await SearchAsync(agent, "camaleon NOT")).ShouldBeEmpty();
        (await SearchAsync(agent, "camaleon -inexistente")).ShouldBeEmpty();
        // Punctuation inside a word keeps it one word, matched as written.
        (await SearchAsync(agent, "camaleon e-mail")).Select(h => h.ProtocolId).ShouldBe([id]);
        (await SearchAsync(agent, "\"camaleon\" L.A.S.T.")).Select(h => h.ProtocolId).ShouldBe([id]);
        (await SearchAsync(agent, "camaleon, (e-mail)!")).Select(h => h.ProtocolId).ShouldBe([id]);
    }

    [Fact]
    public async Task Only_published_versions_are_searched_and_archiving_removes_a_protocol_until_it_is_restored()
    {
        var id = await PublishAsync(Sample("Paseo del dromedario"));
        var draftOnly = Ok(await AsAsync(Demo.Manager, s => s.GetRequiredService<ProtocolsService>().CreateAsync(Sample("Paseo del dromedario, borrador"), None)));
        var agent = await app.SignInAsync(Demo.Agent);
        (await SearchAsync(agent, "dromedario")).Select(h => h.ProtocolId).ShouldBe([id], "a draft never published is not searchable");

        Ok(await AsAsync(Demo.Manager, s => s.GetRequiredService<ProtocolsService>().ArchiveAsync(id, None)));
        (await SearchAsync(agent, "dromedario")).ShouldBeEmpty();
        (await SearchAsync(await app.SignInAsync(Demo.Manager), "dromedario")).ShouldBeEmpty("archived protocols are out of search for managers too");

        Ok(await AsAsync(Demo.Manager, s => s.GetRequiredService<ProtocolsService>().RestoreAsync(id, None)));
        (await SearchAsync(agent, "dromedario")).Select(h => h.ProtocolId).ShouldBe([id]);
        draftOnly.Id.ShouldNotBe(id);
    }

    [Fact]
    public async Task A_new_version_replaces_the_old_text_in_the_results()
    {
        var id = await PublishAsync(Sample("Cuidado del quetzal", step: "Limpia la jaula del quetzal."));
        var draft = Ok(await AsAsync(Demo.Manager, s => s.GetRequiredService<ProtocolsService>().StartDraftAsync(id, None)));
        var v2 = Sample("Cuidado del colibrí", step: "Limpia la jaula del colibrí.");
        Ok(await AsAsync(Demo.Manager, s => s.GetRequiredService<ProtocolsService>().SaveDraftAsync(id, v2, draft.Version, None)));
        await PublishDraftAsync(id, Demo.Manager);
        var agent = await app.SignInAsync(Demo.Agent);

        (await SearchAsync(agent, "quetzal")).ShouldBeEmpty();
        var hit = (await SearchAsync(agent, "colibri")).Single();
        (hit.ProtocolId, hit.VersionNumber, hit.Title).ShouldBe((id, 2, "Cuidado del colibrí"));
    }

    [Fact]
    public async Task Another_organisation_never_sees_these_protocols_even_when_it_uses_the_same_words()
    {
        var inA = await PublishAsync(Sample("Cría del ñandú", step: "Alimenta al ñandú."));
        var ownerB = await app.SignUpAsync($"Zoo B {Guid.NewGuid():N}"[..20], Demo.NewEmail("owner-b"), displayName: "Bea Bravo", language: "es");
        var emailB = (await ownerB.GetJsonAsync<MeDto>("/api/v1/me")).Email;
        var inB = await PublishAsync(Sample("Cría del ñandú", step: "Alimenta al ñandú."), emailB);
        var agentA = await app.SignInAsync(Demo.Agent);

        (await SearchAsync(agentA, "nandu")).Select(h => h.ProtocolId).ShouldBe([inA]);
        (await SearchAsync(ownerB, "nandu")).Select(h => h.ProtocolId).ShouldBe([inB]);
        (await SearchAsync(ownerB, "devolucion")).ShouldBeEmpty("B has none of the demo organisation's protocols");
        var page = await ownerB.GetPageAsync("/protocols/search?q=%C3%B1and%C3%BA");
        page.Document.QuerySelectorAll("#search-hits a").Select(a => a.GetAttribute("href")).ShouldBe([$"/protocols/{inB}"]);

        // The class itself, called with A's tenant, can only ever return A's rows.
        var direct = await AsAsync(Demo.Agent, s => s.GetRequiredService<ProtocolSearch>().SearchAsync("nandu", 50, None));
        Ok(direct).Select(h => h.ProtocolId).ShouldBe([inA]);
    }

    [Fact]
    public async Task The_page_works_without_javascript_and_answers_htmx_with_the_results_alone()
    {
        var id = await PublishAsync(Sample("Baño del manatí"));
        var agent = await app.SignInAsync(Demo.Agent);

        var empty = await agent.GetPageAsync("/protocols/search");
        empty.ShouldHaveStatus(HttpStatusCode.OK);
        empty.Title.ShouldBe(Text.Es("Search.Title"));
        empty.Document.QuerySelector("form[role=search]")!.GetAttribute("method").ShouldBe("get");
        empty.Document.QuerySelector("#search-results .empty")!.TextContent.ShouldBe(Text.Es("Search.Empty"));

        var found = await agent.GetPageAsync("/protocols/search?q=manati");
        found.ShouldHaveStatus(HttpStatusCode.OK);
        found.Document.QuerySelector("input[name=q]")!.GetAttribute("value").ShouldBe("manati");
        var link = found.Document.QuerySelector("#search-hits a")!;
        link.GetAttribute("href").ShouldBe($"/protocols/{id}");
        link.InnerHtml.ShouldBe("Baño del <mark>manatí</mark>");
        found.Document.QuerySelector("#search-hits .hint")!.TextContent.ShouldContain(Text.Es("Search.Version", 1));

        var none = await agent.GetPageAsync("/protocols/search?q=unicornio");
        none.ShouldHaveStatus(HttpStatusCode.OK);
        none.Document.QuerySelector("#search-results .empty")!.TextContent.ShouldBe(Text.Es("Search.NoResults", "unicornio"));

        var request = new HttpRequestMessage(HttpMethod.Get, "/protocols/search?q=manati");
        request.Headers.Add("HX-Request", "true");
        var live = await Page.ReadAsync(await agent.Client.SendAsync(request));
        live.ShouldHaveStatus(HttpStatusCode.OK);
        live.Html.TrimStart().ShouldStartWith("<div id=\"search-results\"");
        live.Html.ShouldNotContain("<html");
        live.Document.QuerySelector("#search-hits a")!.GetAttribute("href").ShouldBe($"/protocols/{id}");

        var tooLong = await agent.GetPageAsync("/protocols/search?q=" + new string('a', ProtocolSearch.MaxQueryLength + 1));
        tooLong.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        tooLong.Document.QuerySelector("#search-error")!.TextContent.ShouldBe(Text.Es("Search.QueryTooLong", ProtocolSearch.MaxQueryLength));
    }

    [Fact]
    public async Task The_api_refuses_an_empty_or_over_long_query_and_clamps_the_limit()
    {
        var agent = await app.SignInAsync(Demo.Agent);

        await (await agent.GetAsync("/api/v1/protocols/search")).ShouldBeValidationProblemAsync("q");
        await (await agent.GetAsync("/api/v1/protocols/search?q=%20%20")).ShouldBeValidationProblemAsync("q");
        await (await agent.GetAsync("/api/v1/protocols/search?q=" + new string('a', ProtocolSearch.MaxQueryLength + 1))).ShouldBeValidationProblemAsync("q");
        await (await agent.GetAsync("/api/v1/protocols/search?q=cliente&limit=abc")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        // "cliente" is in every demo protocol.
        (await SearchAsync(agent, "cliente", limit: 0)).Count.ShouldBe(1);
        (await SearchAsync(agent, "cliente", limit: 3)).Count.ShouldBe(3);
        var all = await SearchAsync(agent, "cliente", limit: 1000);
        all.Count.ShouldBeInRange(11, ProtocolSearch.MaxLimit);
        all.Select(h => h.Rank).ShouldBeInOrder(SortDirection.Descending);
        (await SearchAsync(agent, "cliente")).Count.ShouldBe(Math.Min(all.Count, ProtocolSearch.DefaultLimit));
    }

    [Fact]
    public async Task Everyone_can_search_the_demo_protocols_and_an_anonymous_caller_cannot()
    {
        foreach (var (role, email) in Demo.ByRole)
        {
            var browser = await app.SignInAsync(email);
            var hits = await SearchAsync(browser, "devolucion");
            hits.ShouldNotBeEmpty(role.ToString());
            hits[0].Title.ShouldBe("Devoluciones y cambios", role.ToString());
            hits[0].Department.ShouldNotBeNullOrWhiteSpace();
            hits[0].VersionNumber.ShouldBe(1);
            (await browser.GetPageAsync("/protocols/search?q=devolucion")).ShouldHaveStatus(HttpStatusCode.OK, role.ToString());
        }
        (await SearchAsync(await app.SignInAsync(Demo.Agent), "reclamacio")).ShouldContain(h => h.Title == "Quejas y reclamaciones");

        var anonymous = app.NewBrowser();
        await (await anonymous.GetAsync("/api/v1/protocols/search?q=cliente")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await anonymous.GetPageAsync("/protocols/search?q=cliente")).ShouldRedirectTo("/account/signin");
    }

    // ---------------------------------------------------------------- helpers

    private static async Task<List<SearchHitDto>> SearchAsync(Browser browser, string q, int? limit = null)
    {
        var url = "/api/v1/protocols/search?q=" + Uri.EscapeDataString(q) + (limit is { } n ? $"&limit={n}" : "");
        return await browser.GetJsonAsync<List<SearchHitDto>>(url);
    }

    /// <summary>A protocol that lints clean in any organisation (no escalation rules), carrying the given words.</summary>
    private static Protocol Sample(string title, string? purpose = null, string? term = null, string? step = null, string? script = null,
        string? plan = null, string? duties = null) => new()
    {
        Title = title,
        Department = "Atención al cliente",
        Purpose = purpose ?? "Atender cada llamada con amabilidad y resolver lo que el cliente necesita.",
        Scope = "Llamadas de clientes a la tienda.",
        Owner = "Coordinadora de atención",
        Language = "es",
        Channels = Channels.Phone,
        Terms = term is null ? [] : [new Term(term, "Una palabra para probar el buscador.")],
        Responsibilities = [new Responsibility("Agente de atención", duties ?? "Atiende la llamada y sigue cada paso.")],
        Steps =
        [
            new Step
            {
                Key = "saludo", Stage = Stage.Opening, Title = "Saludar", Instruction = "Saluda con voz clara y amable.",
                Scripts = [new Script(script ?? "Buenos días, le habla {agente}, ¿en qué puedo ayudarle?", Channels.Phone, IsGreeting: true)],
            },
            new Step { Key = "escuchar", Stage = Stage.Analysis, Title = "Escuchar", Instruction = step ?? "Escucha sin interrumpir y toma nota." },
            new Step { Key = "resolver", Stage = Stage.Solution, Title = "Resolver", Instruction = "Ofrece una solución y despide al cliente." },
        ],
        ContingencyPlans = plan is null ? [] :
        [
            new ContingencyPlan
            {
                Key = "plan", Name = "Imprevisto", Trigger = plan,
                Steps = [new Step { Key = "plan-avisar", Stage = Stage.Solution, Title = "Avisar", Instruction = "Avisa a tu coordinadora." }],
            },
        ],
        ServiceLevels = [new ServiceLevel(Channels.Phone, 20, 600, ServiceClock.Business)],
    };

    /// <summary>Creates and publishes a protocol as <paramref name="author"/> (approved by another manager where required).</summary>
    private async Task<Guid> PublishAsync(Protocol protocol, string author = Demo.Manager)
    {
        var draft = Ok(await AsAsync(author, s => s.GetRequiredService<ProtocolsService>().CreateAsync(protocol, None)));
        await PublishDraftAsync(draft.Id, author);
        return draft.Id;
    }

    private async Task PublishDraftAsync(Guid id, string author)
    {
        var draft = Ok(await AsAsync(author, s => s.GetRequiredService<ProtocolsService>().GetDraftAsync(id, None)));
        draft.Findings.Where(f => f.IsError).ShouldBeEmpty();
        var version = Ok(await AsAsync(author, s => s.GetRequiredService<ProtocolsService>().SubmitAsync(id, draft.Version, None))).Version;
        if (draft.RequiresApproval)
            version = Ok(await AsAsync(Demo.Owner, s => s.GetRequiredService<ProtocolsService>().ApproveAsync(id, version, None))).Version;
        Ok(await AsAsync(author, s => s.GetRequiredService<ProtocolsService>().PublishAsync(id,
            new PublishInput(ChangeSize.Major, "Versión para probar el buscador.", version), None)));
    }

    /// <summary>A unit of work acting as the member with <paramref name="email"/>, as a request of theirs would.</summary>
    private async Task<T> AsAsync<T>(string email, Func<IServiceProvider, Task<T>> work)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PautaDbContext>();
        var row = await db.Members.IgnoreQueryFilters([PautaDbContext.TenantFilter])
            .Where(m => m.User.Email == email)
            .Join(db.Organisations.IgnoreQueryFilters([PautaDbContext.TenantFilter]), m => m.OrganisationId, o => o.Id,
                (m, o) => new CurrentMember.Row(m.UserId, m.Id, m.OrganisationId, m.Role, m.User.DisplayName, m.User.Email,
                    m.User.UiLanguage, o.Name, o.Language, o.TimeZoneId))
            .AsNoTracking().SingleAsync();
        services.GetRequiredService<CurrentMember>().Load(row);
        services.GetRequiredService<Tenant>().Set(row.OrganisationId);
        return await work(services);
    }

    private static T Ok<T>(Outcome<T> outcome)
    {
        outcome.Succeeded.ShouldBeTrue($"{outcome.Failure}: {string.Join("; ", outcome.Problems.Select(p => $"{p.Field} {p.Code} {string.Join(",", p.Args)}"))}");
        return outcome.Value!;
    }
}

public sealed class SearchOnSqlite(SqliteApp app) : SearchTests(app), IClassFixture<SqliteApp>;

public sealed class SearchOnPostgres(PostgresApp app) : SearchTests(app), IClassFixture<PostgresApp>;

/// <summary>The search box's words and the FTS5 expression made of them, without a database.</summary>
public sealed class SearchWordsTests
{
    [Theory]
    [InlineData("atención al cliente", "\"atención\" \"al\" \"cliente\"*")]
    [InlineData("atención al cliente ", "\"atención\" \"al\" \"cliente\"")]
    [InlineData("NEAR(a b) OR c*", "\"NEAR\" \"a\" \"b\" \"OR\" \"c\"")]
    [InlineData("\"hola\" -mundo", "\"hola\" \"mundo\"*")]
    [InlineData("\u0301 hola", "\"hola\"*")]
    [InlineData("e-mail, L.A.S.T. 1/2", "\"e-mail\" \"L.A.S.T\" \"1/2\"")]
    [InlineData("ca", "\"ca\"*")]
    [InlineData("c", "\"c\"")]
    [InlineData("title:foo", "\"title\" \"foo\"*")]
    [InlineData("o\u0301scar", "\"óscar\"*")]
    public void Words_become_quoted_strings_and_only_a_last_word_being_typed_is_a_prefix(string typed, string match) =>
        SearchWords.Parse(typed).ToFts5Match().ShouldBe(match);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"*():^-+'")]
    [InlineData("😀 … ¿? ¡!")]
    [InlineData("\u0000\u0001")]
    public void Input_without_letters_or_digits_has_no_words(string typed) => SearchWords.Parse(typed).IsEmpty.ShouldBeTrue();

    [Fact]
    public void Long_input_is_cut_to_a_bounded_number_of_bounded_words()
    {
        var words = SearchWords.Parse(string.Concat(Enumerable.Repeat("palabra ", 50)) + new string('x', 500));
        words.Words.Count.ShouldBe(SearchWords.MaxWords);
        words.PrefixLast.ShouldBeFalse("the last word typed was cut off");
        SearchWords.Parse(new string('x', 500)).Words.Single().Length.ShouldBe(SearchWords.MaxWordLength);
        SearchWords.Parse("a\uD800b").Words.ShouldBe(["a", "b"], "a lone surrogate separates words instead of failing");
    }

    [Theory]
    [InlineData("atencion", "La Atención al cliente es clave.", "La [Atención] al cliente es clave.")]
    [InlineData("ATENCIÓN cliente ", "atención, ATENCION y cliente.", "[atención], [ATENCION] y [cliente].")]
    [InlineData("clie", "Clientes y clientas, no inclientes.", "[Clientes] y [clientas], no inclientes.")]
    [InlineData("clie ", "Clientes y clie.", "Clientes y [clie].")]
    [InlineData("e-mail", "Un e-mail, un e mail, un mail.", "Un [e]-[mail], un [e] [mail], un mail.")]
    [InlineData("nandu", "Cría del Ñandú.", "Cría del [Ñandú].")]
    [InlineData("strasse aesir", "Straße del Æsir", "[Straße] del [Æsir]")]
    public void Highlights_keep_the_text_as_written_and_mark_words_whose_folded_form_matches(string query, string text, string marked) =>
        new SearchSnippet(SearchWords.Parse(query)).MarkAll(text).Replace(ProtocolSearch.Open, '[').Replace(ProtocolSearch.Close, ']')
            .ShouldBe(marked);

    [Fact]
    public void A_window_is_cut_around_the_words_found_with_ellipses_where_the_text_goes_on()
    {
        var text = string.Join(" ", Enumerable.Range(1, 100).Select(i => i == 50 ? "devolución" : i == 53 ? "dinero" : $"palabra{i}"));
        var window = new SearchSnippet(SearchWords.Parse("devolucion dinero")).Window(text, 10)
            .Replace(ProtocolSearch.Open, '[').Replace(ProtocolSearch.Close, ']');
        window.ShouldBe("… palabra47 palabra48 palabra49 [devolución] palabra51 palabra52 [dinero] palabra54 palabra55 palabra56 …");
        new SearchSnippet(SearchWords.Parse("nada")).Window("Uno dos tres.", 10).ShouldBe("Uno dos tres.");
        new SearchSnippet(SearchWords.Parse("nada")).Window("", 10).ShouldBe("");
    }

    [Theory]
    [InlineData("ñandú", false, "Cría del Ñandú", true)]
    [InlineData("nandu", false, "Cría del ñandu.", true)]
    [InlineData("cliente", false, "Clientes", false)]
    [InlineData("cliente", true, "CLIENTES VIP", true)]
    [InlineData("e-mail", false, "Envío por e-mail", true)]
    [InlineData("atencion", false, "Desatención", false)]
    public void The_title_pattern_matches_whole_words_in_any_case_with_or_without_accents(string word, bool prefix, string title, bool matches)
    {
        var pattern = SearchFolding.AccentInsensitivePattern(SearchSnippet.TokensOf(word), prefix);
        // PostgreSQL's \m, \M and [[:alnum:]] in .NET's dialect, to check the pattern without a database.
        var dotnet = pattern.Replace("\\m", "\\b").Replace("\\M", "\\b").Replace("[^[:alnum:]]+", "\\W+");
        System.Text.RegularExpressions.Regex.IsMatch(title, dotnet, System.Text.RegularExpressions.RegexOptions.IgnoreCase).ShouldBe(matches, pattern);
        pattern.ShouldNotContain("'");
    }

    [Fact]
    public void Only_the_engines_marks_become_html_and_everything_else_is_encoded()
    {
        ProtocolSearch.ToHtml("a <b>\u0001x & y\u0002\n\n z\u0002 \u0001w").ShouldBe("a &lt;b&gt;<mark>x &amp; y</mark> z <mark>w</mark>");
        ProtocolSearch.ToHtml("Atención «ñ» \"q\" 'a'").ShouldBe("Atención «ñ» &quot;q&quot; &#x27;a&#x27;");
        ProtocolSearch.ToHtml(null).ShouldBe("");
    }
}
