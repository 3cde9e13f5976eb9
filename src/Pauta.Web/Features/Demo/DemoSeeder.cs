using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Pauta.Core.Protocols;
using Pauta.Data.Entities;
using Pauta.Data.Protocols;
using Pauta.Web.Features.Account;
using Pauta.Web.Features.Protocols;

namespace Pauta.Web.Features.Demo;

public sealed class DemoOptions
{
    public bool Enabled { get; set; } = true;
    public string Password { get; set; } = "Pauta-demo-1";
    /// <summary>How many past contacts the demo organisation starts with (0: none).</summary>
    public int PastContacts { get; set; } = 2500;
}

public sealed record DemoPerson(string Name, string Email, Role Role, string? Department, string? Position);

/// <summary>
/// Tiendas Suárez: a retail chain with a beauty salon, seeded into an empty database so a first run
/// shows a living organisation. Everything goes through the same services and guards as real data.
/// </summary>
public sealed partial class DemoSeeder(
    PautaDbContext db, SignUpService signUp, UserManager<User> users, TimeProvider time, IOptions<DemoOptions> options, ILogger<DemoSeeder> log)
{
    public const string Domain = "suarez.example";

    public static readonly IReadOnlyList<string> DepartmentNames = ["Dirección", "Atención al cliente", "Salón de belleza", "Caja y facturación"];

    /// <summary>(title, department, reports to)</summary>
    public static readonly IReadOnlyList<(string Title, string Department, string? ReportsTo)> PositionList =
    [
        ("Gerente general", "Dirección", null),
        ("Responsable de administración", "Dirección", "Gerente general"),
        ("Jefa de atención al cliente", "Atención al cliente", "Gerente general"),
        ("Supervisor de tienda", "Atención al cliente", "Jefa de atención al cliente"),
        ("Agente de atención al cliente", "Atención al cliente", "Supervisor de tienda"),
        ("Coordinadora del salón", "Salón de belleza", "Jefa de atención al cliente"),
        ("Estilista", "Salón de belleza", "Coordinadora del salón"),
        ("Recepcionista del salón", "Salón de belleza", "Coordinadora del salón"),
        ("Jefe de caja", "Caja y facturación", "Responsable de administración"),
        ("Cajero", "Caja y facturación", "Jefe de caja"),
    ];

    public static readonly IReadOnlyList<DemoPerson> PeopleList =
    [
        new("Carmen Suárez", $"carmen@{Domain}", Role.Owner, "Dirección", "Gerente general"),
        new("Jorge Méndez", $"jorge@{Domain}", Role.Admin, "Dirección", "Responsable de administración"),
        new("Lucía Romero", $"lucia@{Domain}", Role.Manager, "Atención al cliente", "Jefa de atención al cliente"),
        new("Marta Iglesias", $"marta@{Domain}", Role.Manager, "Salón de belleza", "Coordinadora del salón"),
        new("Andrés Pérez", $"andres@{Domain}", Role.Supervisor, "Atención al cliente", "Supervisor de tienda"),
        new("Raúl Ortega", $"raul@{Domain}", Role.Supervisor, "Caja y facturación", "Jefe de caja"),
        new("Sofía Díaz", $"sofia@{Domain}", Role.Agent, "Atención al cliente", "Agente de atención al cliente"),
        new("Diego Navarro", $"diego@{Domain}", Role.Agent, "Atención al cliente", "Agente de atención al cliente"),
        new("Valentina Ruiz", $"valentina@{Domain}", Role.Agent, "Salón de belleza", "Estilista"),
        new("Paula Gil", $"paula@{Domain}", Role.Agent, "Salón de belleza", "Recepcionista del salón"),
        new("Tomás Herrera", $"tomas@{Domain}", Role.Agent, "Caja y facturación", "Cajero"),
    ];

    public string Password => options.Value.Password;

    /// <summary>Seeds only into a database with no organisation at all; returns whether it did.</summary>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct)
    {
        if (!options.Value.Enabled) return false;
        if (await db.Organisations.IgnoreQueryFilters([PautaDbContext.TenantFilter]).AnyAsync(ct)) return false;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

        var owner = PeopleList[0];
        // One PBKDF2 hash for the eleven demo people, who share the password the README prints: each stored hash
        // verifies that password (the hash carries its salt), and ten hashes of ~50 ms each are off the first run.
        var passwordHash = await DemoPasswordHashAsync();
        var created = await signUp.SignUpAsync(new SignUpInput("Tiendas Suárez", "Tiendas Suárez", "es", "Europe/Madrid",
            owner.Name, owner.Email, Password), ct, isDemo: true, passwordHash: passwordHash);
        if (!created.Succeeded)
            throw new InvalidOperationException("Demo seeding failed: " + string.Join("; ", created.Problems));

        var now = time.GetUtcNow().UtcDateTime;
        var departments = DepartmentNames.ToDictionary(n => n, n => new Department { Id = Guid.CreateVersion7(), Name = n });
        db.Departments.AddRange(departments.Values);
        var positions = new Dictionary<string, Position>();
        foreach (var (title, department, reportsTo) in PositionList)
        {
            positions[title] = new Position
            {
                Id = Guid.CreateVersion7(), Title = title, DepartmentId = departments[department].Id,
                ReportsToId = reportsTo is null ? null : positions[reportsTo].Id,
            };
        }
        db.Positions.AddRange(positions.Values);

        // Shops open Monday to Saturday with a long lunch break; Saturday afternoons closed.
        db.OpeningHours.RemoveRange(await db.OpeningHours.Where(h => h.CalendarId == ServiceCalendar.Main).ToListAsync(ct));
        foreach (var day in BusinessHours.Week.Take(6))
        {
            db.OpeningHours.Add(new OpeningHours { Id = Guid.CreateVersion7(), Day = day, StartMinute = 10 * 60, EndMinute = 14 * 60 });
            if (day != DayOfWeek.Saturday)
                db.OpeningHours.Add(new OpeningHours { Id = Guid.CreateVersion7(), Day = day, StartMinute = 16 * 60 + 30, EndMinute = 20 * 60 + 30 });
        }
        var year = time.GetUtcNow().Year;
        var madridHolidays = new List<(DateOnly Date, string Name)>();
        foreach (var (month, day, name) in new[]
                 {
                     (1, 1, "Año Nuevo"), (1, 6, "Epifanía del Señor"), (5, 1, "Fiesta del Trabajo"), (8, 15, "Asunción de la Virgen"),
                     (10, 12, "Fiesta Nacional de España"), (11, 1, "Todos los Santos"), (12, 6, "Día de la Constitución"),
                     (12, 8, "Inmaculada Concepción"), (12, 25, "Navidad"),
                 })
        {
            foreach (var y in new[] { year, year + 1 })
            {
                db.Holidays.Add(new Holiday { Id = Guid.CreateVersion7(), Date = new DateOnly(y, month, day), Name = name });
                madridHolidays.Add((new DateOnly(y, month, day), name));
            }
        }
        await db.SaveChangesAsync(ct);

        var ownerMember = await db.Members.SingleAsync(ct);
        ownerMember.DepartmentId = departments[owner.Department!].Id;
        ownerMember.PositionId = positions[owner.Position!].Id;
        foreach (var person in PeopleList.Skip(1))
        {
            var user = new User
            {
                Id = Guid.CreateVersion7(), UserName = person.Email, Email = person.Email, EmailConfirmed = true,
                DisplayName = person.Name, CreatedAt = now, PasswordHash = passwordHash,
            };
            var result = await users.CreateAsync(user);
            if (!result.Succeeded) throw new InvalidOperationException($"Demo user {person.Email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            db.Members.Add(new Member
            {
                Id = Guid.CreateVersion7(), UserId = user.Id, Role = person.Role, JoinedAt = now,
                DepartmentId = person.Department is null ? null : departments[person.Department].Id,
                PositionId = person.Position is null ? null : positions[person.Position].Id,
            });
        }
        var organisation = await db.Organisations.SingleAsync(ct);
        organisation.RequireProtocolApproval = true;
        await db.SaveChangesAsync(ct);
        await SeedSitesAsync(madridHolidays, ct);
        var protocols = await SeedProtocolsAsync(now, ct);
        await SeedTrainingAsync(now, protocols, ct);
        var beforePast = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var past = await SeedPastContactsAsync(now, ct);
        var after = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        log.LogInformation("Demo organisation seeded in {Total} ms ({Cpu} ms of CPU), {Contacts} past contacts ({Events} actions) in {History} ms ({PastCpu} ms of CPU)",
            clock.ElapsedMilliseconds, (long)(after - cpu).TotalMilliseconds, past?.Contacts ?? 0, past?.Events ?? 0,
            (long)(past?.Elapsed.TotalMilliseconds ?? 0), (long)(after - beforePast).TotalMilliseconds);
        return true;
    }

    /// <summary>The configured demo password, checked by the same validators as any password, hashed once.</summary>
    private async Task<string> DemoPasswordHashAsync()
    {
        var candidate = new User { UserName = PeopleList[0].Email, Email = PeopleList[0].Email };
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, candidate, Password);
            if (!result.Succeeded)
                throw new InvalidOperationException($"Demo password: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
        return users.PasswordHasher.HashPassword(candidate, Password);
    }

    /// <summary>The demo's protocol files (Features/Demo/Protocols), published as v1: written by Lucía, approved by Carmen.</summary>
    public static IEnumerable<(string Name, string Text)> ProtocolFiles()
    {
        var assembly = typeof(DemoSeeder).Assembly;
        const string prefix = "Pauta.Web.Demo.Protocols.";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order())
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            yield return (name[prefix.Length..], reader.ReadToEnd());
        }
    }

    private async Task<Dictionary<string, (Guid Id, Protocol Protocol)>> SeedProtocolsAsync(DateTime now, CancellationToken ct)
    {
        var seeded = new Dictionary<string, (Guid, Protocol)>();
        var author = await db.Users.Where(u => u.Email == PeopleList[2].Email).Select(u => u.Id).SingleAsync(ct);
        var approver = await db.Users.Where(u => u.Email == PeopleList[0].Email).Select(u => u.Id).SingleAsync(ct);
        var ownerMember = await db.Members.Where(m => m.UserId == author).Select(m => m.Id).SingleAsync(ct);
        foreach (var (name, text) in ProtocolFiles())
        {
            var parsed = ProtocolFile.Parse(name, text);
            var protocol = parsed.Protocol ?? throw new InvalidOperationException(
                $"Demo protocol {name} does not parse: {string.Join("; ", parsed.Problems)}");
            var id = Guid.CreateVersion7();
            seeded[name] = (id, protocol);
            var title = protocol.Title.Trim();
            db.Protocols.Add(new ProtocolRecord
            {
                Id = id, Title = title, DepartmentName = protocol.Department.Trim(), PublishedVersion = 1,
                OwnerMemberId = ownerMember, LastVerifiedAt = now, CreatedAt = now, UpdatedAt = now,
                ReviewDueAt = protocol.ReviewEveryDays is { } days ? now.AddDays(days) : null,
            });
            db.ProtocolVersions.Add(new ProtocolVersion
            {
                ProtocolId = id, Number = 1, Title = title, DepartmentName = protocol.Department.Trim(), Text = ProtocolFile.Write(protocol),
                ChangeSize = ChangeSize.Major, ChangeSummary = "Primera versión.", AuthorUserId = author, ApprovedByUserId = approver,
                PublishedByUserId = author, PublishedAt = now.AddDays(-Math.Max(HistoryDays, PastContactDays + 1)),
            });
            db.ProtocolSearchEntries.Add(new ProtocolSearchEntry
            {
                ProtocolId = id, VersionNumber = 1, Language = protocol.Language, Title = title, Body = ProtocolsService.SearchText(protocol),
            });
            db.Audit(author, ProtocolAudit.Name(ProtocolAuditCode.Published), "Protocol", id, "v1 Major: Primera versión.");
        }
        await db.SaveChangesAsync(ct);
        return seeded;
    }
}
