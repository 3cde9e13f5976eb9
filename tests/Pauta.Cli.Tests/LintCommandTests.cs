using System.Diagnostics;
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
