using Pauta.Core.Protocols;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pauta.Bench.Search;
using Pauta.Data;
using Pauta.Data.Entities;
using Pauta.Data.Protocols;
using Pauta.Data.Tenancy;
using Pauta.Web.Features.Demo;
using Pauta.Web.Features.Protocols;

// bench/run-search.sh drives this tool; each command prints one markdown table row block and writes JSON.
//   seed    --provider Sqlite|Postgres --connection CS [--count 5000] [--seed 42]
//   measure --provider ... --connection CS [--rounds 20] [--warmup 3] [--out file.json]
//   http    --base http://127.0.0.1:PORT [--rounds 10] [--warmup 2] [--out file.json]
//   reindex --provider ... --connection CS [--times 20] [--out file.json]
var command = args.Length > 0 ? args[0] : "";
var options = Options.Parse(args.Skip(1));
switch (command)
{
    case "seed": await Bench.SeedAsync(options); break;
    case "measure": await Bench.MeasureAsync(options); break;
    case "http": await Bench.HttpAsync(options); break;
    case "reindex": await Bench.ReindexAsync(options); break;
    default:
        Console.Error.WriteLine("usage: Search seed|measure|http|reindex --provider Sqlite|Postgres --connection CS | --base URL");
        return 2;
}
return 0;

namespace Pauta.Bench.Search
{
    internal sealed class Options(Dictionary<string, string> values)
    {
        public static Options Parse(IEnumerable<string> args)
        {
            var list = args.ToList();
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < list.Count; i += 2)
            {
                if (!list[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"expected --name value, got {list[i]}");
                values[list[i][2..]] = list[i + 1];
            }
            return new Options(values);
        }

        public Options With(string name, string value) => new(new Dictionary<string, string>(values) { [name] = value });

        public string Get(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
        public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
    }

    internal enum Kind { Common, Accentless, TwoWords, ThreeWords, Prefix, Rare, NoHit }

    internal sealed record Query(string Text, Kind Kind);

    internal static class Bench
    {
        private const string DemoOrganisation = "Tiendas Suárez";
        private const string Author = "lucia@suarez.example";
        private const string Agent = "sofia@suarez.example";
        private const string Password = "Pauta-demo-1";
        private const int Limit = ProtocolSearch.DefaultLimit;

        /// <summary>What people type: whole words, words without their accents or in capitals, two or three words, words half typed (as htmx sends them), rare words and words nobody wrote.</summary>
        public static readonly IReadOnlyList<Query> Queries =
        [
            .. new[] { "cliente", "tienda", "cita", "factura", "devolución", "queja", "teléfono", "correo", "saludo", "pedido" }.Select(q => new Query(q, Kind.Common)),
            .. new[] { "devolucion", "atencion", "telefono", "reclamacion", "facturacion", "cancelacion", "ATENCIÓN", "SALON" }.Select(q => new Query(q, Kind.Accentless)),
            .. new[] { "cliente molesto", "cita salón", "error factura", "pedido retraso", "hoja reclamaciones", "devolución dinero", "chat redes",
                "cambio talla", "reserva cita", "responsable tienda" }.Select(q => new Query(q, Kind.TwoWords)),
            .. new[] { "cliente pide responsable", "cancelar cita salon", "factura cobro duplicado" }.Select(q => new Query(q, Kind.ThreeWords)),
            .. new[] { "cli", "clie", "devol", "reclam", "fact", "canc", "pedi", "sal", "aten", "resp", "garan", "reemb" }.Select(q => new Query(q, Kind.Prefix)),
            .. new[] { "L.A.S.T.", "ticket regalo", "Valladolid", "jardinería", "albarán", "IBAN" }.Select(q => new Query(q, Kind.Rare)),
            .. new[] { "unicornio", "xyzzy plugh" }.Select(q => new Query(q, Kind.NoHit)),
        ];

        private static ServiceProvider Services(Options o)
        {
            var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Pauta:Database:Provider"] = o.Get("provider"),
                [$"ConnectionStrings:{DataServices.ConnectionStringName}"] = o.Get("connection"),
            }).Build();
            var services = new ServiceCollection();
            services.AddPautaData(config);
            return services.BuildServiceProvider();
        }

        private static async Task<(Guid Organisation, Guid Author)> DemoAsync(ServiceProvider sp)
        {
            using var scope = sp.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
            var org = await db.Organisations.IgnoreQueryFilters().Where(o => o.Name == DemoOrganisation).Select(o => o.Id).SingleAsync();
            var author = await db.Users.Where(u => u.Email == Author).Select(u => u.Id).SingleAsync();
            return (org, author);
        }

        // ---------------------------------------------------------------- seed

        public static async Task SeedAsync(Options o)
        {
            var count = o.Int("count", 5000);
            await using var sp = Services(o);
            var (org, author) = await DemoAsync(sp);
            var demos = DemoSeeder.ProtocolFiles().Select(f => ProtocolFile.Parse(f.Name, f.Text).Protocol!).ToList();
            var generator = new ProtocolGenerator(demos, o.Int("seed", 42));
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            var started = Stopwatch.GetTimestamp();
            long bodyChars = 0;
            const int batch = 250;
            for (var done = 0; done < count; done += batch)
            {
                using var scope = sp.CreateScope();
                scope.ServiceProvider.GetRequiredService<Tenant>().Set(org);
                var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
                for (var i = done; i < Math.Min(count, done + batch); i++)
                {
                    var p = generator.Next(i);
                    var id = Guid.CreateVersion7();
                    var title = p.Title.Trim();
                    var body = ProtocolsService.SearchText(p);
                    bodyChars += body.Length;
                    db.Protocols.Add(new ProtocolRecord
                    {
                        Id = id, Title = title, DepartmentName = p.Department.Trim(), PublishedVersion = 1,
                        LastVerifiedAt = now, CreatedAt = now, UpdatedAt = now,
                    });
                    db.ProtocolVersions.Add(new ProtocolVersion
                    {
                        ProtocolId = id, Number = 1, Title = title, DepartmentName = p.Department.Trim(), Text = ProtocolFile.Write(p),
                        ChangeSize = ChangeSize.Major, ChangeSummary = "Primera versión.", AuthorUserId = author,
                        PublishedByUserId = author, PublishedAt = now,
                    });
                    db.ProtocolSearchEntries.Add(new ProtocolSearchEntry
                    {
                        ProtocolId = id, VersionNumber = 1, Language = p.Language, Title = title, Body = body,
                    });
                }
                await db.SaveChangesAsync();
            }
            using (var scope = sp.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
                // What autovacuum / a DBA would have done by the time 5,000 protocols exist.
                await db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql() ? "VACUUM ANALYZE" : "ANALYZE");
            }
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine($"seeded {count} protocols in {seconds:F1} s; average search body {bodyChars / Math.Max(1, count)} characters");
        }

        // ---------------------------------------------------------------- measure in process

        public static async Task MeasureAsync(Options o)
        {
            var postgres = o.Get("provider").Equals("Postgres", StringComparison.OrdinalIgnoreCase);
            if (postgres)
            {
                // One pooled connection, so one server process serves every search and its CPU time can be read (same machine).
                var builder = new Npgsql.NpgsqlConnectionStringBuilder(o.Get("connection")) { MaxPoolSize = 1 };
                o = o.With("connection", builder.ConnectionString);
            }
            await using var sp = Services(o);
            var (org, _) = await DemoAsync(sp);
            var backend = 0;
            if (postgres)
            {
                using var scope = sp.CreateScope();
                backend = await scope.ServiceProvider.GetRequiredService<PautaDbContext>().Database
                    .SqlQueryRaw<int>("SELECT pg_backend_pid() AS \"Value\"").SingleAsync();
            }
            ServerTicks = () => backend == 0 ? 0 : ProcessTicks(backend);
            var (rounds, warmup) = (o.Int("rounds", 20), o.Int("warmup", 3));
            var results = await RunAsync(rounds, warmup, o.Int("seed", 7), async q =>
            {
                // One scope per search, as one request would have: a fresh DbContext on a pooled connection.
                using var scope = sp.CreateScope();
                scope.ServiceProvider.GetRequiredService<Tenant>().Set(org);
                var search = new ProtocolSearch(scope.ServiceProvider.GetRequiredService<PautaDbContext>());
                var started = Stopwatch.GetTimestamp();
                var outcome = await search.SearchAsync(q.Text, Limit, CancellationToken.None);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!outcome.Succeeded) throw new InvalidOperationException($"search '{q.Text}' failed: {outcome.Failure}");
                return (ms, outcome.Value!.Count);
            });
            Report($"in process, {o.Get("provider")}", results, o.Get("out", ""));
        }

        // ---------------------------------------------------------------- measure over HTTP

        public static async Task HttpAsync(Options o)
        {
            var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true };
            using var http = new HttpClient(handler) { BaseAddress = new Uri(o.Get("base")), Timeout = TimeSpan.FromSeconds(30) };
            var signin = await http.GetStringAsync("/account/signin");
            var token = Regex.Match(signin, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            if (token.Length == 0) throw new InvalidOperationException("no antiforgery token on /account/signin");
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = o.Get("email", Agent), ["Input.Password"] = o.Get("password", Password), ["__RequestVerificationToken"] = token,
            });
            var posted = await http.PostAsync("/account/signin", form);
            if (posted.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in answered {(int)posted.StatusCode}");

            var results = await RunAsync(o.Int("rounds", 10), o.Int("warmup", 2), o.Int("seed", 7), async q =>
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync($"/api/v1/protocols/search?limit={Limit}&q={Uri.EscapeDataString(q.Text)}");
                var body = await response.Content.ReadAsByteArrayAsync();
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"'{q.Text}' answered {(int)response.StatusCode}");
                using var json = JsonDocument.Parse(body);
                return (ms, json.RootElement.GetArrayLength());
            });
            Report("HTTP GET /api/v1/protocols/search", results, o.Get("out", ""));
        }

        // ---------------------------------------------------------------- index upkeep

        /// <summary>What keeping the index current costs a publish: one search entry rewritten (the triggers / generated column do the rest).</summary>
        public static async Task ReindexAsync(Options o)
        {
            await using var sp = Services(o);
            var (org, _) = await DemoAsync(sp);
            var times = new List<double>();
            var random = new Random(3);
            List<Guid> ids;
            using (var scope = sp.CreateScope())
            {
                scope.ServiceProvider.GetRequiredService<Tenant>().Set(org);
                ids = await scope.ServiceProvider.GetRequiredService<PautaDbContext>().ProtocolSearchEntries.Select(e => e.ProtocolId).ToListAsync();
            }
            for (var i = 0; i < o.Int("times", 20); i++)
            {
                using var scope = sp.CreateScope();
                scope.ServiceProvider.GetRequiredService<Tenant>().Set(org);
                var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
                var id = ids[random.Next(ids.Count)];
                var entry = await db.ProtocolSearchEntries.SingleAsync(e => e.ProtocolId == id);
                entry.Body += "\nRevisado.";
                entry.VersionNumber++;
                var started = Stopwatch.GetTimestamp();
                await db.SaveChangesAsync();
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            times.Sort();
            var line = $"index update per publish ({o.Get("provider")}, {times.Count} times): p50 {Percentile(times, 50):F1} ms, max {times[^1]:F1} ms";
            Console.WriteLine(line);
            if (o.Get("out", "") is { Length: > 0 } path)
                await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { p50 = Percentile(times, 50), max = times[^1] }));
        }

        // ---------------------------------------------------------------- timing and report

        private sealed record Sample(Query Query, double Ms, int Hits);

        private static double CpuMsPerSearch;
        private static double ServerCpuMsPerSearch;
        private static Func<long> ServerTicks = () => 0;
        // USER_HZ: the unit of utime and stime in /proc/<pid>/stat on Linux.
        private const double ClockTicksPerSecond = 100;

        private static long ProcessTicks(int pid)
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        private static async Task<List<Sample>> RunAsync(int rounds, int warmup, int seed, Func<Query, Task<(double Ms, int Hits)>> search)
        {
            var random = new Random(seed);
            var samples = new List<Sample>();
            var cpu = TimeSpan.Zero;
            long serverTicks = 0;
            for (var round = 0; round < warmup + rounds; round++)
            {
                // A different order every round, so no query always follows the same one (caches, connection reuse).
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                var serverBefore = ServerTicks();
                foreach (var q in Queries.OrderBy(_ => random.Next()))
                {
                    var (ms, hits) = await search(q);
                    if (round >= warmup) samples.Add(new Sample(q, ms, hits));
                }
                if (round >= warmup)
                {
                    cpu += Process.GetCurrentProcess().TotalProcessorTime - before;
                    serverTicks += ServerTicks() - serverBefore;
                }
            }
            ServerCpuMsPerSearch = serverTicks * 1000.0 / ClockTicksPerSecond / Math.Max(1, samples.Count);
            // CPU time of this process per search: a figure other people's load on the machine disturbs much less than wall time.
            CpuMsPerSearch = cpu.TotalMilliseconds / Math.Max(1, samples.Count);
            return samples;
        }

        private static double Percentile(List<double> sorted, double p) =>
            sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

        private static void Report(string what, List<Sample> samples, string outPath)
        {
            var all = samples.Select(s => s.Ms).Order().ToList();
            var (p50, p95, p99) = (Percentile(all, 50), Percentile(all, 95), Percentile(all, 99));
            Console.WriteLine($"{what}: {samples.Count} searches ({Queries.Count} queries × {samples.Count / Queries.Count} rounds), limit {Limit}");
            Console.WriteLine($"  all: p50 {p50:F2} ms, p95 {p95:F2} ms, p99 {p99:F2} ms, max {all[^1]:F2} ms, mean {all.Average():F2} ms; " +
                              $"CPU per search: this process {CpuMsPerSearch:F2} ms" +
                              (ServerCpuMsPerSearch > 0 ? $", PostgreSQL server process {ServerCpuMsPerSearch:F2} ms" : ""));
            var kinds = samples.GroupBy(s => s.Query.Kind).OrderBy(g => g.Key).Select(g =>
            {
                var t = g.Select(s => s.Ms).Order().ToList();
                return new { kind = g.Key.ToString(), p50 = Percentile(t, 50), p95 = Percentile(t, 95), hits = g.Average(s => s.Hits) };
            }).ToList();
            foreach (var k in kinds) Console.WriteLine($"  {k.kind,-11} p50 {k.p50,7:F2} ms  p95 {k.p95,7:F2} ms  hits {k.hits,5:F1}");
            var slowest = samples.GroupBy(s => s.Query.Text).Select(g =>
            {
                var t = g.Select(s => s.Ms).Order().ToList();
                return new { query = g.Key, p50 = Percentile(t, 50), p95 = Percentile(t, 95), hits = g.First().Hits };
            }).OrderByDescending(x => x.p95).Take(8).ToList();
            Console.WriteLine("  slowest queries by p95: " + string.Join("; ", slowest.Select(s => $"'{s.query}' {s.p95:F1} ms ({s.hits} hits)")));
            if (outPath.Length > 0)
                File.WriteAllText(outPath, JsonSerializer.Serialize(new { what, count = samples.Count, p50, p95, p99, max = all[^1], mean = all.Average(), cpu = CpuMsPerSearch, serverCpu = ServerCpuMsPerSearch, kinds, slowest }));
        }
    }
}
