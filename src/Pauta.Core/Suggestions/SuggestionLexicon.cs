namespace Pauta.Core.Suggestions;

/// <summary>
/// One shared concept of customer service: the words, in Spanish (Spain and Latin America) and English, that name it.
/// Each list is comma-separated; an entry with spaces is an expression matched word by word ("hoja de reclamaciones",
/// "fed up"). <paramref name="Related"/> words point at the concept without meaning the same ("hora" for an
/// appointment, "zapatos" for a product) and count for half.
/// </summary>
public sealed record LexiconConcept(string Id, string Spanish, string English = "", string Related = "", string RelatedEnglish = "");

/// <summary>
/// The synonym and regional lexicon of the suggester, kept as data in code: a customer says "plata", "boleta",
/// "turno" or "refund" and the protocol says "dinero", "ticket", "cita" or "devolución". The index and the query both
/// add the concept of every word they know here, so words of one concept meet whichever the author chose; the
/// words themselves still match as they are, and more strongly.
/// <para>
/// Words are written naturally (with accents, any inflection): they are folded and stemmed with the stemmer of their
/// language when the lexicon loads, so one entry covers its plural and verb forms. The list is general retail,
/// beauty-salon and customer-service vocabulary; it is not tied to any organisation's protocols. To extend it, add a
/// word to the concept it means, or a new concept; keep ambiguous words (a word that means two things to customers)
/// out, or in <c>Related</c>.
/// </para>
/// </summary>
public static class SuggestionLexicon
{
    public static readonly IReadOnlyList<LexiconConcept> Concepts =
    [
        // ---------------------------------------------------------------- returns, refunds, exchanges
        new("devolver",
            "devolver, devolución, devuelvo, devuelve, devuelven, devuélvame, reembolso, reembolsar, reintegro, reintegrar, regresar, retornar, descambiar",
            "return, returned, returning, refund, reimburse, reimbursement, money back, send back, give back, take back, bring back",
            "abono, abonar", "returns policy"),
        new("cambiar",
            "cambiar, cambio, descambiar, canjear, canje, sustituir, reemplazar, intercambiar",
            "exchange, swap, replace, replacement",
            "talla, talle, no me queda, me queda grande, me queda chico, me queda pequeño", "size, doesnt fit, does not fit"),
        new("dinero",
            "dinero, plata, pasta, lana, guita, efectivo, importe, monto",
            "money, cash, amount"),
        new("ticket",
            "ticket, tique, tiquet, tiquete, tiket, boleta, boleto de compra, comprobante, recibo, justificante, factura simplificada, comprobante de pago",
            "receipt, proof of purchase, till receipt, sales slip"),
        new("talla",
            "talla, talle, número de calzado, me queda, me quedó, me quedaron, le queda, apretado, ajustado, holgado",
            "size, sizes, fit, fits, tight, loose",
            "pequeño, chico, grande", "small, smaller, big, bigger, large, larger"),
        new("producto",
            "producto, artículo, mercancía, mercadería, prenda",
            "product, item, article, goods, merchandise",
            "ropa, zapatos, zapatillas, tenis, botas, sandalias, camisa, camiseta, remera, playera, pantalón, vaqueros, jeans, falda, pollera, vestido, jersey, suéter, buzo, chaqueta, campera, chamarra, abrigo, bolso, cartera, cinturón, licuadora, batidora, cafetera, tostadora, secador, plancha, aspiradora, perfume, colonia, crema, champú, maquillaje, móvil, celular, juguete, stock, existencias",
            "clothes, shoes, sneakers, trainers, boots, shirt, trousers, pants, jeans, skirt, dress, sweater, jumper, jacket, coat, bag, handbag, belt, blender, toaster, coffee maker, hairdryer, iron, perfume, cream, shampoo, makeup, toy, in stock"),
        new("movil",
            "móvil, celular, cel, smartphone, teléfono móvil",
            "mobile, cellphone, cell phone, smartphone"),
        new("defecto",
            "defectuoso, defecto, roto, romper, rompió, estropeado, estropear, averiado, dañado, fallado, no prende, no enciende, dejó de funcionar, viene mal, vino fallado",
            "defective, faulty, broken, broke, damaged, stopped working, wont turn on",
            "prender, encender", "turn on"),
        new("no-funciona", "no funciona, no anda, no sirve, no va, avería, caído, caída, se cayó, se colgó", "doesnt work, does not work, not working, is down, went down, crashed"),
        new("garantia", "garantía", "warranty, guarantee"),

        // ---------------------------------------------------------------- paying, billing
        new("cobro",
            "cobrar, cobro, cobraron, cargo, cargar, debitar, débito, descontar, cobrado de más, cobraron de más, de más, pagué de más",
            "charge, charged, overcharge, overcharged, billed, debit, debited",
            "pagar, pago, pagué, abonar", "pay, paid, payment"),
        new("doble", "doble, duplicado, dos veces, dos cargos, dos cobros, repetido", "twice, double, duplicate, duplicated, two charges"),
        new("factura", "factura, facturación, facturar", "invoice, invoiced, billing, bill"),
        new("fiscal",
            "nif, cif, nie, rut, rfc, cuit, ruc, razón social, datos fiscales, fiscal, impuesto, iva",
            "tax, vat, tax number, tax id, company name, business name"),
        new("precio", "precio, cuesta, costar, costo, coste, cuánto sale, cuánto vale, tarifa", "price, prices, cost, costs, how much"),
        new("descuento", "descuento, rebaja, rebajas, promoción, promo, oferta, cupón, código promocional, 2x1", "discount, on sale, in the sale, promotion, promo, coupon, offer, voucher code"),
        new("etiqueta", "etiqueta, cartel, letrero, precio marcado", "label, tag, price tag, sign, shelf price", "estantería, góndola, lineal", "shelf"),
        new("error", "error, equivocado, equivocación, erróneo, incorrecto, mal calculado, no cuadra, no coincide", "error, wrong, mistake, incorrect, doesnt match, does not match"),
        new("tarjeta", "tarjeta, tarjeta de crédito, tarjeta de débito, visa, mastercard, datáfono", "card, credit card, debit card"),
        new("banco", "banco, extracto, cuenta bancaria, resumen de cuenta, movimientos, transferencia bancaria", "bank, statement, bank statement, bank account"),
        new("compra", "compra, comprar, compré, adquirir, adquirí", "purchase, buy, bought"),
        new("datos", "datos, nombre, dirección, domicilio, razón social", "details, address, name, data"),

        // ---------------------------------------------------------------- complaints, upset customers
        new("queja",
            "queja, quejarse, quejar, quejo, reclamación, reclamo, reclamar, protesta, denuncia, denunciar",
            "complaint, complain, complaining, claim, grievance"),
        new("hoja-reclamaciones",
            "hoja de reclamaciones, libro de reclamaciones, libro de quejas, hoja de quejas, formulario oficial, formulario de reclamación",
            "complaints form, complaint form, complaints book, official form",
            "hoja, formulario, libro"),
        new("constancia", "constancia, dejar constancia, que conste, por escrito", "on record, for the record, in writing"),
        new("enfado",
            "molesto, molesta, enfadado, enfadada, enojado, enojada, cabreado, cabreada, furioso, furiosa, harto, harta, hartísimo, hartísima, indignado, indignada, alterado, alterada, mosqueado, podrido, podrida, rabia, enfado, enojo, disgustado, disgustada, frustrado, frustrada, vergüenza, inaceptable, inadmisible, falta de respeto, me cansé",
            "upset, angry, furious, annoyed, mad, irritated, frustrated, fed up, outraged, unacceptable, disgrace, livid, pissed",
            "llorando, gritos", "crying"),
        new("agresivo",
            "agresivo, agresiva, agresión, violento, violenta, violencia, insultar, insulto, insulta, amenazar, amenaza, amenazando, gritar, grita, gritando, pegar, pegarme, golpear, empujar",
            "aggressive, violent, violence, insult, insulting, threaten, threatening, threat, shout, shouting, yell, yelling, scream, screaming, hit, abusive, abuse"),
        new("trato",
            "trato, tratar, maltrato, grosero, grosera, maleducado, maleducada, borde, antipático, antipática, mala educación",
            "treat, treated, rude, impolite, attitude, service"),
        new("responsable",
            "responsable, encargado, encargada, supervisor, supervisora, jefe, jefa, gerente, director, directora, superior",
            "manager, supervisor, boss, person in charge, someone in charge"),
        new("empleado",
            "empleado, empleada, dependiente, dependienta, vendedor, vendedora, cajero, cajera, agente, personal",
            "employee, staff, clerk, cashier, shop assistant, sales assistant, salesperson, agent"),
        new("legal", "abogado, abogada, juicio, demanda, demandar, juzgado, tribunal, consumo, omic, asociación de consumidores, profeco, sernac, indecopi", "lawyer, attorney, legal, court, sue, lawsuit, consumer association"),
        new("plazo", "plazo, vencer, vence, vencimiento, fecha límite, sigue sin", "deadline, overdue, due date, time limit", "todavía", "still"),
        new("respuesta", "respuesta, responder, contestar, contestación, contesta, contestan, respondan", "answer, reply, respond, response, get back to me"),

        // ---------------------------------------------------------------- beauty salon
        new("cita", "cita, turno", "appointment, appointments", "hora, horas"),
        new("reservar",
            "reservar, reserva, agendar, pedir cita, pedir hora, pedir turno, sacar turno, sacar cita, dar hora, coger cita, coger hora, cita para, turno para, hora para, quiero cita, necesito cita, una cita para, tienen hueco, tenéis hueco, hay hueco, algún hueco, tienen turno, hay turno, tienen cita, hay cita, tienen disponibilidad, hay disponibilidad",
            "book, booking, reserve, reservation, schedule, make an appointment, an appointment for, get an appointment",
            "hueco, disponibilidad, disponible, tienen lugar", "slot, availability, available, free slot"),
        new("cancelar", "cancelar, cancelación, anular, anulación, desconvocar, dar de baja la cita, no voy a poder ir, no puedo ir, no podré ir", "cancel, cancellation, call off, cant make it, cannot make it"),
        new("reprogramar", "reprogramar, aplazar, posponer, postergar, mover, reagendar, atrasar, adelantar, cambiar de día, cambiar la hora, otro día, otra hora, pasar la cita, pasar mi cita, pasar el turno, pasar mi turno, cambiar la cita, cambiar mi cita, cambiar el turno, cambiar mi turno, mover la cita, mover mi cita", "reschedule, postpone, move, bring forward, another day, another time"),
        new("ausencia", "ausencia, ausente, faltar, falté, olvidar, olvidé, se me olvidó, se me pasó, no fui, no me presenté, no se presenta, no se presentó, no vino a la cita, plantón", "no show, no-show, missed, forgot, forget, didnt show up, didnt come"),
        new("salon",
            "salón, peluquería, pelu, peluquero, peluquera, estilista, estética, esteticista, belleza, barbería, barbero",
            "salon, hair salon, hairdresser, hairdressers, stylist, beautician, beauty, barber",
            "corte de pelo, pelo, cabello, tinte, teñir, tintura, mechas, reflejos, balayage, alisado, keratina, permanente, peinado, canas, manicura, pedicura, uñas, esmaltado, gelish, depilación, depilar, cera, láser, facial, limpieza facial, masaje, maquillaje, cejas, pestañas",
            "haircut, hair, cut, dye, colour, color, highlights, blow dry, blowdry, perm, manicure, pedicure, nails, wax, waxing, facial, massage, makeup, eyebrows, lashes"),
        new("alergia", "alergia, alérgico, alérgica, reacción, prueba de alergia, prueba de la piel", "allergy, allergic, patch test, skin test"),
        new("enfermo", "enfermo, enferma, enfermedad, baja médica, de baja, indispuesto, no puede venir, no viene", "sick, ill, illness, off sick, cant come"),

        // ---------------------------------------------------------------- online orders and delivery
        new("pedido", "pedido, orden de compra, compra online, compra por internet, compra en la web", "order, online order, my order", "orden"),
        new("paquete", "paquete, encomienda, envío, bulto, caja del pedido", "package, parcel, shipment, box"),
        new("entrega",
            "entrega, entregar, entregado, reparto, repartidor, repartidora, mensajero, mensajería, courier, transportista, transporte, envío a domicilio",
            "delivery, deliver, delivered, courier, carrier, driver, shipping, ship, shipped, dispatch, dispatched, postman",
            "enviar, mandar", "send, sent"),
        new("seguimiento", "seguimiento, rastreo, rastrear, localizador, número de seguimiento, tracking", "tracking, track, tracking number"),
        new("llegar", "llegar, llega, llegó, no llega, no me llegó, no ha llegado, nunca llegó, nunca vino, no vino, no ha venido, recibir, recibí, no recibí, aparece, no aparece", "arrive, arrived, receive, received, never came, not arrived, hasnt arrived, showed up"),
        new("retraso", "retraso, retrasado, demora, demorado, demorar, atraso, atrasado, tarda, tardando, tardan, lleva días", "delay, delayed, late, overdue, taking long, takes long"),
        new("perdido", "perdido, perder, extraviado, extraviar, desaparecido, robado", "lost, missing, stolen"),
        new("online", "online, en línea, internet, web, página web, tienda online, tienda en línea, app, aplicación", "online, website, web, internet, app, web shop, online shop", "línea, página"),
        new("domicilio", "domicilio, a casa, mi casa, portal, buzón", "home, my house, door, doorstep, mailbox"),

        // ---------------------------------------------------------------- channels and ways of writing
        new("llamada", "llamada, llamar, llamé, telefonear, teléfono, telefónica, telefónico, línea telefónica", "call, phone, phone call, called, ring, rang"),
        new("llamada-cortada",
            "se cortó, se corta, cortada, cortó, se cayó la llamada, colgar, colgaron, me colgaron, me cortaron, se colgó, corte de llamada",
            "hung up, hang up, dropped, dropped call, cut off, got cut off, disconnected, call dropped"),
        new("transferir", "transferir, pasar con, me pasa con, me pasas con, comunicar con, derivar, conectar con", "transfer, put me through, put through, connect me"),
        new("mensaje", "mensaje, whatsapp, wasap, guasap, chat, correo electrónico, email, e-mail, mail, emilio, inbox, dm, md, mensaje directo, mensaje privado", "message, whatsapp, chat, email, e-mail, dm, direct message, private message, inbox, text"),
        new("redes",
            "redes sociales, redes, red social, instagram, insta, facebook, face, twitter, tiktok, google, reseña, reseñas, publicar, publicación, post, postear",
            "social media, social network, instagram, facebook, twitter, tiktok, google, review, reviews, post, posted, publish"),
        new("critica", "crítica, criticar, comentario negativo, mala reseña, mala opinión, valoración, una estrella, escrache, quemar en redes, hablar mal", "bad review, negative review, one star, one-star, complain publicly, criticism, criticise, criticize", "comentario, opinión", "comment"),
        new("publico", "público, pública, públicamente, todo el mundo lo vea", "public, publicly"),
        new("privado", "privado, privada, por privado, en privado", "private, privately"),
        new("carta", "carta, correo postal, postal, carta certificada, certificado, burofax, por correo ordinario", "letter, by post, postal, registered letter, recorded delivery, snail mail, by mail"),
        new("escrito", "escrito, escribir, escribo, escribí, redactar, en papel, documento, comunicado", "written, writing, write, wrote, paper, document"),
        new("formal", "formal, formalmente, oficial, oficialmente", "formal, formally, official, officially"),

        // ---------------------------------------------------------------- in the shop, information
        new("regalo", "regalo, regalar, obsequio, detalle, cumpleaños, aniversario", "gift, present, birthday, anniversary"),
        new("buscar", "buscar, busco, buscando, encontrar, no encuentro, dónde está, dónde están, dónde queda, dónde encuentro", "looking for, look for, find, search, where is, where are"),
        new("seccion", "sección, pasillo, planta, departamento, zona, mostrador, estantería", "section, aisle, floor, department, area, counter"),
        new("mirar", "mirar, mirando, echar un vistazo, curiosear, vichar, chusmear", "browse, browsing, just looking, looking around, have a look"),
        new("atender", "atender, atienda, atiende, ayudar, ayuda, atención, asesorar", "help, assist, serve, attend, attention, assistance"),
        new("horario", "horario, horarios, hora de apertura, hora de cierre, qué hora abren, qué hora cierran, feriado, festivo, día festivo, puente",
            "opening hours, opening times, closing time, business hours, hours, holiday, bank holiday",
            "abren, abrís, abierto, cierran, cerráis, cerrado", "open, opening, close, closing, closed"),
        new("informacion", "información, info, informar, consultar, consulta, saber, duda, preguntar, pregunta", "information, info, inquiry, enquiry, question, ask, know"),
        new("espera", "esperar, espera, esperando, cola, fila, gente esperando, mucha gente, amontonados", "wait, waiting, queue, line, crowd, crowded, people waiting"),
        new("tienda", "tienda, local, sucursal, comercio, negocio", "store, shop, branch"),
        new("sistema", "sistema, programa, ordenador, computadora, computador, caja registradora, terminal, tpv, se cayó el sistema, sistema caído, no tiene sistema, sin sistema", "system, computer, till, register, point of sale, pos, system down, outage"),
    ];
}
