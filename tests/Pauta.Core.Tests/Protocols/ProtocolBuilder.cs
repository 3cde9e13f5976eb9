using Pauta.Core.Organisations;
using Pauta.Core.Protocols;

namespace Pauta.Core.Tests.Protocols;

/// <summary>
/// Test data: a complete, valid phone protocol in Spanish that lints with no findings at all. Every linter test
/// starts from it and breaks exactly one thing, so a finding can only come from that one change.
/// </summary>
public static class ProtocolBuilder
{
    public const string Greeting = "Buenos días, gracias por llamar a {empresa}, le habla {agente}, ¿en qué puedo ayudarle?";

    /// <summary>The organisation the protocol is linted against: who can receive escalations.</summary>
    public static LintContext Context { get; } = new LintContext(
        roleNames: ["Supervisor", "Manager"],
        heldPositionNames: ["Coordinadora de atención", "Jefa de tienda"])
        .WithCatalogue(calendarKeys: ["legal-co", "salon"], protocolTitles: ["Devoluciones y cambios", "Garantías"]);

    /// <summary>A format-2 target for the phone: the substantive answer within 2 business hours.</summary>
    public static ServiceTarget AnswerTarget { get; } = new()
    {
        Clock = Pauta.Core.Contacts.ContactClock.Answer, Channel = Channels.Phone, Amount = 2, Unit = TargetUnit.Hours,
    };

    public static Protocol WithTargets(this Protocol protocol, params ServiceTarget[] targets) => protocol with { ServiceTargets = targets };

    /// <summary>
    /// The main flow: saludo → escuchar → motivo (a question) → informar | devolucion | transferir;
    /// informar and devolucion go on to despedida, transferir ends the contact.
    /// </summary>
    public static Protocol PhoneProtocol() => new()
    {
        Title = "Atención telefónica",
        Department = "Atención al cliente",
        Purpose = "Que cada llamada reciba la misma atención amable y termine con la necesidad del cliente resuelta.",
        Scope = "Todas las llamadas que entran en las tiendas y en el salón de belleza.",
        Owner = "Coordinadora de atención",
        Language = "es",
        Terms =
        [
            new Term("TPV", "Terminal punto de venta: la caja donde se cobran y se devuelven las compras."),
            new Term("DNI", "Documento nacional de identidad del cliente."),
            new Term("L.A.S.T.", "Escuchar, disculparse, solucionar y agradecer: el método para un cliente molesto."),
        ],
        Responsibilities =
        [
            new Responsibility("Agente de atención", "Atiende la llamada y sigue cada paso del protocolo."),
            new Responsibility("Coordinadora de atención", "Recibe las escalaciones y revisa el protocolo cada seis meses."),
        ],
        Channels = Channels.Phone,
        Steps =
        [
            new Step
            {
                Key = "saludo",
                Stage = Stage.Opening,
                Title = "Saludar",
                Instruction = "Conteste antes del tercer tono. Salude con voz clara y amable.",
                Checklist = ["Conteste antes del tercer tono", "Sonría al hablar"],
                Scripts = [new Script(Greeting, Channels.Phone, IsGreeting: true, Language: "es")],
                GoodExample = "La agente contesta al segundo tono, saluda y se presenta con calma.",
                BadExample = "El agente contesta con un «¿Sí?» y deja al cliente esperando.",
            },
            new Step
            {
                Key = "escuchar",
                Stage = Stage.Analysis,
                Title = "Escuchar el motivo",
                Instruction = "Escuche sin interrumpir. Anote el motivo de la llamada con las palabras del cliente.",
                Checklist = ["Motivo anotado"],
            },
            new Step
            {
                Key = "motivo",
                Stage = Stage.Analysis,
                Title = "Decidir el camino",
                Question = "¿Qué necesita el cliente?",
                Answers =
                [
                    new Answer("Información", "informar"),
                    new Answer("Una devolución", "devolucion"),
                    new Answer("Hablar con un responsable", "transferir", EscalationRuleKey: "pide-responsable"),
                ],
            },
            new Step
            {
                Key = "informar",
                Stage = Stage.Solution,
                Title = "Informar",
                Instruction = "Dé la información con palabras sencillas. Pregunte si ha quedado clara.",
                Next = "despedida",
            },
            new Step
            {
                Key = "devolucion",
                Stage = Stage.Solution,
                Title = "Registrar la devolución",
                Instruction = "Pida el número del tique y el DNI del cliente. Registre la devolución en el TPV.",
                Checklist = ["Tique comprobado", "Devolución registrada en el TPV"],
                Next = "despedida",
            },
            new Step
            {
                Key = "transferir",
                Stage = Stage.Solution,
                Title = "Pasar la llamada",
                Instruction = "Explique que le pasa con su responsable. Transfiera la llamada sin dejarle en espera.",
                Scripts = [new Script("Le paso ahora mismo con mi responsable, {cliente|un momento, por favor}.")],
                Next = Step.End,
            },
            new Step
            {
                Key = "despedida",
                Stage = Stage.Solution,
                Title = "Despedirse",
                Instruction = "Resuma lo acordado. Pregunte si puede ayudar en algo más y despídase.",
                Scripts = [new Script("Gracias por su llamada, {cliente|estimado cliente}. Que tenga un buen día.", Channels.Phone)],
            },
        ],
        ContingencyPlans =
        [
            new ContingencyPlan
            {
                Key = "cliente-molesto",
                Name = "Cliente molesto (método L.A.S.T.)",
                Trigger = "El cliente levanta la voz, se queja o amenaza con irse.",
                Steps =
                [
                    new Step { Key = "molesto-escuchar", Stage = Stage.Analysis, Title = "Escuchar", Instruction = "Deje que el cliente hable sin interrumpirle." },
                    new Step { Key = "molesto-disculparse", Stage = Stage.Analysis, Title = "Disculparse", Instruction = "Pida disculpas por las molestias, sin excusas." },
                    new Step { Key = "molesto-solucionar", Stage = Stage.Solution, Title = "Solucionar", Instruction = "Proponga una solución concreta y un plazo." },
                    new Step { Key = "molesto-agradecer", Stage = Stage.Solution, Title = "Agradecer", Instruction = "Agradezca al cliente su paciencia." },
                ],
            },
        ],
        EscalationRules =
        [
            new EscalationRule
            {
                Key = "pide-responsable",
                Condition = EscalationCondition.CustomerAsks,
                Detail = "El cliente pide hablar con un responsable.",
                Target = "Supervisor",
            },
            new EscalationRule
            {
                Key = "devolucion-alta",
                Condition = EscalationCondition.AmountOver,
                Detail = "Una devolución de más de 200 euros.",
                Amount = 200m,
                Target = "Coordinadora de atención",
            },
        ],
        ServiceLevels = [new ServiceLevel(Channels.Phone, FirstResponseSeconds: 20, ResolutionSeconds: 15 * 60, ServiceClock.Business)],
        ReviewEveryDays = 180,
        Assessment = new Assessment(
            [
                new AssessmentQuestion(
                    "¿Qué hace al contestar el teléfono?",
                    ["Decir «¿Sí?»", "Saludar, decir el nombre de la empresa y el suyo", "Pedir el DNI"],
                    CorrectIndex: 1,
                    Explanation: "El saludo dice quién atiende y ofrece ayuda."),
            ],
            PassMark: 80),
    };

    /// <summary>A plain step for flow tests; it goes to the following step unless told otherwise.</summary>
    public static Step PlainStep(string key, Stage stage = Stage.Analysis, string? next = null) =>
        new() { Key = key, Stage = stage, Title = key, Instruction = "Haga esto.", Next = next };

    /// <summary>A question step whose answers lead to the given keys, labelled by their targets.</summary>
    public static Step QuestionStep(string key, Stage stage, params string[] targets) =>
        new()
        {
            Key = key,
            Stage = stage,
            Title = key,
            Question = $"¿{key}?",
            Answers = targets.Select(t => new Answer(t, t)).ToList(),
        };

    public static IReadOnlyList<LintFinding> Lint(this Protocol protocol, LintContext? context = null) =>
        ProtocolLinter.Lint(protocol, context ?? Context);

    /// <summary>The protocol with one main-flow step changed.</summary>
    public static Protocol WithStep(this Protocol protocol, string key, Func<Step, Step> change) =>
        protocol with { Steps = protocol.Steps.Select(s => s.Key == key ? change(s) : s).ToList() };

    /// <summary>The protocol with one step of its first contingency plan changed.</summary>
    public static Protocol WithPlanStep(this Protocol protocol, string key, Func<Step, Step> change) =>
        protocol with
        {
            ContingencyPlans =
            [
                protocol.ContingencyPlans[0] with { Steps = protocol.ContingencyPlans[0].Steps.Select(s => s.Key == key ? change(s) : s).ToList() },
                .. protocol.ContingencyPlans.Skip(1),
            ],
        };

    /// <summary>The protocol with its main-flow steps replaced.</summary>
    public static Protocol WithSteps(this Protocol protocol, params Step[] steps) => protocol with { Steps = steps };

    public static IEnumerable<LintFinding> WithCode(this IEnumerable<LintFinding> findings, string code) =>
        findings.Where(f => f.Code == code);
}
