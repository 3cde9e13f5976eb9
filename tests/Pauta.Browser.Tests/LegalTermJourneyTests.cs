using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Pauta.Core.Contacts;
using Pauta.Core.Organisations;
using Pauta.Core.Protocols;
using static Microsoft.Playwright.Assertions;
using static Pauta.Browser.Tests.Text;

namespace Pauta.Browser.Tests;

/// <summary>
/// Issue 12's legal-term journey in Chromium, on the demo's Bogotá shop ("Tienda Bogotá Andino", legal calendar
/// <c>legal-co</c>). The complaint protocol gets its legal target through <see cref="DemoHost.PublishEditAsync"/>, not the
/// editor (Lucía drafts it, Carmen approves, Lucía publishes, in-process): a substantive answer ("respuesta de fondo") to a
/// letter within 15 business days on the legal calendar, warning with 3 business days left by a target-at-risk rule; the
/// protocol's own <c>numero-caso</c> field is said by its "Dar el número de caso" script. No demo agent works in Bogotá:
/// Sofía picks the Bogotá site on the new-contact form. She enters a letter received yesterday with the reason it came in
/// late, fills the case number and the script says it; Andrés filters his board on Bogotá and reads the legal countdown;
/// the app clock jumps past the warning, the server records it and escalates the contact, and the board and the run show it.
/// The app clock is the demo's fixed start, Tuesday 3 March 2026 09:30 UTC (04:30 in Bogotá), so the letter came on
/// Monday 2 March and the 15 business days counted from Tuesday 3 step over San José (Monday 23 March): due Tuesday 24
/// March at the close of the day. Every page visited passes axe (WCAG 2.1 AA) at 1280 px, the board also at 768 px.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LegalTermJourneyTests(BrowserHost host, DemoHost demo) : IClassFixture<DemoHost>
{
    private const string Complaints = "Quejas y reclamaciones";
    private const string Bogota = "Tienda Bogotá Andino";
    private const string RuleKey = "plazo-legal-en-riesgo";
    private const string CaseNumber = "CO-2026-0042";
    private const string LateReason = "La carta llegó ayer por correo certificado a la tienda.";
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    /// <summary>The complaint protocol with the legal answer term for letters (and no older print levels beside it).</summary>
    private static Protocol WithLegalTerm(Protocol p) => p with
    {
        ServiceLevels = [.. p.ServiceLevels.Where(l => l.Channel != Channels.Print)],
        ServiceTargets =
        [
            .. p.ServiceTargets,
            new ServiceTarget
            {
                Clock = ContactClock.Answer, Channel = Channels.Print, Amount = 15, Unit = TargetUnit.BusinessDays,
                Calendar = CalendarRefs.Legal,
                Warnings = [new TargetWarning { Left = 3, LeftUnit = TargetUnit.BusinessDays, EscalationRuleKey = RuleKey }],
            },
        ],
        EscalationRules =
        [
            .. p.EscalationRules,
            new EscalationRule
            {
                Key = RuleKey, Condition = EscalationCondition.TargetAtRisk,
                Detail = "Quedan tres días hábiles del plazo legal y la respuesta de fondo no se ha enviado.", Target = "Supervisor",
            },
        ],
    };

    private static async Task AxeCleanAsync(IPage page)
    {
        var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] } });
        var found = results.Violations.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}").ToList();
        found.ShouldBeEmpty($"axe on {page.Url}:\n{string.Join("\n", found)}");
    }

    private async Task<IPage> BogotaBoardAsync(string email, int width)
    {
        var page = await demo.SignInAsync(host.Browser, email, width);
        await page.GotoAsync("/board");
        await page.Locator("#board-site").SelectOptionAsync(new SelectOptionValue { Label = Bogota });
        await page.Locator("#board-filter button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]site=[0-9a-f-]{36}"));
        return page;
    }

    [Fact]
    public async Task A_letter_received_yesterday_counts_its_legal_term_in_Bogota_shows_the_case_number_and_escalates_at_the_warning()
    {
        var story = new Story("legal-term-journey");
        var version = await demo.PublishEditAsync(Complaints, WithLegalTerm, "Plazo legal de respuesta de fondo para cartas.");
        // 15 business days from Tuesday 3 March: 14 days left after today, San José (Monday 23 March) not counted.
        var countdown = Es("Contact.DaysLeft.BusinessDays", 14) + " · " + Es("Contact.DueOn", "martes 24 de marzo");

        var sofia = await demo.SignInAsync(host.Browser, "sofia@suarez.example", width: 1280);
        story.Page = sofia;
        var contactId = Guid.Empty;

        await story.Step("Sofía enters a letter for the Bogotá shop, received yesterday afternoon, with the reason it comes in late", async () =>
        {
            await sofia.GotoAsync("/contacts/new");
            await AxeCleanAsync(sofia);
            await sofia.GetByRole(AriaRole.Radio, new() { Name = Es("Channel.Print"), Exact = true }).CheckAsync();
            await sofia.Locator("#site-select").SelectOptionAsync(new SelectOptionValue { Label = Bogota });
            await sofia.GetByLabel(Es("Contact.Reason"), new() { Exact = true }).FillAsync("Carta de reclamación por un cobro doble en la tarjeta");
            await sofia.Locator("#protocol-select").SelectOptionAsync(new SelectOptionValue { Label = $"{Complaints} (v{version})" });
            await sofia.GetByLabel(Es("Contact.CustomerName"), new() { Exact = true }).FillAsync("Camilo Rojas");
            await sofia.Locator("#Input_ReceivedDate").FillAsync("2026-03-02");
            await sofia.Locator("#Input_ReceivedTime").FillAsync("16:30");
            await sofia.Locator("#Input_ReceivedReason").FillAsync(LateReason);
            await sofia.Locator("#start").ClickAsync();
            await sofia.WaitForURLAsync(new Regex("/contacts/[0-9a-f-]{36}$"));
            contactId = Guid.Parse(new Uri(sofia.Url).AbsolutePath.Split('/').Last());
        });

        await story.Step("the run shows when the letter came and the legal countdown of the answer: 14 business days, due 24 March", async () =>
        {
            await Expect(sofia.GetByRole(AriaRole.Heading, new() { Name = Complaints, Level = 1 })).ToBeVisibleAsync();
            await Expect(sofia.Locator("#received-at")).ToContainTextAsync("16:30");
            await Expect(sofia.Locator("#received-at")).ToContainTextAsync(LateReason);
            var answer = sofia.Locator("#clock-Answer");
            await Expect(answer.Locator(".clock-name")).ToContainTextAsync(Es("Contact.Clock.Answer"));
            await Expect(answer.Locator(".day-term")).ToHaveTextAsync(countdown);
            await AxeCleanAsync(sofia);
        });

        await story.Step("she follows the greeting and the checklist to the step that gives the case number", async () =>
        {
            await sofia.Locator("#complete").ClickAsync();
            await Expect(sofia.Locator("#step-title")).ToHaveTextAsync("Recoger los datos");
            var checks = sofia.Locator("#checklist button.check");
            var count = await checks.CountAsync();
            for (var i = 0; i < count; i++)
            {
                await checks.Nth(i).ClickAsync();
                await Expect(checks.Nth(i)).ToHaveAttributeAsync("aria-checked", "true");
            }
            await sofia.Locator("#complete").ClickAsync();
            await Expect(sofia.Locator("#step-title")).ToHaveTextAsync("Dar el número de caso");
        });

        await story.Step("she fills the case number and the step's script says it", async () =>
        {
            await sofia.Locator("#field-numero-caso").FillAsync(CaseNumber);
            await sofia.Locator("#save-fields").ClickAsync();
            await Expect(sofia.Locator("#field-numero-caso")).ToHaveValueAsync(CaseNumber);
            await Expect(sofia.Locator("blockquote.script").Filter(new() { HasText = "Su número de caso es" }))
                .ToContainTextAsync($"Su número de caso es {CaseNumber}.");
            await AxeCleanAsync(sofia);
        });

        await story.Step("Andrés filters his board on the Bogotá shop and reads the legal countdown of the letter", async () =>
        {
            var andres = await BogotaBoardAsync("andres@suarez.example", 1280);
            story.Page = andres;
            var row = andres.Locator($"#board-{contactId}");
            await Expect(row).ToContainTextAsync(Complaints);
            await Expect(row.Locator("td.term .clock-name")).ToHaveTextAsync(Es("Contact.Clock.Answer"));
            await Expect(row.Locator("td.term .day-term")).ToHaveTextAsync(" · " + countdown);
            await Expect(row.Locator(".badge.warn")).ToHaveCountAsync(0);
            await AxeCleanAsync(andres);
            await andres.Context.CloseAsync();
        });

        await story.Step("the clock jumps 20 days, to the San José holiday: the server records the warning and escalates the contact", async () =>
        {
            demo.Clock.Advance(TimeSpan.FromDays(20));
            var escalated = false;
            for (var i = 0; i < 100 && !escalated; i++)
            {
                escalated = await demo.ReadAsync(db => db.Contacts.IgnoreQueryFilters().Where(c => c.Id == contactId).Select(c => c.Escalated).SingleAsync());
                if (!escalated) await Task.Delay(200);
            }
            escalated.ShouldBeTrue("the warning did not escalate the contact within 20 seconds");
            var events = await demo.ReadAsync(db => db.ContactEvents.IgnoreQueryFilters().Where(e => e.ContactId == contactId)
                .OrderBy(e => e.Sequence).Select(e => new { e.Type, e.Data, e.ActorUserId }).ToListAsync());
            events.ShouldContain(e => e.Data.Contains("warned", StringComparison.OrdinalIgnoreCase),
                string.Join("\n", events.Select(e => e.Type + " " + e.Data)));
            events.ShouldContain(e => e.Data.Contains(RuleKey, StringComparison.Ordinal));
        });

        await story.Step("on a tablet the board shows the letter at risk and escalated, one business day left", async () =>
        {
            // The jump outlived the 12-hour sessions: Andrés signs in again.
            var andres = await BogotaBoardAsync("andres@suarez.example", 768);
            story.Page = andres;
            var row = andres.Locator($"#board-{contactId}");
            await Expect(row).ToHaveClassAsync(new Regex(@"\bat-risk\b"));
            await Expect(row.Locator(".badge.at-risk")).ToHaveTextAsync(Es("Board.AtRisk"));
            await Expect(row.Locator(".badge.warn", new() { HasTextString = Es("Board.Escalated") })).ToHaveCountAsync(1);
            await Expect(row.Locator("td.term .day-term")).ToHaveTextAsync(
                " · " + Es("Contact.DaysLeft.BusinessDays", 1) + " · " + Es("Contact.DueOn", "martes 24 de marzo"));
            await AxeCleanAsync(andres);
            await andres.Context.CloseAsync();
        });

        await story.Step("the run shows the warning reached on the answer's clock, with the case number still in the script", async () =>
        {
            var again = await demo.SignInAsync(host.Browser, "sofia@suarez.example", width: 1280);
            story.Page = again;
            await again.GotoAsync($"/contacts/{contactId}");
            var answer = again.Locator("#clock-Answer");
            await Expect(answer).ToHaveClassAsync(new Regex(@"\bat-risk\b"));
            await Expect(answer.Locator(".clock-warnings li")).ToContainTextAsync(
                Es("Contact.WarningLeft", Es("Contact.Amount.BusinessDays", 3)));
            await Expect(again.Locator("blockquote.script").Filter(new() { HasText = "Su número de caso es" }))
                .ToContainTextAsync(CaseNumber);
            await AxeCleanAsync(again);
            await again.Context.CloseAsync();
        });

        await sofia.Context.CloseAsync();
    }
}
