using Ardalis.GuardClauses;
using Council.Workflows.Accounts;
using Council.Workflows.Engine;
using Dapper;
using Npgsql;

namespace Council.Workflows.PostgreSql;

/// <summary>
/// A council's accounts, role grants, API keys and access log, in the same database as its cases and bound to the same
/// council as the case store it is given: a login of one council is unknown to another. Every call is its own transaction,
/// durable when it returns.
/// </summary>
public sealed class PostgreSqlAccountStore(PostgreSqlCaseStore store) : IAccountStore
{
    private readonly PostgreSqlCaseStore _store = Guard.Against.Null(store);

    private string Council => _store.Council;

    private static string KeyOf(string login) => Guard.Against.NullOrWhiteSpace(login).Trim().ToUpperInvariant();

    /// <inheritdoc />
    public async ValueTask<Account?> FindAsync(string login, CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadAccountsAsync(connection, "AND a.login_key = @key", new { council = Council, key = KeyOf(login) }, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadAccountsAsync(connection, "", new { council = Council }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM accounts WHERE council = @council", new { council = Council }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> CreateAsync(Account account, string by, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(account);
        Guard.Against.NullOrWhiteSpace(by);
        var key = KeyOf(account.Login);
        await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The login's primary key decides between two creating it at once: the second inserts nothing.
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO accounts (council, login_key, login, name, password_hash, security_stamp, disabled, failed_sign_ins, locked_until, created_at) " +
            "VALUES (@Council, @Key, @Login, @Name, @PasswordHash, @SecurityStamp, @Disabled, @FailedSignIns, @LockedUntil, @CreatedAt) ON CONFLICT DO NOTHING",
            Row(account, key, null), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (inserted == 0)
        {
            return false;
        }

        foreach (var role in account.Roles)
        {
            await SetRoleAsync(connection, transaction, new RoleGrant(account.Login, role, true, by, account.CreatedAt), cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask<bool> UpdateAsync(Account account, string expectedStamp, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(account);
        Guard.Against.Null(expectedStamp);
        await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts SET name = @Name, password_hash = @PasswordHash, security_stamp = @SecurityStamp, disabled = @Disabled, " +
            "failed_sign_ins = @FailedSignIns, locked_until = @LockedUntil WHERE council = @Council AND login_key = @Key AND security_stamp = @ExpectedStamp",
            Row(account, KeyOf(account.Login), expectedStamp), cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> GrantAsync(RoleGrant grant, string newStamp, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(grant);
        Guard.Against.NullOrWhiteSpace(newStamp);
        await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE accounts SET security_stamp = @newStamp WHERE council = @council AND login_key = @key",
            new { council = Council, key = KeyOf(grant.Login), newStamp }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) != 1)
        {
            return false;
        }

        await SetRoleAsync(connection, transaction, grant, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    // An account's columns as statement parameters.
    private object Row(Account account, string key, string? expectedStamp) => new
    {
        Council,
        Key = key,
        Login = account.Login.Trim(),
        account.Name,
        account.PasswordHash,
        account.SecurityStamp,
        account.Disabled,
        account.FailedSignIns,
        LockedUntil = account.LockedUntil?.ToUnixTimeTicks(),
        CreatedAt = account.CreatedAt.ToUnixTimeTicks(),
        ExpectedStamp = expectedStamp,
    };

    private async Task SetRoleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, RoleGrant grant, CancellationToken cancellationToken)
    {
        var parameters = new { council = Council, key = KeyOf(grant.Login), role = KebabCase.Of(grant.Role), granted = grant.Granted, by = grant.By, at = grant.At.ToUnixTimeTicks() };
        await connection.ExecuteAsync(new CommandDefinition(
            grant.Granted
                ? "INSERT INTO account_roles (council, login_key, role) VALUES (@council, @key, @role) ON CONFLICT DO NOTHING"
                : "DELETE FROM account_roles WHERE council = @council AND login_key = @key AND role = @role",
            parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO role_grants (council, login_key, role, granted, by_login, at) VALUES (@council, @key, @role, @granted, @by, @at)",
            parameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<RoleGrant>> GrantsAsync(string login, CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Login, string Role, bool Granted, string By, long At)>(new CommandDefinition(
            "SELECT a.login, g.role, g.granted, g.by_login, g.at FROM role_grants g JOIN accounts a ON a.council = g.council AND a.login_key = g.login_key " +
            "WHERE g.council = @council AND g.login_key = @key ORDER BY g.seq",
            new { council = Council, key = KeyOf(login) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new RoleGrant(r.Login, Role(r.Role), r.Granted, r.By, Instant.FromUnixTimeTicks(r.At)))];
    }

    /// <inheritdoc />
    public async ValueTask CreateKeyAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(key);
        await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO api_keys (council, id, prefix, hash, name, roles, created_at, created_by, revoked_at, last_used_at) " +
            "VALUES (@council, @Id, @Prefix, @Hash, @Name, @roles, @createdAt, @CreatedBy, NULL, NULL)",
            new { council = Council, key.Id, key.Prefix, key.Hash, key.Name, roles = Roles(key.Roles), createdAt = key.CreatedAt.ToUnixTimeTicks(), key.CreatedBy },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ApiKey?> FindKeyAsync(string prefix, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(prefix);
        await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadKeysAsync(connection, "AND prefix = @prefix", new { council = Council, prefix }, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ApiKey>> ListKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadKeysAsync(connection, "", new { council = Council }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RevokeKeyAsync(string prefix, Instant at, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(prefix);
        await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = @at WHERE council = @council AND prefix = @prefix AND revoked_at IS NULL",
            new { council = Council, prefix, at = at.ToUnixTimeTicks() }, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async ValueTask TouchKeyAsync(Guid id, Instant at, CancellationToken cancellationToken = default)
    {
        await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET last_used_at = @at WHERE council = @council AND id = @id", new { council = Council, id, at = at.ToUnixTimeTicks() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask LogAccessAsync(AccessEntry entry, CancellationToken cancellationToken = default)
    {
        Guard.Against.Null(entry);
        await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO access_log (council, at, login, what, case_id, detail) VALUES (@council, @at, @Login, @What, @caseId, @Detail)",
            new { council = Council, at = entry.At.ToUnixTimeTicks(), entry.Login, entry.What, caseId = entry.Case?.Value, entry.Detail },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AccessEntry>> AccessLogAsync(Instant from, Instant to, string? login = null, CaseId? caseId = null, int limit = 1000, CancellationToken cancellationToken = default)
    {
        Guard.Against.OutOfRange(limit, nameof(limit), 1, 100_000);
        await using var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(long At, string Login, string What, Guid? CaseId, string? Detail)>(new CommandDefinition(
            "SELECT at, login, what, case_id, detail FROM access_log WHERE council = @council AND at >= @from AND at < @to " +
            (login is null ? "" : "AND upper(login) = upper(@login) ") + (caseId is null ? "" : "AND case_id = @caseId ") + "ORDER BY at, seq LIMIT @limit",
            new { council = Council, from = from.ToUnixTimeTicks(), to = to.ToUnixTimeTicks(), login, caseId = caseId?.Value, limit },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new AccessEntry(Instant.FromUnixTimeTicks(r.At), r.Login, r.What, r.CaseId is { } c ? new CaseId(c) : null, r.Detail))];
    }

    private static async Task<IReadOnlyList<Account>> ReadAccountsAsync(NpgsqlConnection connection, string where, object parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<AccountRow>(new CommandDefinition(
            "SELECT a.login AS Login, a.name AS Name, a.password_hash AS PasswordHash, a.security_stamp AS SecurityStamp, " +
            "a.disabled AS Disabled, a.failed_sign_ins AS FailedSignIns, a.locked_until AS LockedUntil, a.created_at AS CreatedAt, " +
            "(SELECT string_agg(r.role, ',') FROM account_roles r WHERE r.council = a.council AND r.login_key = a.login_key) AS Roles " +
            $"FROM accounts a WHERE a.council = @council {where} ORDER BY a.login_key",
            parameters,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return
        [
            .. rows.Select(r => new Account
            {
                Login = r.Login,
                Name = r.Name,
                PasswordHash = r.PasswordHash,
                SecurityStamp = r.SecurityStamp,
                Disabled = r.Disabled,
                FailedSignIns = r.FailedSignIns,
                LockedUntil = r.LockedUntil is { } locked ? Instant.FromUnixTimeTicks(locked) : null,
                CreatedAt = Instant.FromUnixTimeTicks(r.CreatedAt),
                Roles = ParseRoles(r.Roles),
            }),
        ];
    }

    private static async Task<IReadOnlyList<ApiKey>> ReadKeysAsync(NpgsqlConnection connection, string where, object parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(Guid Id, string Prefix, string Hash, string Name, string Roles, long CreatedAt, string CreatedBy, long? RevokedAt, long? LastUsedAt)>(new CommandDefinition(
            $"SELECT id, prefix, hash, name, roles, created_at, created_by, revoked_at, last_used_at FROM api_keys WHERE council = @council {where} ORDER BY created_at DESC, id",
            parameters,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return
        [
            .. rows.Select(r => new ApiKey
            {
                Id = r.Id,
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
        public string Login { get; set; } = "";

        public string Name { get; set; } = "";

        public string? PasswordHash { get; set; }

        public string SecurityStamp { get; set; } = "";

        public bool Disabled { get; set; }

        public int FailedSignIns { get; set; }

        public long? LockedUntil { get; set; }

        public long CreatedAt { get; set; }

        public string? Roles { get; set; }
    }
}
