namespace Pauta.Core.History;

/// <summary>What customers say when they come, by protocol title (the demo organisation's protocols); null for others.</summary>
public static class HistoryReasons
{
    private static readonly Dictionary<string, string[]> ByTitle = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Bienvenida y saludo en recepción"] = ["Vengo a ver los abrigos de la nueva temporada", "Busco un regalo para mi madre", "¿Dónde están los probadores?"],
        ["Atención telefónica"] = ["Llamo para saber el horario de la tienda del centro", "¿Tienen estas botas en el 39?", "Quería preguntar por una oferta que vi"],
        ["Atención por chat, correo electrónico y redes sociales"] = ["Escribo por el chat para saber si hacen envíos a Canarias", "Os mando un correo por una talla", "Por Instagram: ¿cuándo vuelve el vestido azul?"],
        ["Respuestas escritas y cartas"] = ["Carta de un cliente pidiendo una factura antigua", "Me han escrito pidiendo el libro de reclamaciones"],
        ["Cliente molesto: método L.A.S.T."] = ["Estoy harto, es la tercera vez que vengo", "Nadie me ha llamado como me prometieron", "Llevo media hora esperando"],
        ["Quejas y reclamaciones"] = ["Quiero poner una reclamación por el trato recibido", "Me cobraron un servicio que no pedí y quiero reclamar", "El producto llegó roto y nadie me responde"],
        ["Devoluciones y cambios"] = ["Quiero devolver unos zapatos que me quedaron chicos", "Quiero cambiar esta camisa por otra talla", "Este bolso vino con la cremallera rota"],
        ["Reserva de citas en el salón de belleza"] = ["Quiero pedir cita para un tinte el sábado", "¿Tienen hueco para un corte mañana por la tarde?", "Quería reservar manicura para una boda"],
        ["Cancelación y cambio de citas del salón"] = ["Tengo que cancelar mi cita del jueves", "¿Puedo cambiar la cita de mañana a la semana que viene?", "No podré ir a la cita de las cinco"],
        ["Errores de facturación"] = ["Me han cobrado dos veces la misma compra", "El precio del ticket no es el de la etiqueta", "La factura tiene mal mi NIF"],
        ["Pedido en línea no recibido"] = ["Mi pedido no ha llegado y ya pasó la fecha", "El seguimiento dice entregado pero no tengo nada", "Hice un pedido hace diez días y sigo esperando"],
    };

    public static IReadOnlyList<string>? For(string title) => ByTitle.GetValueOrDefault(title.Trim());
}
