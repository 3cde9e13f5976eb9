using Xunit;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Shouldly;

namespace Pauta.Cli.Tests;

/// <summary>Runs the real `pauta` executable against a real SQLite file.</summary>
public sealed class DbCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pauta-cli-").FullName;
    private string Connection => $"Data Source={Path.Combine(_dir, "pauta.db")}";

    [Fact]
    public async Task Status_reports_pending_migrations_with_exit_code_1_on_a_new_database()
    {
        var (code, output) = await Pauta("db", "status", "--provider", "sqlite", "--connection", Connection);
        code.ShouldBe(1);
        output.ShouldContain("pending");
        output.ShouldContain("_Initial");
    }

    [Fact]
    public async Task Migrate_creates_the_schema_and_a_second_run_finds_nothing_to_do()
    {
        var (code, output) = await Pauta("db", "migrate", "--connection", Connection);
        code.ShouldBe(0, output);
        output.ShouldContain("Applied");

        await using (var db = new SqliteConnection(Connection))
        {
            await db.OpenAsync();
            var cmd = db.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('Organisations', 'Members', 'Departments', 'Positions', 'AspNetUsers')";
            Convert.ToInt32(await cmd.ExecuteScalarAsync()).ShouldBe(5);
            cmd.CommandText = "PRAGMA journal_mode";
            ((string)(await cmd.ExecuteScalarAsync())!).ShouldBe("wal");
        }

        var again = await Pauta("db", "migrate", "--connection", Connection);
        again.Code.ShouldBe(0);
        again.Output.ShouldContain("up to date");
        (await Pauta("db", "status", "--connection", Connection)).Code.ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_command_fails_with_a_message_instead_of_doing_anything()
    {
        var (code, output) = await Pauta("db", "drop-everything");
        code.ShouldNotBe(0);
        output.ShouldContain("drop-everything");
        File.Exists(Path.Combine(_dir, "pauta.db")).ShouldBeFalse();
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
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout + await stderr);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
