using System.Text.Json;
using System.Text.RegularExpressions;
using Pauta.Core.Organisations;

namespace Pauta.Web.Tests;

/// <summary>
/// The UI speaks Spanish and English from one flat key → text table per language. Both tables
/// have the same keys and placeholders, and every key the code asks for exists.
/// </summary>
public sealed partial class ResourceTests
{
    private static readonly string RepoRoot = FindRepoRoot();
    private static readonly string ResourcesDir = Path.Combine(RepoRoot, "src", "Pauta.Web", "Resources");
    private static readonly IReadOnlyDictionary<string, string> English = Load("en");
    private static readonly IReadOnlyDictionary<string, string> Spanish = Load("es");

    /// <summary>Keys built at run time (L["Role." + role]) and every value they can take.</summary>
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> DynamicKeys = new Dictionary<string, IReadOnlyList<string>>
    {
        ["Role."] = Enum.GetNames<Role>().Select(r => "Role." + r).ToList(),
        ["Channel."] = ChannelList.Each.Select(c => "Channel." + c).ToList(),
        ["Day."] = Enum.GetNames<DayOfWeek>().Select(d => "Day." + d).ToList(),
        ["Country."] = Pauta.Core.Calendars.NationalHolidays.Countries.Select(c => "Country." + c).ToList(),
        ["SuggestionStatus."] = Enum.GetNames<Pauta.Data.Entities.SuggestionStatus>().Select(s => "SuggestionStatus." + s).ToList(),
        ["FollowUpKind."] = Enum.GetNames<Pauta.Data.Entities.FollowUpKind>().Select(k => "FollowUpKind." + k).ToList(),
        ["Stage."] = Enum.GetNames<Pauta.Core.Protocols.Stage>().Select(s => "Stage." + s).ToList(),
        ["Editor.Condition."] = Enum.GetNames<Pauta.Core.Protocols.EscalationCondition>().Select(c => "Editor.Condition." + c).ToList(),
        ["Editor.Clock."] = Enum.GetNames<Pauta.Core.Protocols.ServiceClock>().Select(c => "Editor.Clock." + c).ToList(),
        ["Timeline."] = Enum.GetNames<Pauta.Core.Contacts.TimelineKind>().Select(k => "Timeline." + k).ToList(),
        ["Contact.Clock."] = Enum.GetNames<Pauta.Core.Contacts.ContactClock>().Select(c => "Contact.Clock." + c).ToList(),
        ["LintWord.Clock."] = Enum.GetNames<Pauta.Core.Contacts.ContactClock>().Select(c => "LintWord.Clock." + c).ToList(),
        ["LintWord.Unit."] = Enum.GetNames<Pauta.Core.Protocols.TargetUnit>().Select(u => "LintWord.Unit." + u).ToList(),
        ["Contact.Milestone."] = new[] { "Acknowledgement", "Answer" }.Select(c => "Contact.Milestone." + c).ToList(),
        ["Contact.Amount."] = Enum.GetNames<Pauta.Core.Protocols.TargetUnit>().Select(u => "Contact.Amount." + u).ToList(),
        ["Contact.DaysLeft."] = new[] { "Days", "BusinessDays" }.Select(u => "Contact.DaysLeft." + u).ToList(),
        ["SubChannel."] = Pauta.Core.Protocols.SubChannelList.Each.Select(s => s.ToString()).Prepend("None").Select(s => "SubChannel." + s).ToList(),
        ["Training.Gate.Mode."] = Enum.GetNames<Pauta.Core.Training.GateMode>().Select(m => "Training.Gate.Mode." + m).ToList(),
        ["ContactOutcome."] = Enum.GetNames<Pauta.Data.Entities.ContactOutcome>().Select(o => "ContactOutcome." + o).ToList(),
        ["ContactStatus."] = Enum.GetNames<Pauta.Data.Entities.ContactStatus>().Select(s => "ContactStatus." + s).ToList(),
        ["Survey.Score"] = Enumerable.Range(1, 5).Select(i => "Survey.Score" + i).ToList(),
        ["Training.Assign.Target."] = Enum.GetNames<Pauta.Core.Training.AssignmentTarget>().Select(t => "Training.Assign.Target." + t).ToList(),
        ["Training.Assign.Email.Subject."] = Enum.GetNames<Pauta.Core.Training.ReminderStage>().Select(s => "Training.Assign.Email.Subject." + s).ToList(),
        ["Audit.Action."] = Pauta.Web.Features.Audit.AuditActions.Known.Select(a => "Audit.Action." + a).ToList(),
        ["Audit.Family."] = Pauta.Web.Features.Audit.AuditActions.Families.Select(f => "Audit.Family." + f).ToList(),
        ["ApiTokens.Scope."] = new[] { "Read", "Write", "Audit" }.Select(s => "ApiTokens.Scope." + s).ToList(),
        ["Insights.Metric."] = Enum.GetNames<Pauta.Web.Features.Insights.InsightMetric>().Select(m => "Insights.Metric." + m).ToList(),
        ["Insights.Alerts.Kind."] = Enum.GetNames<Pauta.Core.Insights.InsightAlertKind>().Select(k => "Insights.Alerts.Kind." + k).ToList(),
        ["Insights.Alerts.Rule."] = Enum.GetNames<Pauta.Core.Insights.InsightAlertKind>().Select(k => "Insights.Alerts.Rule." + k).ToList(),
        ["Insights.Protocol.Trend."] = new[] { "better", "worse" }.Select(t => "Insights.Protocol.Trend." + t).ToList(),
        ["Status."] = new[] { "400", "403", "404", "409", "429", "503", "Error" }
            .SelectMany(code => new[] { $"Status.{code}.Title", $"Status.{code}.Text" }).ToList(),
    };

    [Theory]
    [InlineData("es")]
    [InlineData("en")]
    public void No_key_appears_twice_in_a_strings_file(string language)
    {
        // A duplicate is not an error for the reader (the later value wins), so two merges can leave one silently.
        var reader = new Utf8JsonReader(File.ReadAllBytes(Path.Combine(ResourcesDir, $"strings.{language}.json")));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var twice = new List<string>();
        while (reader.Read())
            if (reader.TokenType == JsonTokenType.PropertyName && !seen.Add(reader.GetString()!)) twice.Add(reader.GetString()!);
        twice.ShouldBeEmpty($"keys written twice in strings.{language}.json");
    }

    [Fact]
    public void Spanish_and_english_have_exactly_the_same_keys()
    {
        English.Keys.Except(Spanish.Keys).ShouldBeEmpty("keys only in strings.en.json");
        Spanish.Keys.Except(English.Keys).ShouldBeEmpty("keys only in strings.es.json");
        English.Count.ShouldBeGreaterThan(100);
    }

    [Fact]
    public void No_text_is_empty_in_either_language()
    {
        English.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key).ShouldBeEmpty("empty in en");
        Spanish.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key).ShouldBeEmpty("empty in es");
    }

    [Fact]
    public void Both_languages_use_the_same_placeholders_for_every_key()
    {
        var different = English.Keys.Intersect(Spanish.Keys)
            .Where(k => !Placeholders(English[k]).SetEquals(Placeholders(Spanish[k])))
            .Select(k => $"{k}: en {{{string.Join(",", Placeholders(English[k]))}}} es {{{string.Join(",", Placeholders(Spanish[k]))}}}")
            .ToList();
        different.ShouldBeEmpty();

        // Every text with placeholders formats with as many arguments as it names: a stray brace would
        // make the localizer fall back to showing the raw "{0}" text.
        foreach (var (key, value) in English.Concat(Spanish).Where(kv => Placeholders(kv.Value).Count > 0))
        {
            var args = Enumerable.Range(0, Placeholders(value).Select(p => p + 1).DefaultIfEmpty(0).Max()).Select(i => (object)$"a{i}").ToArray();
            Should.NotThrow(() => string.Format(value, args), key);
        }
    }

    [Fact]
    public void No_text_writes_a_plural_as_a_bracketed_ending()
    {
        var bracketed = new Regex(@"\w\((e?s)\)");
        English.Concat(Spanish).Where(kv => bracketed.IsMatch(kv.Value)).Select(kv => $"{kv.Key}: {kv.Value}")
            .ShouldBeEmpty("write {0:plural:# form for one|# form for the rest} instead of “error(s)”");
    }

    [Theory]
    [InlineData("es", 1, "1 sección cambiada, 1 añadida, 1 quitada, 1 sin cambios.", "1 contacto · página 1 de 1")]
    [InlineData("es", 2, "2 secciones cambiadas, 2 añadidas, 2 quitadas, 2 sin cambios.", "2 contactos · página 1 de 1")]
    [InlineData("es", 0, "0 secciones cambiadas, 0 añadidas, 0 quitadas, 0 sin cambios.", "0 contactos · página 1 de 1")]
    [InlineData("en", 1, "1 section changed, 1 added, 1 removed, 1 unchanged.", "1 contact · page 1 of 1")]
    [InlineData("en", 3, "3 sections changed, 3 added, 3 removed, 3 unchanged.", "3 contacts · page 1 of 1")]
    public void Counts_read_in_the_singular_for_one_and_in_the_plural_otherwise(string language, int n, string diff, string history)
    {
        var (ui, culture) = (System.Globalization.CultureInfo.CurrentUICulture, System.Globalization.CultureInfo.CurrentCulture);
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(language);
            var l = new Pauta.Web.Infrastructure.JsonStringLocalizerFactory().Create(typeof(Pauta.Web.Infrastructure.SharedResource));
            l["Diff.Counts", n, n, n, n].Value.ShouldBe(diff);
            l["History.Count", n, 1, 1].Value.ShouldBe(history);
            // Other placeholders format as before.
            l["Pdf.Page", 2, 7].Value.ShouldBe(language == "es" ? "Página 2 de 7" : "Page 2 of 7");
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = ui;
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void The_tables_in_the_source_tree_are_the_ones_embedded_in_the_app()
    {
        foreach (var (language, table) in new[] { ("en", English), ("es", Spanish) })
        {
            var embedded = Pauta.Web.Infrastructure.JsonStringLocalizerFactory.Table(language);
            embedded.OrderBy(kv => kv.Key).ShouldBe(table.OrderBy(kv => kv.Key));
        }
    }

    [Fact]
    public void Every_key_the_code_uses_exists_in_both_languages()
    {
        var used = UsedKeys().ToList();
        used.Count.ShouldBeGreaterThan(100, "the scan should find the keys the pages use");
        var missing = used.Where(u => !English.ContainsKey(u.Key) || !Spanish.ContainsKey(u.Key))
            .Select(u => $"{u.Key} (used in {u.File})").Distinct().ToList();
        missing.ShouldBeEmpty();
    }

    [Fact]
    public void Every_key_built_at_run_time_exists_for_every_value_it_can_take()
    {
        var prefixes = SourceFiles()
            .SelectMany(f => DynamicKeyPattern().Matches(File.ReadAllText(f)).Select(m => (Prefix: m.Groups[1].Value, File: Relative(f))))
            .ToList();
        prefixes.ShouldNotBeEmpty();
        prefixes.Where(p => !DynamicKeys.ContainsKey(p.Prefix)).Select(p => $"{p.Prefix} in {p.File}")
            .ShouldBeEmpty("a new key built at run time: list all the values it can take in DynamicKeys");

        var missing = DynamicKeys.Values.SelectMany(keys => keys).Where(k => !English.ContainsKey(k) || !Spanish.ContainsKey(k)).ToList();
        missing.ShouldBeEmpty();
    }

    private static Regex[] KeyPatterns =>
        [LiteralKeyPattern(), ErrorMessagePattern(), DisplayNamePattern(), ProblemPattern(), InvalidPattern(), IdentityErrorPattern()];

    [Fact]
    public void Every_way_of_using_a_key_is_found_by_the_scan()
    {
        var texts = SourceFiles().Select(File.ReadAllText).ToList();
        foreach (var pattern in KeyPatterns)
            texts.Any(pattern.IsMatch).ShouldBeTrue($"the pattern {pattern} matches nothing: the scan would miss keys");
    }

    private static IEnumerable<(string Key, string File)> UsedKeys()
    {
        foreach (var file in SourceFiles())
        {
            var text = File.ReadAllText(file);
            foreach (var pattern in KeyPatterns)
                foreach (Match m in pattern.Matches(text))
                    yield return (m.Groups[1].Value, Relative(file));
        }
    }

    private static IEnumerable<string> SourceFiles() =>
        new[] { "Pauta.Core", "Pauta.Data", "Pauta.Web" }
            .Select(p => Path.Combine(RepoRoot, "src", p))
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*.*", SearchOption.AllDirectories))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}"));

    private static HashSet<int> Placeholders(string text) =>
        PlaceholderPattern().Matches(text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

    private static IReadOnlyDictionary<string, string> Load(string language) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(ResourcesDir, $"strings.{language}.json")))!;

    private static string Relative(string file) => Path.GetRelativePath(RepoRoot, file);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Pauta.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"Pauta.slnx not found above {AppContext.BaseDirectory}");
    }

    // L["Key"] or l["Key", args] — a complete literal key.
    [GeneratedRegex("""\b[Ll]\[\s*"([^"\\]+)"\s*[\],]""")]
    private static partial Regex LiteralKeyPattern();

    // L["Role." + role] — a key built at run time; group 1 is its literal prefix.
    [GeneratedRegex("""\b[Ll]\[\s*"([^"\\]+)"\s*\+""")]
    private static partial Regex DynamicKeyPattern();

    [GeneratedRegex("""ErrorMessage\s*=\s*"([^"\\]+)"\s*""")]
    private static partial Regex ErrorMessagePattern();

    [GeneratedRegex("""Display\(\s*Name\s*=\s*"([^"\\]+)"\s*""")]
    private static partial Regex DisplayNamePattern();

    // new Problem(field, "Code", ...) — the field may be nameof(...) or a call.
    [GeneratedRegex("""new Problem\((?:[^,()"]|\([^()]*\)|"[^"]*")+,\s*"([^"\\]+)"\s*[,)]""")]
    private static partial Regex ProblemPattern();

    // Outcome<T>.Invalid("Field", "Code", ...)
    [GeneratedRegex("""\.Invalid\(\s*"[^"]*"\s*,\s*"([^"\\]+)"\s*[,)]""")]
    private static partial Regex InvalidPattern();

    // LocalizedIdentityErrors: E(nameof(X), "Identity.Key", ...)
    [GeneratedRegex("""\bE\(\s*nameof\([^)]*\)\s*,\s*"([^"\\]+)"\s*[,)]""")]
    private static partial Regex IdentityErrorPattern();

    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex PlaceholderPattern();
}
