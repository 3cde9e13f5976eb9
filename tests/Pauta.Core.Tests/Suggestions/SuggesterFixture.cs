using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using Pauta.Core.Suggestions;

namespace Pauta.Core.Tests.Suggestions;

/// <summary>A few small protocols, written in code, for the suggester's unit tests.</summary>
internal static class SuggesterFixture
{
    private static Step Step(string key, string title, string instruction, Stage stage = Stage.Analysis) =>
        new() { Key = key, Stage = stage, Title = title, Instruction = instruction };

    public static readonly Protocol Returns = new()
    {
        Title = "Devoluciones y cambios",
        Purpose = "Tramitar devoluciones y cambios de productos según la política de la tienda.",
        Channels = Channels.InPerson | Channels.Phone | Channels.Electronic,
        Terms = [new Term("Ticket de compra", "Justificante de la compra.")],
        Steps =
        [
            Step("ticket", "Comprobar el ticket", "Pide el ticket y mira la fecha de compra."),
            Step("dinero", "Devolver el dinero", "Devuelve el dinero por el mismo medio de pago.", Stage.Solution),
        ],
    };

    public static readonly Protocol Complaints = new()
    {
        Title = "Quejas y reclamaciones",
        Purpose = "Recoger y responder las quejas y reclamaciones de los clientes.",
        Channels = Channels.All,
        Steps = [Step("hoja", "Entregar la hoja de reclamaciones", "Entrega la hoja oficial sin poner trabas.")],
    };

    public static readonly Protocol Upset = new()
    {
        Title = "Cliente molesto",
        Purpose = "Calmar a un cliente enfadado y resolver su problema.",
        Channels = Channels.InPerson | Channels.Phone | Channels.Electronic,
        Steps = [Step("escuchar", "Escuchar", "Deja que el cliente se desahogue sin interrumpir.")],
        ContingencyPlans =
        [
            new ContingencyPlan
            {
                Key = "cliente-agresivo",
                Name = "Cliente agresivo",
                Trigger = "El cliente insulta, amenaza o se pone violento.",
                Steps = [Step("limite", "Poner un límite", "Habla despacio y avisa al supervisor.")],
            },
        ],
    };

    public static readonly Protocol Booking = new()
    {
        Title = "Reserva de citas en el salón",
        Purpose = "Dar cita a cada cliente con el servicio y la estilista adecuados.",
        Channels = Channels.InPerson | Channels.Phone | Channels.Electronic,
        Steps = [Step("servicio", "Preguntar el servicio", "Pregunta qué servicio quiere: tinte, corte o manicura.")],
    };

    public static readonly Protocol Cancelling = new()
    {
        Title = "Cancelación de citas del salón",
        Purpose = "Anular o cambiar la cita de un cliente sin perder el hueco.",
        Channels = Channels.InPerson | Channels.Phone | Channels.Electronic,
        Steps = [Step("anular", "Anular la cita", "Anula la cita en la agenda.")],
    };

    public static readonly Protocol PhoneCalls = new()
    {
        Title = "Atención telefónica",
        Purpose = "Atender las llamadas de los clientes con rapidez.",
        Channels = Channels.Phone,
        Steps = [Step("descolgar", "Descolgar y saludar", "Descuelga antes del tercer tono.", Stage.Opening)],
    };

    public static readonly Protocol Letters = new()
    {
        Title = "Respuestas escritas y cartas",
        Purpose = "Responder por carta a los clientes que escriben por correo postal.",
        Channels = Channels.Print,
        Steps = [Step("carta", "Redactar la carta", "Usa la plantilla de carta.")],
    };

    public static readonly Protocol Mobiles = new()
    {
        Title = "Reparación de móviles",
        Purpose = "Recoger el móvil averiado del cliente y enviarlo al servicio técnico.",
        Channels = Channels.InPerson,
        Steps = [Step("recoger", "Recoger el móvil", "Anota el modelo y el fallo.")],
    };

    public static IReadOnlyList<SuggestionCandidate> All =>
    [
        new("returns", Returns), new("complaints", Complaints), new("upset", Upset), new("booking", Booking),
        new("cancelling", Cancelling), new("phone", PhoneCalls), new("letters", Letters), new("mobiles", Mobiles),
    ];

    public static readonly ProtocolSuggester Suggester = new(All);
}
