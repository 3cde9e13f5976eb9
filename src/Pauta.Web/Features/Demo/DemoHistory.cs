using Pauta.Core.History;
using Pauta.Data.History;

namespace Pauta.Web.Features.Demo;

// The demo's past contacts (docs/insights.md): a few thousand contacts over the 90 days before the seed's now, generated
// by the same generator as `pauta demo generate`, so the dashboards and the contact history are alive on first run.
public sealed partial class DemoSeeder
{
    /// <summary>How many days of past contacts the demo starts with.</summary>
    public const int PastContactDays = 90;

    /// <summary>The generator's seed for the demo: every fresh demo has the same past.</summary>
    public const int PastContactSeed = 2026;

    private static readonly Dictionary<string, double> SkillByPerson = new(StringComparer.Ordinal)
    {
        ["sofia"] = 0.3, ["diego"] = -0.2, ["valentina"] = 0.15, ["paula"] = 0, ["tomas"] = -0.35,
    };

    private static readonly Dictionary<string, double> WeightByTitle = new(StringComparer.Ordinal)
    {
        ["Devoluciones y cambios"] = 3, ["Atención telefónica"] = 2, ["Bienvenida y saludo en recepción"] = 2,
        ["Atención por chat, correo electrónico y redes sociales"] = 2, ["Reserva de citas en el salón de belleza"] = 2,
        ["Respuestas escritas y cartas"] = 0.3,
    };

    private async Task<HistoryWriteResult?> SeedPastContactsAsync(DateTime now, CancellationToken ct)
    {
        var count = options.Value.PastContacts;
        if (count <= 0) return null;
        var setup = await HistorySource.LoadAsync(db, ct);
        var emails = await db.Users.Select(u => new { u.Id, u.Email }).ToDictionaryAsync(u => u.Id, u => u.Email ?? "", ct);
        var titles = await db.Protocols.ToDictionaryAsync(p => p.Id, p => p.Title, ct);
        var history = new HistoryOptions
        {
            Contacts = count,
            From = new DateTimeOffset(now.AddDays(-PastContactDays), TimeSpan.Zero),
            To = new DateTimeOffset(now, TimeSpan.Zero),
            Calendar = setup.Calendar,
            People = setup.People.Select(p => p with { Skill = SkillByPerson.GetValueOrDefault(emails[p.UserId].Split('@')[0]) }).ToList(),
            Protocols = setup.Protocols.Select(p => p with { Weight = WeightByTitle.GetValueOrDefault(titles[p.ProtocolId], 1) }).ToList(),
            NoteFields = setup.NoteFields,
            Language = setup.Language,
            Seed = PastContactSeed,
            Customers = Math.Max(count / 6, 1),
        };
        var provider = db is SqlitePautaDbContext ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;
        return await HistoryWriter.WriteAsync(provider, db.Database.GetConnectionString()!, setup.OrganisationId,
            new HistoryGenerator(history), count, setup.Calendar, ct: ct);
    }
}
