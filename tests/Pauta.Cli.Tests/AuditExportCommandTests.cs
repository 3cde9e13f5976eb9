using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Audit;
using Pauta.Data;
using Pauta.Data.Audit;
using Pauta.Data.Entities;
using Pauta.Data.Tenancy;
using Shouldly;
using Xunit;

namespace Pauta.Cli.Tests;

/// <summary>`pauta audit export` run as the real executable against a real SQLite file, its bundle checked by the offline verifier.</summary>
public sealed class AuditExportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pauta-cli-audit-").FullName;
    private string Connection => $"Data Source={Path.Combine(_dir, "pauta.db")}";
    private static readonly DateTimeOffset At = new(2026, 3, 3, 9, 30, 0, TimeSpan.Zero);

    /// <summary>An organisation with <paramref name="entries"/> entries, the first <paramref name="signed"/> of them under a signed checkpoint.</summary>
    private async Task<Guid> SeedAsync(string name, int entries, int signed)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Pauta"] = Connection }).Build();
        await using var services = new ServiceCollection().AddPautaData(configuration).BuildServiceProvider();
        var id = Guid.NewGuid();
        await using var scope = services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Tenant>().Set(id);
        var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
        db.Organisations.Add(new Organisation { Id = id, Name = name, BrandName = name });
        for (var i = 0; i < entries; i++) db.Audit(null, "test.entry", "Test", i, $"entry {i}", subjectId: Guid.NewGuid(), personal: $"Cliente {i}");
        await db.SaveChangesAsync();
        var key = AuditSigningKeys.New();
        var root = await new AuditLog(db).RootAsync(signed);
        byte[] signature;
        using (var ecdsa = key.OpenPrivate()) signature = AuditSignature.Sign(ecdsa, new AuditTreeHead(id, signed, root, At));
        db.AuditSigningKeys.Add(new AuditSigningKey { KeyId = key.KeyId, PublicKey = key.PublicKey, ProtectedPrivateKey = "unused here", CreatedAt = At.UtcDateTime });
        db.AuditCheckpoints.Add(new AuditCheckpoint { Size = signed, Root = root, At = At.UtcDateTime, KeyId = key.KeyId, Signature = signature });
        await db.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task Export_writes_a_bundle_that_verifies_offline_by_name_or_id()
    {
        (await Pauta("db", "migrate", "--connection", Connection)).Code.ShouldBe(0);
        var id = await SeedAsync("Zapatería Núñez", entries: 40, signed: 37);
        await SeedAsync("Otra", entries: 3, signed: 3);
        var byName = Path.Combine(_dir, "by-name.jsonl");
        var byId = Path.Combine(_dir, "by-id.jsonl");

        var (code, output) = await Pauta("audit", "export", "--org", "zapatería núñez", "--out", byName, "--connection", Connection);
        code.ShouldBe(0, output);
        output.ShouldContain("40 entries");
        (await Pauta("audit", "export", "--org", id.ToString(), "--out", byId, "--connection", Connection)).Code.ShouldBe(0);

        File.ReadAllBytes(byName).ShouldBe(File.ReadAllBytes(byId));
        await using var stream = File.OpenRead(byName);
        var result = AuditBundleVerifier.Verify(stream);
        result.Ok.ShouldBeTrue(result.Reason);
        result.OrganisationId.ShouldBe(id);
        result.Entries.ShouldBe(40);
        result.LastCheckpointSize.ShouldBe(37);
        File.ReadAllText(byName).ShouldNotContain("Cliente", customMessage: "personal text never leaves the database");
        (await Pauta("audit", "verify", byName)).Code.ShouldBe(0);
    }

    [Fact]
    public async Task An_unknown_organisation_writes_nothing_and_exits_1()
    {
        (await Pauta("db", "migrate", "--connection", Connection)).Code.ShouldBe(0);
        var file = Path.Combine(_dir, "none.jsonl");
        var (code, output) = await Pauta("audit", "export", "--org", "Nadie", "--out", file, "--connection", Connection);
        code.ShouldBe(1);
        output.ShouldContain("no organisation \"Nadie\"");
        File.Exists(file).ShouldBeFalse();
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
