using System.Net;
using System.Text.RegularExpressions;
using Pauta.Web.Tests.Infrastructure;
using UglyToad.PdfPig;
using static Pauta.Web.Tests.Infrastructure.Browser;
using static Pauta.Web.Tests.Infrastructure.Text;
using static Pauta.Web.Tests.Protocols.ProtocolScenarios;

namespace Pauta.Web.Tests.Protocols;

/// <summary>
/// The PDFs are opened the way a reader would: pages counted and their text extracted (through the ToUnicode maps the
/// writer embeds), so what a person could search or copy is what is checked.
/// </summary>
public abstract partial class ProtocolPrintTests(PautaApp app)
{
    private sealed record Pdf(int Pages, IReadOnlyList<string> Text, int Images, IReadOnlyList<string> Links)
    {
        public string All => string.Join("\n", Text);
    }

    private static async Task<Pdf> ReadPdfAsync(HttpResponseMessage response)
    {
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        response.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var document = PdfDocument.Open(bytes);
        var pages = document.GetPages().ToList();
        // Words as a reader's viewer finds them (by position), so a line wrapped inside a sentence reads as one sentence.
        return new Pdf(document.NumberOfPages, pages.Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))).ToList(),
            pages.Sum(p => p.GetImages().Count()),
            pages.SelectMany(p => p.GetHyperlinks()).Select(h => h.Uri).ToList());
    }

    /// <summary>The page a contents entry names: "Apertura .......... 3". The contents come first, so the first match is theirs.</summary>
    private static int ContentsPage(Pdf pdf, string entry)
    {
        var pattern = new Regex(Regex.Escape(entry) + @"\s*\.{3,}\s*(\d+)");
        var match = pdf.Text.Select(t => pattern.Match(t)).FirstOrDefault(m => m.Success);
        match.ShouldNotBeNull($"the contents should list “{entry}” with a page number: {pdf.Text[1]}");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_pdf_writes_each_service_target_as_the_sentence_the_reading_page_shows()
    {
        var id = await app.ProtocolIdAsync(DemoComplaints);
        var agent = await app.SignInAsync(Demo.Agent);

        var pdf = await ReadPdfAsync(await agent.GetAsync($"/protocols/{id}/pdf"));

        // Words are joined by single spaces, as PdfPig reads them off the page.
        var sentence = $"{Es("Editor.TargetClock.Resolution")}: {Es("Read.Target.Hours", 720)} {Es("Read.Target.FromReceipt")}";
        pdf.All.ShouldContain(sentence);
        pdf.All.ShouldContain($"{Es("Editor.TargetClock.FirstResponse")}: {Es("Read.Target.Hours.Business", 4)}");
        pdf.All.ShouldContain(Es("Read.Targets"));
    }

    [Fact]
    public async Task The_pdf_of_a_protocol_has_a_title_page_contents_that_point_at_the_right_pages_and_page_x_of_y_on_every_page()
    {
        var id = await app.ProtocolIdAsync(DemoComplaints);
        var agent = await app.SignInAsync(Demo.Agent);

        var pdf = await ReadPdfAsync(await agent.GetAsync($"/protocols/{id}/pdf"));

        pdf.Pages.ShouldBeGreaterThanOrEqualTo(4);
        for (var page = 1; page <= pdf.Pages; page++)
            pdf.Text[page - 1].ShouldContain(Es("Pdf.Page", page, pdf.Pages));
        pdf.Text[0].ShouldContain(DemoComplaints);
        pdf.Text[0].ShouldContain("Tiendas Suárez");
        pdf.Text[1].ShouldContain(Es("Pdf.Contents"));

        var solution = ContentsPage(pdf, Es("Read.Stage.Solution"));
        pdf.Text[solution - 1].ShouldContain(Es("Read.Stage.Solution"));
        pdf.Text[solution - 1].ShouldContain("Solucionar en el momento");
        var plans = ContentsPage(pdf, Es("Read.Plans"));
        pdf.Text[plans - 1].ShouldContain("Plazo a punto de vencer");
        ContentsPage(pdf, Es("Read.Purpose")).ShouldBe(3);

        // Step titles, filled scripts and accents (á é í ó ú ñ ¿ ¡) come out as the text they are.
        pdf.All.ShouldContain("Entregar la hoja de reclamaciones");
        pdf.All.ShouldContain("¿Qué quiere hacer el cliente?");
        pdf.All.ShouldContain("Gracias por llamar a Tiendas Suárez, le habla [agente].");
        pdf.All.ShouldContain("Reclamación");
        pdf.All.ShouldNotContain("{empresa}");
    }

    [Fact]
    public async Task A_given_version_prints_that_version_and_an_unknown_one_is_not_found()
    {
        var id = await app.ProtocolIdAsync(DemoPhone);
        var agent = await app.SignInAsync(Demo.Agent);

        var pdf = await ReadPdfAsync(await agent.GetAsync($"/protocols/{id}/pdf?v=1"));

        pdf.Text[0].ShouldContain(Es("Pdf.VersionLine", 1, "|", "").Split('|')[0]);
        pdf.Text[0].ShouldContain("Lucía Romero");
        pdf.All.ShouldContain("¡Que tenga un buen día!");
        (await agent.GetAsync($"/protocols/{id}/pdf?v=5")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await agent.GetAsync($"/protocols/{Guid.NewGuid()}/pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_manual_of_a_department_holds_exactly_its_published_protocols_each_listed_at_the_page_it_starts()
    {
        var agent = await app.SignInAsync(Demo.Agent);

        var pdf = await ReadPdfAsync(await agent.GetAsync("/protocols/manual.pdf?department=" + Uri.EscapeDataString("Caja y facturación")));

        pdf.Text[0].ShouldContain(Es("Pdf.Manual"));
        pdf.Text[0].ShouldContain("Caja y facturación");
        pdf.Text[0].ShouldContain(Es("Pdf.ProtocolCount", 3));
        foreach (var title in new[] { DemoReturns, DemoBilling, "Cargo no reconocido y sospecha de fraude" })
        {
            var start = ContentsPage(pdf, title);
            pdf.Text[start - 1].ShouldStartWith(title);
        }
        ContentsPage(pdf, DemoReturns).ShouldBeLessThan(ContentsPage(pdf, DemoBilling));
        pdf.All.ShouldNotContain(DemoPhone);
        pdf.All.ShouldNotContain(DemoComplaints);
        pdf.Text[^1].ShouldContain(Es("Pdf.Page", pdf.Pages, pdf.Pages));

        (await agent.GetAsync("/protocols/manual.pdf?department=Nadie")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_whole_manual_has_every_published_protocol_and_speaks_the_readers_language()
    {
        var reader = await app.SignInAsync("raul@suarez.example");
        (await reader.SubmitAsync("/", Form(("language", "en"), ("returnUrl", "/")), "/account/language")).ShouldRedirectTo("/");

        var pdf = await ReadPdfAsync(await reader.GetAsync("/protocols/manual.pdf"));

        pdf.Text[0].ShouldContain(En("Pdf.Manual"));
        pdf.Text[0].ShouldContain(En("Pdf.AllDepartments"));
        pdf.Text[1].ShouldContain(En("Pdf.Contents"));
        pdf.Text[2].ShouldContain(En("Pdf.Page", 3, pdf.Pages));
        var titles = Pauta.Web.Features.Demo.DemoSeeder.ProtocolFiles()
            .Select(f => Pauta.Data.Protocols.ProtocolFile.Parse(f.Name, f.Text).Protocol!.Title.Trim()).ToList();
        titles.Count.ShouldBeGreaterThanOrEqualTo(10);
        foreach (var title in titles) ContentsPage(pdf, title).ShouldBeGreaterThan(2, title);
        // The labels follow the reader; the protocols keep the language they were written in.
        pdf.All.ShouldContain(En("Read.Stage.Opening"));
        pdf.All.ShouldContain("Descolgar y saludar");
    }

    [Fact]
    public async Task The_poster_is_one_page_with_the_title_the_filled_greeting_the_key_steps_and_a_qr_code_to_the_protocol_page()
    {
        var id = await app.ProtocolIdAsync(DemoReception);
        var agent = await app.SignInAsync(Demo.Agent);

        var pdf = await ReadPdfAsync(await agent.GetAsync($"/protocols/{id}/poster.pdf"));

        pdf.Pages.ShouldBe(1);
        pdf.Text[0].ShouldContain(DemoReception);
        pdf.Text[0].ShouldContain("Buenos días, bienvenido a Tiendas Suárez. Soy [agente]. ¿En qué puedo ayudarle?");
        pdf.Text[0].ShouldContain(Es("Pdf.Poster.KeySteps"));
        pdf.Text[0].ShouldContain("Saludar al cliente");
        pdf.Text[0].ShouldContain(Es("Pdf.Poster.Scan"));
        pdf.Images.ShouldBe(1);
        pdf.Links.ShouldBe([$"{Pauta.Web.Infrastructure.PublicUrl.Default}/protocols/{id}"], "the QR code carries the public URL, not the request's host");

        // A print-only protocol has one too; the reading page offers it only where it exists.
        var written = await app.ProtocolIdAsync(DemoWritten);
        (await ReadPdfAsync(await agent.GetAsync($"/protocols/{written}/poster.pdf"))).Pages.ShouldBe(1);
        (await agent.GetPageAsync($"/protocols/{id}")).Document.QuerySelector("#poster-link").ShouldNotBeNull();
    }

    [Fact]
    public async Task A_protocol_without_the_in_person_or_print_channel_has_no_poster_and_says_why()
    {
        var id = await app.ProtocolIdAsync(DemoPhone);
        var agent = await app.SignInAsync(Demo.Agent);

        var response = await agent.GetAsync($"/protocols/{id}/poster.pdf");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/plain");
        (await response.Content.ReadAsStringAsync()).ShouldBe(Es("Pdf.Poster.None"));
        (await agent.GetPageAsync($"/protocols/{id}")).Document.QuerySelector("#poster-link").ShouldBeNull();
    }
}

public sealed class ProtocolPrintOnSqlite(SqliteApp app) : ProtocolPrintTests(app), IClassFixture<SqliteApp>;

public sealed class ProtocolPrintOnPostgres(PostgresApp app) : ProtocolPrintTests(app), IClassFixture<PostgresApp>;
