using System.Security.Claims;
using Council.Workflows.Accounts;
using Council.Workflows.Engine;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Council.Workflows.Host.Accounts;

/// <summary>
/// An account as ASP.NET Core Identity handles it (password hashing, lockout, security stamps): a mutable copy of an
/// <see cref="Account"/>, written back only when it is still at the stamp it was read at.
/// </summary>
internal sealed class StaffUser
{
    public required string Login { get; set; }

    public required string Name { get; set; }

    public string? PasswordHash { get; set; }

    public required string SecurityStamp { get; set; }

    public HashSet<AccountRole> Roles { get; init; } = [];

    public bool Disabled { get; set; }

    public int FailedSignIns { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public Instant CreatedAt { get; init; }

    /// <summary>The stamp the account had when read: a write over a newer one is refused.</summary>
    public string? StoredStamp { get; set; }

    /// <summary>Who creates the account (for the first roles' grants).</summary>
    public string CreatedBy { get; init; } = "system";

    public static StaffUser From(Account a) => new()
    {
        Login = a.Login,
        Name = a.Name,
        PasswordHash = a.PasswordHash,
        SecurityStamp = a.SecurityStamp,
        Roles = [.. a.Roles],
        Disabled = a.Disabled,
        FailedSignIns = a.FailedSignIns,
        LockedUntil = a.LockedUntil?.ToDateTimeOffset(),
        CreatedAt = a.CreatedAt,
        StoredStamp = a.SecurityStamp,
    };

    public Account ToAccount() => new()
    {
        Login = Login,
        Name = Name,
        PasswordHash = PasswordHash,
        SecurityStamp = SecurityStamp,
        Roles = Roles,
        Disabled = Disabled,
        FailedSignIns = FailedSignIns,
        LockedUntil = LockedUntil is { } until ? Instant.FromDateTimeOffset(until) : null,
        CreatedAt = CreatedAt,
    };
}

/// <summary>Identity's user store over the council's <see cref="IAccountStore"/>.</summary>
internal sealed class StaffUserStore(IAccountStore accounts) :
    IUserPasswordStore<StaffUser>, IUserSecurityStampStore<StaffUser>, IUserLockoutStore<StaffUser>, IUserRoleStore<StaffUser>
{
    public void Dispose()
    {
    }

    public Task<string> GetUserIdAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult(user.Login);

    public Task<string?> GetUserNameAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Login);

    public Task SetUserNameAsync(StaffUser user, string? userName, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A login is never renamed: acts name it.");

    public Task<string?> GetNormalizedUserNameAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.Login.ToUpperInvariant());

    public Task SetNormalizedUserNameAsync(StaffUser user, string? normalizedName, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<IdentityResult> CreateAsync(StaffUser user, CancellationToken cancellationToken)
    {
        var created = await accounts.CreateAsync(user.ToAccount(), user.CreatedBy, cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            return IdentityResult.Failed(new IdentityError { Code = "DuplicateUserName", Description = user.Login });
        }

        user.StoredStamp = user.SecurityStamp;
        return IdentityResult.Success;
    }

    public async Task<IdentityResult> UpdateAsync(StaffUser user, CancellationToken cancellationToken)
    {
        var written = await accounts.UpdateAsync(user.ToAccount(), user.StoredStamp ?? user.SecurityStamp, cancellationToken).ConfigureAwait(false);
        if (!written)
        {
            return IdentityResult.Failed(new IdentityError { Code = "ConcurrencyFailure", Description = user.Login });
        }

        user.StoredStamp = user.SecurityStamp;
        return IdentityResult.Success;
    }

    public Task<IdentityResult> DeleteAsync(StaffUser user, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Accounts are disabled, never deleted: acts name them.");

    public async Task<StaffUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) =>
        await accounts.FindAsync(userId, cancellationToken).ConfigureAwait(false) is { } account ? StaffUser.From(account) : null;

    public Task<StaffUser?> FindByNameAsync(string normalizedUserName, CancellationToken cancellationToken) => FindByIdAsync(normalizedUserName, cancellationToken);

    public Task SetPasswordHashAsync(StaffUser user, string? passwordHash, CancellationToken cancellationToken)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult(user.PasswordHash is not null);

    public Task SetSecurityStampAsync(StaffUser user, string stamp, CancellationToken cancellationToken)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult<string?>(user.SecurityStamp);

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(StaffUser user, CancellationToken cancellationToken) =>
        Task.FromResult(user.Disabled ? DateTimeOffset.MaxValue : user.LockedUntil);

    public Task SetLockoutEndDateAsync(StaffUser user, DateTimeOffset? lockoutEnd, CancellationToken cancellationToken)
    {
        user.LockedUntil = lockoutEnd == DateTimeOffset.MaxValue ? user.LockedUntil : lockoutEnd;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult(++user.FailedSignIns);

    public Task ResetAccessFailedCountAsync(StaffUser user, CancellationToken cancellationToken)
    {
        user.FailedSignIns = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult(user.FailedSignIns);

    public Task<bool> GetLockoutEnabledAsync(StaffUser user, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task SetLockoutEnabledAsync(StaffUser user, bool enabled, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task AddToRoleAsync(StaffUser user, string roleName, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Roles are granted with a record (council users roles), not through Identity.");

    public Task RemoveFromRoleAsync(StaffUser user, string roleName, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Roles are taken away with a record (council users roles), not through Identity.");

    public Task<IList<string>> GetRolesAsync(StaffUser user, CancellationToken cancellationToken) =>
        Task.FromResult<IList<string>>([.. user.Roles.Select(KebabCase.Of)]);

    public Task<bool> IsInRoleAsync(StaffUser user, string roleName, CancellationToken cancellationToken) =>
        Task.FromResult(KebabCase.TryParse<AccountRole>(roleName, out var role) && user.Roles.Contains(role));

    public Task<IList<StaffUser>> GetUsersInRoleAsync(string roleName, CancellationToken cancellationToken) =>
        throw new NotSupportedException("List the accounts and filter them.");
}

/// <summary>The signed-in principal: the login, the person's name and a role claim for each granted role.</summary>
internal sealed class StaffClaimsFactory(UserManager<StaffUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<StaffUser>(users, options)
{
    public const string NameClaim = "council:name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(StaffUser user)
    {
        var identity = await base.GenerateClaimsAsync(user).ConfigureAwait(false);
        identity.AddClaim(new Claim(NameClaim, user.Name));
        foreach (var role in user.Roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, KebabCase.Of(role)));
        }

        return identity;
    }
}
