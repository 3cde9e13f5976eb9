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
}
