extern alias web;

using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Tests.Shared;
using Shouldly;
using Xunit;

namespace Pauta.Cli.Tests;

/// <summary>Runs the real `pauta demo generate` against a SQLite file holding the demo organisation (seeded without a past).</summary>
public sealed class DemoGenerateTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pauta-cli-demo-").FullName;
    private string Connection => $"Data Source={Path.Combine(_dir, "pauta.db")}";
    private const string Until = "2026-03-03T09:30:00Z";

    public async Task InitializeAsync()
    {
        await using var app = new App(Path.Combine(_dir, "pauta.db"));
        _ = app.Services; // starts the host: migrations and the demo seed
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task Generate_writes_the_asked_number_of_closed_contacts_with_their_actions_and_reports_the_rate()
    {
        var (code, output) = await Pauta("demo", "generate", "--contacts", "300", "--org", "tiendas-suarez", "--days", "30", "--seed", "5",
            "--until", Until, "--connection", Connection);
        code.ShouldBe(0, output);
        output.ShouldContain("Generated 300 contacts");
        output.ShouldContain("contacts/s");

        (await Scalar("SELECT count(*) FROM Contacts")).ShouldBe(300);
        (await Scalar("SELECT count(*) FROM Contacts WHERE Status <> 1")).ShouldBe(0);
        (await Scalar("SELECT count(*) FROM Contacts WHERE StartedAt < '2026-02-01' OR ClosedAt >= '2026-03-03 09:30'")).ShouldBe(0);
        var actions = await Scalar("SELECT count(*) FROM ContactEvents");
        actions.ShouldBe(await Scalar("SELECT sum(LastSequence) FROM Contacts"));
        (await Scalar("SELECT count(*) FROM AuditEntries WHERE EntityType = 'contact'")).ShouldBe(actions);

        // The same seed again: refused before any contact is written, with a message.
        var again = await Pauta("demo", "generate", "--contacts", "300", "--seed", "5", "--until", Until, "--connection", Connection);
        again.Code.ShouldBe(1);
        again.Output.ShouldContain("seed 5 was already used");
        (await Scalar("SELECT count(*) FROM Contacts")).ShouldBe(300);
    }

    [Fact]
    public async Task An_unknown_organisation_or_a_bad_count_is_refused_with_a_message_and_nothing_written()
    {
        var unknown = await Pauta("demo", "generate", "--contacts", "10", "--org", "nobody", "--until", Until, "--connection", Connection);
        unknown.Code.ShouldBe(1);
        unknown.Output.ShouldContain("No organisation 'nobody'");
        unknown.Output.ShouldContain("tiendas-suarez");
        var none = await Pauta("demo", "generate", "--contacts", "0", "--until", Until, "--connection", Connection);
        none.Code.ShouldBe(1);
        none.Output.ShouldContain("--contacts must be at least 1");
        (await Scalar("SELECT count(*) FROM Contacts")).ShouldBe(0);
        (await Scalar("SELECT count(*) FROM Customers")).ShouldBe(0);
    }

    private async Task<long> Scalar(string sql)
    {
        await using var db = new SqliteConnection(Connection);
        await db.OpenAsync();
        var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<(int Code, string Output)> Pauta(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "pauta.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("ConnectionStrings__Pauta");
        start.Environment.Remove("Pauta__Database__Provider");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
        return (process.ExitCode, await stdout + await stderr);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private sealed class App(string databaseFile) : WebApplicationFactory<web::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Pauta:Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Pauta", $"Data Source={databaseFile}");
            builder.UseSetting("Pauta:Database:MigrateOnStart", "true");
            builder.UseSetting("Pauta:Demo:Enabled", "true");
            builder.UseSetting("Pauta:Demo:PastContacts", "0");
            builder.UseSetting("Pauta:Smtp:Host", "");
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new RunningClock()));
        }
    }
}
