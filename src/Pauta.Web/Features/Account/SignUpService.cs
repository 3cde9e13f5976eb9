using Microsoft.AspNetCore.Identity;
using Pauta.Data.Entities;
using Pauta.Web.Features.Invitations;
using OrganisationEntity = Pauta.Data.Entities.Organisation;

namespace Pauta.Web.Features.Account;

public sealed record SignUpInput(
    string? OrganisationName, string? BrandName, string? Language, string? TimeZoneId,
    string? DisplayName, string? Email, string? Password);

/// <summary>
/// Creates an organisation with its owner, default business hours and all channels, in one
/// transaction: a refused password or a duplicate e-mail leaves no organisation behind.
/// </summary>
public sealed class SignUpService(PautaDbContext db, UserManager<User> users, TimeProvider time)
{
    /// <summary>Monday to Friday, 09:00–14:00 and 16:00–19:00: a common Spanish split day, easy to change.</summary>
    public static readonly IReadOnlyList<OpeningInterval> DefaultHours =
        BusinessHours.Week.Take(5).SelectMany(d => new[] { new OpeningInterval(d, 9 * 60, 14 * 60), new OpeningInterval(d, 16 * 60, 19 * 60) }).ToList();

    public static IEnumerable<Problem> Check(SignUpInput i) =>
        OrganisationRules.CheckName(i.OrganisationName, nameof(i.OrganisationName))
            .Concat(OrganisationRules.CheckName(i.BrandName, nameof(i.BrandName)))
            .Concat(OrganisationRules.CheckLanguage(i.Language, nameof(i.Language)))
            .Concat(OrganisationRules.CheckTimeZone(i.TimeZoneId, nameof(i.TimeZoneId)))
            .Concat(OrganisationRules.CheckName(i.DisplayName, nameof(i.DisplayName), OrganisationRules.MaxPersonNameLength))
            .Concat(CheckEmail(i.Email, nameof(i.Email)))
            .Concat(string.IsNullOrEmpty(i.Password) ? [new Problem(nameof(i.Password), "Field.Required")] : []);

    public static IEnumerable<Problem> CheckEmail(string? email, string field)
    {
        var address = email?.Trim() ?? "";
        if (address.Length == 0) yield return new Problem(field, "Field.Required");
        else if (address.Length > OrganisationRules.MaxEmailLength) yield return new Problem(field, "Field.TooLong", OrganisationRules.MaxEmailLength);
        else if (!InvitationsService.IsEmail(address)) yield return new Problem(field, "Identity.InvalidEmail", address);
    }

    public async Task<Outcome<User>> SignUpAsync(SignUpInput input, CancellationToken ct, bool isDemo = false)
    {
        var problems = Check(input).ToList();
        if (problems.Count > 0) return Outcome<User>.Invalid(problems);

        var now = time.GetUtcNow().UtcDateTime;
        var organisation = new OrganisationEntity
        {
            Id = Guid.CreateVersion7(), Name = input.OrganisationName!.Trim(), BrandName = input.BrandName!.Trim(),
            Language = input.Language!, TimeZoneId = input.TimeZoneId!, Channels = Channels.All, IsDemo = isDemo, CreatedAt = now,
        };
        db.Tenant.Set(organisation.Id);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Organisations.Add(organisation);
        var email = input.Email!.Trim();
        var user = new User
        {
            Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true,
            DisplayName = input.DisplayName!.Trim(), UiLanguage = input.Language, CreatedAt = now,
        };
        var created = await users.CreateAsync(user, input.Password!);
        if (!created.Succeeded)
        {
            db.ChangeTracker.Clear();
            return Outcome<User>.Invalid(created.Errors.Select(e => new Problem(InvitationsService.IdentityField(e.Code), "Text", e.Description)));
        }
        db.Members.Add(new Member { Id = Guid.CreateVersion7(), UserId = user.Id, Role = Role.Owner, JoinedAt = now });
        db.OpeningHours.AddRange(DefaultHours.Select(h => new OpeningHours
            { Id = Guid.CreateVersion7(), Day = h.Day, StartMinute = h.StartMinute, EndMinute = h.EndMinute }));
        db.Audit(user.Id, "organisation.created", nameof(OrganisationEntity), organisation.Id, organisation.Name);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return Outcome<User>.Ok(user);
    }
}
