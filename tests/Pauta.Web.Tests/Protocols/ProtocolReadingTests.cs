using System.Net;
using Pauta.Core.Protocols;
using Pauta.Web.Tests.Infrastructure;
using static Pauta.Web.Tests.Infrastructure.Browser;
using static Pauta.Web.Tests.Infrastructure.Text;
using static Pauta.Web.Tests.Protocols.ProtocolScenarios;

namespace Pauta.Web.Tests.Protocols;

/// <summary>
/// The protocol page everyone reads: a demo protocol as an agent sees it, narrowed to a channel, older versions and their
/// comparison, and the 404s for what an agent may not read. Each test works on its own demo protocol, so they share the
/// class's database without seeing each other's versions.
/// </summary>
public abstract class ProtocolReadingTests(PautaApp app)
{
    [Fact]
    public async Task An_agent_reads_a_demo_protocol_with_its_stages_filled_scripts_flow_plans_escalation_and_service_levels()
    {
        var id = await app.ProtocolIdAsync(DemoComplaints);
        var agent = await app.SignInAsync(Demo.Agent);

        var page = await agent.GetPageAsync($"/protocols/{id}");

        page.ShouldHaveStatus(HttpStatusCode.OK);
        page.Title.ShouldBe(DemoComplaints);
        page.Document.QuerySelector("#version-info")!.TextContent.ShouldContain("v1");
        page.Document.QuerySelector("#version-info")!.TextContent.ShouldContain("Lucía Romero");
        page.Document.QuerySelector("#version-info")!.TextContent.ShouldContain(Es("Read.ApprovedBy", "Carmen Suárez"));
        page.Document.QuerySelectorAll(".stage > h2").Select(h => h.TextContent.Trim())
            .ShouldBe([Es("Read.Stage.Opening"), Es("Read.Stage.Analysis"), Es("Read.Stage.Solution")]);
        page.Document.QuerySelector("#step-hoja h3")!.TextContent.ShouldContain("Entregar la hoja de reclamaciones");

        // Scripts are shown with what is true for every contact (the organisation's brand) and a labelled slot for the
        // rest: never a raw placeholder, never a made-up agent that reads as real.
        page.Text.ShouldContain("Gracias por llamar a Tiendas Suárez, le habla [agente].");
        page.Document.QuerySelectorAll(".script .slot").Select(s => s.TextContent).ShouldContain("[agente]");
        page.Text.ShouldNotContain("Lucía Gómez");
        page.Text.ShouldNotContain("{empresa}");
        page.Text.ShouldNotContain("{agente}");

        // A question's answers say where they lead, as links to those steps.
        var answer = page.Document.QuerySelectorAll("#step-tipo .answers li").Single(li => li.TextContent.Contains("Rellenar la hoja de reclamaciones"));
        answer.QuerySelector("a")!.GetAttribute("href").ShouldBe("#step-hoja");
        answer.TextContent.ShouldContain("Entregar la hoja de reclamaciones");

        page.Document.QuerySelector("#plans")!.TextContent.ShouldContain("Plazo a punto de vencer");
        page.Document.QuerySelector("#escalation")!.TextContent.ShouldContain("Jefa de atención al cliente");

        // Format-1 service levels read as targets, one sentence each, in the largest unit and with the clock they count on.
        var levels = page.Document.QuerySelector("#service-levels")!.TextContent;
        levels.ShouldContain($"{Es("Editor.TargetClock.FirstResponse")}: {Es("Read.Target.Seconds.Business", 20)} {Es("Read.Target.FromReceipt")}, {Es("Read.Target.Calendar.Site")}");
        levels.ShouldContain($"{Es("Editor.TargetClock.FirstResponse")}: {Es("Read.Target.Hours.Business", 4)}");
        levels.ShouldContain($"{Es("Editor.TargetClock.Resolution")}: {Es("Read.Target.Hours", 720)} {Es("Read.Target.FromReceipt")}");
        levels.ShouldNotContain("14400");

        page.Document.QuerySelectorAll("#versions tbody tr").Length.ShouldBe(1);
        page.Document.QuerySelector("#suggest form").ShouldNotBeNull();
    }

    [Fact]
    public async Task The_flowchart_is_the_mermaid_text_of_the_published_flow_and_only_its_page_allows_inline_styles()
    {
        var id = await app.ProtocolIdAsync(DemoComplaints);
        var version = await app.AsMemberAsync(Demo.Agent, s => s.GetVersionAsync(id, null, default));
        var agent = await app.SignInAsync(Demo.Agent);

        var page = await agent.GetPageAsync($"/protocols/{id}");

        var diagram = page.Document.QuerySelector("pre.mermaid")!.TextContent;
        diagram.ShouldBe(ProtocolFlow.Of(version.Value!.Protocol.Steps).ToMermaid("es"));
        diagram.ShouldContain("s_tipo{\"¿Qué quiere hacer el cliente?\"}");
        page.Document.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!)
            .ShouldContain(src => StaticAssetTests.Fingerprinted("/lib/mermaid/mermaid.min", ".js").IsMatch(src));

        var policy = page.Response.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldContain("style-src 'self' 'unsafe-inline';");
        policy.ShouldContain("script-src 'self';");
        policy.ShouldContain("object-src 'none'");

        var home = (await agent.GetAsync("/")).Headers.GetValues("Content-Security-Policy").Single();
        home.ShouldContain("style-src 'self';");
        home.ShouldNotContain("unsafe-inline");
    }

    [Fact]
    public async Task Narrowing_to_one_channel_hides_the_other_channels_scripts_and_service_levels()
    {
        var id = await app.ProtocolIdAsync(DemoComplaints);
        var agent = await app.SignInAsync(Demo.Agent);

        var all = await agent.GetPageAsync($"/protocols/{id}");
        all.Document.QuerySelectorAll("a[data-channel]").Select(a => a.GetAttribute("data-channel"))
            .ShouldBe(["in-person", "phone", "electronic", "print"]);
        all.Text.ShouldContain("Buenos días, soy [agente]. Siento que haya tenido un problema.");
        all.Document.QuerySelectorAll("#service-levels tbody tr").Length.ShouldBe(8);

        var phone = await agent.GetPageAsync($"/protocols/{id}?channel=phone");

        phone.ShouldHaveStatus(HttpStatusCode.OK);
        phone.Document.QuerySelector("#channel-notice")!.TextContent.ShouldContain(Es("Channel.Phone"));
        phone.Text.ShouldContain("Gracias por llamar a Tiendas Suárez, le habla [agente].");
        phone.Text.ShouldNotContain("Buenos días, soy [agente]. Siento que haya tenido un problema.");
        phone.Text.ShouldNotContain("Gracias por escribirnos");
        foreach (var caption in phone.Document.QuerySelectorAll(".script figcaption").Select(f => f.TextContent))
            (caption.Contains(Es("Channel.Phone")) || caption.Contains(Es("Read.AllChannels"))).ShouldBeTrue(caption);
        phone.Document.QuerySelectorAll("#service-levels tbody tr").Select(r => r.GetAttribute("data-channel")).ShouldBe(["phone", "phone"]);
        // Steps are not channel-specific: the whole procedure stays.
        phone.Document.QuerySelectorAll(".stage .step").Length.ShouldBe(all.Document.QuerySelectorAll(".stage .step").Length);

        // A channel the protocol does not cover, or nonsense, shows everything rather than an empty page.
        var bogus = await agent.GetPageAsync($"/protocols/{id}?channel=fax");
        bogus.Document.QuerySelectorAll("#service-levels tbody tr").Length.ShouldBe(8);
        bogus.Document.QuerySelector("#channel-notice").ShouldBeNull();
    }

    [Fact]
    public async Task Unknown_archived_and_never_published_protocols_are_not_found_for_agents()
    {
        var archived = await app.ProtocolIdAsync(DemoSalonCancellation);
        await app.ArchiveAsync(archived);
        var draftOnly = await app.CreateDraftOnlyAsync(await app.ProtocolIdAsync(DemoBilling), $"Borrador {Guid.NewGuid():N}"[..20]);
        var agent = await app.SignInAsync(Demo.Agent);

        foreach (var id in new[] { Guid.NewGuid(), archived, draftOnly })
        {
            foreach (var url in new[] { $"/protocols/{id}", $"/protocols/{id}/v/1", $"/protocols/{id}/diff", $"/protocols/{id}/pdf", $"/protocols/{id}/poster.pdf" })
                (await agent.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound, url);
            var suggest = await agent.SubmitAsync($"/protocols/{await app.ProtocolIdAsync(DemoReception)}",
                Form(("Input.Text", "Una idea")), $"/protocols/{id}?handler=Suggest");
            suggest.ShouldHaveStatus(HttpStatusCode.NotFound);
        }
        (await app.SuggestionsOfAsync(draftOnly)).ShouldBeEmpty();
        (await app.SuggestionsOfAsync(archived)).ShouldBeEmpty();

        // Managers still read an archived protocol: they may need to restore it.
        var manager = await app.SignInAsync(Demo.Manager);
        (await manager.GetPageAsync($"/protocols/{archived}")).ShouldHaveStatus(HttpStatusCode.OK);
        // A draft that was never published has nothing to read, for anyone.
        (await manager.GetPageAsync($"/protocols/{draftOnly}")).ShouldHaveStatus(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_older_version_stays_readable_at_its_own_address_and_the_diff_marks_the_edited_word()
    {
        var id = await app.ProtocolIdAsync(DemoReturns);
        await app.PublishEditAsync(id, p => p with
        {
            Steps = p.Steps.Select(s => s.Key == "saludo" ? s with { Instruction = s.Instruction.Replace(" trae ", " atrae ", StringComparison.Ordinal) } : s).ToList(),
        }, "Redacción del saludo.");
        var agent = await app.SignInAsync("diego@suarez.example");

        var latest = await agent.GetPageAsync($"/protocols/{id}");
        latest.Document.QuerySelector("#version-info")!.TextContent.ShouldContain("v2");
        latest.Document.QuerySelector("#step-saludo")!.TextContent.ShouldContain("bien hecha atrae al cliente");
        latest.Document.QuerySelectorAll("#versions tbody tr").Length.ShouldBe(2);

        var v1 = await agent.GetPageAsync($"/protocols/{id}/v/1");
        v1.ShouldHaveStatus(HttpStatusCode.OK);
        v1.Document.QuerySelector("#step-saludo")!.TextContent.ShouldContain("bien hecha trae al cliente");
        v1.Document.QuerySelector(".notice[role=note]")!.TextContent.ShouldContain(Es("Read.OlderVersion", 1, 2));
        (await agent.GetAsync($"/protocols/{id}/v/3")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var diff = await agent.GetPageAsync($"/protocols/{id}/diff?from=1&to=2");

        diff.ShouldHaveStatus(HttpStatusCode.OK);
        var section = diff.Document.QuerySelectorAll(".diff-section.changed").ShouldHaveSingleItem();
        section.GetAttribute("data-section").ShouldBe("step:saludo");
        section.QuerySelectorAll(".before del").Select(d => d.TextContent).ShouldBe(["trae"]);
        section.QuerySelectorAll(".after ins").Select(i => i.TextContent).ShouldBe(["atrae"]);
        section.QuerySelectorAll(".before ins, .after del").ShouldBeEmpty();
        section.QuerySelector(".after")!.TextContent.ShouldContain("bien hecha atrae al cliente de vuelta");
        // Everything else is collapsed, not gone.
        var unchanged = diff.Document.QuerySelector("details#unchanged")!;
        unchanged.HasAttribute("open").ShouldBeFalse();
        unchanged.TextContent.ShouldContain(Es("Diff.Section.Purpose"));

        // Without numbers the page compares the latest version with the previous one; the same version twice has no changes.
        (await agent.GetPageAsync($"/protocols/{id}/diff")).Document.QuerySelectorAll(".diff-section.changed").Length.ShouldBe(1);
        var same = await agent.GetPageAsync($"/protocols/{id}/diff?from=2&to=2");
        same.Text.ShouldContain(Es("Diff.NoChanges"));
        (await agent.GetAsync($"/protocols/{id}/diff?from=1&to=7")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}

public sealed class ProtocolReadingOnSqlite(SqliteApp app) : ProtocolReadingTests(app), IClassFixture<SqliteApp>;

public sealed class ProtocolReadingOnPostgres(PostgresApp app) : ProtocolReadingTests(app), IClassFixture<PostgresApp>;
