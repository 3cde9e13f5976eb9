namespace Pauta.Core.History;

/// <summary>What people type in generated contacts (the demo organisation works in Spanish).</summary>
internal static class Texts
{
    public static readonly string[] FirstNames =
    [
        "Ana", "Luis", "María", "Javier", "Carmen", "José", "Lucía", "Pablo", "Elena", "Miguel", "Laura", "Antonio", "Marta", "Sergio",
        "Isabel", "Daniel", "Cristina", "Alejandro", "Pilar", "Francisco", "Rosa", "Manuel", "Sara", "David", "Nuria", "Adrián",
        "Beatriz", "Álvaro", "Julia", "Hugo", "Irene", "Raquel", "Óscar", "Noelia", "Rubén", "Alba",
    ];

    public static readonly string[] Surnames =
    [
        "García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz",
        "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso", "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez",
        "Ramos", "Gil", "Serrano", "Blanco", "Molina", "Castro", "Ortiz", "Rubio", "Marín", "Sanz", "Núñez", "Iglesias",
    ];

    public static readonly string[] SkipReasons =
    [
        "El cliente ya lo había explicado", "Cliente con prisa", "No aplica a este caso", "Ya se hizo en una visita anterior",
        "El sistema no respondía", "El cliente no quiso", "Lo resolvió otro compañero",
    ];

    public static readonly string[] Targets = ["Supervisor", "Jefa de atención al cliente", "Jefe de caja", "Coordinadora del salón"];

    public static readonly string[] EscalationReasons =
    [
        "El cliente pide hablar con un responsable", "Importe fuera de mi autorización", "Caso repetido sin solución",
        "El cliente amenaza con reclamar por escrito", "Necesito autorización para una excepción",
    ];

    public static readonly string[] Guidance =
    [
        "Ofrece un vale por las molestias y cierra.", "Sigue el protocolo; ya está autorizado.", "Llama al cliente mañana a primera hora.",
        "Aplica la excepción esta vez y anótalo.", "Pide el justificante y continúa.",
    ];

    public static readonly string[] NoteTexts =
    [
        "Se revisó el ticket", "Cliente satisfecho con la solución", "Pendiente de confirmar con almacén", "Se ofreció cambio",
        "Se devolvió el importe", "Se dio nueva cita", "Se explicó la política", "Llamar si no llega en 48 h", "Sin incidencias",
    ];

    public static readonly string[] OverrideReasons =
    [
        "El cliente tuvo que irse", "Se cortó la llamada", "El cliente dejó de responder", "Cerrado por duplicado",
        "Se atenderá en otra visita",
    ];

    public static readonly string[] LowScoreReasons =
    [
        "Esperé demasiado", "No me resolvieron nada", "Me trataron con prisas", "Me pasaron de una persona a otra",
        "No me devolvieron el dinero", "Nadie me llamó",
    ];

    public static readonly string[] GoodComments =
    [
        "Muy amables, gracias", "Rápido y sin problemas", "Me explicaron todo muy bien", "Volveré seguro",
    ];

    public static readonly string[] BadComments =
    [
        "Podría ser más rápido", "Tuve que repetir lo mismo varias veces", "Esperaba otra solución",
    ];
}
