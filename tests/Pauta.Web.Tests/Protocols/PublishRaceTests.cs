using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Pauta.Core.Protocols;
using Pauta.Data;
using Pauta.Data.Entities;
using Pauta.Data.Protocols;
using Pauta.Web.Features.Demo;
using Pauta.Web.Features.Protocols;
using Pauta.Web.Features.Shared;
using Pauta.Web.Tests.Infrastructure;

namespace Pauta.Web.Tests.Protocols;

/// <summary>
/// Holds every save that writes a new protocol version until two of them have arrived, so two publishes of the same
/// draft have both read it before either writes: the race happens every run instead of once in a while.
/// </summary>
public sealed class PublishGate : SaveChangesInterceptor
{
    private readonly TaskCompletionSource _bothRead = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.ChangeTracker.Entries<ProtocolVersion>().Any(e => e.State == EntityState.Added) == true)
        {
            if (Interlocked.Increment(ref _arrived) >= 2) _bothRead.TrySetResult();
            // A bound, not a timing assert: if the other request never gets here, this one goes on alone.
            await Task.WhenAny(_bothRead.Task, Task.Delay(TimeSpan.FromSeconds(20), cancellationToken));
        }
        return result;
    }
}

public abstract class PublishGateApp(DatabaseProvider provider) : PautaApp(provider)
{
    public PublishGate Gate { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s =>
        {
            s.ConfigureDbContext<SqlitePautaDbContext>(o => o.AddInterceptors(Gate));
            s.ConfigureDbContext<PostgresPautaDbContext>(o => o.AddInterceptors(Gate));
        });
    }
}

public sealed class SqlitePublishGateApp() : PublishGateApp(DatabaseProvider.Sqlite);

public sealed class PostgresPublishGateApp() : PublishGateApp(DatabaseProvider.Postgres);

public abstract class PublishRaceTests(PublishGateApp app)
{
    private const string OtherManager = "marta@suarez.example";

    [Fact]
    public async Task Two_managers_publishing_the_same_approved_draft_at_once_get_one_201_and_one_409_and_one_version()
    {
        var (_, text) = DemoSeeder.ProtocolFiles().Single(f => f.Name.Contains("telefonica", StringComparison.Ordinal));
        var protocol = ProtocolFile.Parse("phone.md", text).Protocol! with { Title = "Carrera de publicación" };
        var draft = (await app.AsAsync<ProtocolsService, Outcome<DraftView>>(Demo.Manager, s => s.CreateAsync(protocol, default))).Value!;
        draft = (await app.AsAsync<ProtocolsService, Outcome<DraftView>>(Demo.Manager, s => s.SubmitAsync(draft.Id, draft.Version, default))).Value!;
        draft = (await app.AsAsync<ProtocolsService, Outcome<DraftView>>(OtherManager, s => s.ApproveAsync(draft.Id, draft.Version, default))).Value!;

        var lucia = await app.SignInAsync(Demo.Manager);
        var marta = await app.SignInAsync(OtherManager);
        var body = new { changeSize = "Major", changeSummary = "Primera versión", version = draft.Version };
        var answers = await Task.WhenAll(
            lucia.PostJsonAsync($"/api/v1/protocols/{draft.Id}/publish", body),
            marta.PostJsonAsync($"/api/v1/protocols/{draft.Id}/publish", body));

        answers.Select(a => a.StatusCode).Order().ShouldBe([HttpStatusCode.Created, HttpStatusCode.Conflict]);
        var organisation = await app.OrganisationOfAsync(Demo.Manager);
        (await app.WithDbAsync(db => db.ProtocolVersions.CountAsync(v => v.ProtocolId == draft.Id), organisation)).ShouldBe(1);
        var published = ProtocolAudit.Name(ProtocolAuditCode.Published);
        var entity = draft.Id.ToString();
        (await app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityId == entity && a.Action == published), organisation)).ShouldBe(1);
    }
}

public sealed class PublishRaceOnSqlite(SqlitePublishGateApp app) : PublishRaceTests(app), IClassFixture<SqlitePublishGateApp>;

public sealed class PublishRaceOnPostgres(PostgresPublishGateApp app) : PublishRaceTests(app), IClassFixture<PostgresPublishGateApp>;
