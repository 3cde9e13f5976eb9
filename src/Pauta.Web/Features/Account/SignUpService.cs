using Microsoft.AspNetCore.DataProtection;
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
public sealed class SignUpService(PautaDbContext db, UserManager<User> users, TimeProvider time,
    Microsoft.AspNetCore.DataProtection.IDataProtectionProvider protection, MailQueue mails, PublicUrl publicUrl,
    IStringLocalizer<SharedResource> l)
{
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromHours(24);

    /// <summary>A sign-up waiting for its address to be proven: it travels, sealed, inside the mailed link; nothing is stored.</summary>
    public sealed record Pending(string OrganisationName, string BrandName, string Language, string TimeZoneId,
        string DisplayName, string Email, string PasswordHash);

    private Microsoft.AspNetCore.DataProtection.ITimeLimitedDataProtector Protector =>
        Microsoft.AspNetCore.DataProtection.DataProtectionAdvancedExtensions.ToTimeLimitedDataProtector(protection.CreateProtector("Pauta.SignUp.v1"));

    /// <summary>
    /// With mail: checks the form, then mails the address either a link that creates the organisation or, when the
    /// address already has an account, a notice saying so. The caller answers "check your e-mail" either way, after the
    /// same work, so the answer does not tell who has an account.
    /// </summary>
    public async Task<Outcome<bool>> RequestAsync(SignUpInput input, CancellationToken ct)
    {
        var problems = Check(input).ToList();
        if (problems.Count > 0) return Outcome<bool>.Invalid(problems);
        var email = input.Email!.Trim();
        var candidate = new User { UserName = email, Email = email };
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, candidate, input.Password!);
            problems.AddRange(result.Errors.Select(e => new Problem(InvitationsService.IdentityField(e.Code), "Text", e.Description)));
        }
        if (problems.Count > 0) return Outcome<bool>.Invalid(problems);

        var hash = users.PasswordHasher.HashPassword(candidate, input.Password!);
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            mails.Enqueue(existing.Email!, l["Email.SignUpExistsSubject"],
                l["Email.SignUpExistsBody", existing.DisplayName, publicUrl.Link("/account/signin"), publicUrl.Link("/account/forgot-password")]);
            return Outcome<bool>.Ok(true);
        }
        var pending = new Pending(input.OrganisationName!.Trim(), input.BrandName!.Trim(), input.Language!, input.TimeZoneId!,
            input.DisplayName!.Trim(), email, hash);
        var token = Protector.Protect(System.Text.Json.JsonSerializer.Serialize(pending), ConfirmationLifetime);
        mails.Enqueue(email, l["Email.SignUpSubject", pending.OrganisationName],
            l["Email.SignUpBody", pending.DisplayName, pending.OrganisationName, publicUrl.Link("/account/signup/confirm?token=" + Uri.EscapeDataString(token))]);
        return Outcome<bool>.Ok(true);
    }

    /// <summary>The sign-up a mailed link carries, or null when the link was altered or has expired.</summary>
    public Pending? Read(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try { return System.Text.Json.JsonSerializer.Deserialize<Pending>(Protector.Unprotect(token, out _)); }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or System.Text.Json.JsonException or FormatException) { return null; }
    }

    /// <summary>Creates the organisation of a confirmed sign-up; refused (as a duplicate) when the address got an account meanwhile.</summary>
    public Task<Outcome<User>> ConfirmAsync(Pending pending, CancellationToken ct) =>
        SignUpAsync(new SignUpInput(pending.OrganisationName, pending.BrandName, pending.Language, pending.TimeZoneId,
            pending.DisplayName, pending.Email, Password: null), ct, passwordHash: pending.PasswordHash);

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

    public async Task<Outcome<User>> SignUpAsync(SignUpInput input, CancellationToken ct, bool isDemo = false, string? passwordHash = null)
    {
        var problems = Check(passwordHash is null ? input : input with { Password = "(hashed)" }).ToList();
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
        if (passwordHash is not null) user.PasswordHash = passwordHash;
        var created = passwordHash is null ? await users.CreateAsync(user, input.Password!) : await users.CreateAsync(user);
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
