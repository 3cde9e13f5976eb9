using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Data;
using Pauta.Cli;

// `pauta` — the operator's and author's command-line tool: database migrations for production (where web
// nodes start with Pauta:Database:MigrateOnStart=false), `pauta lint` for protocol files, offline, and
// `pauta export` / `pauta import` to carry protocol files to and from a server with an API token.
var provider = new Option<string?>("--provider") { Description = "sqlite or postgres (default: Pauta__Database__Provider, else sqlite)" };
var connection = new Option<string?>("--connection") { Description = "Connection string (default: ConnectionStrings__Pauta, else Data Source=data/pauta.db)" };

var migrate = new Command("migrate", "Apply every pending migration to the database.") { provider, connection };
migrate.SetAction(async (parse, ct) =>
{
    await using var scope = Build(parse.GetValue(provider), parse.GetValue(connection));
    var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
    var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
    await DatabaseSetup.MigrateAsync(db, ct);
    Console.WriteLine(pending.Count == 0 ? "Database is up to date." : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}");
    return 0;
});

var status = new Command("status", "List applied and pending migrations; exit code 1 when some are pending.") { provider, connection };
status.SetAction(async (parse, ct) =>
{
    await using var scope = Build(parse.GetValue(provider), parse.GetValue(connection));
    var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
    var applied = await db.Database.GetAppliedMigrationsAsync(ct);
    var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
    foreach (var m in applied) Console.WriteLine($"applied  {m}");
    foreach (var m in pending) Console.WriteLine($"pending  {m}");
    return pending.Count == 0 ? 0 : 1;
});

var files = new Argument<FileInfo[]>("files") { Description = "Protocol files (Markdown with YAML front matter)", Arity = ArgumentArity.ZeroOrMore };
var format = new Option<string>("--format") { Description = "text (file:line:column: severity: code message) or json", DefaultValueFactory = _ => "text" };
format.AcceptOnlyFromAmong("text", "json");
var lang = new Option<string>("--lang") { Description = "Language of the messages: en or es (the server's own sentences)", DefaultValueFactory = _ => "en" };
lang.AcceptOnlyFromAmong([.. LintTexts.Languages]);
var explain = new Option<string?>("--explain") { Description = "Explain a linter code, e.g. Lint.PlaceholderUnknown, instead of checking files" };
var lint = new Command("lint", "Check protocol files offline with the same linter and messages as the server; exit code 1 on any error. " +
    "Checks that need the organisation (escalation targets) are listed as not run.") { files, format, lang, explain };
lint.SetAction(parse =>
{
    var language = parse.GetValue(lang) ?? "en";
    if (parse.GetValue(explain) is { } code) return LintCommand.Explain(code, language, Console.Out);
    var list = parse.GetValue(files) ?? [];
    if (list.Length == 0)
    {
        Console.Error.WriteLine("pauta lint: give one or more protocol files, or --explain CODE.");
        return 2;
    }
    return LintCommand.Run(list, parse.GetValue(format) ?? "text", language, Console.Out);
});

var server = new Option<string?>("--server") { Description = $"The Pauta server's address, e.g. https://pauta.example.com (default: {ServerCommands.ServerVariable})" };
var token = new Option<string?>("--token") { Description = $"An API token (default: {ServerCommands.TokenVariable}); export needs the read scope, import the write scope" };
var outDir = new Option<DirectoryInfo?>("--out") { Description = "Folder to write the files to (default: the current folder)" };
var id = new Option<Guid?>("--id") { Description = "Export only this protocol" };
var drafts = new Option<bool>("--drafts") { Description = "Export each protocol's working draft where it has one (managers' tokens)" };
var export = new Command("export", "Write each published protocol as <title>.md. Exit codes: 0 done, 2 refused by the server, 3 server unreachable.")
    { server, token, outDir, id, drafts };
export.SetAction((parse, ct) => ServerCommands.ExportAsync(parse.GetValue(server), parse.GetValue(token), parse.GetValue(outDir),
    parse.GetValue(id), parse.GetValue(drafts), Console.Out, ct));

var paths = new Argument<string[]>("paths") { Description = "Protocol files and folders (every .md file under them)", Arity = ArgumentArity.OneOrMore };
var import = new Command("import", "Check files offline, then import them as drafts, all or nothing. Exit codes: 0 done, " +
    "1 problems in the files (nothing imported), 2 refused by the server, 3 server unreachable.") { server, token, paths };
import.SetAction((parse, ct) => ServerCommands.ImportAsync(parse.GetValue(server), parse.GetValue(token), parse.GetValue(paths) ?? [], Console.Out, ct));

var contacts = new Option<int>("--contacts") { Description = "How many contacts to generate", Required = true };
var org = new Option<string?>("--org") { Description = "The organisation: its name as a slug (tiendas-suarez) or its id (default: the only one, else the demo)" };
var days = new Option<int>("--days") { Description = "Over how many days before now the contacts start", DefaultValueFactory = _ => 90 };
var seed = new Option<int?>("--seed") { Description = "The generator's seed: the same seed gives the same history (default: follows from the contacts already there)" };
var until = new Option<DateTimeOffset?>("--until") { Description = "The instant the history ends at, e.g. 2026-03-03T09:30:00Z (default: now)" };
var noAudit = new Option<bool>("--no-audit") { Description = "Do not append the contacts' actions to the audit log" };
var generate = new Command("generate", "Write a realistic past of contacts (agents, protocols and versions, branches, skips, breaches, surveys) " +
    "into an organisation, in bulk. Progress on stderr. Exit codes: 0 done, 1 bad arguments or no such organisation.")
    { contacts, org, days, seed, until, noAudit, provider, connection };
generate.SetAction(async (parse, ct) =>
{
    await using var scope = Build(parse.GetValue(provider), parse.GetValue(connection));
    var sp = scope.ServiceProvider;
    var configured = DataServices.ProviderFrom(sp.GetRequiredService<IConfiguration>());
    return await DemoCommands.GenerateAsync(sp.GetRequiredService<PautaDbContext>(), sp.GetRequiredService<Pauta.Data.Tenancy.Tenant>(), configured,
        parse.GetValue(contacts), parse.GetValue(org), parse.GetValue(days), parse.GetValue(seed), !parse.GetValue(noAudit),
        parse.GetValue(until) ?? sp.GetRequiredService<TimeProvider>().GetUtcNow(), Console.Out, Console.Error, ct);
});

var root = new RootCommand("Pauta command-line tool")
    { new Command("db", "Database tasks.") { migrate, status }, new Command("demo", "Demo data.") { generate }, lint, export, import };
return await root.Parse(args).InvokeAsync();

static AsyncServiceScope Build(string? provider, string? connection)
{
    var settings = new Dictionary<string, string?>();
    if (provider is not null) settings["Pauta:Database:Provider"] = provider;
    if (connection is not null) settings["ConnectionStrings:Pauta"] = connection;
    var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
    var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPautaData(configuration).BuildServiceProvider();
    return services.CreateAsyncScope();
}
