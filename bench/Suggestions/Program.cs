using System.Diagnostics;
using System.Globalization;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.Suggestions;
using Pauta.Data.Protocols;

// Protocol suggester benchmark. Builds the suggester over 500 protocols (the demo protocols and synthetic variants
// of them), then times Suggest(message, channel, 5) for every message of the four labelled sets,
// over many rounds after a warm-up, one query at a time on one thread. Prints construction time and the latency
// percentiles. Wall-clock figures suffer when other processes share the cores, so the process's CPU time is printed
// beside them, and the load average before the run. Then the long inputs: one Suggest each for a single word of 10k to
// 1M characters, a megabyte of one vowel and a megabyte of ordinary words (CPU and wall time). Options: --protocols N
// (500), --rounds N (50), --seed N (7), --long-max N (1,000,000: the longest long input), --long-only 1 (skip the rest).
var options = Options.Parse(args);
var root = FindRoot();
var demo = LoadDemo(root);
var messages = LoadMessages(root);

var candidates = Synthetic.Generate(demo, options.Protocols, options.Seed);

if (options.LongOnly)
{
    var quick = new ProtocolSuggester(candidates);
    quick.Suggest("quiero devolver unos zapatos", Channels.None, 5);
    Console.WriteLine($"Protocol suggester, long inputs only ({DateTimeOffsetText()}); load average before: {LoadAverage()}");
    LongInputs(quick, options.LongMax);
    return 0;
}

// Construction: the first build pays the JIT; report the median of the next five.
var loadBefore = LoadAverage();
_ = new ProtocolSuggester(candidates);
var builds = new List<double>();
var buildsCpu = new List<double>();
ProtocolSuggester suggester = null!;
for (var i = 0; i < 5; i++)
{
    var cpu = CpuMs();
    var start = Stopwatch.GetTimestamp();
    suggester = new ProtocolSuggester(candidates);
    builds.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    buildsCpu.Add(CpuMs() - cpu);
}

// Warm-up, then the measured rounds.
for (var round = 0; round < 5; round++)
    foreach (var (message, channel) in messages) suggester.Suggest(message, channel, 5);

var samples = new double[options.Rounds * messages.Count];
var n = 0;
var found = 0;
var queriesCpu = CpuMs();
var queriesStart = Stopwatch.GetTimestamp();
for (var round = 0; round < options.Rounds; round++)
{
    foreach (var (message, channel) in messages)
    {
        var start = Stopwatch.GetTimestamp();
        var result = suggester.Suggest(message, channel, 5);
        samples[n++] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (result.Count > 0) found++;
    }
}
var queriesWall = Stopwatch.GetElapsedTime(queriesStart).TotalMilliseconds;
queriesCpu = CpuMs() - queriesCpu;
Array.Sort(samples);

string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
double Percentile(double p) => samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(p / 100 * samples.Length) - 1)];

Console.WriteLine($"Protocol suggester benchmark ({DateTimeOffsetText()})");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeText()}; load average before the run: {loadBefore}");
Console.WriteLine($"protocols: {candidates.Count} ({demo.Count} demo + {candidates.Count - demo.Count} synthetic), entries (protocols + plans): {suggester.EntryCount}, terms: {suggester.TermCount}");
Console.WriteLine($"construction: median {Ms(Median(builds))} ms wall of 5 (min {Ms(builds.Min())}, max {Ms(builds.Max())}); median CPU {Ms(Median(buildsCpu))} ms");
Console.WriteLine($"queries: {samples.Length} ({messages.Count} messages x {options.Rounds} rounds, max 5 suggestions, one thread); {found} returned suggestions");
Console.WriteLine($"latency ms (wall, each query): p50 {Ms(Percentile(50))}, p95 {Ms(Percentile(95))}, p99 {Ms(Percentile(99))}, max {Ms(samples[^1])}, mean {Ms(samples.Average())}");
Console.WriteLine($"all queries: {Ms(queriesWall)} ms wall, {Ms(queriesCpu)} ms CPU, so {Ms(queriesCpu / samples.Length)} ms CPU per query on average");
LongInputs(suggester, options.LongMax);
return 0;

// One Suggest per long input, as pasted junk would arrive (the web refuses reasons past 2,000 characters before this).
static void LongInputs(ProtocolSuggester suggester, int max)
{
    var inputs = new List<(string Label, string Text)>();
    foreach (var length in new[] { 10_000, 40_000, 80_000, 160_000, 1_000_000 })
        if (length <= max) inputs.Add(($"one word of {length:N0} characters", string.Concat(Enumerable.Repeat("devolucion", length / 10))));
    if (max >= 1_000_000)
    {
        inputs.Add(("a megabyte of one vowel", new string('a', 1_000_000)));
        inputs.Add(("a megabyte of words", string.Concat(Enumerable.Repeat("quiero devolver ", 62_500))));
    }
    foreach (var (label, text) in inputs)
    {
        var cpu = CpuMs();
        var start = Stopwatch.GetTimestamp();
        suggester.Suggest(text, Channels.None, 5);
        var wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        Console.WriteLine($"long input, {label}: {(CpuMs() - cpu).ToString("0", CultureInfo.InvariantCulture)} ms CPU, " +
            $"{wall.ToString("0", CultureInfo.InvariantCulture)} ms wall");
    }
}

static double CpuMs()
{
    using var process = Process.GetCurrentProcess();
    return process.TotalProcessorTime.TotalMilliseconds;
}

static string LoadAverage()
{
    const string path = "/proc/loadavg";
    return File.Exists(path) ? string.Join(' ', File.ReadAllText(path).Split(' ').Take(3)) : "n/a";
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static string RuntimeText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription
    + (System.Runtime.GCSettings.IsServerGC ? ", server GC" : ", workstation GC");

static string DateTimeOffsetText() => TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

static string FindRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pauta.slnx"))) dir = dir.Parent;
        if (dir is not null) return dir.FullName;
    }
    throw new InvalidOperationException("Run from inside the Pauta repository (Pauta.slnx not found).");
}

static List<SuggestionCandidate> LoadDemo(string root)
{
    var folder = Path.Combine(root, "src", "Pauta.Web", "Features", "Demo", "Protocols");
    return Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal).Select(file =>
    {
        var name = Path.GetFileName(file);
        var parsed = ProtocolFile.Parse(name, File.ReadAllText(file));
        return new SuggestionCandidate(name, parsed.Protocol ?? throw new InvalidOperationException($"{name}: {string.Join("; ", parsed.Problems)}"));
    }).ToList();
}

static List<(string Message, Channels Channel)> LoadMessages(string root)
{
    var list = new List<(string, Channels)>();
    // The older sets have four columns (channel, protocol, plan, message); the issue 12 sets seven (channel, segment,
    // protocol, plan, hard, variant, message). The message is the last column either way.
    foreach (var file in new[] { "labelled-messages.tsv", "holdout-messages.tsv", "tuning-12.tsv", "heldout-12.tsv" })
    {
        foreach (var line in File.ReadLines(Path.Combine(root, "tests", "Pauta.Protocols.Tests", "Suggestions", file)))
        {
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith("channel\t", StringComparison.Ordinal)) continue;
            var parts = line.Split('\t');
            list.Add((parts[^1], ProtocolFile.ChannelNames[parts[0]]));
        }
    }
    return list;
}

internal sealed record Options(int Protocols, int Rounds, int Seed, int LongMax, bool LongOnly)
{
    public static Options Parse(string[] args)
    {
        int Get(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;
        }
        return new Options(Get("--protocols", 500), Get("--rounds", 50), Get("--seed", 7), Get("--long-max", 1_000_000), Get("--long-only", 0) == 1);
    }
}

/// <summary>
/// Synthetic protocols: each is a variant of a demo protocol on a new topic. It takes the demo protocol's structure
/// (steps, plans, terms) and rewrites its title, purpose and scope around a topic and a shop, swaps some words for
/// others from a pool of retail vocabulary, adds a step and a term of its own with a few made-up product names, and
/// draws its channels, so the index holds many protocols that look alike, share most words, and each bring a few
/// words of their own, as a real organisation's catalogue would.
/// </summary>
internal static class Synthetic
{
    private static readonly string[] Topics =
    [
        "garantía de electrodomésticos", "tarjeta de fidelización", "envíos internacionales", "venta de regalos de empresa",
        "listas de boda", "arreglos de ropa", "alquiler de trajes", "objetos perdidos", "pago a plazos", "financiación",
        "cheques regalo", "tarjetas regalo", "reservas de productos agotados", "encargos especiales", "montaje a domicilio",
        "recogida en tienda", "cambio de talla online", "productos de segunda mano", "reciclaje de aparatos", "club de socios",
        "promociones de temporada", "rebajas de verano", "rebajas de invierno", "venta privada", "preventa de novedades",
        "asesoría de imagen", "tratamientos capilares", "bonos del salón", "cursos de maquillaje", "eventos en tienda",
        "aparcamiento de clientes", "accesibilidad", "clientes con movilidad reducida", "niños perdidos en tienda",
        "seguridad y hurtos", "alarmas de caja", "datos personales y privacidad", "facturación a empresas",
        "pedidos de gran volumen", "clientes mayoristas", "reparación de móviles", "servicio técnico", "seguros de producto",
        "compra por teléfono", "pedidos por WhatsApp", "encuestas de satisfacción", "quejas en redes sociales",
        "recuperación de carritos", "suscripciones", "entregas urgentes",
    ];

    private static readonly string[] Shops =
    [
        "Centro", "Norte", "Sur", "Este", "Oeste", "Puerto", "Aeropuerto", "Estación", "Castellana", "Gran Vía",
        "Valencia", "Sevilla", "Bilbao", "Málaga", "Zaragoza", "Palermo", "Providencia", "Polanco", "Miraflores", "Chapinero",
    ];

    private static readonly string[] Vocabulary =
    [
        "cliente", "producto", "tienda", "pedido", "factura", "garantía", "reparación", "técnico", "plazo", "envío",
        "paquete", "tarjeta", "saldo", "puntos", "socio", "descuento", "promoción", "bono", "regalo", "boda", "novios",
        "arreglo", "costura", "bajo", "traje", "alquiler", "fianza", "objeto", "perdido", "encontrado", "financiación",
        "cuota", "interés", "contrato", "firma", "documento", "recogida", "montaje", "domicilio", "transportista",
        "segunda", "mano", "reciclaje", "aparato", "temporada", "rebaja", "novedad", "preventa", "asesora", "imagen",
        "capilar", "tratamiento", "curso", "maquillaje", "evento", "aparcamiento", "plaza", "accesibilidad", "rampa",
        "movilidad", "niño", "seguridad", "vigilante", "hurto", "alarma", "privacidad", "consentimiento", "empresa",
        "volumen", "mayorista", "móvil", "pantalla", "batería", "seguro", "póliza", "siniestro", "teléfono", "encuesta",
        "satisfacción", "carrito", "suscripción", "urgente", "mensajero", "almacén", "stock", "proveedor", "catálogo",
    ];

    public static List<SuggestionCandidate> Generate(IReadOnlyList<SuggestionCandidate> demo, int total, int seed)
    {
        var random = new Random(seed);
        var result = new List<SuggestionCandidate>(demo);
        for (var i = 0; result.Count < total; i++)
        {
            var source = demo[i % demo.Count].Protocol;
            var topic = Topics[random.Next(Topics.Length)];
            var shop = Shops[random.Next(Shops.Length)];
            var protocol = source with
            {
                Title = $"{Capitalise(topic)} ({shop}, variante {i + 1})",
                Purpose = $"{Capitalise(topic)}: {Mutate(source.Purpose, random)}",
                Scope = $"Tienda {shop}. {Mutate(source.Scope, random)}",
                Channels = RandomChannels(random, source.Channels),
                Terms = [.. source.Terms, new Term(Capitalise(Invented(random)), Sentence(random, 10) + " " + Invented(random) + ".")],
                Steps = [.. source.Steps.Select(s => Mutate(s, random)), ExtraStep(random, i)],
                ContingencyPlans = source.ContingencyPlans.Select(p => p with
                {
                    Name = $"{p.Name} ({Word(random)})",
                    Trigger = Mutate(p.Trigger, random),
                    Steps = p.Steps.Select(s => Mutate(s, random)).ToList(),
                }).ToList(),
            };
            result.Add(new SuggestionCandidate($"synthetic-{i + 1:000}", protocol));
        }
        return result;
    }

    private static Step Mutate(Step step, Random random) => step with
    {
        Title = Mutate(step.Title, random),
        Instruction = Mutate(step.Instruction, random) + " " + Sentence(random, 6),
    };

    private static Step ExtraStep(Random random, int i) => new()
    {
        Key = $"extra-{i}",
        Stage = Stage.Solution,
        Title = Capitalise(Sentence(random, 3)),
        Instruction = Capitalise(Sentence(random, 14)) + $" Modelos {Invented(random)}, {Invented(random)} y {Invented(random)}.",
        Checklist = [Capitalise(Sentence(random, 4)), Capitalise(Sentence(random, 4))],
    };

    /// <summary>Replaces about one word in six with a word of the pool.</summary>
    private static string Mutate(string text, Random random)
    {
        var words = text.Split(' ');
        for (var w = 0; w < words.Length; w++)
            if (words[w].Length > 3 && random.Next(6) == 0) words[w] = Word(random);
        return string.Join(' ', words);
    }

    private static string Sentence(Random random, int words) =>
        string.Join(' ', Enumerable.Range(0, words).Select(_ => Word(random))) + ".";

    private static string Word(Random random) => Vocabulary[random.Next(Vocabulary.Length)];

    private static readonly string[] Syllables =
        ["ka", "lo", "mi", "ter", "sa", "vin", "ro", "del", "pa", "nu", "gri", "fo", "ba", "len", "zo", "ti", "mar", "que", "dro", "li"];

    /// <summary>A made-up word (a brand, a model, a product line), so that each protocol brings words of its own.</summary>
    private static string Invented(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(2, 5)).Select(_ => Syllables[random.Next(Syllables.Length)]));

    private static Channels RandomChannels(Random random, Channels fallback)
    {
        var channels = (Channels)random.Next(1, 16);
        return channels == Channels.None ? fallback : channels;
    }

    private static string Capitalise(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
}
