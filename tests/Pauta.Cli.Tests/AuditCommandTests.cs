using System.Diagnostics;
using System.Text;
using Pauta.Core.Audit;
using Pauta.Tests.Shared;
using Shouldly;
using Xunit;

namespace Pauta.Cli.Tests;

/// <summary>Runs the real `pauta audit verify` on bundles written to a temporary folder.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pauta-audit-").FullName;
    private static readonly AuditKeyMaterial Key = AuditSigningKeys.New();

    private string Write(string name, byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(_dir, name), bytes);
        return name;
    }

    [Fact]
    public async Task A_good_bundle_verifies_with_a_summary()
    {
        var bytes = AuditBundles.Bytes(Key, seed: 21, count: 2500, checkpointEvery: 1000);
        var expected = AuditBundleVerifier.Verify(new MemoryStream(bytes));
        var (code, output) = await Pauta("audit", "verify", Write("good.jsonl", bytes));
        code.ShouldBe(0, output);
        output.ShouldContain("good.jsonl: the bundle verifies.");
        output.ShouldContain($"Entries: 2,500 · checkpoints: 3 · last root {Convert.ToHexStringLower(expected.LastRoot!)} at size 2,500 · signed by key {Key.KeyId} · organisation {AuditBundles.Organisation}");
    }

    [Fact]
    public async Task In_spanish_the_summary_and_numbers_are_spanish()
    {
        var (code, output) = await Pauta("audit", "verify", Write("good.jsonl", AuditBundles.Bytes(Key, seed: 22, count: 2500, checkpointEvery: 1000)), "--lang", "es");
        code.ShouldBe(0, output);
        output.ShouldContain("good.jsonl: el paquete se verifica.");
        output.ShouldContain("Entradas: 2.500 · puntos de control: 3");
    }

    [Fact]
    public async Task With_the_key_option_a_bundle_signed_by_another_key_fails()
    {
        var file = Write("good.jsonl", AuditBundles.Bytes(Key, seed: 26, count: 20, checkpointEvery: 10));
        var (code, output) = await Pauta("audit", "verify", file, "--key", Key.KeyId);
        code.ShouldBe(0, output);
        var other = AuditSigningKeys.New().KeyId;
        (code, output) = await Pauta("audit", "verify", file, "--key", other);
        code.ShouldBe(1, output);
        output.ShouldContain("First bad place: the header, line 1.");
        output.ShouldContain($"The bundle is signed by key {Key.KeyId}, not by the key you expect");
    }

    [Fact]
    public async Task Unsigned_entries_after_the_last_checkpoint_are_said()
    {
        var (code, output) = await Pauta("audit", "verify", Write("tail.jsonl", AuditBundles.Bytes(Key, seed: 23, count: 130, checkpointEvery: 50, signTail: false)));
        code.ShouldBe(0, output);
        output.ShouldContain("Not signed yet: the last 30 entries come after the last checkpoint");
    }

    [Fact]
    public async Task A_changed_byte_fails_with_the_entry_and_the_reason()
    {
        var bytes = AuditBundles.Bytes(Key, seed: 24, count: 200, checkpointEvery: 40);
        var text = Encoding.UTF8.GetString(bytes);
        var line = text.IndexOf("{\"i\":57,", StringComparison.Ordinal);
        var at = text.IndexOf("\"details\":\"", line, StringComparison.Ordinal) + 11;
        bytes[Encoding.UTF8.GetByteCount(text.AsSpan(0, at))] = (byte)'X';
        var (code, output) = await Pauta("audit", "verify", Write("bad.jsonl", bytes));
        code.ShouldBe(1, output);
        output.ShouldContain("bad.jsonl: the bundle does not verify. First bad place: entry 57, line 60.");
        output.ShouldContain("Entry 57: its leaf hash does not match its contents.");
    }

    [Fact]
    public async Task An_edited_entry_with_a_recomputed_hash_names_the_checkpoint_and_its_range_in_both_languages()
    {
        var lines = Encoding.UTF8.GetString(AuditBundles.Bytes(Key, seed: 25, count: 200, checkpointEvery: 40)).Split('\n').ToList();
        var entry = AuditBundles.Entries(25, 200, TestInstants.WorkingMorning).ElementAt(123);
        var edited = entry with { ActorUserId = Guid.Parse("00000000-0000-0000-0000-000000000001") };
        var n = lines.FindIndex(l => l.StartsWith("{\"i\":123,", StringComparison.Ordinal));
        lines[n] = $"{{\"i\":123,\"leaf\":\"{Convert.ToHexStringLower(edited.LeafHash())}\",\"entry\":{edited.CanonicalJson()}}}";
        var file = Write("edited.jsonl", Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        var (code, output) = await Pauta("audit", "verify", file);
        code.ShouldBe(1, output);
        output.ShouldContain("First bad place: checkpoint 3,");
        output.ShouldContain("Checkpoint 3: its signed root does not match entries 0 to 159; entries 120 to 159 were changed.");
        (code, output) = await Pauta("audit", "verify", file, "--lang", "es");
        code.ShouldBe(1, output);
        output.ShouldContain("Primer punto erróneo: el punto de control 3,");
        output.ShouldContain("se modificaron entradas entre la 120 y la 159");
    }

    [Fact]
    public async Task A_missing_file_exits_2_with_a_clear_message()
    {
        var (code, output) = await Pauta("audit", "verify", "nothing-here.jsonl");
        code.ShouldBe(2);
        output.ShouldContain("nothing-here.jsonl: no such file.");
        (code, output) = await Pauta("audit", "verify", "nothing-here.jsonl", "--lang", "es");
        code.ShouldBe(2);
        output.ShouldContain("nothing-here.jsonl: el archivo no existe.");
    }

    [Fact]
    public async Task An_unreadable_file_exits_2_with_a_clear_message()
    {
        // /proc/self/mem exists but reading it from its start fails with an I/O error.
        var (code, output) = await Pauta("audit", "verify", "/proc/self/mem");
        code.ShouldBe(2, output);
        output.ShouldContain("/proc/self/mem: the file cannot be read (");
        output.ShouldNotContain("Unhandled exception");
    }

    [Fact]
    public void Every_problem_has_its_sentence_in_both_languages_and_the_english_one_is_the_cores()
    {
        var english = LintTexts.For("en");
        var spanish = LintTexts.For("es");
        foreach (var problem in Enum.GetValues<AuditBundleProblem>().Where(p => p != AuditBundleProblem.None))
        {
            var key = "AuditVerify.Problem." + problem;
            spanish.Has(key).ShouldBeTrue(key);
            english.Has(key).ShouldBeTrue(key);
            english.Say(key, 1, 2, 3, 4, 5, 6, "k").ShouldBe(string.Format(System.Globalization.CultureInfo.GetCultureInfo("en"),
                AuditBundleVerification.EnglishSentence(problem), 1, 2, 3, 4, 5, 6, "k"), key);
        }
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
