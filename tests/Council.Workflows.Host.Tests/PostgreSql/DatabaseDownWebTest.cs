using System.Net;
using Council.Workflows.Host.Configuration;
using Council.Workflows.Host.Web;
using Council.Workflows.Tests.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Council.Workflows.Host.Tests.PostgreSql;

// `council serve` and the worker on PostgreSQL while their database stops answering (a real server: the database is taken away under the
// running host, its connections cut): pages answer 503 in the reader's language with Retry-After, the API answers
// problem+json 503, the log has one line a request and no stack trace; the worker logs one line a sweep and keeps trying; when
// the database is back, the same host serves again and the worker sweeps and leads again.
[Collection(PostgreSqlTests.Name)]
public sealed class DatabaseDownWebTest(PostgreSqlServer server) : IDisposable
{
    private const string Database = "host_database_down";
    private readonly string _directory = Directory.CreateTempSubdirectory("council-pg-down-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Serve_WhileTheDatabaseDoesNotAnswer_Answers503InTheReadersLanguage_AndServesAgainAfter()
    {
        var pg = server.ConnectionString(Database);
        Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", pg]);
        var admin = Path.Combine(_directory, "admin.pw");
        File.WriteAllText(admin, "administrator long passphrase\n");
        File.SetUnixFileMode(admin, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (await Council("init")).ExitCode.Should().Be(0);
        (await Council("users", "add", "admin", "--name", "Адміністратор", "--grant", "administrator,clerk", "--new-password-file", admin)).ExitCode.Should().Be(0);
        var issued = await Council("users", "keys", "add", "АСКОД", "--grant", "clerk", "--user", "admin", "--password-file", admin, "--json");
        issued.ExitCode.Should().Be(0, issued.Err);
        var key = issued.Json.GetProperty("key").GetString()!;

        var logs = new FakeLogCollector();
        var settings = CouncilSettings.Load(null, pg, []);
        await using var app = WebApp.Build(settings, new WebOptions(), b =>
        {
            b.WebHost.UseTestServer();
            b.Logging.AddProvider(new FakeLoggerProvider(logs));
        });
        await app.StartAsync();
        var browser = new HttpClient(new Web.WebFixture.CookieHandler(app.GetTestServer().CreateHandler())) { BaseAddress = new Uri("http://localhost") };
        var signIn = await browser.GetStringAsync("/account/sign-in");
        (await browser.PostAsync("/account/sign-in", Web.WebFixture.Form(signIn, ("login", "admin"), ("password", "administrator long passphrase")))).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var api = new HttpClient(app.GetTestServer().CreateHandler()) { BaseAddress = new Uri("http://localhost") };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        (await browser.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await api.GetAsync("/api/v1/appeals")).StatusCode.Should().Be(HttpStatusCode.OK);

        TakeAway(Database, Database + "_away");
        try
        {
            logs.Clear();
            var page = await browser.GetAsync("/");
            page.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
            page.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(ServerErrors.RetryAfterSeconds));
            var text = await page.Content.ReadAsStringAsync();
            text.Should().Contain("База даних зараз не відповідає").And.Contain("lang=\"uk\"").And.NotContain("Npgsql").And.NotContain("Exception");

            // The page's style and script come from the host alone, signed in or not: the error page keeps its look.
            (await browser.GetAsync("/static/site.css")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await browser.GetAsync("/static/app.js")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await browser.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);

            var card = await browser.GetAsync("/appeals/search?q=Дорога");
            card.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

            var english = new HttpRequestMessage(HttpMethod.Get, "/");
            english.Headers.Add("Cookie", "council.lang=c%3Den%7Cuic%3Den");
            (await (await browser.SendAsync(english)).Content.ReadAsStringAsync()).Should().Contain("The database is not answering just now");

            var call = await api.GetAsync("/api/v1/appeals");
            call.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            call.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await call.Content.ReadAsStringAsync()).Should().Contain("\"status\":503");

            var written = logs.GetSnapshot();
            written.Should().NotContain(r => r.Exception != null, "a database that does not answer is one line a request, not a stack trace");
            written.Where(r => r.Id.Id == 30).Should().HaveCount(4, "one line for each of the four requests");
            written.Where(r => r.Id.Id == 30).Should().OnlyContain(r => r.Message.Contains("503", StringComparison.Ordinal));
        }
        finally
        {
            TakeAway(Database + "_away", Database);
        }

        // Back: the same host serves the same session again at the first request (the connections its pool kept from before
        // the database went were dropped when it did not answer).
        (await browser.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await api.GetAsync("/api/v1/appeals")).StatusCode.Should().Be(HttpStatusCode.OK);

        // A restart with no request in between (every session cut, the pool's connections broken and not yet found so):
        // the next page is read again on a new connection, not answered 503.
        server.Exec($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Database}' AND pid <> pg_backend_pid()");
        logs.Clear();
        (await browser.GetAsync("/")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await api.GetAsync("/api/v1/appeals")).StatusCode.Should().Be(HttpStatusCode.OK);
        logs.GetSnapshot().Should().NotContain(r => r.Id.Id == 30);
    }

    [Fact]
    public async Task Worker_WhileTheDatabaseDoesNotAnswer_LogsOneLineATick_AndSweepsAgainAfter()
    {
        const string database = Database + "_worker";
        await using var services = new ServiceCollection().AddCouncilWorkflows()
            .AddCouncilWorkflowsPostgreSql(o => o.ConnectionString = server.ConnectionString(database)).BuildServiceProvider();
        var logger = new FakeLogger<Worker.DeadlineWorker>();
        var leading = new FakeLogger<Worker.PeriodicWork>();
        var (worker, lead) = DailyReportTest.Worker(
            services, new NodaTime.Testing.FakeClock(NodaTime.Instant.FromUtc(2023, 2, 27, 6, 0)), new DailyReportTest.CollectingSink(), logger: leading, workerLogger: logger);
        await worker.TickAsync(CancellationToken.None);
        lead.Leading.Should().BeTrue();

        await worker.StartAsync(CancellationToken.None);
        try
        {
            TakeAway(database, database + "_away");
            try
            {
                await WaitForAsync(() => logger.Collector.GetSnapshot().Count(r => r.Id.Id == 16) >= 3, () => Lines(logger.Collector));
                var lines = logger.Collector.GetSnapshot();
                lines.Should().NotContain(r => r.Exception != null, "a database that does not answer is one line a sweep, not a stack trace");
                lines.Where(r => r.Id.Id == 16).Should().OnlyContain(r => r.Level == LogLevel.Warning);
                worker.ExecuteTask!.IsCompleted.Should().BeFalse("the worker keeps trying");
            }
            finally
            {
                await worker.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            TakeAway(database + "_away", database);
        }

        // Back: the same worker's sweeps go through again (a connection its pool kept from before fails once) and it leads.
        var (failures, through) = (0, 0);
        while (through < 2)
        {
            try
            {
                await worker.TickAsync(CancellationToken.None);
                through++;
            }
            catch (Npgsql.NpgsqlException) when (++failures <= 2)
            {
                // A connection cut while the database was away, found broken on its first use.
            }
        }

        lead.Leading.Should().BeTrue(Lines(leading.Collector));
        leading.Collector.GetSnapshot().Select(r => r.Id.Id).Should().Equal([20, 22, 21, 20], "led and ran the day's report; lost with its cut connection, then led again");
    }

    private static async Task WaitForAsync(Func<bool> condition, Func<string> state)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "the condition should have come within 30 s ({0})", state());
            await Task.Delay(50);
        }
    }

    private static string Lines(FakeLogCollector logs) =>
        string.Join(" | ", logs.GetSnapshot().TakeLast(8).Select(r => $"{r.Id.Id} {r.Message}{(r.Exception is { } e ? " " + e.GetType().Name + ": " + e.Message : "")}"));

    // Takes the database away as a server going down does: no new connection is let in, every one open is cut, and it is
    // renamed, so a connection asked for afterwards is refused (3D000) and one kept in a pool is broken. Back the same way.
    private void TakeAway(string from, string to)
    {
        server.Exec($"ALTER DATABASE \"{from}\" ALLOW_CONNECTIONS false");
        server.Exec($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{from}' AND pid <> pg_backend_pid()");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                server.Exec($"ALTER DATABASE \"{from}\" RENAME TO \"{to}\"");
                break;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == "55006" && attempt < 50)
            {
                // A cut session still ending.
                Thread.Sleep(100);
            }
        }

        server.Exec($"ALTER DATABASE \"{to}\" ALLOW_CONNECTIONS true");
    }
}
