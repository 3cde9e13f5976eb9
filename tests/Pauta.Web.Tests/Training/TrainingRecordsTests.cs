extern alias jsonschema;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using jsonschema::Json.Schema;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Training;
using Pauta.Data.Entities;
using Pauta.Data.Protocols;
using Pauta.Web.Features.Demo;
using Pauta.Web.Features.Training;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.Training;

public sealed record MatrixPersonDto(Guid MemberId, string Name, string Email, Guid? DepartmentId, string? Department, Guid? PositionId, string? Position);
public sealed record MatrixProtocolDto(Guid Id, string Title, int Version, int Major);
public sealed record MatrixCellDto(Guid ProtocolId, TrainingCellState State, int? Score, int? Acknowledged, DateTime? AcknowledgedAt, DateTime? DueAt,
    DateTime? RefresherDueAt);
public sealed record MatrixRowDto(MatrixPersonDto Person, List<MatrixCellDto> Cells);
public sealed record MatrixDto(List<MatrixProtocolDto> Protocols, List<MatrixRowDto> Rows, int Page, int PageSize, int Total, int Pages);
public sealed record StatementPageDto(List<JsonObject> Statements, string More);

/// <summary>
/// Training records: the people × protocols matrix (page, API, CSV) over the demo organisation's seeded training, the xAPI
/// statements checked against a JSON Schema of what Pauta emits, and another organisation that never sees any of it.
/// </summary>
public abstract class TrainingRecordsTests(PautaApp app)
{
    private static readonly IReadOnlyDictionary<string, string> Titles = DemoSeeder.ProtocolFiles()
        .ToDictionary(f => f.Name, f => ProtocolFile.Parse(f.Name, f.Text).Protocol!.Title.Trim());

    private static string Salon => Titles[DemoSeeder.SalonFile];
    private static string Cancellations => Titles["09-cancelacion-citas-salon.md"];
    private static string Greeting => Titles["01-saludo-recepcion.md"];
    private static string Phone => Titles["02-atencion-telefonica.md"];
    private static string Returns => Titles["07-devoluciones-cambios.md"];

    private static TrainingCellState StateOf(MatrixDto m, string person, string protocol)
    {
        var column = m.Protocols.FindIndex(p => p.Title == protocol);
        column.ShouldBeGreaterThanOrEqualTo(0, protocol);
        return m.Rows.Single(r => r.Person.Name == person).Cells[column].State;
    }

    [Fact]
    public async Task The_demo_matrix_shows_every_state_and_each_person_where_the_seed_put_them()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var m = await manager.GetJsonAsync<MatrixDto>("/api/v1/training/matrix");

        m.Total.ShouldBe(Demo.PeopleNames.Count());
        m.Protocols.Count.ShouldBe(Titles.Count);
        m.Protocols.Single(p => p.Title == Salon).ShouldSatisfyAllConditions(p => p.Version.ShouldBe(2), p => p.Major.ShouldBe(2));
        m.Rows.SelectMany(r => r.Cells).Select(c => c.State).Distinct().Order().ShouldBe(Enum.GetValues<TrainingCellState>().Order());

        StateOf(m, "Paula Gil", Salon).ShouldBe(TrainingCellState.AcknowledgedOlder);
        StateOf(m, "Paula Gil", Cancellations).ShouldBe(TrainingCellState.Acknowledged);
        StateOf(m, "Marta Iglesias", Salon).ShouldBe(TrainingCellState.Acknowledged);
        StateOf(m, "Valentina Ruiz", Salon).ShouldBe(TrainingCellState.InProgress);
        StateOf(m, "Valentina Ruiz", Cancellations).ShouldBe(TrainingCellState.InProgress);
        StateOf(m, "Sofía Díaz", Greeting).ShouldBe(TrainingCellState.RefresherDue);
        StateOf(m, "Sofía Díaz", Phone).ShouldBe(TrainingCellState.Passed);
        StateOf(m, "Sofía Díaz", Returns).ShouldBe(TrainingCellState.Overdue);
        StateOf(m, "Diego Navarro", Phone).ShouldBe(TrainingCellState.Assigned);
        StateOf(m, "Andrés Pérez", Phone).ShouldBe(TrainingCellState.Overdue);
        StateOf(m, "Carmen Suárez", Salon).ShouldBe(TrainingCellState.NotAssigned);

        var sofia = m.Rows.Single(r => r.Person.Name == "Sofía Díaz");
        sofia.Cells[m.Protocols.FindIndex(p => p.Title == Phone)].Score.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(70);
        var paula = m.Rows.Single(r => r.Person.Name == "Paula Gil").Cells[m.Protocols.FindIndex(p => p.Title == Salon)];
        paula.Acknowledged.ShouldBe(1);
        paula.DueAt.ShouldNotBeNull().ShouldBeGreaterThan(app.UtcNow);
    }

    [Fact]
    public async Task The_matrix_page_is_a_labelled_scroll_region_with_an_icon_and_a_text_in_every_cell_and_the_full_title_of_every_column()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var page = await manager.GetPageAsync("/training/matrix");
        page.ShouldHaveStatus(HttpStatusCode.OK);
        page.Title.ShouldBe(Text.Es("Training.Records.Title"));

        var region = page.Document.QuerySelector(".matrix-scroll").ShouldNotBeNull();
        region.GetAttribute("role").ShouldBe("region");
        region.GetAttribute("tabindex").ShouldBe("0");
        page.Document.GetElementById(region.GetAttribute("aria-labelledby")!).ShouldNotBeNull().TextContent.ShouldNotBeNullOrWhiteSpace();

        page.Document.QuerySelectorAll("#matrix thead abbr").Select(a => a.GetAttribute("title")!.Split(" (v")[0])
            .ShouldBe(Titles.Values.Order(StringComparer.Ordinal), ignoreOrder: true);
        var rows = page.Document.QuerySelectorAll("#matrix tbody tr");
        rows.Length.ShouldBe(Demo.PeopleNames.Count());
        foreach (var cell in page.Document.QuerySelectorAll("#matrix tbody td"))
        {
            cell.QuerySelector("a[href^='/training/courses/']").ShouldNotBeNull();
            cell.QuerySelector("[aria-hidden=true]").ShouldNotBeNull().TextContent.Trim().ShouldNotBeEmpty();
            cell.QuerySelector(".sr-only").ShouldNotBeNull().TextContent.Trim().ShouldNotBeEmpty();
        }
        var paula = rows.Single(r => r.QuerySelector("th")!.TextContent.Contains("Paula Gil"));
        paula.TextContent.ShouldContain(Text.Es("Training.Records.AcknowledgedOlder"));
        page.Document.QuerySelector("#matrix-csv").ShouldNotBeNull().GetAttribute("href").ShouldBe("/training/matrix?format=csv");

        var agent = await app.SignInAsync(Demo.Agent);
        (await agent.GetPageAsync("/training/matrix")).ShouldHaveStatus(HttpStatusCode.Forbidden);
        await (await agent.GetAsync("/api/v1/training/matrix")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await agent.GetAsync("/api/v1/training/xapi/statements")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await agent.GetAsync("/training/xapi/export")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Filters_keep_the_people_and_protocols_asked_for_and_people_come_fifty_a_page()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var all = await manager.GetJsonAsync<MatrixDto>("/api/v1/training/matrix");
        all.PageSize.ShouldBe(50);
        var paula = all.Rows.Single(r => r.Person.Name == "Paula Gil").Person;

        (await manager.GetJsonAsync<MatrixDto>($"/api/v1/training/matrix?positionId={paula.PositionId}")).Rows.Select(r => r.Person.Name)
            .ShouldBe(["Paula Gil"]);
        var salonDepartment = await manager.GetJsonAsync<MatrixDto>($"/api/v1/training/matrix?departmentId={paula.DepartmentId}");
        salonDepartment.Rows.Select(r => r.Person.Name).ShouldBe(["Marta Iglesias", "Paula Gil", "Valentina Ruiz"], ignoreOrder: true);
        (await manager.GetJsonAsync<MatrixDto>("/api/v1/training/matrix?person=SOF")).Rows.Select(r => r.Person.Name).ShouldBe(["Sofía Díaz"]);
        (await manager.GetJsonAsync<MatrixDto>("/api/v1/training/matrix?person=diego%40suarez")).Rows.Select(r => r.Person.Name).ShouldBe(["Diego Navarro"]);

        var overdue = await manager.GetJsonAsync<MatrixDto>("/api/v1/training/matrix?state=overdue");
        overdue.Rows.Select(r => r.Person.Name).ShouldBe(["Andrés Pérez", "Sofía Díaz"], ignoreOrder: true);
        overdue.Total.ShouldBe(2);

        var salonId = all.Protocols.Single(p => p.Title == Salon).Id;
        var salon = await manager.GetJsonAsync<MatrixDto>($"/api/v1/training/matrix?protocolId={salonId}");
        salon.Protocols.Select(p => p.Id).ShouldBe([salonId]);
        salon.Rows.ShouldAllBe(r => r.Cells.Count == 1 && r.Cells[0].ProtocolId == salonId);

        var second = await manager.GetJsonAsync<MatrixDto>("/api/v1/training/matrix?page=2");
        second.Rows.ShouldBeEmpty();
        second.Total.ShouldBe(all.Total);

        var page = await manager.GetPageAsync($"/training/matrix?state=Overdue&departmentId={paula.DepartmentId}");
        page.ShouldHaveStatus(HttpStatusCode.OK);
        page.Document.QuerySelector("#matrix-empty").ShouldNotBeNull();
        page.Document.QuerySelector("#matrix-csv")!.GetAttribute("href")!.ShouldContain("state=Overdue");
    }

    [Fact]
    public async Task Bad_filters_are_reported_on_their_fields_and_never_answer_500()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        await (await manager.GetAsync("/api/v1/training/matrix?state=Bogus&departmentId=nope&page=0&person=" + new string('x', 201)))
            .ShouldBeValidationProblemAsync("state", "departmentId", "page", "person");
        await (await manager.GetAsync("/api/v1/training/xapi/statements?since=yesterday&until=2026-03-03T09:30:00&limit=0&more=%25%25"))
            .ShouldBeValidationProblemAsync("since", "until", "limit", "more");

        var page = await manager.GetPageAsync("/training/matrix?state=Bogus&positionId=nope");
        page.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        page.Document.QuerySelector("[data-valmsg-for=state]")!.TextContent.ShouldContain("Bogus");
        page.Document.QuerySelector("[data-valmsg-for=positionId]")!.TextContent.ShouldContain("nope");
        page.Document.QuerySelector("#matrix-invalid").ShouldNotBeNull();
        (await manager.GetPageAsync("/training/matrix?format=csv&state=Bogus")).ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        (await manager.GetPageAsync("/training/matrix?format=xlsx")).ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task The_csv_has_a_bom_a_header_and_one_line_per_person_and_protocol_over_every_page()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var response = await manager.GetAsync("/training/matrix?format=csv");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe($"pauta-training-{app.UtcNow:yyyyMMdd}.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("person,email,department,position,protocol,version,state,score,acknowledged_version,acknowledged_at,due_at,refresher_due_at");
        lines.Length.ShouldBe(1 + Demo.PeopleNames.Count() * Titles.Count);

        var overdue = Encoding.UTF8.GetString(await (await manager.GetAsync("/training/matrix?format=csv&state=Overdue")).Content.ReadAsByteArrayAsync())
            .TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        overdue.Length.ShouldBe(3);
        var sofia = overdue.Single(l => l.StartsWith("Sofía Díaz,", StringComparison.Ordinal)).Split(',');
        sofia[1].ShouldBe(Demo.Agent);
        sofia[4].ShouldBe(Returns);
        sofia[6].ShouldBe("Overdue");
        sofia[10].ShouldMatch(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$");

        var greeting = Encoding.UTF8.GetString(await (await manager.GetAsync("/training/matrix?format=csv&state=RefresherDue&person=sofia")).Content.ReadAsByteArrayAsync())
            .TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1].Split(',');
        int.Parse(greeting[7], System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(70, 100);
        greeting[8].ShouldBe("1");
        greeting[9].ShouldMatch(@"Z$");
        greeting[11].ShouldMatch(@"Z$");
    }

    [Fact]
    public void Csv_fields_are_quoted_by_rfc_4180_and_defused_against_formulas()
    {
        MatrixCsv.Field("Paula Gil").ShouldBe("Paula Gil");
        MatrixCsv.Field("Gil, Paula").ShouldBe("\"Gil, Paula\"");
        MatrixCsv.Field("La \"jefa\"").ShouldBe("\"La \"\"jefa\"\"\"");
        MatrixCsv.Field("dos\nlíneas").ShouldBe("\"dos\nlíneas\"");
        MatrixCsv.Field("=1+1").ShouldBe("'=1+1");
        MatrixCsv.Field("+34 600").ShouldBe("'+34 600");
        MatrixCsv.Field("-2").ShouldBe("'-2");
        MatrixCsv.Field("@SUM(A1)").ShouldBe("'@SUM(A1)");
        MatrixCsv.Field("\tcmd").ShouldBe("'\tcmd");
        MatrixCsv.Field("=HYPERLINK(\"http://x\",\"y\")").ShouldBe("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        MatrixCsv.Field("a=b").ShouldBe("a=b");

        var protocol = new MatrixProtocol(Guid.NewGuid(), "Quejas, \"reclamaciones\"", 3, 2);
        var person = new MatrixPerson(Guid.NewGuid(), "=cmd|' /C calc'!A0", "x@example.com", null, "Caja", null, "-Cajero");
        var at = new DateTime(2026, 3, 3, 9, 30, 0, DateTimeKind.Utc);
        var bytes = MatrixCsv.Write([protocol], [(person, new MatrixCell(protocol.Id, TrainingCellState.Acknowledged, 85, 3, at, null, at.AddDays(30)))]);
        Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n")[1]
            .ShouldBe("'=cmd|' /C calc'!A0,x@example.com,Caja,'-Cajero,\"Quejas, \"\"reclamaciones\"\"\",3,Acknowledged,85,3,2026-03-03T09:30:00Z,,2026-04-02T09:30:00Z");
    }

    // Built once per test run: JsonSchema.Net registers a schema by its $id, and both database classes use it.
    private static readonly Lazy<JsonSchema> StatementSchema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Training", "xapi-statement.schema.json"))));

    private static async Task<List<JsonObject>> AllStatementsAsync(Browser who, int limit)
    {
        var all = new List<JsonObject>();
        var url = $"/api/v1/training/xapi/statements?limit={limit}";
        for (var i = 0; i < 1000 && url.Length > 0; i++)
        {
            var page = await who.GetJsonAsync<StatementPageDto>(url);
            page.Statements.Count.ShouldBeLessThanOrEqualTo(limit);
            all.AddRange(page.Statements);
            url = page.More;
        }
        url.ShouldBeEmpty("the pages end");
        return all;
    }

    [Fact]
    public async Task Every_statement_of_the_demo_history_matches_the_xapi_schema_with_consistent_scores()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var statements = await AllStatementsAsync(manager, 1000);
        var schema = StatementSchema.Value;
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

        statements.Count.ShouldBeGreaterThan(40);
        foreach (var s in statements)
        {
            var result = schema.Evaluate(JsonDocument.Parse(s.ToJsonString()).RootElement, options);
            result.IsValid.ShouldBeTrue(s.ToJsonString() + "\n" + string.Join("\n",
                (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
            if (s["result"]?["score"] is JsonObject score)
            {
                var (raw, min, max) = (score["raw"]!.GetValue<double>(), score["min"]!.GetValue<double>(), score["max"]!.GetValue<double>());
                raw.ShouldBeInRange(min, max);
                score["scaled"]!.GetValue<double>().ShouldBe(raw / max, 1e-9);
            }
        }
        statements.Select(s => s["verb"]!["id"]!.GetValue<string>()).Distinct().Order().ShouldBe(new[]
        {
            "http://adlnet.gov/expapi/verbs/attempted", "http://adlnet.gov/expapi/verbs/completed", "http://adlnet.gov/expapi/verbs/failed",
            "http://adlnet.gov/expapi/verbs/passed", "http://localhost:5080/xapi/verbs/acknowledged", "http://localhost:5080/xapi/verbs/assigned",
        }.Order());
        statements.Select(s => s["id"]!.GetValue<string>()).ShouldBeUnique();
        statements.Select(s => s["timestamp"]!.GetValue<string>()).ShouldBeInOrder();
        statements.ShouldNotContain(s => s.ToJsonString().Contains("@suarez.example"), "the actor is an account, never an e-mail address");

        var acknowledged = statements.First(s => s["verb"]!["id"]!.GetValue<string>().EndsWith("/acknowledged", StringComparison.Ordinal));
        acknowledged["context"]!["extensions"]!["http://localhost:5080/xapi/extensions/content-hash"]!.GetValue<string>().ShouldMatch("^[0-9a-f]{64}$");
        var failed = statements.First(s => s["verb"]!["id"]!.GetValue<string>().EndsWith("/failed", StringComparison.Ordinal));
        failed["result"]!["success"]!.GetValue<bool>().ShouldBeFalse();
        failed["context"]!["contextActivities"]!["parent"]![0]!["id"]!.GetValue<string>()
            .ShouldBe(failed["object"]!["id"]!.GetValue<string>().Replace("/quiz", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Statement_ids_are_the_same_on_every_read_paging_loses_nothing_and_the_export_holds_them_all()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var once = (await AllStatementsAsync(manager, 1000)).Select(s => s["id"]!.GetValue<string>()).ToList();
        var again = (await AllStatementsAsync(manager, 1000)).Select(s => s["id"]!.GetValue<string>()).ToList();
        again.ShouldBe(once);
        (await AllStatementsAsync(manager, 3)).Select(s => s["id"]!.GetValue<string>()).ShouldBe(once);

        var export = await manager.GetAsync("/training/xapi/export");
        export.StatusCode.ShouldBe(HttpStatusCode.OK);
        export.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe($"pauta-xapi-{app.UtcNow:yyyyMMdd}.json");
        var exported = JsonNode.Parse(await export.Content.ReadAsStringAsync())!.AsArray();
        exported.Select(s => s!["id"]!.GetValue<string>()).ShouldBe(once);

        var middle = exported[exported.Count / 2]!["timestamp"]!.GetValue<string>();
        var since = await manager.GetJsonAsync<StatementPageDto>($"/api/v1/training/xapi/statements?limit=1000&since={Uri.EscapeDataString(middle)}");
        since.Statements.ShouldNotBeEmpty();
        since.Statements.ShouldAllBe(s => string.CompareOrdinal(s["timestamp"]!.GetValue<string>(), middle) > 0);
        var until = await manager.GetJsonAsync<StatementPageDto>($"/api/v1/training/xapi/statements?limit=1000&until={Uri.EscapeDataString(middle)}");
        until.Statements.ShouldAllBe(s => string.CompareOrdinal(s["timestamp"]!.GetValue<string>(), middle) <= 0);
        (since.Statements.Count + until.Statements.Count).ShouldBe(once.Count);
    }

    [Fact]
    public async Task Another_organisation_sees_none_of_the_demo_training_and_the_demo_none_of_its_own()
    {
        var email = Demo.NewEmail("records");
        var other = await app.SignUpAsync("Otra " + Guid.NewGuid().ToString("N")[..6], email);
        var me = await other.GetJsonAsync<MeDto>("/api/v1/me");
        var manager = await app.SignInAsync(Demo.Manager);
        var demo = await manager.GetJsonAsync<MatrixDto>("/api/v1/training/matrix");
        var salonId = demo.Protocols.Single(p => p.Title == Salon).Id;

        // The other organisation's own published protocol, and an acknowledgement of it: the demo must never see either.
        var theirProtocol = Guid.CreateVersion7();
        await app.WithDbAsync(async db =>
        {
            db.Protocols.Add(new ProtocolRecord { Id = theirProtocol, Title = "Su protocolo", DepartmentName = "", PublishedVersion = 1, CreatedAt = app.UtcNow, UpdatedAt = app.UtcNow });
            db.ProtocolVersions.Add(new ProtocolVersion
            {
                ProtocolId = theirProtocol, Number = 1, Title = "Su protocolo", Text = "", ChangeSize = Pauta.Core.Protocols.ChangeSize.Major,
                PublishedByUserId = me.UserId, PublishedAt = app.UtcNow,
            });
            db.TrainingAcknowledgements.Add(new TrainingAcknowledgement
            {
                Id = Guid.CreateVersion7(), MemberId = me.MemberId, ProtocolId = theirProtocol, VersionNumber = 1, ContentHash = new string('a', 64), At = app.UtcNow,
            });
            await db.SaveChangesAsync();
        }, me.OrganisationId);

        var theirs = await other.GetJsonAsync<MatrixDto>($"/api/v1/training/matrix");
        theirs.Protocols.Select(p => p.Id).ShouldBe([theirProtocol]);
        theirs.Rows.Select(r => r.Person.MemberId).ShouldBe([me.MemberId]);
        theirs.Rows[0].Cells[0].State.ShouldBe(TrainingCellState.Acknowledged);
        (await other.GetJsonAsync<MatrixDto>($"/api/v1/training/matrix?protocolId={salonId}")).Protocols.ShouldBeEmpty();
        (await other.GetJsonAsync<MatrixDto>($"/api/v1/training/matrix?person=suarez")).Rows.ShouldBeEmpty();
        var csv = Encoding.UTF8.GetString(await (await other.GetAsync("/training/matrix?format=csv")).Content.ReadAsByteArrayAsync());
        csv.ShouldNotContain("suarez.example");
        csv.ShouldContain("Su protocolo");
        var statements = await AllStatementsAsync(other, 1000);
        statements.Select(s => s["actor"]!["account"]!["name"]!.GetValue<string>()).ShouldAllBe(id => id == me.MemberId.ToString());
        statements.Count.ShouldBe(1);
        var exported = JsonNode.Parse(await (await other.GetAsync("/training/xapi/export")).Content.ReadAsStringAsync())!.AsArray();
        exported.Count.ShouldBe(1);

        var demoStatements = await AllStatementsAsync(manager, 1000);
        var theirId = statements.Single()["id"]!.GetValue<string>();
        demoStatements.ShouldNotContain(s => s["id"]!.GetValue<string>() == theirId);
        demoStatements.ShouldNotContain(s => s["actor"]!["account"]!["name"]!.GetValue<string>() == me.MemberId.ToString());
        var after = await manager.GetJsonAsync<MatrixDto>("/api/v1/training/matrix");
        after.Rows.ShouldNotContain(r => r.Person.MemberId == me.MemberId);
        after.Protocols.ShouldNotContain(p => p.Id == theirProtocol);
        (await manager.GetJsonAsync<MatrixDto>($"/api/v1/training/matrix?protocolId={theirProtocol}")).Protocols.ShouldBeEmpty();
    }
}

public sealed class TrainingRecordsOnSqlite(SqliteApp app) : TrainingRecordsTests(app), IClassFixture<SqliteApp>;

public sealed class TrainingRecordsOnPostgres(PostgresApp app) : TrainingRecordsTests(app), IClassFixture<PostgresApp>;
