using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pauta.Core.Protocols;
using static Microsoft.Playwright.Assertions;
using static Pauta.Browser.Tests.Text;
using static Pauta.Browser.Tests.Axe;

namespace Pauta.Browser.Tests;

/// <summary>
/// The contact journey of the issue in Chromium, with the people of the demo organisation in their own browser contexts:
/// an agent on a tablet starts a phone contact from the suggestion for the customer's words, follows the greeting (filled
/// in with both names), the checklist and the flow's question, switches into the upset-customer plan and escalates; the
/// supervisor watches it arrive on the live board without reloading, takes it over, closes it and makes the survey link;
/// the customer answers the survey with a low score without signing in; the timeline tells the whole story and the
/// supervisor finds the service-recovery follow-up on his home page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContactJourneyTests(BrowserHost host, DemoHost demo) : IClassFixture<DemoHost>
{
    /// <summary>The keyboard focus lands inside the main content, never left on the body.</summary>
    private static Task FocusIsSensibleAsync(IPage page) =>
        Expect(page.Locator("main :focus, main:focus")).ToHaveCountAsync(1);

    private const string Returns = "Devoluciones y cambios";
    private const string Reason = "quiero devolver unos zapatos que me quedaron chicos";
    private const string Customer = "Marta Gómez";
    private const string PlanKey = "cliente-molesto";
    private const string PlanName = "Cliente molesto";
    private const string RuleKey = "cliente-molesto-supervisor";
    private const string InPlanFirstStep = "Escuchar sin interrumpir";
    private const string Answer = "Sí, con ticket y en plazo";

    /// <summary>The demo's returns protocol with an upset-customer plan whose rule sends the contact to a supervisor.</summary>
    private static Protocol WithUpsetCustomerPlan(Protocol p) => p with
    {
        ContingencyPlans =
        [
            .. p.ContingencyPlans,
            new ContingencyPlan
            {
                Key = PlanKey,
                Name = PlanName,
                Trigger = "El cliente está enfadado, levanta la voz o pide hablar con un responsable.",
                Steps =
                [
                    new Step
                    {
                        Key = "escuchar-cliente-molesto", Stage = Stage.Analysis, Title = InPlanFirstStep,
                        Instruction = "Deja que el cliente cuente lo que ha pasado. No le cortes ni discutas.",
                        Scripts = [new Script("Entiendo que esté molesto, {cliente|estimado cliente}. Cuénteme qué ha pasado.")],
                    },
                    new Step
                    {
                        Key = "pasar-supervisor", Stage = Stage.Solution, Title = "Pasar el contacto al supervisor",
                        Instruction = "Si el cliente sigue molesto, escala el contacto a un supervisor.",
                    },
                ],
            },
        ],
        EscalationRules =
        [
            .. p.EscalationRules,
            new EscalationRule
            {
                Key = RuleKey, Condition = EscalationCondition.PlanSays,
                Detail = "El cliente sigue molesto tras escucharle.", Target = "Supervisor",
            },
        ],
    };

    [Fact]
    public async Task An_agent_runs_a_phone_contact_escalates_it_live_the_supervisor_closes_it_and_a_low_survey_opens_a_recovery()
    {
        var story = new Story("contact-journey");
        await demo.PublishEditAsync(Returns, WithUpsetCustomerPlan, "Plan para clientes molestos.");

        var sofia = await demo.SignInAsync(host.Browser, "sofia@suarez.example", width: 768);
        var sofiaConsole = new ConsoleWatch(sofia);
        var andres = await demo.SignInAsync(host.Browser, "andres@suarez.example", width: 1280);
        var andresConsole = new ConsoleWatch(andres);
        story.Page = sofia;
        var contactUrl = "";
        var contactId = Guid.Empty;

        await story.Step("Sofía opens a new contact from her home page and picks the phone channel", async () =>
        {
            await sofia.Locator("#new-contact").ClickAsync();
            await sofia.WaitForURLAsync(demo.BaseUrl + "/contacts/new");
            await sofia.GetByRole(AriaRole.Radio, new() { Name = Es("Channel.Phone"), Exact = true }).CheckAsync();
            await Expect(sofia.Locator("#suggestions .suggestion")).ToHaveCountAsync(0);
            await AxeCleanAsync(sofia);
        });

        await story.Step("as she types the customer's words the suggestions update, returns first with the matched words marked", async () =>
        {
            await sofia.GetByLabel(Es("Contact.Reason"), new() { Exact = true }).PressSequentiallyAsync(Reason, new() { Delay = 15 });
            var first = sofia.Locator("#suggestion-0");
            await Expect(first.Locator("strong")).ToHaveTextAsync(Returns);
            await Expect(first.Locator("mark").Filter(new() { HasText = "devolver" })).ToHaveCountAsync(1);
            await Expect(first.Locator(".hint")).ToContainTextAsync("zapatos que me quedaron chicos");
            await Expect(first.Locator("input[type=radio]")).ToBeCheckedAsync();
            await AxeCleanAsync(sofia);
        });

        await story.Step("she adds the customer's name and starts the contact", async () =>
        {
            await sofia.GetByLabel(Es("Contact.CustomerName"), new() { Exact = true }).FillAsync(Customer);
            await sofia.Locator("#start").ClickAsync();
            await sofia.WaitForURLAsync(new Regex("/contacts/[0-9a-f-]{36}$"));
            contactUrl = new Uri(sofia.Url).AbsolutePath;
            contactId = Guid.Parse(contactUrl.Split('/').Last());
        });

        await story.Step("the run opens at the greeting of the opening stage, filled in with both names", async () =>
        {
            await Expect(sofia.GetByRole(AriaRole.Heading, new() { Name = Returns, Level = 1 })).ToBeVisibleAsync();
            await Expect(sofia.Locator(".stages li.current")).ToHaveTextAsync(Es("Stage.Opening"));
            await Expect(sofia.Locator("#step-title")).ToHaveTextAsync("Saludar");
            var greeting = sofia.Locator("blockquote.greeting");
            await Expect(greeting).ToContainTextAsync("Sofía Díaz");
            await Expect(greeting).ToContainTextAsync(Customer);
            await Expect(greeting).Not.ToContainTextAsync("{");
            await Expect(greeting).Not.ToContainTextAsync("}");
            await AxeCleanAsync(sofia);
        });

        await story.Step("\"?\" opens the list of keyboard shortcuts, and Escape closes it", async () =>
        {
            var dialog = sofia.Locator("dialog#shortcuts");
            await Expect(dialog).ToBeHiddenAsync();
            await sofia.Keyboard.PressAsync("?");
            await Expect(dialog).ToBeVisibleAsync();
            await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = Es("Contact.Shortcuts") })).ToBeVisibleAsync();
            foreach (var action in new[] { "Contact.Complete", "Contact.ShortcutAnswer", "Contact.ShortcutTick", "Contact.ShortcutPlan", "Contact.EscalateManual", "Contact.Close" })
                await Expect(dialog.Locator("dd", new() { HasText = Es(action) }).First).ToBeVisibleAsync();
            await Expect(dialog.Locator("dt kbd", new() { HasTextString = "C" }).First).ToBeVisibleAsync();
            await AxeCleanAsync(sofia);
            await sofia.Keyboard.PressAsync("Escape");
            await Expect(dialog).ToBeHiddenAsync();
        });

        await story.Step("she completes the greeting with the \"c\" key and the run moves to checking the ticket", async () =>
        {
            await sofia.Keyboard.PressAsync("c");
            await Expect(sofia.Locator("#step-title")).ToHaveTextAsync("Comprobar el ticket y la fecha");
            await Expect(sofia.Locator(".stages li.current")).ToHaveTextAsync(Es("Stage.Analysis"));
            // htmx swapped the run in place: the address is still the contact's.
            new Uri(sofia.Url).AbsolutePath.ShouldBe(contactUrl);
            await FocusIsSensibleAsync(sofia);
            await AxeCleanAsync(sofia);
        });

        await story.Step("she ticks the ticket on the checklist and completes the step", async () =>
        {
            var ticket = sofia.Locator("#checklist button.check", new() { HasTextString = "Ticket de compra" });
            await Expect(ticket).ToHaveAttributeAsync("aria-checked", "false");
            await ticket.ClickAsync();
            await Expect(ticket).ToHaveAttributeAsync("aria-checked", "true");
            await sofia.Locator("#complete").ClickAsync();
            await Expect(sofia.Locator("#step-title")).ToHaveTextAsync("¿Cumple la política?");
            await FocusIsSensibleAsync(sofia);
            await AxeCleanAsync(sofia);
        });

        await story.Step("she answers the flow's question and the run goes where that answer leads", async () =>
        {
            await Expect(sofia.Locator("#question")).ToHaveTextAsync("¿La compra cumple la política de 30 días?");
            await sofia.Locator(".answers button", new() { HasTextString = Answer }).ClickAsync();
            await Expect(sofia.Locator("#step-title")).ToHaveTextAsync("¿Cambio o devolución?");
            await FocusIsSensibleAsync(sofia);
        });

        // A frame of the board's SignalR connection that says a contact changed.
        var boardPushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        andres.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            if (frame.Text?.Contains("contactChanged", StringComparison.Ordinal) == true) boardPushed.TrySetResult();
        };

        await story.Step("Andrés, a supervisor, has the live board open with Sofía's contact on it", async () =>
        {
            story.Page = andres;
            await andres.GotoAsync("/board");
            await Expect(andres.Locator("#board-status")).ToHaveTextAsync(Es("Board.Live"));
            var row = andres.Locator($"#board-{contactId}");
            await Expect(row).ToBeVisibleAsync();
            await Expect(row).ToContainTextAsync(Returns);
            await Expect(row).ToContainTextAsync("Sofía Díaz");
            await Expect(row.Locator(".badge.warn")).ToHaveCountAsync(0);
            // Marks this document: a reload would lose it.
            await andres.EvaluateAsync("() => { window.pautaBoardLoadedOnce = true; }");
            await AxeCleanAsync(andres);
        });

        await story.Step("Sofía switches into the upset-customer plan", async () =>
        {
            story.Page = sofia;
            await sofia.Locator($"button.plan[data-plan='{PlanKey}']").ClickAsync();
            await Expect(sofia.Locator("#in-plan")).ToHaveTextAsync(Es("Contact.InPlan", PlanName));
            await Expect(sofia.Locator("#step-title")).ToHaveTextAsync(InPlanFirstStep);
            await Expect(sofia.Locator("blockquote.script")).ToContainTextAsync($"Entiendo que esté molesto, {Customer}.");
            await FocusIsSensibleAsync(sofia);
            await AxeCleanAsync(sofia);
        });

        await story.Step("she escalates to a supervisor by the plan's rule and the contact waits for one", async () =>
        {
            var rule = sofia.Locator($"#escalate button.escalate-rule[data-rule='{RuleKey}']");
            await Expect(rule).ToHaveTextAsync(Es("Contact.EscalateRule", "Supervisor", "El cliente sigue molesto tras escucharle."));
            await rule.ClickAsync();
            await Expect(sofia.Locator("#awaiting")).ToHaveTextAsync(Es("Contact.AwaitingSupervisor", "Supervisor"));
            await FocusIsSensibleAsync(sofia);
            await AxeCleanAsync(sofia);
        });

        await story.Step("the board shows the escalation at once, pushed over SignalR, without reloading", async () =>
        {
            story.Page = andres;
            var row = andres.Locator($"#board-{contactId}");
            await Expect(row).ToHaveClassAsync(new Regex(@"\bescalated\b"));
            await Expect(row.Locator(".badge.warn").First).ToHaveTextAsync(Es("Board.Escalated"));
            await Expect(row.Locator(".badge.warn").Nth(1)).ToHaveTextAsync(Es("Board.AwaitingSupervisor"));
            await Expect(row.Locator("td.stage")).ToContainTextAsync("Cliente molesto");
            (await andres.EvaluateAsync<bool>("() => window.pautaBoardLoadedOnce === true")).ShouldBeTrue("the board was reloaded");
            await boardPushed.Task.WaitAsync(TimeSpan.FromSeconds(15));
            await AxeCleanAsync(andres);
        });

        await story.Step("Andrés opens the contact from the board and takes it over", async () =>
        {
            await andres.Locator($"#board-{contactId} a[href='{contactUrl}']").ClickAsync();
            await andres.WaitForURLAsync(demo.BaseUrl + contactUrl);
            await Expect(andres.Locator("#awaiting")).ToBeVisibleAsync();
            await Expect(andres.Locator("#not-handler")).ToHaveTextAsync(Es("Contact.NotHandler", "Sofía Díaz"));
            await AxeCleanAsync(andres);
            await andres.Locator("#take-over button").ClickAsync();
            await Expect(andres.Locator("#taken-over")).ToHaveTextAsync(Es("Contact.HandledBy", "Andrés Pérez"));
            await Expect(andres.Locator("#step-title")).ToHaveTextAsync(InPlanFirstStep);
            await FocusIsSensibleAsync(andres);
            await AxeCleanAsync(andres);
        });

        await story.Step("he closes it as resolved, giving the reason the required steps are left open", async () =>
        {
            var close = andres.Locator("#close");
            await Expect(close.Locator("#open-required")).ToBeVisibleAsync();
            await close.Locator("select[name='Input.Outcome']").SelectOptionAsync("Resolved");
            await close.Locator("input[name='Input.OverrideReason']").FillAsync("El supervisor le ofreció un cambio por teléfono.");
            await close.Locator("#close-contact").ClickAsync();
            await Expect(andres.Locator("#step-title")).ToHaveTextAsync(Es("Contact.ClosedAs", Es("ContactOutcome.Resolved")));
            await Expect(andres.Locator("#override")).ToContainTextAsync("El supervisor le ofreció un cambio por teléfono.");
            await FocusIsSensibleAsync(andres);
            await AxeCleanAsync(andres);
        });

        var surveyLink = "";
        await story.Step("he creates the customer's survey link, shown once", async () =>
        {
            await andres.Locator("#create-survey").ClickAsync();
            var link = andres.Locator("#survey-link");
            await Expect(link).ToHaveValueAsync(new Regex("/survey/[A-Za-z0-9_-]+\\?lang=es$"));
            surveyLink = await link.InputValueAsync();
            await AxeCleanAsync(andres);
        });

        await story.Step("the customer, not signed in, answers the survey with a 1, a comment and what went wrong", async () =>
        {
            await using var customer = await host.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                Locale = "es-ES", ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            });
            var page = await customer.NewPageAsync();
            var console = new ConsoleWatch(page);
            story.Page = page;
            await page.GotoAsync(surveyLink);
            await Expect(page.Locator("#survey-form")).ToBeVisibleAsync();
            await AxeCleanAsync(page);
            await page.Locator("input[name='Input.Score'][value='1']").CheckAsync();
            await page.GetByLabel(Es("Survey.Comment"), new() { Exact = true }).FillAsync("Tardaron mucho en atenderme.");
            await page.GetByLabel(Es("Survey.Reason"), new() { Exact = true }).FillAsync("Me pasaron de una persona a otra.");
            await page.GetByRole(AriaRole.Button, new() { Name = Es("Survey.Send"), Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Es("Survey.Thanks"), Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator("#survey-thanks")).ToBeVisibleAsync();
            await AxeCleanAsync(page);
            console.Errors.ShouldBeEmpty();
            story.Page = andres;
        });

        await story.Step("the contact's timeline shows the start, the steps, the answer, the plan, the escalation, the take-over and the close", async () =>
        {
            await andres.GotoAsync(contactUrl);
            var timeline = andres.Locator("#timeline");
            await Expect(timeline.Locator("li.t-started")).ToContainTextAsync(Es("Timeline.Started"));
            await Expect(timeline.Locator("li.t-started")).ToContainTextAsync(Reason);
            await Expect(timeline.Locator("li.t-stepcompleted", new() { HasTextString = "Saludar" })).ToContainTextAsync("Sofía Díaz");
            await Expect(timeline.Locator("li.t-stepcompleted", new() { HasTextString = "Comprobar el ticket y la fecha" })).ToHaveCountAsync(1);
            await Expect(timeline.Locator("li.t-checklistticked")).ToContainTextAsync("Ticket de compra");
            await Expect(timeline.Locator("li.t-answerchosen")).ToContainTextAsync(Answer);
            await Expect(timeline.Locator("li.t-planentered")).ToContainTextAsync(PlanName);
            await Expect(timeline.Locator("li.t-escalated")).ToContainTextAsync("Supervisor");
            await Expect(timeline.Locator("li.t-takenover")).ToContainTextAsync("Andrés Pérez");
            await Expect(timeline.Locator("li.t-closed")).ToContainTextAsync(Es("ContactOutcome.Resolved"));
            await Expect(timeline.Locator("li.t-closed")).ToContainTextAsync("Andrés Pérez");
        });

        await story.Step("the low score opened a service-recovery follow-up on Andrés's home page, as the supervisor who handled it", async () =>
        {
            await andres.GotoAsync("/");
            var followUp = andres.Locator("#follow-ups li", new() { Has = andres.Locator($"a[href='{contactUrl}']") });
            await Expect(followUp).ToHaveCountAsync(1);
            await Expect(followUp).ToContainTextAsync(Es("FollowUpKind.ServiceRecovery"));
            await Expect(followUp).ToContainTextAsync("CSAT 1: Me pasaron de una persona a otra.");
            await AxeCleanAsync(andres);
        });

        await story.Step("no page logged a console error, an uncaught exception or a CSP violation", () =>
        {
            sofiaConsole.Errors.Concat(andresConsole.Errors).ShouldBeEmpty();
            return Task.CompletedTask;
        });
    }
}
