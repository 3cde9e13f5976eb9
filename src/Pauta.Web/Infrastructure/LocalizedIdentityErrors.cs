using Microsoft.AspNetCore.Identity;

namespace Pauta.Web.Infrastructure;

/// <summary>Identity's messages in the person's language. The user name is the e-mail, so both duplicates read the same.</summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<SharedResource> l) : IdentityErrorDescriber
{
    private IdentityError E(string code, string key, params object[] args) => new() { Code = code, Description = l[key, args] };

    public override IdentityError DefaultError() => E(nameof(DefaultError), "Identity.Default");
    public override IdentityError DuplicateEmail(string email) => E(nameof(DuplicateEmail), "Identity.DuplicateEmail", email);
    public override IdentityError DuplicateUserName(string userName) => E(nameof(DuplicateEmail), "Identity.DuplicateEmail", userName);
    public override IdentityError InvalidEmail(string? email) => E(nameof(InvalidEmail), "Identity.InvalidEmail", email ?? "");
    public override IdentityError InvalidUserName(string? userName) => E(nameof(InvalidEmail), "Identity.InvalidEmail", userName ?? "");
    public override IdentityError InvalidToken() => E(nameof(InvalidToken), "Identity.InvalidToken");
    public override IdentityError PasswordMismatch() => E(nameof(PasswordMismatch), "Identity.PasswordMismatch");
    public override IdentityError PasswordTooShort(int length) => E(nameof(PasswordTooShort), "Identity.PasswordTooShort", length);
    public override IdentityError PasswordRequiresDigit() => E(nameof(PasswordRequiresDigit), "Identity.PasswordRequiresDigit");
    public override IdentityError PasswordRequiresLower() => E(nameof(PasswordRequiresLower), "Identity.PasswordRequiresLower");
    public override IdentityError PasswordRequiresUpper() => E(nameof(PasswordRequiresUpper), "Identity.PasswordRequiresUpper");
    public override IdentityError PasswordRequiresNonAlphanumeric() => E(nameof(PasswordRequiresNonAlphanumeric), "Identity.PasswordRequiresNonAlphanumeric");
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => E(nameof(PasswordRequiresUniqueChars), "Identity.PasswordRequiresUniqueChars", uniqueChars);
    public override IdentityError ConcurrencyFailure() => E(nameof(ConcurrencyFailure), "Identity.ConcurrencyFailure");
}
