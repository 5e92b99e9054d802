using Ardalis.GuardClauses;
using Dapper;

namespace Council.Workflows.PostgreSql;

// The council's own row in the installation's register (the councils table): its name and whether it allows the
// installation-level report. A store writes only its own council's row, as it writes only its council's cases.
public sealed partial class PostgreSqlCaseStore
{
    /// <summary>
    /// Records this store's council in the installation's register of councils: its <paramref name="name"/> and whether it
    /// allows the installation-level report (<paramref name="sharesInstallationReport"/>), as of <paramref name="at"/>.
    /// The council's settings are the source: a host calls this when a process of the council starts, so what the database
    /// says follows the settings from the next start on. <see cref="PostgreSqlInstallation"/> reads the register.
    /// </summary>
    /// <param name="name">The council's name, as its settings give it (the organisation's name).</param>
    /// <param name="sharesInstallationReport">Whether the council's figures may be summed into the installation's report.</param>
    /// <param name="at">When this is recorded (the host's clock).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async ValueTask RecordCouncilAsync(string name, bool sharesInstallationReport, Instant at, CancellationToken cancellationToken = default)
    {
        Guard.Against.NullOrWhiteSpace(name);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO councils (council, name, shares_installation_report, recorded_at) VALUES (@council, @name, @shares, @at) " +
            "ON CONFLICT (council) DO UPDATE SET name = excluded.name, shares_installation_report = excluded.shares_installation_report, recorded_at = excluded.recorded_at",
            new { council = _council, name = name.Trim(), shares = sharesInstallationReport, at = at.ToUnixTimeTicks() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether the database knows this store's council: it is in the register of councils (<see cref="RecordCouncilAsync"/>)
    /// or holds any of its cases or accounts (a council copied in from a file). A host refuses to act for a council the
    /// database does not know, so a mistyped council is not quietly a new, empty one.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async ValueTask<bool> KnowsCouncilAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM councils WHERE council = @council) OR EXISTS (SELECT 1 FROM accounts WHERE council = @council) " +
            "OR EXISTS (SELECT 1 FROM cases WHERE council = @council)",
            new { council = _council }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}
