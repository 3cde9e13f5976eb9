extern alias web;

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Tests.Shared;
using Shouldly;
using Xunit;

namespace Pauta.Cli.Tests;

/// <summary>
/// The real Pauta web app with the demo organisation on Kestrel over real HTTP on a free loopback port and its own
/// SQLite file: what `pauta export` and `pauta import` talk to. Tokens are made the way an admin makes them.
/// </summary>
public sealed partial class PautaServer : IAsyncLifetime
{
    public const string DemoPassword = "Pauta-demo-1";
    private readonly string _dataDir = Directory.CreateTempSubdirectory("pauta-cli-server-").FullName;
    private App? _app;

    public string BaseUrl { get; private set; } = "";

    public Task InitializeAsync()
    {
        _app = new App(Path.Combine(_dataDir, "pauta.db"));
        _app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/');
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { /* a leftover temp folder is harmless */ }
    }

    /// <summary>Signs in as <paramref name="email"/> through the sign-in form and creates a token through the API.</summary>
    public async Task<string> TokenAsync(string email, string scopes = "Read, Write", string password = DemoPassword)
    {
        using var client = Client();
        await PostFormAsync(client, "/account/signin", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        return await CreateTokenAsync(client, scopes);
    }

    /// <summary>Signs up a new, empty organisation and returns a token of its owner.</summary>
    public async Task<string> NewOrganisationTokenAsync(string scopes = "Read, Write")
    {
        using var client = Client();
        await PostFormAsync(client, "/account/signup", new()
        {
            ["Input.OrganisationName"] = $"Copia {Guid.NewGuid():N}"[..20],
            ["Input.BrandName"] = "Copia",
            ["Input.Language"] = "es",
            ["Input.TimeZoneId"] = "Europe/Madrid",
            ["Input.DisplayName"] = "Dueña de la copia",
            ["Input.Email"] = $"owner-{Guid.NewGuid():N}@example.com",
            ["Input.Password"] = "Valid-Passw0rd-2025",
        });
        return await CreateTokenAsync(client, scopes);
    }

    private HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = new Uri(BaseUrl),
    };

    private static async Task PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var form = await client.GetStringAsync(url);
        fields["__RequestVerificationToken"] = AntiforgeryInput().Match(form).Groups[1].Value;
        var response = await client.PostAsync(url, new FormUrlEncodedContent(fields));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"POST {url}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<string> CreateTokenAsync(HttpClient client, string scopes)
    {
        var response = await client.PostAsJsonAsync("/api/v1/api-tokens", new { name = "cli", scopes });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("secret").GetString()!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();

    private sealed class App(string databaseFile) : WebApplicationFactory<web::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Pauta:Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Pauta", $"Data Source={databaseFile}");
            builder.UseSetting("Pauta:Database:MigrateOnStart", "true");
            builder.UseSetting("Pauta:Demo:Enabled", "true");
            builder.UseSetting("Pauta:Demo:Password", DemoPassword);
            // Protocol files go out and in: the demo's 2,500 past contacts would only be written and projected for nothing.
            builder.UseSetting("Pauta:Demo:PastContacts", "0");
            builder.UseSetting("Pauta:SignInRateLimit:PermitsPerMinute", "1000");
            builder.UseSetting("Pauta:Smtp:Host", "");
            // A fixed working morning, then real time: never the machine's date.
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new RunningClock()));
        }
    }
}

/// <summary>Runs the real `pauta export` and `pauta import` against <see cref="PautaServer"/>.</summary>
public sealed class ServerCommandTests(PautaServer server) : IClassFixture<PautaServer>, IDisposable
{
    private const string Owner = "carmen@suarez.example";
    private readonly string _dir = Directory.CreateTempSubdirectory("pauta-cli-files-").FullName;

    private string Dir(string name) => Path.Combine(_dir, name);

    private static Dictionary<string, string> Files(string dir) =>
        Directory.EnumerateFiles(dir).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f));

    private async Task<Dictionary<string, string>> ExportDemoAsync(string into)
    {
        var (code, output) = await Pauta(null, "export", "--server", server.BaseUrl, "--token", await server.TokenAsync(Owner, "Read"), "--out", into);
        code.ShouldBe(0, output);
        return Files(into);
    }

    [Fact]
    public async Task Export_then_import_into_a_fresh_organisation_then_export_gives_identical_files()
    {
        var demo = await ExportDemoAsync(Dir("demo"));
        demo.Count.ShouldBe(17);
        demo.Keys.ShouldContain("atencion-telefonica.md");

        var copy = await server.NewOrganisationTokenAsync();
        var imported = await Pauta(null, "import", "--server", server.BaseUrl, "--token", copy, Dir("demo"));
        imported.Code.ShouldBe(0, imported.Output);
        imported.Output.ShouldContain("17 file(s) imported as drafts.");
        imported.Output.ShouldContain($"imported {Path.Combine("demo", "atencion-telefonica.md")} → Atención telefónica (new draft");

        var again = await Pauta(null, "export", "--server", server.BaseUrl, "--token", copy, "--drafts", "--out", Dir("copy"));
        again.Code.ShouldBe(0, again.Output);
        Files(Dir("copy")).ShouldBe(demo);
    }

    [Fact]
    public async Task One_protocol_exports_by_id_with_the_token_and_server_from_the_environment()
    {
        var token = await server.TokenAsync(Owner, "Read");
        using var api = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var list = JsonDocument.Parse(await api.GetStringAsync("/api/v1/protocols"));
        var first = list.RootElement[0];

        var (code, output) = await Pauta(new() { ["PAUTA_TOKEN"] = token, ["PAUTA_SERVER"] = server.BaseUrl },
            "export", "--id", first.GetProperty("id").GetString()!, "--out", Dir("one"));
        code.ShouldBe(0, output);
        var file = Files(Dir("one")).ShouldHaveSingleItem();
        file.Value.ShouldStartWith("---\ntitle: ");
        file.Value.ShouldContain(first.GetProperty("title").GetString()!);
        output.ShouldContain("1 protocol file(s) written");
    }

    [Fact]
    public async Task A_malformed_file_is_reported_with_its_line_and_column_and_nothing_is_sent()
    {
        var demo = await ExportDemoAsync(Dir("demo"));
        var broken = demo["atencion-telefonica.md"].Replace("channels: [phone]", "channels: [phone, fax]");
        File.WriteAllText(Path.Combine(Dir("demo"), "atencion-telefonica.md"), broken);
        var line = broken.Split('\n').ToList().FindIndex(l => l.Contains("fax")) + 1;

        var copy = await server.NewOrganisationTokenAsync();
        var (code, output) = await Pauta(null, "import", "--server", server.BaseUrl, "--token", copy, Dir("demo"));
        code.ShouldBe(1, output);
        output.ShouldContain($"{Path.Combine("demo", "atencion-telefonica.md")}:{line}:");
        output.ShouldContain("error: File.UnknownChannel");
        output.ShouldContain("nothing was sent");

        var after = await Pauta(null, "export", "--server", server.BaseUrl, "--token", copy, "--drafts", "--out", Dir("after"));
        after.Code.ShouldBe(0, after.Output);
        Files(Dir("after")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Files_the_server_refuses_are_reported_against_the_local_paths_and_nothing_is_imported()
    {
        var demo = await ExportDemoAsync(Dir("demo"));
        Directory.CreateDirectory(Dir("twins"));
        File.WriteAllText(Path.Combine(Dir("twins"), "a.md"), demo["atencion-telefonica.md"]);
        File.WriteAllText(Path.Combine(Dir("twins"), "b.md"), demo["atencion-telefonica.md"]);
        File.WriteAllText(Path.Combine(Dir("twins"), "c.md"), demo["quejas-y-reclamaciones.md"]);

        var copy = await server.NewOrganisationTokenAsync();
        var (code, output) = await Pauta(null, "import", "--server", server.BaseUrl, "--token", copy, Dir("twins"));
        code.ShouldBe(1, output);
        output.ShouldContain($"{Path.Combine("twins", "b.md")}:2:8: error: Import.DuplicateTitle");
        output.ShouldContain("Nothing was imported.");
        (await Pauta(null, "export", "--server", server.BaseUrl, "--token", copy, "--drafts", "--out", Dir("after"))).Code.ShouldBe(0);
        Files(Dir("after")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_missing_wrong_or_read_only_token_exits_2_and_an_unreachable_server_exits_3()
    {
        var demo = await ExportDemoAsync(Dir("demo"));
        demo.ShouldNotBeEmpty();
        var file = Path.Combine(Dir("demo"), "atencion-telefonica.md");

        var none = await Pauta(null, "import", "--server", server.BaseUrl, file);
        none.Code.ShouldBe(2, none.Output);
        none.Output.ShouldContain("PAUTA_TOKEN");

        var wrong = await Pauta(null, "export", "--server", server.BaseUrl, "--token", "pauta_abcdefgh_" + new string('x', 43), "--out", Dir("x"));
        wrong.Code.ShouldBe(2, wrong.Output);
        wrong.Output.ShouldContain("401");

        var readOnly = await Pauta(null, "import", "--server", server.BaseUrl, "--token", await server.NewOrganisationTokenAsync("Read"), file);
        readOnly.Code.ShouldBe(2, readOnly.Output);
        readOnly.Output.ShouldContain("403");

        var unreachable = await Pauta(null, "export", "--server", $"http://127.0.0.1:{ClosedPort()}", "--token", "pauta_abcdefgh_" + new string('x', 43));
        unreachable.Code.ShouldBe(3, unreachable.Output);
        unreachable.Output.ShouldContain("cannot connect");
    }

    /// <summary>A loopback port nothing listens on: bound, read, released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task<(int Code, string Output)> Pauta(Dictionary<string, string>? environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "pauta.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("PAUTA_TOKEN");
        start.Environment.Remove("PAUTA_SERVER");
        foreach (var (k, v) in environment ?? []) start.Environment[k] = v;
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
