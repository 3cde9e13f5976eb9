extern alias web;
using System.Diagnostics;
using Pauta.Protocols.Tests;
using Shouldly;
using Xunit;

namespace Pauta.Cli.Tests;

/// <summary>Runs the real `pauta lint` on protocol files written to a temporary folder.</summary>
public sealed class LintCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pauta-lint-").FullName;

    private const string Valid = """
        ---
        title: Atención telefónica
        department: Atención al cliente
        purpose: Atender las llamadas de los clientes.
        language: es
        channels: [phone]
        serviceLevels:
          - channel: phone
            firstResponseSeconds: 20
            resolutionSeconds: 600
            clock: business
        ---

        ## Apertura

        ### Saludar {#saludo}

        Saluda con tu nombre.

        ```yaml
        scripts:
          - channel: phone
            greeting: true
            text: Buenos días, le atiende {agente}.
        ```

        ## Análisis y comprensión

        ### Escuchar {#escuchar}

        Escucha al cliente sin interrumpir.

        ## Solución

        ### Despedirse {#despedida}

        Agradece la llamada.

        """;

    private string Write(string name, string text)
    {
        File.WriteAllText(Path.Combine(_dir, name), text);
        return name;
    }

    [Fact]
    public async Task A_valid_file_passes_with_exit_code_0()
    {
        var (code, output) = await Pauta("lint", Write("ok.md", Valid));
        code.ShouldBe(0, output);
        output.ShouldContain("0 error(s)");
    }

    [Fact]
    public async Task An_undefined_acronym_fails_with_exit_code_1_and_the_line_of_the_instruction()
    {
        var file = Write("acronimo.md", Valid.Replace("Escucha al cliente sin interrumpir.", "Escucha al cliente y consulta el CRM."));
        var (code, output) = await Pauta("lint", file);
        code.ShouldBe(1, output);
        output.ShouldContain("acronimo.md:31:1: error: Lint.AcronymUndefined");
        output.ShouldContain("CRM");
    }

    [Fact]
    public async Task Malformed_yaml_fails_with_exit_code_1_and_the_line()
    {
        var file = Write("roto.md", Valid.Replace("    resolutionSeconds: 600", "  resolutionSeconds: 600"));
        var (code, output) = await Pauta("lint", file, Write("ok.md", Valid));
        code.ShouldBe(1, output);
        output.ShouldContain("roto.md:10:");
        output.ShouldContain("error: File.Yaml");
        output.ShouldNotContain("ok.md:");
    }

    [Fact]
    public async Task Warnings_alone_exit_0_and_json_output_lists_them()
    {
        var longInstruction = string.Join(" ", Enumerable.Repeat("Explica al cliente con calma cada detalle de la política de devoluciones de la tienda.", 12));
        var file = Write("largo.md", Valid.Replace("Escucha al cliente sin interrumpir.", longInstruction));
        var (code, output) = await Pauta("lint", file, "--format", "json");
        code.ShouldBe(0, output);
        output.ShouldContain("\"severity\": \"warning\"");
        output.ShouldNotContain("\"severity\": \"error\"");
    }

    [Fact]
    public async Task A_missing_file_is_an_error()
    {
        var (code, output) = await Pauta("lint", "no-existe.md");
        code.ShouldBe(1);
        output.ShouldContain("no-existe.md:1:1: error");
    }

    /// <summary>The server's own text for a code, formatted as the server formats it.</summary>
    private static string ServerText(string language, string code, params object[] args) =>
        string.Format(System.Globalization.CultureInfo.GetCultureInfo(language), web::Pauta.Web.Infrastructure.JsonStringLocalizerFactory.Table(language)[code], args);

    // Offline an unknown placeholder name may be one of the organisation's own, so the broken brace is what is certain.
    private string PlaceholderFile() => Write("sede.md", Valid.Replace("le atiende {agente}.", "le atiende {agente} desde {sede."));

    [Fact]
    public async Task Findings_print_the_servers_sentence_in_english_by_default()
    {
        var (code, output) = await Pauta("lint", PlaceholderFile());
        code.ShouldBe(1, output);
        // The script text starts at column 11 of line 24; the "{" of {sede is at column 40 of that text.
        output.ShouldContain("sede.md:24:11: error: Lint.PlaceholderUnclosed " + ServerText("en", "Lint.PlaceholderUnclosed", 1, 40, "{"));
        output.ShouldNotContain("at steps[");
    }

    [Fact]
    public async Task Lang_es_prints_the_servers_spanish_sentence()
    {
        var (code, output) = await Pauta("lint", "--lang", "es", PlaceholderFile());
        code.ShouldBe(1, output);
        output.ShouldContain("Lint.PlaceholderUnclosed " + ServerText("es", "Lint.PlaceholderUnclosed", 1, 40, "{"));
    }

    [Fact]
    public async Task Stage_and_duration_arguments_are_put_in_words_as_on_the_server()
    {
        var (_, output) = await Pauta("lint", Write("cero.md", Valid.Replace("resolutionSeconds: 600", "resolutionSeconds: 0")));
        output.ShouldContain("Lint.ServiceLevelNotPositive " + ServerText("en", "Lint.ServiceLevelNotPositive", "0 s"));
    }

    [Fact]
    public async Task Checks_that_need_the_organisation_are_listed_as_not_run()
    {
        var file = Write("escala.md", Valid.Replace("clock: business\n", "clock: business\nescalationRules:\n  - key: jefe\n    condition: customer-asks\n    target: Jefa de turno\n  - key: caja\n    condition: customer-asks\n    target: Cajero\n"));
        var (code, output) = await Pauta("lint", file);
        code.ShouldBe(0, output);
        output.ShouldContain("0 error(s)");
        output.ShouldContain("2 check(s) need the organisation and were not run: Lint.EscalationTargetUnknown (escala.md escalationRules[0].target, escala.md escalationRules[1].target)");
        (await Pauta("lint", Write("ok.md", Valid))).Output.ShouldNotContain("not run");
    }

    [Fact]
    public void Every_lint_and_file_code_has_a_sentence_in_both_languages_of_the_cli()
    {
        var codes = global::Pauta.Core.Protocols.LintCodes.All
            .Concat(typeof(global::Pauta.Data.Protocols.ProtocolFile.Codes).GetFields().Select(f => (string)f.GetValue(null)!));
        foreach (var language in global::Pauta.Cli.LintTexts.Languages)
        {
            var texts = global::Pauta.Cli.LintTexts.For(language);
            codes.Where(c => !texts.Has(c)).ShouldBeEmpty(language);
        }
    }

    private const string Format2Targets = """
        serviceTargets:
          - clock: answer
            channel: phone
            amount: 15
            unit: business-days
            calendar: legal-co
            warnings:
              - left: 15
                unit: business-days

        """;

    [Fact]
    public async Task Format_2_findings_put_clocks_and_units_in_words_and_list_calendar_checks_as_not_run()
    {
        var file = Write("legal.md", Valid.Replace("        ---\n\n        ## Apertura".Replace("        ", ""), Format2Targets.Replace("\r\n", "\n") + "---\n\n## Apertura"));
        var (code, output) = await Pauta("lint", file);
        code.ShouldBe(1, output);
        // "left: 15" is on line 19 of the file, its value at column 15.
        output.ShouldContain("legal.md:19:15: error: Lint.TargetWarningLeftOutOfRange " +
            ServerText("en", "Lint.TargetWarningLeftOutOfRange", 15, "business days", 15, "business days"));
        output.ShouldContain("Lint.TargetCalendarUnknown (legal.md serviceTargets[0].calendar)");
    }

    [Fact]
    public async Task A_file_of_a_newer_format_exits_1_at_its_version()
    {
        var (code, output) = await Pauta("lint", Write("futuro.md", "---\nformatVersion: 3\ntitle: X\n---\n"));
        code.ShouldBe(1, output);
        output.ShouldContain("futuro.md:2:16: error: File.FormatTooNew");
    }

    [Fact]
    public async Task Explain_prints_what_a_code_means_and_whether_it_runs_offline()
    {
        var (code, output) = await Pauta("lint", "--explain", "PlaceholderUnknown");
        code.ShouldBe(0, output);
        output.ShouldContain("Lint.PlaceholderUnknown (error: blocks publishing)");
        output.ShouldContain("{…} is not a value Pauta can fill in.");
        // Any name could be one of the organisation's own placeholders, which only the server knows.
        output.ShouldContain("not run by `pauta lint` offline");

        (code, output) = await Pauta("lint", "--explain", "PlaceholderUnclosed");
        code.ShouldBe(0, output);
        output.ShouldContain("Runs offline");

        (code, output) = await Pauta("lint", "--explain", "Lint.EscalationTargetUnknown", "--lang", "es");
        code.ShouldBe(0, output);
        output.ShouldContain("Nadie en la organización tiene «…»");
        output.ShouldContain("not run by `pauta lint` offline");

        (code, output) = await Pauta("lint", "--explain", "Lint.Nada");
        code.ShouldBe(2, output);
        output.ShouldContain("Lint.PlaceholderUnknown");
    }

    /// <summary>Issue 9: this file overflowed the stack and `pauta lint` aborted with exit code 134.</summary>
    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    public async Task The_25000_deep_front_matter_exits_1_with_a_message_instead_of_crashing(string open, string close)
    {
        var text = FuzzCorpus.Deep(open, close, 25_000);
        text.Length.ShouldBeGreaterThan(50_000);
        var (code, output) = await Pauta("lint", Write("hondo.md", text));
        code.ShouldBe(1, output);
        output.ShouldContain($"hondo.md:2:{"title: ".Length + 19 * open.Length + 1}: error: File.NestedTooDeep");
    }

    [Fact]
    public async Task The_fuzz_corpus_never_crashes_lint()
    {
        var names = FuzzCorpus.Files(seed: 9, count: 150).Select((f, i) =>
        {
            // Encoding.UTF8 replaces lone surrogate halves, as any editor saving the file would.
            File.WriteAllBytes(Path.Combine(_dir, $"{i:000}-{f.Name}"), System.Text.Encoding.UTF8.GetBytes(f.Text));
            return $"{i:000}-{f.Name}";
        }).ToArray();
        var (code, output) = await Pauta(["lint", .. names]);
        code.ShouldBeOneOf([0, 1], output.Length > 2000 ? output[^2000..] : output);
        output.ShouldContain($"{names.Length} file(s)");
        output.ShouldNotContain("Unhandled exception");
    }

    private async Task<(int Code, string Output)> Pauta(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "pauta.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
