using Council.Workflows.Tests.Stores;

namespace Council.Workflows.Host.Tests.PostgreSql;

// `council store copy`: a council's SQLite file (the demo's year and staff acts, accounts) moved into PostgreSQL reads the
// same through every verb; a second copy into the same council is refused and changes nothing; a missing file is one clear
// line; another council copied into the same database stays apart; a copy that does not read back as the file does is
// deleted again, saying what differed.
[Collection(PostgreSqlTests.Name)]
public sealed class StoreCopyTest(PostgreSqlServer server) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-store-copy-").FullName;

    private string Pg => server.ConnectionString("store_copy");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PasswordFile(string name, string password)
    {
        var path = Path.Combine(_directory, name + ".pw");
        File.WriteAllText(path, password + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private async Task<string> CouncilFileAsync(string council, string scale, string seed)
    {
        var file = Path.Combine(_directory, council + ".db");
        var demo = await CliRun.RunAsync("demo", "--db", file, "--scale", scale, "--seed", seed, "--set", $"DefaultCouncil={council}");
        demo.ExitCode.Should().Be(0, demo.Err);
        var admin = PasswordFile($"{council}-admin", $"{council} administrator passphrase");
        var clerk = PasswordFile($"{council}-clerk", $"{council} clerk passphrase");
        (await CliRun.RunAsync("users", "add", "admin", "--name", "Адміністратор", "--grant", "administrator", "--new-password-file", admin, "--db", file,
            "--set", $"DefaultCouncil={council}")).ExitCode.Should().Be(0);
        var added = await CliRun.RunAsync("users", "add", "petrenko", "--name", "Петренко Олена", "--grant", "clerk", "--new-password-file", clerk,
            "--user", "admin", "--password-file", admin, "--db", file, "--set", $"DefaultCouncil={council}");
        added.ExitCode.Should().Be(0, added.Err);
        var register = await CliRun.RunAsync("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--address", "м. Житомир",
            "--subject", $"Дорога ({council})", "--user", "petrenko", "--password-file", clerk, "--db", file, "--set", $"DefaultCouncil={council}", "--json");
        register.ExitCode.Should().Be(0, register.Err);
        return file;
    }

    private static async Task<string> OutputAsync(string db, string council, params string[] args)
    {
        var run = await CliRun.RunAsync([.. args, "--db", db, "--set", $"DefaultCouncil={council}"]);
        run.ExitCode.Should().Be(0, $"{string.Join(' ', args)} on {db}: {run.Err}");
        return run.Out;
    }

    private async Task ReadsTheSameAsync(string file, string council)
    {
        var list = await OutputAsync(file, council, "appeals", "list", "--json");
        (await OutputAsync(Pg, council, "appeals", "list", "--json")).Should().Be(list);
        foreach (var item in System.Text.Json.JsonDocument.Parse(list).RootElement.EnumerateArray().Take(5))
        {
            var id = item.GetProperty("id").GetString()!;
            (await OutputAsync(Pg, council, "appeals", "show", id, "--json")).Should().Be(await OutputAsync(file, council, "appeals", "show", id, "--json"));
        }

        (await OutputAsync(Pg, council, "awards", "petition", "list", "--json")).Should().Be(await OutputAsync(file, council, "awards", "petition", "list", "--json"));
        (await OutputAsync(Pg, council, "users", "list", "--json")).Should().Be(await OutputAsync(file, council, "users", "list", "--json"));
    }

    [Fact]
    public async Task Copy_ReadsTheSame_RefusesASecondCopy_AndKeepsCouncilsApart()
    {
        var file = await CouncilFileAsync("zhytomyr", "0.05", "2023");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var copy = await CliRun.RunAsync("store", "copy", "--from", file, "--to", Pg, "--council", "zhytomyr", "--json");
        copy.ExitCode.Should().Be(0, copy.Err);
        Console.WriteLine($"store copy of the demo file: {started.Elapsed.TotalSeconds:0.0} s; {copy.Out}");
        copy.Json.GetProperty("verified").GetBoolean().Should().BeTrue();
        copy.Json.GetProperty("cases").GetInt64().Should().BeGreaterThan(10);
        copy.Json.GetProperty("events").GetInt64().Should().BeGreaterThan(copy.Json.GetProperty("cases").GetInt64());
        copy.Json.GetProperty("accounts").GetInt64().Should().Be(2);
        await ReadsTheSameAsync(file, "zhytomyr");
        await using (var connection = new Npgsql.NpgsqlConnection(Pg))
        {
            // In the register of councils at once (the installation's report counts it before its first start), not sharing.
            await connection.OpenAsync();
            await using var read = new Npgsql.NpgsqlCommand("SELECT shares_installation_report FROM council.councils WHERE council = 'zhytomyr'", connection);
            (await read.ExecuteScalarAsync()).Should().Be(false);
        }

        // A second copy into the same council: refused, naming the council; nothing changed.
        var before = await OutputAsync(Pg, "zhytomyr", "appeals", "list", "--json");
        var again = await CliRun.RunAsync("store", "copy", "--from", file, "--to", Pg, "--council", "zhytomyr");
        again.ExitCode.Should().Be(3);
        again.Err.Should().Contain("zhytomyr").And.Contain("already");
        again.Err.Split('\n').Count(l => l.StartsWith("council:", StringComparison.Ordinal)).Should().Be(1, "the refusal is one line (after the progress line)");
        (await OutputAsync(Pg, "zhytomyr", "appeals", "list", "--json")).Should().Be(before);

        // A missing file, and a file that is not a store: one clear line each.
        var missing = await CliRun.RunAsync("store", "copy", "--from", Path.Combine(_directory, "none.db"), "--to", Pg);
        missing.ExitCode.Should().Be(2);
        missing.Err.Should().Contain("none.db");
        var text = Path.Combine(_directory, "notes.db");
        await File.WriteAllTextAsync(text, "not a database at all, just some words that fill more than a header's length of the file");
        var notAStore = await CliRun.RunAsync("store", "copy", "--from", text, "--to", Pg);
        notAStore.ExitCode.Should().Be(1);
        notAStore.Err.Should().Contain("not a Council.Workflows database");

        // Another council into the same database: its own rows, apart from the first's.
        var other = await CouncilFileAsync("berdychiv", "0.02", "7");
        var second = await CliRun.RunAsync("store", "copy", "--from", other, "--to", Pg, "--set", "DefaultCouncil=berdychiv", "--lang", "uk");
        second.ExitCode.Should().Be(0, second.Err);
        second.Out.Should().Contain("berdychiv");
        second.Out.Should().MatchRegex(@"за \d+,\d с", "seconds are written the Ukrainian way (a decimal comma)");
        await ReadsTheSameAsync(other, "berdychiv");
        (await OutputAsync(Pg, "zhytomyr", "appeals", "list", "--json")).Should().Be(before).And.NotContain("Дорога (berdychiv)");

        // A file whose cases are another council's is not copied under a new name (their histories name their council).
        var renamed = await CliRun.RunAsync("store", "copy", "--from", other, "--to", Pg, "--council", "fastiv");
        renamed.ExitCode.Should().Be(2);
        renamed.Err.Should().Contain("berdychiv");

        // A file whose settings never named its council is copied as council "default", with a note saying what that means.
        var unnamed = await CouncilFileAsync("default", "0.01", "5");
        var copied = await CliRun.RunAsync("store", "copy", "--from", unnamed, "--to", Pg);
        copied.ExitCode.Should().Be(0, copied.Err);
        copied.Err.Should().Contain("never named its council").And.Contain("DefaultCouncil");
        copy.Err.Should().NotContain("never named its council");
    }

    [Fact]
    public async Task ACopyThatDiffersFromTheFile_IsDeletedAgain_AndSaysWhatDiffered()
    {
        var pg = server.ConnectionString("store_copy_mismatch");
        var file = await CouncilFileAsync("fastiv", "0.02", "11");
        var list = await OutputAsync(file, "fastiv", "appeals", "list", "--json");
        var altered = System.Text.Json.JsonDocument.Parse(list).RootElement[0].GetProperty("id").GetString()!;

        // The schema made by another council's store, and in it a trigger that changes one event of the copy as it is
        // written: the server keeps something other than what was sent, which only the check after the commit can see.
        (await CliRun.RunAsync("init", "--simulation", "--db", pg, "--set", "DefaultCouncil=bila-tserkva")).ExitCode.Should().Be(0);
        Execute(pg, $"""
            CREATE FUNCTION council.alter_one_event() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.council = 'fastiv' AND NEW.case_id = '{altered}' AND NEW.version = 1 THEN
                    NEW.reason := 'changed on the way';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER alter_one_event BEFORE INSERT ON council.events FOR EACH ROW EXECUTE FUNCTION council.alter_one_event();
            """);

        var copy = await CliRun.RunAsync("store", "copy", "--from", file, "--to", pg, "--council", "fastiv");

        copy.ExitCode.Should().Be(1, copy.Err);
        copy.Out.Should().BeEmpty("nothing was copied in the end");
        var lines = copy.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Contain(l => l.StartsWith("council: ", StringComparison.Ordinal) && l.Contains("fastiv") && l.Contains("deleted again"));
        lines.Should().Contain($"council: {altered}: event 1 (registered) differs", "the difference names the case and the event");
        lines.Should().HaveCount(3, "the progress line, the mismatch and the one difference");
        foreach (var table in new[] { "cases", "case_keys", "events", "timers", "commands", "outbox", "sequences", "search_docs", "search_terms", "case_facts", "store_info", "accounts", "account_roles", "role_grants", "api_keys", "access_log" })
        {
            Count(pg, $"SELECT count(*) FROM council.{table} WHERE council = 'fastiv'").Should().Be(0, $"the copy's rows in {table} are deleted again");
        }

        // Deleted, not left half: once the server keeps what it is sent, the same copy goes in and reads the same.
        Execute(pg, "DROP TRIGGER alter_one_event ON council.events");
        var again = await CliRun.RunAsync("store", "copy", "--from", file, "--to", pg, "--council", "fastiv");
        again.ExitCode.Should().Be(0, again.Err);
        (await OutputAsync(pg, "fastiv", "appeals", "list", "--json")).Should().Be(list);
    }

    private static void Execute(string pg, string sql)
    {
        using var connection = new Npgsql.NpgsqlConnection(pg);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static long Count(string pg, string sql)
    {
        using var connection = new Npgsql.NpgsqlConnection(pg);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (long)command.ExecuteScalar()!;
    }
}
