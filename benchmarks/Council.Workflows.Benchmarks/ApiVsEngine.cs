using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Host.Cli;
using Council.Workflows.Host.Configuration;
using Council.Workflows.Host.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Council.Workflows.Benchmarks;

// Issue 17: the HTTP API under load. 50 concurrent API clients run the appeal lifecycle (register, assign, answer, take off
// control) against `council serve` on the SQLite store (Kestrel on a local port, real HTTP, API keys); the same lifecycle
// through the engine's own durable path (the same composition and store, 50 concurrent lanes, no HTTP) is the baseline,
// measured in the same run. Meanwhile a signed-in clerk opens the desk page again and again: its median and p99.
internal static partial class ApiVsEngine
{
    public const int Clients = 50;

    /// <summary>Lifecycles through the engine: the seconds they took.</summary>
    public static async Task<TimeSpan> EngineAsync(int lifecycles)
    {
        var path = Durable.TempPath("engine-api");
        try
        {
            var settings = CouncilSettings.Load(null, path, ["Store:Durability=full"]);
            PrivateFiles.CreateDatabase(path);
            await using var services = new ServiceCollection().AddLogging().AddCouncil(settings, o => o.Simulation = true).BuildServiceProvider();
            var engine = services.GetRequiredService<WorkflowEngine>();
            var clerk = new Official("Петренко Олена", OfficialRole.Clerk);
            var head = new Official("АСКОД", OfficialRole.Head);
            async Task One(int i)
            {
                var id = CaseId.New();
                var now = engine.Clock.GetCurrentInstant();
                Accepted(await engine.ExecuteAsync(new RegisterAppeal
                {
                    CommandId = Command.NewId(), CaseId = id, Actor = clerk, At = now, Kind = AppealKind.Application,
                    Applicants = [new Applicant(Applicant(i), "м. Житомир")], Subject = "Ремонт дороги",
                }));
                Accepted(await engine.ExecuteAsync(new AssignExecutor { CommandId = Command.NewId(), CaseId = id, Actor = head, At = now, Executor = "Бондар Сергій" }));
                Accepted(await engine.ExecuteAsync(new AnswerAppeal { CommandId = Command.NewId(), CaseId = id, Actor = head, At = now, Outcome = AnswerOutcome.Satisfied, Summary = "s" }));
                Accepted(await engine.ExecuteAsync(new TakeAppealOffControl { CommandId = Command.NewId(), CaseId = id, Actor = head, At = now }));
            }

            // A warm-up lifecycle a lane first (code compiled, connections opened), as for the API; then the timed ones.
            await Lanes(Clients, i => One(lifecycles + i));
            var watch = Stopwatch.StartNew();
            await Lanes(lifecycles, One);
            return watch.Elapsed;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Durable.Delete(path);
        }
    }

    /// <summary>Lifecycles through the API: the time they took, and the desk page's latencies meanwhile.</summary>
    public static async Task<(TimeSpan Time, List<double> DeskMs)> ApiAsync(int lifecycles)
    {
        var directory = Directory.CreateTempSubdirectory("council-api-bench-").FullName;
        var db = Path.Combine(directory, "council.db");
        try
        {
            var key = await SetUpAsync(directory, db);
            var settings = CouncilSettings.Load(null, db, ["Store:Durability=full"]);
            await using var app = WebApp.Build(settings, new WebOptions { Urls = ["http://127.0.0.1:0"], SignInsPerMinute = 1000 });
            await app.StartAsync();
            var address = new Uri(app.Urls.Single());
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Clients + 4, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            using var api = new HttpClient(handler) { BaseAddress = address };
            api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);

            using var desk = await SignedInAsync(address);
            using var stop = new CancellationTokenSource();
            var deskMs = new List<double>();
            var deskLoop = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    using var response = await desk.GetAsync("/");
                    _ = await response.Content.ReadAsStringAsync();
                    response.EnsureSuccessStatusCode();
                    deskMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    await Task.Delay(20);
                }
            });

            async Task One(int i)
            {
                var registered = await Ok(await api.PostAsJsonAsync("/api/v1/appeals", new { kind = "application", applicant = Applicant(i), address = "м. Житомир", subject = "Ремонт дороги" }));
                var id = registered.GetProperty("id").GetString();
                await Done(await Send(api, $"/api/v1/appeals/{id}/assign", new { executor = "Бондар Сергій" }));
                await Done(await Send(api, $"/api/v1/appeals/{id}/answer", new { outcome = "satisfied", summary = "s" }));
                await Done(await Send(api, $"/api/v1/appeals/{id}/close", null));
            }

            // A warm-up lifecycle a client first: the endpoints' code is made on their first calls, and the connections opened.
            await Lanes(Clients, i => One(lifecycles + i));
            var watch = Stopwatch.StartNew();
            await Lanes(lifecycles, One);
            var elapsed = watch.Elapsed;
            await stop.CancelAsync();
            await deskLoop;
            return (elapsed, deskMs);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    // The database (a simulation, so any instant may be acted at), an administrator, a clerk to open the desk, and the key
    // the API clients call with: it acts as a clerk (registering) and as the head (assigning, answering, taking off control).
    private static async Task<string> SetUpAsync(string directory, string db)
    {
        var pw = Path.Combine(directory, "admin.pw");
        await File.WriteAllTextAsync(pw, "administrator passphrase\n");
        var clerkPw = Path.Combine(directory, "clerk.pw");
        await File.WriteAllTextAsync(clerkPw, "clerk long passphrase\n");
        await Cli(["init", "--simulation", "--db", db]);
        await Cli(["users", "add", "admin", "--name", "Адміністратор", "--grant", "administrator", "--new-password-file", pw, "--db", db]);
        await Cli(["users", "add", "petrenko", "--name", "Петренко Олена", "--grant", "clerk", "--new-password-file", clerkPw, "--user", "admin", "--password-file", pw, "--db", db]);
        var key = await Cli(["users", "keys", "add", "АСКОД", "--grant", "clerk,head", "--user", "admin", "--password-file", pw, "--db", db, "--json"]);
        return JsonDocument.Parse(key).RootElement.GetProperty("key").GetString()!;
    }

    private static async Task<string> Cli(string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CouncilCli.RunAsync(args, stdout, stderr, Language.English);
        return code == 0 ? stdout.ToString() : throw new InvalidOperationException($"council {string.Join(' ', args)}: {stderr}");
    }

    private static async Task<HttpClient> SignedInAsync(Uri address)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = address };
        var page = await client.GetStringAsync("/account/sign-in");
        var token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        using var form = new FormUrlEncodedContent([new("__csrf", token), new("login", "petrenko"), new("password", "clerk long passphrase")]);
        var response = await client.PostAsync("/account/sign-in", form);
        return response.StatusCode == HttpStatusCode.Redirect ? client : throw new InvalidOperationException("The desk's clerk could not sign in.");
    }

    private static Task<HttpResponseMessage> Send(HttpClient api, string path, object? body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Council-Role", "head");
        return api.SendAsync(request);
    }

    private static async Task<JsonElement> Ok(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            return response.IsSuccessStatusCode
                ? JsonDocument.Parse(text).RootElement.Clone()
                : throw new InvalidOperationException($"The API refused a lifecycle's command: {(int)response.StatusCode} {text}");
        }
    }

    // An act's answer: only its status is looked at (a client that parsed every answer would bill the API for its own work).
    private static async Task Done(HttpResponseMessage response)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The API refused a lifecycle's command: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    private static async Task Lanes(int count, Func<int, Task> one) =>
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(lane => Task.Run(async () =>
        {
            for (var i = lane; i < count; i += Clients)
            {
                await one(i);
            }
        })));

    private static string Applicant(int i) => Lifecycle.Applicant(i);

    private static void Accepted(CommandResult result)
    {
        if (result.Status != CommandStatus.Accepted)
        {
            throw new InvalidOperationException($"The lifecycle's command was not accepted: {result.Status} {result.Message} {result.Refusal}");
        }
    }

    [GeneratedRegex("name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
