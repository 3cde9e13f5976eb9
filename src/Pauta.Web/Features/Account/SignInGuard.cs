using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Pauta.Data.Entities;

namespace Pauta.Web.Features.Account;

/// <summary>
/// Checks a password with the same answer and the same work whether or not the address has an account, and keeps
/// the failures per address and source in the database (every web node sees them; see <see cref="SignInThrottle"/>).
/// </summary>
public sealed class SignInGuard(PautaDbContext db, UserManager<User> users, IPasswordHasher<User> hasher, TimeProvider time)
{
    private static string? _dummyHash;

    public enum Verdict { SignedIn, Failed, Locked }

    /// <summary>The user when the password is right; otherwise why not. Locked pairs are refused before any password check.</summary>
    public async Task<(Verdict Verdict, User? User)> CheckAsync(string email, string password, IPAddress? source, CancellationToken ct)
    {
        var key = Key(email, source);
        var now = time.GetUtcNow().UtcDateTime;
        var attempt = await db.SignInAttempts.SingleOrDefaultAsync(a => a.Key == key, ct);
        if (attempt is not null && SignInThrottle.IsLocked(attempt.Failures, attempt.LastFailureAt, now)) return (Verdict.Locked, null);

        var user = await users.FindByEmailAsync(email);
        // An unknown address costs one password hash too, so the time taken does not tell whether the account exists.
        var right = user is not null && user.PasswordHash is not null
            ? hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed
            : Dummy(password);
        if (right && user is not null && !await users.IsLockedOutAsync(user))
        {
            if (attempt is not null)
            {
                db.SignInAttempts.Remove(attempt);
                await db.SaveChangesAsync(ct);
            }
            return (Verdict.SignedIn, user);
        }

        if (attempt is null)
        {
            attempt = new SignInAttempt { Key = key };
            db.SignInAttempts.Add(attempt);
        }
        attempt.Failures = SignInThrottle.AfterFailure(attempt.Failures, attempt.LastFailureAt, now);
        attempt.LastFailureAt = now;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // Another node recorded a failure for this pair at the same moment; theirs counts, and this one is refused as failed.
            db.ChangeTracker.Clear();
        }
        return (SignInThrottle.IsLocked(attempt.Failures, now, now) ? Verdict.Locked : Verdict.Failed, null);
    }

    /// <summary>Lifts the wait of this address from this source: the person just proved, with a reset link, that the account is theirs.</summary>
    public Task ForgetAsync(string email, IPAddress? source, CancellationToken ct)
    {
        var key = Key(email, source);
        return db.SignInAttempts.Where(a => a.Key == key).ExecuteDeleteAsync(ct);
    }

    private bool Dummy(string password)
    {
        var hash = _dummyHash ??= hasher.HashPassword(new User(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));
        hasher.VerifyHashedPassword(new User(), hash, password);
        return false;
    }

    /// <summary>
    /// The pair's key: a hash of the normalised address and the source. An IPv6 source counts by its /64, which one
    /// machine usually holds whole. The source is the connection's peer, or the client a configured proxy names.
    /// </summary>
    public static string Key(string email, IPAddress? source)
    {
        var address = source is null ? "unknown" : Source(source);
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToUpperInvariant() + "\n" + address));
        return Convert.ToHexString(bytes);
    }

    /// <summary>The source as counted: an IPv4 address (mapped ones unmapped), or an IPv6 address's /64.</summary>
    public static string Source(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return ip.ToString();
        var bytes = ip.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
