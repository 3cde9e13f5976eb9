using System.Net;
using System.Net.Http.Json;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Web.Tests.Infrastructure;
using UglyToad.PdfPig;
using static Pauta.Web.Tests.Infrastructure.Browser;
using static Pauta.Web.Tests.Infrastructure.Text;

namespace Pauta.Web.Tests.Protocols;

/// <summary>
/// Protocols store role names in English ("Manager" as an escalation target, "Agent" as a responsibility) and stages
/// as enum names; every place that writes them out (the reading page, its PDF, the diff, the run page and its
/// escalation list) writes them in the reader's language.
/// </summary>
public abstract class RoleNamesInContentTests(PautaApp app)
{
    private const string Rule = "fuera-de-politica";
    private const string Duty = "Atiende al cliente por teléfono.";

    private static string PdfText(byte[] bytes)
    {
        using var document = PdfDocument.Open(bytes);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Fact]
    public async Task Role_names_and_stages_are_written_in_spanish_for_a_spanish_reader_and_in_english_for_an_english_one()
    {
        var id = await app.ProtocolIdAsync(ProtocolScenarios.DemoReturns);
        await app.PublishEditAsync(id, p => p with
        {
            EscalationRules = p.EscalationRules.Select(r => r.Key == Rule ? r with { Target = "Manager" } : r).ToList(),
            Responsibilities = [.. p.Responsibilities, new Responsibility("Agent", Duty)],
        }, "roles");

        // Spanish: Sofía (an agent) reads the protocol, its PDF and the diff, and runs a contact on it.
        var sofia = await app.SignInAsync(Demo.Agent);
        var page = await sofia.GetPageAsync($"/protocols/{id}");
        page.Document.QuerySelector($"#rule-{Rule} td:last-child")!.TextContent.Trim().ShouldBe(Es("Role.Manager"));
        page.Document.QuerySelectorAll("#responsibilities td:first-child").Select(td => td.TextContent.Trim()).ShouldContain(Es("Role.Agent"));
        page.Document.QuerySelectorAll("#responsibilities td:first-child").Select(td => td.TextContent.Trim()).ShouldNotContain("Agent");

        var pdf = PdfText(await (await sofia.GetAsync($"/protocols/{id}/pdf")).Content.ReadAsByteArrayAsync());
        pdf.ShouldContain($"→ {Es("Role.Manager")}");
        pdf.ShouldContain($"{Es("Role.Agent")}: {Duty}");
        pdf.ShouldNotContain("→ Manager");

        var diff = (await sofia.GetPageAsync($"/protocols/{id}/diff")).Text;
        diff.ShouldContain($"⇧ {Es("Role.Manager")}");
        diff.ShouldContain($"{Es("Role.Agent")}: {Duty}");
        diff.ShouldContain($"[{Es("Stage.Solution")}]");
        foreach (var word in new[] { "[Solution]", "[Opening]", "[Analysis]", "⇧ Manager", "Agent:", "FlowAnswer" }) diff.ShouldNotContain(word);

        // English: Marta (a manager) reads in English. (Protocol pages are read before any contact starts: until the
        // published-version cache of issue 9 lands, a started contact makes them fail.)
        var marta = await app.SignInAsync("marta@suarez.example");
        (await marta.SubmitAsync("/", Form(("language", "en"), ("returnUrl", "/")), "/account/language")).ShouldRedirectTo("/");
        var english = await marta.GetPageAsync($"/protocols/{id}");
        english.Document.QuerySelector($"#rule-{Rule} td:last-child")!.TextContent.Trim().ShouldBe(En("Role.Manager"));
        english.Document.QuerySelectorAll("#responsibilities td:first-child").Select(td => td.TextContent.Trim()).ShouldContain(En("Role.Agent"));
        var englishDiff = (await marta.GetPageAsync($"/protocols/{id}/diff")).Text;
        englishDiff.ShouldContain($"[{En("Stage.Solution")}]");
        englishDiff.ShouldNotContain($"[{Es("Stage.Solution")}]");
        englishDiff.ShouldContain($"⇧ {En("Role.Manager")}");
        PdfText(await (await marta.GetAsync($"/protocols/{id}/pdf")).Content.ReadAsByteArrayAsync()).ShouldContain($"→ {En("Role.Manager")}");

        var contact = Guid.NewGuid();
        await (await sofia.PostJsonAsync("/api/v1/contacts",
                new { id = contact, channel = Channels.Phone, reason = "quiero devolver unos zapatos", protocolId = id }))
            .ShouldHaveStatusAsync(HttpStatusCode.Created);
        var run = await sofia.GetPageAsync($"/contacts/{contact}");
        var button = run.Document.QuerySelector($".escalate-rule[data-rule='{Rule}']")!.TextContent;
        button.ShouldContain(Es("Role.Manager"));
        button.ShouldNotContain("Manager");
        run.Document.QuerySelectorAll("#escalation-targets option").Select(o => o.GetAttribute("label")).ShouldContain(Es("Role.Manager"));

        var version = (await sofia.GetJsonAsync<Contacts.ContactDto>($"/api/v1/contacts/{contact}")).Version;
        await (await sofia.PostJsonAsync($"/api/v1/contacts/{contact}/actions",
                new { actionId = Guid.NewGuid(), version, kind = "Escalate", ruleKey = Rule }))
            .ShouldHaveStatusAsync(HttpStatusCode.OK);
        var escalated = await sofia.GetPageAsync($"/contacts/{contact}");
        escalated.Document.QuerySelector("#awaiting")!.TextContent.ShouldContain(Es("Role.Manager"));
        escalated.Document.QuerySelector("#awaiting")!.TextContent.ShouldNotContain("Manager");
        escalated.Document.QuerySelectorAll("#timeline .subject").Select(s => s.TextContent.Trim()).ShouldContain(Es("Role.Manager"));

        var englishRun = await marta.GetPageAsync($"/contacts/{contact}");
        englishRun.Document.QuerySelectorAll("#timeline .subject").Select(e => e.TextContent.Trim()).ShouldContain(En("Role.Manager"));
    }
}

public sealed class RoleNamesInContentOnSqlite(SqliteApp app) : RoleNamesInContentTests(app), IClassFixture<SqliteApp>;

public sealed class RoleNamesInContentOnPostgres(PostgresApp app) : RoleNamesInContentTests(app), IClassFixture<PostgresApp>;
