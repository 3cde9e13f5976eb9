using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Pauta.Browser.Tests.Text;
using static Pauta.Browser.Tests.Axe;

namespace Pauta.Browser.Tests;

/// <summary>
/// A manager makes the salon bookings course; a receptionist takes it on a phone (390 px): lessons one after another,
/// the quiz with its radio groups, the acknowledgement; her course list also fits a 768 px tablet. No page scrolls sideways.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TrainingLessonsOnPhoneTests(BrowserHost host, DemoHost demo) : IClassFixture<DemoHost>
{
    private const string Bookings = "Reserva de citas en el salón de belleza";

    private static async Task FitsAsync(IPage page, string what)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        widths[0].ShouldBeLessThanOrEqualTo(widths[1], $"{what} scrolls sideways");
    }

    [Fact]
    public async Task A_receptionist_reads_the_lessons_passes_the_quiz_and_acknowledges_on_a_phone()
    {
        var story = new Story("training-on-phone");
        var id = await demo.ProtocolIdAsync(Bookings);
        var lucia = await demo.SignInAsync(host.Browser, "lucia@suarez.example", width: 1280);
        story.Page = lucia;

        await story.Step("Lucía creates the course from the current version", async () =>
        {
            await lucia.GotoAsync("/training/courses");
            var create = lucia.Locator($"#candidate-{id} button");
            if (await create.CountAsync() > 0) await create.ClickAsync();
            else await lucia.GotoAsync($"/training/courses/{id}");
            await lucia.WaitForURLAsync(new Regex($"/training/courses/{id}"));
            await Expect(lucia.Locator("#course-settings")).ToBeVisibleAsync();
            await AxeCleanAsync(lucia);
        });

        var tomas = await demo.SignInAsync(host.Browser, "tomas@suarez.example", width: 390);
        var console = new ConsoleWatch(tomas);
        story.Page = tomas;

        await story.Step("Tomás starts the course and marks the overview done; the next lesson opens with the focus on its title", async () =>
        {
            await tomas.GotoAsync($"/training/courses/{id}");
            await FitsAsync(tomas, "the course page");
            await AxeCleanAsync(tomas);
            await tomas.Locator("#resume").ClickAsync();
            await tomas.WaitForURLAsync(new Regex("/lessons/overview$"));
            await FitsAsync(tomas, "the overview lesson");
            await AxeCleanAsync(tomas);
            await tomas.GetByRole(AriaRole.Button, new() { Name = Es("Training.Learner.Lesson.Done"), Exact = true }).ClickAsync();
            // htmx boosts the form: the next lesson arrives by a swap and a pushed address, with no load event to wait for.
            await tomas.WaitForURLAsync(new Regex("/lessons/saludo"), new() { WaitUntil = WaitUntilState.Commit });
            await Expect(tomas.Locator("h1")).ToBeFocusedAsync();
            await FitsAsync(tomas, "a step lesson");
            await AxeCleanAsync(tomas);
        });

        await story.Step("she answers the quiz with the radio groups and passes it", async () =>
        {
            await tomas.GotoAsync($"/training/courses/{id}/quiz");
            await tomas.GetByRole(AriaRole.Button, new() { Name = Es("Training.Learner.Quiz.Start"), Exact = true }).ClickAsync();
            await Expect(tomas.Locator("#quiz-form fieldset")).ToHaveCountAsync(2);
            await FitsAsync(tomas, "the quiz");
            await AxeCleanAsync(tomas);
            await tomas.GetByRole(AriaRole.Radio, new() { Name = "Le ofrezco la prueba de alergia al menos 72 horas antes.", Exact = true }).CheckAsync();
            await tomas.GetByRole(AriaRole.Radio, new() { Name = "Servicio, día, hora, estilista y teléfono", Exact = true }).CheckAsync();
            await tomas.GetByRole(AriaRole.Button, new() { Name = Es("Training.Learner.Quiz.Submit"), Exact = true }).ClickAsync();
            await Expect(tomas.Locator("#quiz-result h2")).ToHaveTextAsync(Es("Training.Learner.Quiz.Passed"));
            await FitsAsync(tomas, "the quiz result");
            await AxeCleanAsync(tomas);
        });

        await story.Step("she acknowledges the version: read and understood", async () =>
        {
            await tomas.GetByRole(AriaRole.Link, new() { Name = Es("Training.Learner.Quiz.GoAcknowledge"), Exact = true }).ClickAsync();
            await Expect(tomas.GetByRole(AriaRole.Button, new() { Name = Es("Training.Learner.Ack.Button"), Exact = true })).ToBeVisibleAsync();
            await AxeCleanAsync(tomas);
            await tomas.GetByRole(AriaRole.Button, new() { Name = Es("Training.Learner.Ack.Button"), Exact = true }).ClickAsync();
            await Expect(tomas.Locator("#acknowledge .ok")).ToBeVisibleAsync();
            await AxeCleanAsync(tomas);
        });

        await story.Step("on a 768 px tablet her course list fits and shows the course acknowledged", async () =>
        {
            await tomas.SetViewportSizeAsync(768, 1024);
            await tomas.GotoAsync("/training");
            await Expect(tomas.Locator($"#course-{id}")).ToHaveAttributeAsync("data-status", "Acknowledged");
            await FitsAsync(tomas, "my training");
            await AxeCleanAsync(tomas);
            console.Errors.ShouldBeEmpty();
        });
    }
}
