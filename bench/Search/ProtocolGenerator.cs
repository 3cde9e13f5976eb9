using System.Text.RegularExpressions;
using Pauta.Core.Protocols;
using Pauta.Web.Features.Protocols;

namespace Pauta.Bench.Search;

/// <summary>
/// Thousands of different, realistic Spanish protocols made from the eleven demo ones by mutation, so the index
/// holds varied text with a natural spread of common and rare words rather than eleven texts repeated:
/// each copy gets a title qualifier (a city, a product line, a campaign), a sentence about where it applies,
/// a few extra glossary terms, and about one word in eight of its text swapped for another word of the demo corpus.
/// Deterministic for a given seed.
/// </summary>
public sealed partial class ProtocolGenerator
{
    private static readonly string[] Places =
    [
        "Madrid centro", "Sevilla", "Bilbao", "Valencia", "Zaragoza", "Málaga", "Murcia", "Palma", "Córdoba", "Alicante", "Valladolid",
        "Vigo", "Gijón", "Granada", "A Coruña", "Vitoria", "Pamplona", "Santander", "Toledo", "Salamanca", "Cádiz", "Almería", "Huelva",
        "León", "Logroño", "Badajoz", "Cáceres", "Oviedo", "Tarragona", "Girona", "Lleida", "Castellón", "Albacete", "Jaén", "Burgos",
        "Segovia", "Ávila", "Teruel", "Huesca", "Soria", "Getafe", "Móstoles", "Alcalá de Henares", "Elche", "Cartagena", "Jerez",
    ];

    private static readonly string[] Lines =
    [
        "cosmética", "peluquería", "manicura", "calzado", "moda infantil", "electrodomésticos", "perfumería", "joyería", "deportes",
        "hogar", "telefonía", "informática", "juguetes", "óptica", "papelería", "jardinería", "bricolaje", "alimentación", "bebidas",
        "mascotas", "tratamientos faciales", "depilación", "maquillaje", "relojería", "lencería", "textil hogar", "menaje",
    ];

    private static readonly string[] Contexts =
    [
        "campaña de verano", "rebajas de enero", "Black Friday", "Navidad", "vuelta al cole", "apertura de tienda", "temporada alta",
        "fin de semana", "turno de tarde", "turno de noche", "clientes VIP", "pedidos grandes", "empresas", "tarjeta de fidelidad",
        "venta en línea", "franquicias", "outlet", "inventario anual", "Día de la Madre", "San Valentín",
    ];

    private static readonly (string Name, string Definition)[] Jargon =
    [
        ("ticket regalo", "Justificante sin precio para que quien recibe un regalo pueda cambiarlo."),
        ("vale de compra", "Saldo a favor del cliente que se gasta en la tienda."),
        ("albarán", "Documento que acompaña la entrega de la mercancía."),
        ("RMA", "Número de autorización para devolver un producto al proveedor."),
        ("SAT", "Servicio de asistencia técnica del fabricante."),
        ("garantía ampliada", "Cobertura que el cliente contrata más allá de la legal."),
        ("financiación", "Pago aplazado de la compra con una entidad financiera."),
        ("cita previa", "Hora reservada de antemano para un servicio."),
        ("lista de espera", "Clientes que quieren una cita si se libera un hueco."),
        ("bono", "Paquete de sesiones pagado por adelantado."),
        ("abono", "Devolución del importe en el mismo medio de pago."),
        ("factura simplificada", "Factura sin los datos fiscales del cliente."),
        ("IBAN", "Número de cuenta bancaria para devolver por transferencia."),
        ("CIF", "Código de identificación fiscal de una empresa."),
        ("click and collect", "Compra en línea recogida en la tienda."),
        ("picking", "Preparación de los artículos de un pedido en el almacén."),
    ];

    private readonly IReadOnlyList<Protocol> _bases;
    private readonly string[] _vocabulary;
    private readonly int _seed;

    public ProtocolGenerator(IReadOnlyList<Protocol> bases, int seed)
    {
        _bases = bases;
        _seed = seed;
        // The demo corpus's own words, with repeats: a common word is picked as often as it is used.
        _vocabulary = bases.SelectMany(p => Word().Matches(ProtocolsService.SearchText(p)).Select(m => m.Value.ToLowerInvariant())).ToArray();
    }

    public Protocol Next(int index)
    {
        var random = new Random(HashCode.Combine(_seed, index));
        var b = _bases[index % _bases.Count];
        var place = Pick(random, Places);
        var line = Pick(random, Lines);
        var context = Pick(random, Contexts);
        var qualifier = random.Next(4) switch
        {
            0 => place,
            1 => line,
            2 => context,
            _ => $"{place} ({line})",
        };
        string M(string text) => Mutate(random, text);
        string? N(string? text) => text is null ? null : Mutate(random, text);
        Step S(Step s) => s with
        {
            Title = M(s.Title), Instruction = M(s.Instruction), Checklist = s.Checklist.Select(M).ToList(),
            Scripts = s.Scripts.Select(sc => sc with { Text = M(sc.Text) }).ToList(), Question = N(s.Question),
            Answers = s.Answers.Select(a => a with { Label = M(a.Label) }).ToList(), GoodExample = N(s.GoodExample), BadExample = N(s.BadExample),
        };
        var extraTerms = Enumerable.Range(0, random.Next(3)).Select(_ => Pick(random, Jargon)).DistinctBy(t => t.Name)
            .Select(t => new Term(t.Name, t.Definition));
        return b with
        {
            Title = $"{b.Title} · {qualifier}",
            Purpose = $"{M(b.Purpose)} En {place}, el equipo de {line} lo aplica también en {context}.",
            Scope = M(b.Scope),
            Terms = b.Terms.Select(t => t with { Definition = M(t.Definition) }).Concat(extraTerms).ToList(),
            Responsibilities = b.Responsibilities.Select(r => r with { Duties = M(r.Duties) }).ToList(),
            Steps = b.Steps.Select(S).ToList(),
            ContingencyPlans = b.ContingencyPlans.Select(p => p with { Name = M(p.Name), Trigger = M(p.Trigger), Steps = p.Steps.Select(S).ToList() }).ToList(),
            EscalationRules = b.EscalationRules.Select(e => e with { Detail = M(e.Detail) }).ToList(),
        };
    }

    /// <summary>Swaps about one word of five letters or more in eight for a word of the corpus; placeholders like {agente} stay.</summary>
    private string Mutate(Random random, string text) => Word().Replace(text, m =>
    {
        if (m.Value.Length < 5 || random.Next(8) != 0 || IsPlaceholder(text, m)) return m.Value;
        var w = _vocabulary[random.Next(_vocabulary.Length)];
        return char.IsUpper(m.Value[0]) ? char.ToUpperInvariant(w[0]) + w[1..] : w;
    });

    private static bool IsPlaceholder(string text, Match m) =>
        m.Index > 0 && text[m.Index - 1] is '{' or '|' || m.Index + m.Length < text.Length && text[m.Index + m.Length] is '}' or '|';

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
