using System.Security.Cryptography;
using System.Text;
using Council.Workflows.Accounts;
using Council.Workflows.Engine;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Council.Workflows.Host.Accounts;

/// <summary>The accounts' machinery: ASP.NET Core Identity over the council's account store, for the web and the command line alike.</summary>
internal static class AccountServices
{
    /// <summary>How many failed sign-ins lock an account, and for how long.</summary>
    public const int MaxFailedSignIns = 5;

    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    /// <summary>The shortest password (length is what makes a password strong: no composition rules).</summary>
    public const int MinPasswordLength = 10;

    public static IServiceCollection AddCouncilAccounts(this IServiceCollection services)
    {
        services.AddIdentityCore<StaffUser>(o =>
            {
                o.Password.RequiredLength = MinPasswordLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                o.Lockout.DefaultLockoutTimeSpan = LockoutTime;
                o.Lockout.AllowedForNewUsers = true;
                o.User.AllowedUserNameCharacters = LoginCharacters;
            })
            .AddUserStore<StaffUserStore>()
            .AddClaimsPrincipalFactory<StaffClaimsFactory>();
        services.AddScoped<AccountAdministration>();
        return services;
    }

    /// <summary>The characters a login may have.</summary>
    public const string LoginCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_@";

    /// <summary>Why a login cannot be one, or null.</summary>
    public static string? LoginProblem(string login, TextSource t) =>
        login.Length is 0 or > 64 || login.Any(c => !LoginCharacters.Contains(c, StringComparison.Ordinal)) ? t.Format("Users.BadLogin", login) : null;

    /// <summary>A new security stamp.</summary>
    public static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>A new API key: the secret shown once, and what is kept (prefix and hash).</summary>
    public static (string Secret, string Prefix, string Hash) NewKey()
    {
        var prefix = "cw_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant();
        var secret = prefix + "_" + Base64Url(RandomNumberGenerator.GetBytes(24));
        return (secret, prefix, HashKey(secret));
    }

    /// <summary>The hash an API key is kept and checked by.</summary>
    public static string HashKey(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The prefix of a presented key (<c>cw_0a1b2c3d4e</c>), or null when it is not shaped as one.</summary>
    public static string? PrefixOf(string secret) =>
        secret.Length > 14 && secret.StartsWith("cw_", StringComparison.Ordinal) && secret[13] == '_' ? secret[..13] : null;

    /// <summary>Whether a presented key matches the kept hash (compared in constant time).</summary>
    public static bool KeyMatches(string secret, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(HashKey(secret)), Encoding.ASCII.GetBytes(hash));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Checks a password without changing the account (a reader's check on a file opened read-only): null when it is right,
    /// else the one refusal every sign-in failure gets.
    /// </summary>
    public static string? VerifyWithoutCounting(UserManager<StaffUser> users, string login, string password, TextSource t)
    {
        var refused = t.Format("Users.SignInRefused", MaxFailedSignIns, (int)LockoutTime.TotalMinutes);
        var user = users.FindByNameAsync(login).GetAwaiter().GetResult();
        var locked = user is { LockedUntil: { } until } && until > TimeProvider.System.GetUtcNow();
        if (user is null || user.Disabled || locked || user.PasswordHash is null)
        {
            users.PasswordHasher.VerifyHashedPassword(Dummy, DummyHash.Value, password);
            return refused;
        }

        return users.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash, password) == PasswordVerificationResult.Failed ? refused : null;
    }

    private static readonly StaffUser Dummy = new() { Login = "-", Name = "-", SecurityStamp = "-" };

    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<StaffUser>().HashPassword(Dummy, "not-a-password-" + NewStamp()));

    /// <summary>The workflow roles an account may act in.</summary>
    public static IReadOnlyList<OfficialRole> ActingRoles(IEnumerable<AccountRole> roles) =>
        [.. roles.Select(AccountRoles.Acting).OfType<OfficialRole>().Distinct().Order()];

    /// <summary>
    /// Checks a password the way a sign-in does: a disabled or locked account is refused; a wrong password counts toward the
    /// lock; a right one clears the count. Returns the account, or the reason for the person.
    /// </summary>
    public static async Task<(StaffUser? User, string? Problem)> CheckPasswordAsync(UserManager<StaffUser> users, string login, string password, TextSource t)
    {
        // One answer for every refusal — unknown login, wrong password, a locked or disabled account — so a guesser learns
        // nothing about which logins exist; the words say what the person can do in each case.
        var refused = t.Format("Users.SignInRefused", MaxFailedSignIns, (int)LockoutTime.TotalMinutes);
        var user = await users.FindByNameAsync(login).ConfigureAwait(false);
        if (user is null)
        {
            // The same work as a real check, so the time taken does not tell either.
            users.PasswordHasher.VerifyHashedPassword(Dummy, DummyHash.Value, password);
            return (null, refused);
        }

        if (user.Disabled || await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            users.PasswordHasher.VerifyHashedPassword(user, DummyHash.Value, password);
            return (null, refused);
        }

        if (!await users.CheckPasswordAsync(user, password).ConfigureAwait(false))
        {
            await users.AccessFailedAsync(user).ConfigureAwait(false);
            return (null, refused);
        }

        if (user.FailedSignIns > 0)
        {
            await users.ResetAccessFailedCountAsync(user).ConfigureAwait(false);
        }

        return (user, null);
    }
}
