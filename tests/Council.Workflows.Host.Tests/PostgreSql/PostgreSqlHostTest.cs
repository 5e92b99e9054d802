using System.Net;
using Council.Workflows.Host.Configuration;
using Council.Workflows.Host.Web;
using Council.Workflows.Tests.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Council.Workflows.Host.Tests.PostgreSql;

// The command line and the web on a PostgreSQL database (a real server, started by the fixture): `--db "Host=…"` names
// it; two councils in one database (DefaultCouncil) keep their own numbers, accounts and cases — a user of one never
// sees the other's (404 in the web, not found on the command line).
[Collection(PostgreSqlTests.Name)]
public sealed class PostgreSqlHostTest(PostgreSqlServer server) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-pg-host-").FullName;

    private string Pg => server.ConnectionString("host_two_councils");

    private Task<CliRun> Council(string council, params string[] args) => CliRun.RunAsync([.. args, "--db", Pg, "--set", $"DefaultCouncil={council}"]);

    private string PasswordFile(string name, string password)
    {
        var path = Path.Combine(_directory, name + ".pw");
        File.WriteAllText(path, password + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task TwoCouncilsInOneDatabase_KeepTheirNumbersAccountsAndCasesApart()
    {
        var missing = await CliRun.RunAsync("appeals", "list", "--db", server.ConnectionString("host_empty"));
        missing.ExitCode.Should().Be(2);
        missing.Err.Should().Contain("council init");
        var worker = await CliRun.RunAsync("run", "--once", "--db", server.ConnectionString("host_empty"), "--council", "zhytomyr");
        worker.ExitCode.Should().NotBe(0);
        worker.Err.Should().Contain("council init");
        await using (var empty = new Npgsql.NpgsqlConnection(server.ConnectionString("host_empty")))
        {
            // Only init makes the schema: the worker refused above left nothing behind.
            await empty.OpenAsync();
            await using var schemas = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_namespace WHERE nspname = 'council'", empty);
            (await schemas.ExecuteScalarAsync()).Should().Be(0L);
        }

        var made = await Council("zhytomyr", "init");
        made.ExitCode.Should().Be(0);
        made.Out.Should().Contain("zhytomyr").And.Contain("users add", "init says the council was made and what comes next");
        (await Council("zhytomyr", "init")).Out.Should().NotContain("users add", "made once");

        // A working database is never a simulation: refused in the reader's language, saying what to do instead.
        var simulation = await Council("zhytomyr", "init", "--simulation", "--lang", "uk");
        simulation.ShouldFailWithOneLine("Симуляції потрібна окрема база");
        var file = Path.Combine(_directory, "working.db");
        (await CliRun.RunAsync("init", "--db", file)).ExitCode.Should().Be(0);
        (await CliRun.RunAsync("init", "--simulation", "--db", file, "--lang", "uk")).ShouldFailWithOneLine("робоча база ради");

        // A council the database does not know is refused, not made: a mistyped name would be a new council with no accounts.
        var typo = await Council("zhytomir", "appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--address", "м. Житомир",
            "--subject", "Дорога", "--as", "Петренко Олена", "--role", "clerk");
        typo.ExitCode.Should().NotBe(0);
        typo.Err.Should().Contain("zhytomir").And.Contain("council init");
        var firstAdmin = await Council("berdychiv", "users", "add", "admin", "--name", "Адміністратор", "--grant", "administrator", "--new-password-file", PasswordFile("typo-admin", "berdychiv administrator passphrase"));
        firstAdmin.ExitCode.Should().NotBe(0, "the first administrator of a council not made by init is not made either");
        (await Council("berdychiv", "init")).ExitCode.Should().Be(0);

        // One council's settings file with --council naming another is refused (the other would run with this one's settings).
        var zhytomyrSettings = Path.Combine(_directory, "zhytomyr.json");
        File.WriteAllText(zhytomyrSettings, "{ \"DefaultCouncil\": \"zhytomyr\" }");
        var mixed = await CliRun.RunAsync("appeals", "list", "--db", Pg, "--config", zhytomyrSettings, "--council", "berdychiv");
        mixed.ExitCode.Should().NotBe(0);
        mixed.Err.Should().Contain("berdychiv").And.Contain("zhytomyr");
        var ids = new Dictionary<string, string>();
        foreach (var council in new[] { "zhytomyr", "berdychiv" })
        {
            var admin = PasswordFile($"{council}-admin", $"{council} administrator passphrase");
            (await Council(council, "users", "add", "admin", "--name", "Адміністратор", "--grant", "administrator", "--new-password-file", admin)).ExitCode.Should().Be(0);
            var clerk = await Council(council, "users", "add", "petrenko", "--name", "Петренко Олена", "--grant", "clerk", "--new-password-file", PasswordFile($"{council}-clerk", "petrenko long passphrase"),
                "--user", "admin", "--password-file", admin);
            clerk.ExitCode.Should().Be(0, clerk.Err);
            var register = await Council(council, "appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--address", "м. Житомир",
                "--subject", $"Дорога ({council})", "--user", "petrenko", "--password-file", PasswordFile($"{council}-clerk", "petrenko long passphrase"), "--json");
            register.ExitCode.Should().Be(0, register.Err);
            register.Json.GetProperty("index").GetString().Should().Be("К-1", "each council numbers its own appeals");
            ids[council] = register.Json.GetProperty("id").GetString()!;
        }

        var zhytomyr = await Council("zhytomyr", "appeals", "list", "--json");
        zhytomyr.Out.Should().Contain("Дорога (zhytomyr)").And.NotContain("berdychiv");
        (await Council("zhytomyr", "appeals", "show", ids["berdychiv"])).ExitCode.Should().Be(2, "another council's appeal is not found");
        var wrongPassword = await Council("zhytomyr", "appeals", "list", "--user", "admin", "--password-file", PasswordFile("x", "berdychiv administrator passphrase"));
        wrongPassword.ExitCode.Should().NotBe(0, "an account is its council's: the other council's password does not open it");

        // The web on the same database: a clerk of Zhytomyr opens Zhytomyr's card; Berdychiv's is not found.
        var settings = CouncilSettings.Load(null, Pg, ["DefaultCouncil=zhytomyr"]);
        await using var app = WebApp.Build(settings, new WebOptions(), b => b.WebHost.UseTestServer());
        await app.StartAsync();
        var client = new HttpClient(new Web.WebFixture.CookieHandler(app.GetTestServer().CreateHandler())) { BaseAddress = new Uri("http://localhost") };
        var signIn = await client.GetStringAsync("/account/sign-in");
        var signedIn = await client.PostAsync("/account/sign-in", Web.WebFixture.Form(signIn, ("login", "petrenko"), ("password", "petrenko long passphrase")));
        signedIn.StatusCode.Should().Be(HttpStatusCode.Redirect);

        (await client.GetAsync($"/appeals/{Guid.ParseExact(ids["zhytomyr"], "N")}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync($"/appeals/{Guid.ParseExact(ids["berdychiv"], "N")}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetStringAsync("/appeals/search?q=Дорога")).Should().NotContain("berdychiv");
    }
}
