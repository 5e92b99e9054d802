using Council.Workflows.Accounts;
using Microsoft.AspNetCore.Identity;
using NodaTime;

namespace Council.Workflows.Host.Accounts;

/// <summary>
/// What an administrator does to the council's accounts and API keys — the same acts, checks and records from the command
/// line (<c>council users</c>) and the web's administration page. Each act returns null when done, else why not, for people.
/// </summary>
internal sealed class AccountAdministration(IAccountStore accounts, UserManager<StaffUser> users)
{
    private static readonly TextSource T = new("Output");

    /// <summary>Makes an account with a password; <paramref name="by"/> is the administrator's login (or the file's owner for the first).</summary>
    public async Task<string?> CreateAsync(string login, string name, IReadOnlySet<AccountRole> roles, string password, string by, Instant now, CancellationToken ct)
    {
        login = login.Trim();
        name = name.Trim();
        if (AccountServices.LoginProblem(login, T) is { } problem)
        {
            return problem;
        }

        if (name.Length is 0 or > 300 || name.Any(char.IsControl))
        {
            return T["Users.BadName"];
        }

        if (await accounts.FindAsync(login, ct).ConfigureAwait(false) is not null)
        {
            return T.Format("Users.Taken", login);
        }

        var user = new StaffUser
        {
            Login = login,
            Name = name,
            SecurityStamp = AccountServices.NewStamp(),
            Roles = [.. roles],
            CreatedAt = now,
            CreatedBy = by,
        };
        var result = await users.CreateAsync(user, password).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return Describe(result, login);
        }

        await LogAsync(by, "account-added", $"{login} ({name}): {string.Join(", ", roles.Select(Engine.KebabCase.Of))}", now, ct).ConfigureAwait(false);
        return null;
    }

    // Every administrator's act is also in the access log (who, when, what), beside the grants the store records.
    private ValueTask LogAsync(string by, string what, string detail, Instant now, CancellationToken ct) =>
        accounts.LogAccessAsync(new AccessEntry(now, by, what, null, detail), ct);

    /// <summary>Grants and takes away roles, each recorded; the last enabled administrator cannot take its own role away.</summary>
    public async Task<string?> ChangeRolesAsync(Account admin, string login, IReadOnlySet<AccountRole> grant, IReadOnlySet<AccountRole> revoke, Instant now, CancellationToken ct)
    {
        if (await accounts.FindAsync(login.Trim(), ct).ConfigureAwait(false) is not { } target)
        {
            return T.Format("Users.NoSuchAccount", login.Trim());
        }

        if (grant.Overlaps(revoke))
        {
            return T["Users.GrantAndRevoke"];
        }

        if (revoke.Contains(AccountRole.Administrator) && target.Roles.Contains(AccountRole.Administrator)
            && (await accounts.ListAsync(ct).ConfigureAwait(false)).Count(a => !a.Disabled && a.Roles.Contains(AccountRole.Administrator)) == 1)
        {
            return T["Users.LastAdministrator"];
        }

        foreach (var role in grant.Where(r => !target.Roles.Contains(r)))
        {
            await accounts.GrantAsync(new RoleGrant(target.Login, role, true, admin.Login, now), AccountServices.NewStamp(), ct).ConfigureAwait(false);
        }

        var granted = grant.Where(r => !target.Roles.Contains(r)).Select(r => "+" + Engine.KebabCase.Of(r));
        var revoked = revoke.Where(target.Roles.Contains).Select(r => "−" + Engine.KebabCase.Of(r));
        foreach (var role in revoke.Where(target.Roles.Contains))
        {
            await accounts.GrantAsync(new RoleGrant(target.Login, role, false, admin.Login, now), AccountServices.NewStamp(), ct).ConfigureAwait(false);
        }

        if (granted.Concat(revoked).ToList() is { Count: > 0 } changes)
        {
            await LogAsync(admin.Login, "roles-changed", $"{target.Login}: {string.Join(" ", changes)}", now, ct).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Disables an account (its sessions end) or enables it again (clearing a lock); nobody disables themselves.</summary>
    public async Task<string?> SetDisabledAsync(Account admin, string login, bool disable, Instant now, CancellationToken ct)
    {
        if (await accounts.FindAsync(login.Trim(), ct).ConfigureAwait(false) is not { } target)
        {
            return T.Format("Users.NoSuchAccount", login.Trim());
        }

        if (disable && string.Equals(admin.Login, target.Login, StringComparison.OrdinalIgnoreCase))
        {
            return T["Users.NotYourself"];
        }

        // A new stamp signs the account's sessions out; enabling also clears a lock.
        var changed = target with
        {
            Disabled = disable,
            SecurityStamp = AccountServices.NewStamp(),
            FailedSignIns = disable ? target.FailedSignIns : 0,
            LockedUntil = disable ? target.LockedUntil : null,
        };
        if (!await accounts.UpdateAsync(changed, target.SecurityStamp, ct).ConfigureAwait(false))
        {
            return T.Format("Users.Changed", target.Login);
        }

        await LogAsync(admin.Login, disable ? "account-disabled" : "account-enabled", target.Login, now, ct).ConfigureAwait(false);
        return null;
    }

    /// <summary>Sets an account's password (its sessions end); recorded as <paramref name="by"/>'s act when given.</summary>
    public async Task<string?> SetPasswordAsync(string login, string password, string? by = null, Instant? now = null, CancellationToken ct = default)
    {
        if (await users.FindByNameAsync(login.Trim()).ConfigureAwait(false) is not { } user)
        {
            return T.Format("Users.NoSuchAccount", login.Trim());
        }

        var removed = await users.RemovePasswordAsync(user).ConfigureAwait(false);
        var result = removed.Succeeded ? await users.AddPasswordAsync(user, password).ConfigureAwait(false) : removed;
        if (!result.Succeeded)
        {
            return Describe(result, user.Login);
        }

        if (by is not null && now is { } at)
        {
            await LogAsync(by, "password-set", user.Login, at, ct).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Issues an API key for another system: the secret (shown once) or why not. A key never holds the administrator's role.</summary>
    public async Task<(string? Secret, string? Problem)> IssueKeyAsync(Account admin, string name, IReadOnlySet<AccountRole> roles, Instant now, CancellationToken ct)
    {
        name = name.Trim();
        if (name.Length is 0 or > 200 || name.Any(char.IsControl))
        {
            return (null, T["Users.BadKeyName"]);
        }

        if (roles.Count == 0 || roles.Contains(AccountRole.Administrator))
        {
            return (null, T["Users.KeyRoles"]);
        }

        var (secret, prefix, hash) = AccountServices.NewKey();
        await accounts.CreateKeyAsync(new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Prefix = prefix,
            Hash = hash,
            Name = name,
            Roles = new HashSet<AccountRole>(roles),
            CreatedAt = now,
            CreatedBy = admin.Login,
        }, ct).ConfigureAwait(false);
        await LogAsync(admin.Login, "key-issued", $"{name} ({prefix}): {string.Join(", ", roles.Select(Engine.KebabCase.Of))}", now, ct).ConfigureAwait(false);
        return (secret, null);
    }

    /// <summary>Revokes an API key by its prefix.</summary>
    public async Task<string?> RevokeKeyAsync(string by, string prefix, Instant now, CancellationToken ct)
    {
        if (!await accounts.RevokeKeyAsync(prefix.Trim(), now, ct).ConfigureAwait(false))
        {
            return T.Format("Users.NoSuchKey", prefix.Trim());
        }

        await LogAsync(by, "key-revoked", prefix.Trim(), now, ct).ConfigureAwait(false);
        return null;
    }

    /// <summary>Why Identity refused, for people.</summary>
    public static string Describe(IdentityResult result, string login) => string.Join("; ", result.Errors.Select(e => e.Code switch
    {
        "PasswordTooShort" => T.Format("Users.PasswordTooShort", AccountServices.MinPasswordLength),
        "PasswordRequiresUniqueChars" => T["Users.PasswordTooPlain"],
        "InvalidUserName" => T.Format("Users.BadLogin", login),
        "DuplicateUserName" => T.Format("Users.Taken", login),
        _ => e.Description,
    }));
}
