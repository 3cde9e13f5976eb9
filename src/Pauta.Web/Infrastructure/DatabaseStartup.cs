using Pauta.Web.Features.Demo;

namespace Pauta.Web.Infrastructure;

public static class DatabaseStartup
{
    /// <summary>Migrates (unless turned off for production, where `pauta db migrate` does it) and seeds the demo into an empty database.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pauta");
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PautaDbContext>();
        if (app.Configuration.GetValue("Pauta:Database:MigrateOnStart", true))
            await DatabaseSetup.MigrateAsync(db);
        await Pauta.Data.Audit.AuditLegacy.NumberAsync(db);

        var demo = scope.ServiceProvider.GetRequiredService<DemoSeeder>();
        var seeded = await demo.SeedIfEmptyAsync(CancellationToken.None);
        if (seeded || app.Configuration.GetValue("Pauta:Demo:Enabled", true))
        {
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                var urls = string.Join(", ", app.Urls);
                var lines = DemoSeeder.PeopleList.Where(p => p.Role != Role.Agent || p.Name.StartsWith("Sofía", StringComparison.Ordinal))
                    .Select(p => $"  {p.Role,-10} {p.Email,-22} {demo.Password}");
                log.LogInformation("Pauta is running at {Urls}\nDemo organisation \"Tiendas Suárez\" sign-ins:\n{Lines}",
                    urls, string.Join("\n", lines));
            });
        }
    }
}
