using Pauta.Core.Organisations;
using Pauta.Core.Protocols;

namespace Pauta.Protocols.Tests;

public static class SampleProtocols
{
    /// <summary>A complete phone protocol in Spanish, with every part filled.</summary>
    public static Protocol Phone() => new()
    {
        Title = "Atención telefónica de reclamaciones",
        Department = "Atención al cliente",
        Purpose = "Atender por teléfono las reclamaciones de los clientes de forma amable, rápida y con respuesta legal en plazo.",
        Scope = "Llamadas entrantes a la línea de atención de Tiendas Suárez.",
        Owner = "Jefa de atención al cliente",
        Language = "es",
        Channels = Channels.Phone | Channels.Electronic,
        ReviewEveryDays = 180,
        Terms =
        [
            new Term("L.A.S.T.", "Listen, Apologise, Solve, Thank: escuchar, disculparse, solucionar y agradecer."),
            new Term("hoja de reclamaciones", "Formulario oficial que el cliente puede pedir; hay que responder en 30 días."),
        ],
        Responsibilities =
        [
            new Responsibility("Agente", "Atiende la llamada y sigue el protocolo."),
            new Responsibility("Supervisor", "Recibe las escalaciones y aprueba reembolsos altos."),
        ],
        EscalationRules =
        [
            new EscalationRule { Key = "pide-supervisor", Condition = EscalationCondition.CustomerAsks, Detail = "El cliente pide hablar con un responsable.", Target = "Supervisor" },
            new EscalationRule { Key = "reembolso-alto", Condition = EscalationCondition.AmountOver, Detail = "Reembolso de más de 150 €.", Amount = 150.00m, Target = "Jefa de tienda" },
        ],
        ServiceLevels =
        [
            new ServiceLevel(Channels.Phone, 20, 600, ServiceClock.Business),
            new ServiceLevel(Channels.Electronic, 14400, 172800, ServiceClock.Calendar),
        ],
        Assessment = new Assessment(
        [
            new AssessmentQuestion("¿Qué significa la A de L.A.S.T.?", ["Apologise: disculparse", "Ask: preguntar", "Act: actuar"], 0, "Primero hay que pedir disculpas."),
            new AssessmentQuestion("¿En cuántos días hay que responder una hoja de reclamaciones?", ["10", "30", "60"], 1),
        ], 80),
        Steps =
        [
            new Step
            {
                Key = "saludo", Stage = Stage.Opening, Title = "Saludar",
                Instruction = "Saluda con tu nombre y el de la tienda.\n\nSonríe: se nota en la voz.",
                Checklist = ["Descolgar antes del tercer tono", "Decir tu nombre"],
                Scripts =
                [
                    new Script("{empresa}, le atiende {agente}. ¿En qué puedo ayudarle?", Channels.Phone, IsGreeting: true),
                    new Script("Hola, {cliente}. Soy {agente}, de Tiendas Suárez.\n¿En qué puedo ayudarte?", Channels.Electronic, IsGreeting: true),
                    new Script("{company}, {agent} speaking.", Channels.Phone, IsGreeting: true, Language: "en"),
                ],
                GoodExample = "«Tiendas Suárez, le atiende Marta. ¿En qué puedo ayudarle?»",
                BadExample = "«¿Sí? Dígame.»",
                VideoUrl = "https://videos.example.com/saludo.mp4",
                Images = ["img/saludo.png"],
            },
            new Step
            {
                Key = "escuchar", Stage = Stage.Analysis, Title = "Escuchar la reclamación",
                Instruction = "Deja hablar al cliente sin interrumpir y toma nota.",
            },
            new Step
            {
                Key = "tipo", Stage = Stage.Analysis, Title = "¿Qué quiere el cliente?",
                Instruction = "Pregunta qué solución espera.",
                Question = "¿Qué pide el cliente?",
                Answers =
                [
                    new Answer("Un reembolso", "reembolso"),
                    new Answer("Hablar con un responsable", "despedida", "pide-supervisor"),
                    new Answer("Poner una hoja de reclamaciones", null),
                ],
            },
            new Step
            {
                Key = "hoja", Stage = Stage.Solution, Title = "Ofrecer la hoja de reclamaciones",
                Instruction = "Explica cómo rellenarla y el plazo de respuesta.",
                Scripts = [new Script("Le enviamos la hoja por correo el {fecha}; le responderemos en 30 días.")],
                Next = Step.End,
            },
            new Step
            {
                Key = "reembolso", Stage = Stage.Solution, Title = "Tramitar el reembolso",
                Instruction = "Comprueba el ticket y tramita el reembolso.", Required = false,
            },
            new Step
            {
                Key = "despedida", Stage = Stage.Solution, Title = "Despedirse",
                Instruction = "Agradece la llamada y despídete.",
                Scripts = [new Script("Gracias por llamar, {cliente}. ¡Que tenga un buen día!", Channels.Phone)],
            },
        ],
        ContingencyPlans =
        [
            new ContingencyPlan
            {
                Key = "cliente-molesto", Name = "Cliente molesto (L.A.S.T.)",
                Trigger = "El cliente levanta la voz o dice que está harto.",
                Steps =
                [
                    new Step { Key = "escuchar-molesto", Stage = Stage.Analysis, Title = "Escuchar", Instruction = "Escucha sin interrumpir." },
                    new Step { Key = "disculparse", Stage = Stage.Analysis, Title = "Disculparse", Instruction = "Pide disculpas por la molestia.", Scripts = [new Script("Siento mucho lo ocurrido, {cliente}.")] },
                    new Step { Key = "solucionar", Stage = Stage.Solution, Title = "Solucionar y agradecer", Instruction = "Ofrece una solución y da las gracias." },
                ],
            },
        ],
    };

    /// <summary>
    /// A Colombian complaint protocol in format 2: an acknowledgement on the site's hours, an answer in 15 legal business
    /// days extendable by 8 with two early warnings, a chat target, contact fields, selection rules, a shared section, a
    /// plan limited to channels, a rule with its currency, and steps that fulfil clocks and hand off.
    /// </summary>
    public static Protocol Complaint() => new()
    {
        Title = "Peticiones, quejas y reclamos",
        Department = "Atención al cliente",
        Purpose = "Responder cada petición, queja o reclamo dentro del término legal.",
        Scope = "Quejas y reclamos escritos o verbales de los clientes de la sede de Bogotá.",
        Owner = "Jefa de atención al cliente",
        Language = "es",
        Channels = Channels.InPerson | Channels.Electronic,
        EscalationRules =
        [
            new EscalationRule { Key = "termino-en-riesgo", Condition = EscalationCondition.TargetAtRisk, Detail = "Quedan pocos días del término legal.", Target = "Supervisor" },
            new EscalationRule { Key = "reembolso-alto", Condition = EscalationCondition.AmountOver, Detail = "Reembolso de más de 500.000 pesos.", Amount = 500000m, Currency = "COP", Target = "Supervisor" },
        ],
        ServiceTargets =
        [
            new ServiceTarget { Clock = Pauta.Core.Contacts.ContactClock.Acknowledgement, Channel = Channels.InPerson | Channels.Electronic, Amount = 4, Unit = TargetUnit.Hours },
            new ServiceTarget
            {
                Clock = Pauta.Core.Contacts.ContactClock.Answer, Channel = Channels.InPerson | Channels.Electronic, Amount = 15, Unit = TargetUnit.BusinessDays,
                Calendar = CalendarRefs.Legal, ExtendableBy = 8,
                Warnings = [new TargetWarning { Left = 3, LeftUnit = TargetUnit.BusinessDays, EscalationRuleKey = "termino-en-riesgo" }, new TargetWarning { PercentUsed = 80 }],
            },
            new ServiceTarget { Clock = Pauta.Core.Contacts.ContactClock.FirstResponse, Channel = Channels.Electronic, SubChannels = SubChannels.Chat | SubChannels.WhatsApp, Amount = 2, Unit = TargetUnit.Minutes, Counting = ServiceClock.Calendar },
        ],
        Fields =
        [
            new ContactField { Key = "radicado", Label = "Número de radicado", Type = ContactFieldType.Text, Required = true, Sample = "PQR-2026-00123" },
            new ContactField { Key = "tipo", Label = "Tipo de solicitud", Type = ContactFieldType.Choice, Options = ["Petición", "Queja", "Reclamo"] },
            new ContactField { Key = "valor", Label = "Valor reclamado", Type = ContactFieldType.Amount, Currency = "COP" },
        ],
        Selection = new SelectionRules
        {
            WinsWhen = ["superintendencia", "derecho de petición"],
            WinsForSegments = ["empresa"],
            NotFor = ["solo información de horarios"],
        },
        SharedSections = ["saludo-comun"],
        Steps =
        [
            new Step
            {
                Key = "radicar", Stage = Stage.Opening, Title = "Radicar la solicitud",
                Instruction = "Registra la solicitud y entrega el número de radicado.",
                Scripts = [new Script("Su solicitud quedó radicada con el número {radicado}.", IsGreeting: true)],
                Fulfils = Pauta.Core.Contacts.ContactClock.Acknowledgement,
            },
            new Step { Key = "analizar", Stage = Stage.Analysis, Title = "Analizar el caso", Instruction = "Revisa los hechos y las pruebas." },
            new Step
            {
                Key = "responder", Stage = Stage.Solution, Title = "Dar la respuesta de fondo",
                Instruction = "Responde por escrito cada punto de la solicitud.",
                Fulfils = Pauta.Core.Contacts.ContactClock.Answer,
            },
            new Step
            {
                Key = "garantia", Stage = Stage.Solution, Title = "Pasar a garantías",
                Instruction = "Si el cliente pide una reparación, sigue el protocolo de garantías.", Handoff = "Garantías y reparaciones",
            },
        ],
        ContingencyPlans =
        [
            new ContingencyPlan
            {
                Key = "sin-sistema", Name = "Sistema de radicación caído", Trigger = "No se puede generar el número de radicado.",
                Channels = Channels.InPerson,
                Steps = [new Step { Key = "radicar-manual", Stage = Stage.Opening, Title = "Radicar a mano", Instruction = "Usa el libro de radicación y anota la hora." }],
            },
        ],
    };
}
