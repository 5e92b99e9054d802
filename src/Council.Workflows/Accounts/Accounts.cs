using Council.Workflows.Engine;
using NodaTime;

namespace Council.Workflows.Accounts;

/// <summary>
/// What an account may do. The first six act in the workflows as the <see cref="OfficialRole"/> of the same name; the
/// last three are the office's own: a controller watches deadlines (the control reports), an auditor reads the access log,
/// an administrator manages accounts, keys and settings. No role is ever claimed: an administrator grants it, and the grant
/// is recorded.
/// </summary>
public enum AccountRole
{
    /// <summary>Registers and routes correspondence (діловод).</summary>
    Clerk,

    /// <summary>Answers the appeals assigned to them (виконавець).</summary>
    Executor,

    /// <summary>The head of the council (міський голова).</summary>
    Head,

    /// <summary>A deputy head (заступник).</summary>
    DeputyHead,

    /// <summary>The council secretary, who also keeps the commission's record (секретар).</summary>
    Secretary,

    /// <summary>A member of the awards commission (член комісії).</summary>
    CommissionMember,

    /// <summary>Keeps the appeals on control: reads everything, acts on nothing (контролер).</summary>
    Controller,

    /// <summary>Reads the access log and the records, acts on nothing (аудитор).</summary>
    Auditor,

    /// <summary>Manages accounts, roles, keys and the council's settings (адміністратор).</summary>
    Administrator,
}

/// <summary>The roles of accounts as workflow roles.</summary>
public static class AccountRoles
{
    /// <summary>The workflow role an account role acts as, or null for the office's own roles (controller, auditor, administrator).</summary>
    public static OfficialRole? Acting(AccountRole role) => role switch
    {
        AccountRole.Clerk => OfficialRole.Clerk,
        AccountRole.Executor => OfficialRole.Executor,
        AccountRole.Head => OfficialRole.Head,
        AccountRole.DeputyHead => OfficialRole.DeputyHead,
        AccountRole.Secretary => OfficialRole.Secretary,
        AccountRole.CommissionMember => OfficialRole.CommissionMember,
        _ => null,
    };

    /// <summary>Whether the role reads every case of the council (a controller, an auditor, the head and deputies, clerks, the secretary).</summary>
    public static bool SeesAll(AccountRole role) => role is not (AccountRole.Executor or AccountRole.CommissionMember or AccountRole.Administrator);

    /// <summary>Whether the role reads personal data an applicant asked not to disclose (Art. 10): those who handle the appeal.</summary>
    public static bool SeesProtected(AccountRole role) => role is AccountRole.Clerk or AccountRole.Executor or AccountRole.Head or AccountRole.DeputyHead;
}

/// <summary>
/// A person who signs in. <see cref="Login"/> is unique in the council ignoring case; <see cref="Name"/> is how the person is
/// written in the record (<c>Петренко Олена Іванівна</c>) and is the name every act of theirs carries, beside the login.
/// </summary>
public sealed record Account
{
    /// <summary>The sign-in name (letters, digits, <c>.</c>, <c>-</c>, <c>_</c>, <c>@</c>; at most 64).</summary>
    public required string Login { get; init; }

    /// <summary>The person's name as the record writes it.</summary>
    public required string Name { get; init; }

    /// <summary>The password hash (ASP.NET Core Identity's format), or null for an account that signs in elsewhere (OpenID Connect).</summary>
    public string? PasswordHash { get; init; }

    /// <summary>Changes whenever the credentials or roles change, so sessions signed in before are signed out.</summary>
    public required string SecurityStamp { get; init; }

    /// <summary>The roles granted now.</summary>
    public IReadOnlySet<AccountRole> Roles { get; init; } = new HashSet<AccountRole>();

    /// <summary>Whether the account may no longer sign in (accounts are disabled, never deleted: acts name them).</summary>
    public bool Disabled { get; init; }

    /// <summary>Failed sign-ins since the last successful one.</summary>
    public int FailedSignIns { get; init; }

    /// <summary>Until when sign-in is refused after too many failures.</summary>
    public Instant? LockedUntil { get; init; }

    /// <summary>When the account was made.</summary>
    public Instant CreatedAt { get; init; }

    /// <summary>The official this account acts as in a role it holds.</summary>
    public Official As(OfficialRole role) => new(Name, role) { Account = Login };
}

/// <summary>A role granted or taken away, as recorded: who did it and when.</summary>
public sealed record RoleGrant(string Login, AccountRole Role, bool Granted, string By, Instant At);

/// <summary>
/// A key another council system calls the API with. Only its hash is kept (SHA-256 of the secret); <see cref="Prefix"/>, the
/// first characters of the key, finds it and names it in lists. A key acts as <see cref="Name"/> in its <see cref="Roles"/>.
/// </summary>
public sealed record ApiKey
{
    /// <summary>The key's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>The visible start of the key (<c>cw_3f9a1c2b</c>), unique.</summary>
    public required string Prefix { get; init; }

    /// <summary>The SHA-256 hash of the whole key, hex.</summary>
    public required string Hash { get; init; }

    /// <summary>The calling system's name as acts record it (<c>АСКОД</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The roles the key may act in.</summary>
    public IReadOnlySet<AccountRole> Roles { get; init; } = new HashSet<AccountRole>();

    /// <summary>When and by whom it was issued.</summary>
    public Instant CreatedAt { get; init; }

    /// <summary>The administrator who issued it.</summary>
    public string CreatedBy { get; init; } = "";

    /// <summary>When it was revoked, or null while it works.</summary>
    public Instant? RevokedAt { get; init; }

    /// <summary>When it was last used.</summary>
    public Instant? LastUsedAt { get; init; }
}

/// <summary>One entry of the access log: who read which record, when (Law 2297-VI Art. 24: access to personal data is recorded).</summary>
public sealed record AccessEntry(Instant At, string Login, string What, CaseId? Case, string? Detail = null);

/// <summary>
/// The council's accounts, role grants, API keys and access log, kept in the council's database beside the cases. Every
/// write is durable when the call returns.
/// </summary>
public interface IAccountStore
{
    /// <summary>The account with this login (ignoring case), or null.</summary>
    ValueTask<Account?> FindAsync(string login, CancellationToken cancellationToken = default);

    /// <summary>Every account, by login.</summary>
    ValueTask<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>How many accounts there are (none: the command line still acts by name and role).</summary>
    ValueTask<int> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds an account with its first roles, each recorded as granted by <paramref name="by"/>; false when the login is taken.</summary>
    ValueTask<bool> CreateAsync(Account account, string by, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the account's credentials and state (hash, stamp, disabled, failures, lock) — not its roles — when it is still
    /// at <paramref name="expectedStamp"/>; false when it changed meanwhile or does not exist.
    /// </summary>
    ValueTask<bool> UpdateAsync(Account account, string expectedStamp, CancellationToken cancellationToken = default);

    /// <summary>Grants or takes away a role and records it; the account's stamp changes. False when the account does not exist.</summary>
    ValueTask<bool> GrantAsync(RoleGrant grant, string newStamp, CancellationToken cancellationToken = default);

    /// <summary>The grants of an account, oldest first.</summary>
    ValueTask<IReadOnlyList<RoleGrant>> GrantsAsync(string login, CancellationToken cancellationToken = default);

    /// <summary>Adds an API key.</summary>
    ValueTask CreateKeyAsync(ApiKey key, CancellationToken cancellationToken = default);

    /// <summary>The key with this prefix, or null.</summary>
    ValueTask<ApiKey?> FindKeyAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Every key, newest first.</summary>
    ValueTask<IReadOnlyList<ApiKey>> ListKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>Revokes a key; false when there is no such key or it was revoked already.</summary>
    ValueTask<bool> RevokeKeyAsync(string prefix, Instant at, CancellationToken cancellationToken = default);

    /// <summary>Records that a key was used.</summary>
    ValueTask TouchKeyAsync(Guid id, Instant at, CancellationToken cancellationToken = default);

    /// <summary>Adds to the access log.</summary>
    ValueTask LogAccessAsync(AccessEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The access log from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), oldest first, optionally of one login or case.</summary>
    ValueTask<IReadOnlyList<AccessEntry>> AccessLogAsync(Instant from, Instant to, string? login = null, CaseId? caseId = null, int limit = 1000, CancellationToken cancellationToken = default);
}
