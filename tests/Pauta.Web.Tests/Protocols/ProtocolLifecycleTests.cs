using Microsoft.EntityFrameworkCore;
using Pauta.Core.Protocols;
using Pauta.Data.Entities;
using Pauta.Data.Protocols;
using Pauta.Web.Features.Demo;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Features.Shared;
using Pauta.Web.Tests.Infrastructure;
using Protocol = Pauta.Core.Protocols.Protocol;

namespace Pauta.Web.Tests.Protocols;

/// <summary>
/// <see cref="ProtocolsService"/> wired to the database: draft → in review → approved → published vN with the stored audit
/// record of each move, immutable versions, suggestions credited to the version that used them, review cadence, tenancy.
/// The lifecycle's rules themselves are plain unit tests (Pauta.Core.Tests, ProtocolLifecycleTests).
/// </summary>
public abstract class ProtocolLifecycleTests(PautaApp app)
{
    private const string OtherManager = "marta@suarez.example";

    private static Protocol DemoPhone()
    {
        var (_, text) = DemoSeeder.ProtocolFiles().Single(f => f.Name.Contains("telefonica", StringComparison.Ordinal));
        return ProtocolFile.Parse("phone.md", text).Protocol!;
    }

    private static Protocol Fresh(string title) => DemoPhone() with { Title = title };

    private Task<T> As<T>(string email, Func<ProtocolsService, Task<T>> work) => app.AsAsync(email, work);

    [Fact]
    public async Task The_demo_organisation_starts_with_seventeen_published_protocols_that_agents_can_read()
    {
        var titles = DemoSeeder.ProtocolFiles().Select(f => ProtocolFile.Parse(f.Name, f.Text).Protocol!.Title).ToList();
        titles.Count.ShouldBe(17);
        // Other tests of this class add protocols to the same organisation; the demo's own are all there, published.
        var list = (await As(Demo.Agent, s => s.ListAsync(false, default))).Where(p => titles.Contains(p.Title)).ToList();
        list.Count.ShouldBe(17);
        list.ShouldAllBe(p => p.Status == ProtocolStatus.Published);
        var phone = list.Single(p => p.Title == "Atención telefónica");
        var v1 = await As(Demo.Agent, s => s.GetVersionAsync(phone.Id, null, default));
        v1.Value!.Protocol.Steps.First().Key.ShouldBe("saludo");
        v1.Value.PublishedBy.ShouldBe("Lucía Romero");
        v1.Value.ApprovedBy.ShouldBe("Carmen Suárez");
    }

    [Fact]
    public async Task A_new_draft_is_seen_by_managers_but_not_by_agents()
    {
        var created = await As(Demo.Manager, s => s.CreateAsync(Fresh("Borrador invisible"), default));
        created.Succeeded.ShouldBeTrue();

        (await As(Demo.Manager, s => s.ListAsync(false, default))).Single(p => p.Id == created.Value!.Id).Status.ShouldBe(ProtocolStatus.Draft);
        (await As(Demo.Agent, s => s.ListAsync(false, default))).ShouldNotContain(p => p.Id == created.Value!.Id);
        (await As(Demo.Agent, s => s.GetVersionAsync(created.Value!.Id, null, default))).Failure.ShouldBe(Failure.NotFound);
        (await As(Demo.Agent, s => s.GetDraftAsync(created.Value!.Id, default))).Failure.ShouldBe(Failure.Forbidden);
        (await As(Demo.Agent, s => s.CreateAsync(Fresh("Agente"), default))).Failure.ShouldBe(Failure.Forbidden);
    }

    [Fact]
    public async Task A_protocol_goes_from_draft_to_v1_to_v2_and_v1_stays_as_it_was()
    {
        var draft = (await As(Demo.Manager, s => s.CreateAsync(Fresh("Teléfono de la tienda nueva"), default))).Value!;
        draft = (await As(Demo.Manager, s => s.SubmitAsync(draft.Id, draft.Version, default))).Value!;
        draft.State.ShouldBe(DraftState.InReview);

        var selfApproval = await As(Demo.Manager, s => s.ApproveAsync(draft.Id, draft.Version, default));
        selfApproval.Problems.ShouldContain(p => p.Code == "Protocol.ApproverIsAuthor");
        draft = (await As(OtherManager, s => s.ApproveAsync(draft.Id, draft.Version, default))).Value!;
        draft.State.ShouldBe(DraftState.Approved);

        var noSummary = await As(Demo.Manager, s => s.PublishAsync(draft.Id, new PublishInput(ChangeSize.Major, " ", draft.Version), default));
        noSummary.Problems.ShouldContain(p => p.Field == "changeSummary");
        var v1 = (await As(Demo.Manager, s => s.PublishAsync(draft.Id, new PublishInput(ChangeSize.Minor, "Primera versión", draft.Version), default))).Value!;
        v1.Number.ShouldBe(1);
        v1.ChangeSize.ShouldBe(ChangeSize.Major, "the first version is always major");
        v1.ApprovedBy.ShouldBe("Marta Iglesias");

        var started = (await As(Demo.Manager, s => s.StartDraftAsync(draft.Id, default))).Value!;
        started.BaseVersion.ShouldBe(1);
        var edited = started.Protocol with { Purpose = started.Protocol.Purpose + " Sin hacer esperar al cliente." };
        started = (await As(Demo.Manager, s => s.SaveDraftAsync(draft.Id, edited, started.Version, default))).Value!;
        started = (await As(Demo.Manager, s => s.SubmitAsync(draft.Id, started.Version, default))).Value!;
        started = (await As(OtherManager, s => s.ApproveAsync(draft.Id, started.Version, default))).Value!;
        var v2 = (await As(Demo.Manager, s => s.PublishAsync(draft.Id, new PublishInput(ChangeSize.Minor, "Redacción del propósito", started.Version), default))).Value!;
        v2.Number.ShouldBe(2);
        v2.ChangeSize.ShouldBe(ChangeSize.Minor);

        var first = (await As(Demo.Agent, s => s.GetVersionAsync(draft.Id, 1, default))).Value!;
        first.Protocol.Purpose.ShouldNotContain("Sin hacer esperar");
        (await As(Demo.Agent, s => s.GetVersionAsync(draft.Id, null, default))).Value!.Protocol.Purpose.ShouldContain("Sin hacer esperar");
        (await As(Demo.Agent, s => s.ListVersionsAsync(draft.Id, default))).Value!.Select(v => v.Number).ShouldBe([2, 1]);

        var actions = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == draft.Id.ToString())
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync(), await app.OrganisationOfAsync(Demo.Manager));
        actions.ShouldBe([
            "protocol.created", "protocol.submitted", "protocol.approved", "protocol.published",
            "protocol.draft-started", "protocol.edited", "protocol.submitted", "protocol.approved", "protocol.published",
        ]);
        var editAudit = await app.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == draft.Id.ToString() && a.Action == "protocol.edited")
            .Select(a => a.Details).SingleAsync(), await app.OrganisationOfAsync(Demo.Manager));
        editAudit.ShouldBe("purpose", "the audit says what changed");
    }

    [Fact]
    public async Task Publishing_needs_approval_when_the_organisation_asks_for_it_and_not_otherwise()
    {
        var draft = (await As(Demo.Manager, s => s.CreateAsync(Fresh("Sin aprobación"), default))).Value!;
        var refused = await As(Demo.Manager, s => s.PublishAsync(draft.Id, new PublishInput(ChangeSize.Major, "v1", draft.Version), default));
        refused.Problems.ShouldContain(p => p.Code == "Protocol.ApprovalRequired");

        var organisation = await app.OrganisationOfAsync(Demo.Manager);
        await app.WithDbAsync(async db =>
        {
            (await db.Organisations.SingleAsync()).RequireProtocolApproval = false;
            await db.SaveChangesAsync();
        }, organisation);
        try
        {
            var published = await As(Demo.Manager, s => s.PublishAsync(draft.Id, new PublishInput(ChangeSize.Major, "v1", draft.Version), default));
            published.Succeeded.ShouldBeTrue();
            published.Value!.ApprovedBy.ShouldBeNull();
        }
        finally
        {
            await app.WithDbAsync(async db =>
            {
                (await db.Organisations.SingleAsync()).RequireProtocolApproval = true;
                await db.SaveChangesAsync();
            }, organisation);
        }
    }

    [Fact]
    public async Task A_stale_save_is_refused_and_keeps_the_first_save()
    {
        var draft = (await As(Demo.Manager, s => s.CreateAsync(Fresh("Dos editores"), default))).Value!;
        var first = await As(Demo.Manager, s => s.SaveDraftAsync(draft.Id, draft.Protocol with { Scope = "Lucía" }, draft.Version, default));
        first.Succeeded.ShouldBeTrue();
        var second = await As(OtherManager, s => s.SaveDraftAsync(draft.Id, draft.Protocol with { Scope = "Marta" }, draft.Version, default));
        second.Failure.ShouldBe(Failure.Conflict);
        (await As(Demo.Manager, s => s.GetDraftAsync(draft.Id, default))).Value!.Protocol.Scope.ShouldBe("Lucía");
    }

    [Fact]
    public async Task Published_versions_cannot_be_changed_even_directly_in_the_database()
    {
        var organisation = await app.OrganisationOfAsync(Demo.Manager);
        var error = await Should.ThrowAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            var version = await db.ProtocolVersions.FirstAsync();
            version.Text += "\nmanipulado";
            await db.SaveChangesAsync();
        }, organisation));
        error.Message.ShouldContain("append-only");
    }

    [Fact]
    public async Task A_suggestion_is_accepted_into_a_draft_credited_in_the_next_version_and_its_author_sees_the_outcome()
    {
        var list = await As(Demo.Agent, s => s.ListAsync(false, default));
        var id = list.Single(p => p.Title == "Devoluciones y cambios").Id;
        var unknownStep = await As(Demo.Agent, s => s.SuggestAsync(id, "no-existe", "Texto", default));
        unknownStep.Problems.ShouldContain(p => p.Field == "stepKey");
        (await As(Demo.Agent, s => s.SuggestAsync(id, null, "  ", default))).Problems.ShouldContain(p => p.Field == "text");

        var version = (await As(Demo.Agent, s => s.GetVersionAsync(id, null, default))).Value!;
        var step = version.Protocol.Steps[1].Key;
        var suggestion = (await As(Demo.Agent, s => s.SuggestAsync(id, step, "Pedir también el número de pedido online.", default))).Value!;
        suggestion.Status.ShouldBe(SuggestionStatus.Open);
        (await As(Demo.Manager, s => s.ListSuggestionsAsync(id, true, default))).ShouldContain(x => x.Id == suggestion.Id);

        var accepted = (await As(Demo.Manager, s => s.AcceptSuggestionAsync(suggestion.Id, suggestion.Version, default))).Value!;
        accepted.Status.ShouldBe(SuggestionStatus.Accepted);
        var draft = (await As(Demo.Manager, s => s.GetDraftAsync(id, default))).Value!;
        draft.AttachedSuggestions.Select(x => x.Id).ShouldBe([suggestion.Id]);

        draft = (await As(Demo.Manager, s => s.SubmitAsync(id, draft.Version, default))).Value!;
        draft = (await As(OtherManager, s => s.ApproveAsync(id, draft.Version, default))).Value!;
        var v2 = (await As(Demo.Manager, s => s.PublishAsync(id, new PublishInput(ChangeSize.Minor, "Número de pedido", draft.Version), default))).Value!;
        v2.CreditedTo.ShouldBe(["Sofía Díaz"]);

        var mine = await As(Demo.Agent, s => s.MySuggestionsAsync(default));
        mine.Single(x => x.Id == suggestion.Id).PublishedInVersion.ShouldBe(2);
    }

    [Fact]
    public async Task Declining_a_suggestion_needs_a_reason_and_the_suggester_reads_it()
    {
        var id = (await As(Demo.Agent, s => s.ListAsync(false, default))).Single(p => p.Title == "Atención telefónica").Id;
        var suggestion = (await As(Demo.Agent, s => s.SuggestAsync(id, null, "Quitar la música de espera.", default))).Value!;
        (await As(Demo.Manager, s => s.DeclineSuggestionAsync(suggestion.Id, suggestion.Version, "", default)))
            .Problems.ShouldContain(p => p.Field == "reason");
        (await As(Demo.Agent, s => s.DeclineSuggestionAsync(suggestion.Id, suggestion.Version, "no", default))).Failure.ShouldBe(Failure.Forbidden);
        (await As(Demo.Manager, s => s.DeclineSuggestionAsync(suggestion.Id, suggestion.Version, "La música avisa de que seguimos ahí.", default)))
            .Succeeded.ShouldBeTrue();
        var mine = (await As(Demo.Agent, s => s.MySuggestionsAsync(default))).Single(x => x.Id == suggestion.Id);
        mine.Status.ShouldBe(SuggestionStatus.Declined);
        mine.DecisionReason.ShouldBe("La música avisa de que seguimos ahí.");
        mine.DecidedBy.ShouldBe("Lucía Romero");
        (await As(Demo.Manager, s => s.DeclineSuggestionAsync(suggestion.Id, mine.Version, "otra vez", default)))
            .Problems.ShouldContain(p => p.Code == "Suggestion.AlreadyDecided");
    }

    [Fact]
    public async Task A_protocol_due_for_review_is_listed_first_for_its_owner_and_re_verifying_moves_the_date_on()
    {
        var organisation = await app.OrganisationOfAsync(Demo.Manager);
        var id = (await As(Demo.Manager, s => s.ListAsync(false, default))).Single(p => p.Title == "Errores de facturación").Id;
        await app.WithDbAsync(async db =>
        {
            (await db.Protocols.SingleAsync(p => p.Id == id)).ReviewDueAt = app.UtcNow.AddDays(-1);
            await db.SaveChangesAsync();
        }, organisation);

        var due = await As(Demo.Manager, s => s.DueForReviewAsync(TimeSpan.FromDays(7), default));
        due.First().Id.ShouldBe(id);
        due.First().IsMine.ShouldBeTrue();
        (await As(Demo.Agent, s => s.DueForReviewAsync(TimeSpan.FromDays(7), default))).ShouldBeEmpty();

        var next = (await As(Demo.Manager, s => s.VerifyAsync(id, default))).Value!;
        next!.Value.ShouldBeGreaterThan(app.UtcNow.AddDays(30));
        (await As(Demo.Manager, s => s.DueForReviewAsync(TimeSpan.FromDays(7), default))).ShouldNotContain(d => d.Id == id);
    }

    [Fact]
    public async Task Archived_protocols_disappear_for_agents_and_come_back_when_restored()
    {
        var id = (await As(Demo.Manager, s => s.ListAsync(false, default))).Single(p => p.Title == "Pedido en línea no recibido").Id;
        (await As(Demo.Agent, s => s.ArchiveAsync(id, default))).Failure.ShouldBe(Failure.Forbidden);
        (await As(Demo.Manager, s => s.ArchiveAsync(id, default))).Succeeded.ShouldBeTrue();
        (await As(Demo.Agent, s => s.ListAsync(false, default))).ShouldNotContain(p => p.Id == id);
        (await As(Demo.Agent, s => s.GetVersionAsync(id, null, default))).Failure.ShouldBe(Failure.NotFound);
        (await As(Demo.Manager, s => s.ListAsync(true, default))).Single(p => p.Id == id).Status.ShouldBe(ProtocolStatus.Archived);
        (await As(Demo.Manager, s => s.RestoreAsync(id, default))).Succeeded.ShouldBeTrue();
        (await As(Demo.Agent, s => s.ListAsync(false, default))).ShouldContain(p => p.Id == id);
    }

    [Fact]
    public async Task A_manager_of_another_organisation_can_neither_read_nor_change_these_protocols()
    {
        var email = Demo.NewEmail("owner");
        await app.SignUpAsync($"Otra {Guid.NewGuid():N}", email);
        var id = (await As(Demo.Manager, s => s.ListAsync(false, default))).Single(p => p.Title == "Quejas y reclamaciones").Id;

        (await As(email, s => s.ListAsync(true, default))).ShouldBeEmpty();
        (await As(email, s => s.GetVersionAsync(id, null, default))).Failure.ShouldBe(Failure.NotFound);
        (await As(email, s => s.StartDraftAsync(id, default))).Failure.ShouldBe(Failure.NotFound);
        (await As(email, s => s.SaveDraftAsync(id, Fresh("Robado"), 0, default))).Failure.ShouldBe(Failure.NotFound);
        (await As(email, s => s.ArchiveAsync(id, default))).Failure.ShouldBe(Failure.NotFound);
        (await As(email, s => s.SuggestAsync(id, null, "hola", default))).Failure.ShouldBe(Failure.NotFound);
        (await As(email, s => s.ExportAsync(id, null, false, default))).Failure.ShouldBe(Failure.NotFound);
        (await As(Demo.Agent, s => s.GetVersionAsync(id, null, default))).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task Importing_a_malformed_file_reports_line_and_column_and_imports_nothing()
    {
        var before = (await As(Demo.Manager, s => s.ListAsync(true, default))).Count;
        var result = await As(Demo.Manager, s => s.ImportAsync("roto.md", "---\ntitle: [sin cerrar\n---\n", default));
        result.Failure.ShouldBe(Failure.Invalid);
        result.Problems.ShouldAllBe(p => p.Code == "Import.Problem");
        result.Problems[0].Args[0].ShouldBe("roto.md");
        ((int)result.Problems[0].Args[1]).ShouldBeGreaterThan(0);
        (await As(Demo.Manager, s => s.ListAsync(true, default))).Count.ShouldBe(before);
    }

    [Fact]
    public async Task Importing_a_file_with_an_existing_title_replaces_that_protocols_draft_and_exporting_gives_the_same_text()
    {
        var id = (await As(Demo.Manager, s => s.ListAsync(false, default))).Single(p => p.Title == "Atención telefónica").Id;
        var exported = (await As(Demo.Manager, s => s.ExportAsync(id, null, false, default))).Value!;
        exported.FileName.ShouldBe("atencion-telefonica.md");
        var changed = exported.Text.Replace("Cerrar la llamada", "Despedir la llamada", StringComparison.Ordinal);
        var imported = (await As(Demo.Manager, s => s.ImportAsync(exported.FileName, changed, default))).Value!;
        imported.Id.ShouldBe(id);
        imported.Created.ShouldBeFalse();
        (await As(Demo.Manager, s => s.ExportAsync(id, null, true, default))).Value!.Text.ShouldBe(changed);
    }
}

public sealed class ProtocolLifecycleOnSqlite(SqliteApp app) : ProtocolLifecycleTests(app), IClassFixture<SqliteApp>;

public sealed class ProtocolLifecycleOnPostgres(PostgresApp app) : ProtocolLifecycleTests(app), IClassFixture<PostgresApp>;
