using Ardalis.GuardClauses;
using Council.Workflows.Accounts;
using Council.Workflows.Engine;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Council.Workflows.Sqlite;

/// <summary>
/// The council's accounts, role grants, API keys and access log in the same SQLite file as its cases (schema 11), written
/// through the case store's single writer (so they never compete with it for the file) and durable when a call returns.
/// </summary>
public sealed class SqliteAccountStore(SqliteCaseStore store) : IAccountStore
{
    private readonly SqliteCaseStore _store = Guard.Against.Null(store);

    private static string KeyOf(string login) => Guard.Against.NullOrWhiteSpace(login).Trim().ToUpperInvariant();

    /// <inheritdoc />
    public async ValueTask<Account?> FindAsync(string login, CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAccountsAsync(connection, "WHERE a.login_key = @key", new { key = KeyOf(login) }, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAccountsAsync(connection, "", null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT count(*) FROM accounts", cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> CreateAsync(Account account, string by, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(account);
        Guard.Against.NullOrWhiteSpace(by);
        var key = KeyOf(account.Login);
        return await _store.WriteAsync((connection, transaction) =>
        {
            if (connection.ExecuteScalar<long>("SELECT count(*) FROM accounts WHERE login_key = @key", new { key }, transaction) > 0)
            {
                return false;
            }

            connection.Execute(
                "INSERT INTO accounts (login_key, login, name, password_hash, security_stamp, disabled, failed_sign_ins, locked_until, created_at) " +
                "VALUES (@Key, @Login, @Name, @PasswordHash, @SecurityStamp, @Disabled, @FailedSignIns, @LockedUntil, @CreatedAt)",
                Row(account, key, null),
                transaction);
            foreach (var role in account.Roles)
            {
                SetRole(connection, transaction, new RoleGrant(account.Login, role, true, by, account.CreatedAt));
            }

            return true;
        }).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> UpdateAsync(Account account, string expectedStamp, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(account);
        Guard.Against.Null(expectedStamp);
        return await _store.WriteAsync((connection, transaction) => connection.Execute(
            "UPDATE accounts SET name = @Name, password_hash = @PasswordHash, security_stamp = @SecurityStamp, disabled = @Disabled, " +
            "failed_sign_ins = @FailedSignIns, locked_until = @LockedUntil WHERE login_key = @Key AND security_stamp = @ExpectedStamp",
            Row(account, KeyOf(account.Login), expectedStamp),
            transaction) == 1).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> GrantAsync(RoleGrant grant, string newStamp, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(grant);
        Guard.Against.NullOrWhiteSpace(newStamp);
        return await _store.WriteAsync((connection, transaction) =>
        {
            var key = KeyOf(grant.Login);
            if (connection.Execute("UPDATE accounts SET security_stamp = @newStamp WHERE login_key = @key", new { key, newStamp }, transaction) != 1)
            {
                return false;
            }

            SetRole(connection, transaction, grant);
            return true;
        }).ConfigureAwait(false);
    }

    // An account's columns as statement parameters.
    private static object Row(Account account, string key, string? expectedStamp) => new
    {
        Key = key,
        Login = account.Login.Trim(),
        account.Name,
        account.PasswordHash,
        account.SecurityStamp,
        Disabled = account.Disabled ? 1 : 0,
        account.FailedSignIns,
        LockedUntil = account.LockedUntil?.ToUnixTimeTicks(),
        CreatedAt = account.CreatedAt.ToUnixTimeTicks(),
        ExpectedStamp = expectedStamp,
    };

    private static void SetRole(SqliteConnection connection, SqliteTransaction? transaction, RoleGrant grant)
    {
        var key = KeyOf(grant.Login);
        var role = KebabCase.Of(grant.Role);
        connection.Execute(
            grant.Granted
                ? "INSERT INTO account_roles (login_key, role) VALUES (@key, @role) ON CONFLICT DO NOTHING"
                : "DELETE FROM account_roles WHERE login_key = @key AND role = @role",
            new { key, role },
            transaction);
        connection.Execute(
            "INSERT INTO role_grants (login_key, role, granted, by_login, at) VALUES (@key, @role, @granted, @by, @at)",
            new { key, role, granted = grant.Granted ? 1 : 0, by = grant.By, at = grant.At.ToUnixTimeTicks() },
            transaction);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RoleGrant>> GrantsAsync(string login, CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Login, string Role, long Granted, string By, long At)>(new CommandDefinition(
            "SELECT a.login, g.role, g.granted, g.by_login, g.at FROM role_grants g JOIN accounts a ON a.login_key = g.login_key WHERE g.login_key = @key ORDER BY g.seq",
            new { key = KeyOf(login) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new RoleGrant(r.Login, Role(r.Role), r.Granted != 0, r.By, Instant.FromUnixTimeTicks(r.At)))];
    }

    /// <inheritdoc />
    public async ValueTask CreateKeyAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(key);
        await _store.WriteAsync((connection, transaction) => connection.Execute(
            "INSERT INTO api_keys (id, prefix, hash, name, roles, created_at, created_by, revoked_at, last_used_at) " +
            "VALUES (@id, @Prefix, @Hash, @Name, @roles, @createdAt, @CreatedBy, NULL, NULL)",
            new { id = SqliteCaseStore.Bytes(key.Id), key.Prefix, key.Hash, key.Name, roles = Roles(key.Roles), createdAt = key.CreatedAt.ToUnixTimeTicks(), key.CreatedBy },
            transaction)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ApiKey?> FindKeyAsync(string prefix, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(prefix);
        await using var connection = await _store.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadKeysAsync(connection, "WHERE prefix = @prefix", new { prefix }, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ApiKey>> ListKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        return await ReadKeysAsync(connection, "", null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RevokeKeyAsync(string prefix, Instant at, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(prefix);
        return await _store.WriteAsync((connection, transaction) => connection.Execute(
            "UPDATE api_keys SET revoked_at = @at WHERE prefix = @prefix AND revoked_at IS NULL", new { prefix, at = at.ToUnixTimeTicks() }, transaction) == 1).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask TouchKeyAsync(Guid id, Instant at, CancellationToken cancellationToken = default) =>
        await _store.WriteAsync((connection, transaction) => connection.Execute(
            "UPDATE api_keys SET last_used_at = @at WHERE id = @id", new { id = SqliteCaseStore.Bytes(id), at = at.ToUnixTimeTicks() }, transaction)).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask LogAccessAsync(AccessEntry entry, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(entry);
        await _store.WriteAsync((connection, transaction) => connection.Execute(
            "INSERT INTO access_log (at, login, what, case_id, detail) VALUES (@at, @Login, @What, @caseId, @Detail)",
            new { at = entry.At.ToUnixTimeTicks(), entry.Login, entry.What, caseId = entry.Case is { } c ? SqliteCaseStore.Key(c) : null, entry.Detail },
            transaction)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AccessEntry>> AccessLogAsync(Instant from, Instant to, string? login = null, CaseId? caseId = null, int limit = 1000, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(limit, nameof(limit), 1, 100_000);
        await using var connection = await _store.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(long At, string Login, string What, byte[]? CaseId, string? Detail)>(new CommandDefinition(
            "SELECT at, login, what, case_id, detail FROM access_log WHERE at >= @from AND at < @to " +
            (login is null ? "" : "AND login = @login COLLATE NOCASE ") + (caseId is null ? "" : "AND case_id = @caseId ") + "ORDER BY at, seq LIMIT @limit",
            new { from = from.ToUnixTimeTicks(), to = to.ToUnixTimeTicks(), login, caseId = caseId is { } c ? SqliteCaseStore.Key(c) : null, limit },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new AccessEntry(Instant.FromUnixTimeTicks(r.At), r.Login, r.What, r.CaseId is null ? null : new CaseId(SqliteCaseStore.FromBytes(r.CaseId)), r.Detail))];
    }

    private static async Task<IReadOnlyList<Account>> ReadAccountsAsync(SqliteConnection connection, string where, object? parameters, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<AccountRow>(new CommandDefinition(
            "SELECT a.login_key AS LoginKey, a.login AS Login, a.name AS Name, a.password_hash AS PasswordHash, a.security_stamp AS SecurityStamp, " +
            "a.disabled AS Disabled, a.failed_sign_ins AS FailedSignIns, a.locked_until AS LockedUntil, a.created_at AS CreatedAt, " +
            "(SELECT group_concat(r.role, ',') FROM account_roles r WHERE r.login_key = a.login_key) AS Roles " +
            $"FROM accounts a {where} ORDER BY a.login_key",
            parameters,
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
        return
        [
            .. rows.Select(r => new Account
            {
                Login = r.Login,
                Name = r.Name,
                PasswordHash = r.PasswordHash,
                SecurityStamp = r.SecurityStamp,
                Disabled = r.Disabled != 0,
                FailedSignIns = (int)r.FailedSignIns,
                LockedUntil = r.LockedUntil is { } locked ? Instant.FromUnixTimeTicks(locked) : null,
                CreatedAt = Instant.FromUnixTimeTicks(r.CreatedAt),
                Roles = ParseRoles(r.Roles),
            }),
        ];
    }

    private static async Task<IReadOnlyList<ApiKey>> ReadKeysAsync(SqliteConnection connection, string where, object? parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(byte[] Id, string Prefix, string Hash, string Name, string Roles, long CreatedAt, string CreatedBy, long? RevokedAt, long? LastUsedAt)>(new CommandDefinition(
            $"SELECT id, prefix, hash, name, roles, created_at, created_by, revoked_at, last_used_at FROM api_keys {where} ORDER BY created_at DESC",
            parameters,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return
        [
            .. rows.Select(r => new ApiKey
            {
                Id = SqliteCaseStore.FromBytes(r.Id),
                Prefix = r.Prefix,
                Hash = r.Hash,
                Name = r.Name,
                Roles = ParseRoles(r.Roles),
                CreatedAt = Instant.FromUnixTimeTicks(r.CreatedAt),
                CreatedBy = r.CreatedBy,
                RevokedAt = r.RevokedAt is { } revoked ? Instant.FromUnixTimeTicks(revoked) : null,
                LastUsedAt = r.LastUsedAt is { } used ? Instant.FromUnixTimeTicks(used) : null,
            }),
        ];
    }

    private static string Roles(IEnumerable<AccountRole> roles) => string.Join(",", roles.Select(KebabCase.Of).Order(StringComparer.Ordinal));

    private static HashSet<AccountRole> ParseRoles(string? text) =>
        [.. (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Role)];

    private static AccountRole Role(string text) =>
        KebabCase.TryParse<AccountRole>(text, out var role) ? role : throw new InvalidDataException($"The database names an unknown role '{text}'.");

    private sealed class AccountRow
    {
        public string LoginKey { get; set; } = "";

        public string Login { get; set; } = "";

        public string Name { get; set; } = "";

        public string? PasswordHash { get; set; }

        public string SecurityStamp { get; set; } = "";

        public long Disabled { get; set; }

        public long FailedSignIns { get; set; }

        public long? LockedUntil { get; set; }

        public long CreatedAt { get; set; }

        public string? Roles { get; set; }
    }
}
