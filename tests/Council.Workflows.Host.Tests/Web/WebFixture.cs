using System.Net;
using System.Text.RegularExpressions;
using Council.Workflows.Host.Configuration;
using Council.Workflows.Host.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Council.Workflows.Host.Tests.Web;

/// <summary>
/// A council's database with accounts, served in memory by the same application <c>council serve</c> runs (the
/// framework's test server, as WebApplicationFactory uses). Accounts and keys are made with the command line, as an
/// administrator would.
/// </summary>
public sealed partial class WebFixture : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-web-").FullName;
    private WebApplication? _app;

    public string Db => Path.Combine(_directory, "council.db");

    public string AdminPassword { get; private set; } = "";

    public WebApplication App => _app ?? throw new InvalidOperationException("Start the fixture first.");

    public Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    public string PasswordFile(string name, string password)
    {
        var path = Path.Combine(_directory, name + ".pw");
        File.WriteAllText(path, password + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite); // a password file is its owner's only
        return path;
    }

    /// <summary>Makes the database with an administrator and the given accounts (login, name, roles), then starts the server.</summary>
    public async Task StartAsync(bool simulation = true, params (string Login, string Name, string Roles)[] accounts) =>
        await StartAsync(simulation, null, accounts);

    /// <summary>Settings given to the server as <c>--set KEY=VALUE</c> would.</summary>
    public string[] Settings { get; init; } = [];

    /// <summary>More for the server's builder (a test's own services).</summary>
    public Action<WebApplicationBuilder>? Also { get; init; }

    /// <summary>The clock the server acts by (a simulation's acts may be dated at any instant); null for the real one.</summary>
    public NodaTime.Testing.FakeClock? Clock { get; private set; }

    public async Task StartAsync(bool simulation, NodaTime.Instant? now, params (string Login, string Name, string Roles)[] accounts)
    {
        if (simulation)
        {
            (await Council("init", "--simulation")).ExitCode.Should().Be(0);
        }

        AdminPassword = PasswordFile("admin", "administrator passphrase");
        (await Council("users", "add", "admin", "--name", "Адміністратор", "--grant", "administrator", "--new-password-file", AdminPassword)).ExitCode.Should().Be(0);
        foreach (var (login, name, roles) in accounts)
        {
            var add = await Council("users", "add", login, "--name", name, "--grant", roles, "--new-password-file", PasswordFile(login, Password(login)), "--user", "admin", "--password-file", AdminPassword);
            add.ExitCode.Should().Be(0, add.Err);
        }

        Clock = now is { } at ? new NodaTime.Testing.FakeClock(at) : null;
        _app = WebApp.Build(CouncilSettings.Load(null, Db, Settings), new WebOptions(), b =>
        {
            b.WebHost.UseTestServer();
            Also?.Invoke(b);
            if (Clock is { } clock)
            {
                b.Services.AddSingleton<NodaTime.IClock>(clock);
            }
        });
        await _app.StartAsync();
    }

    /// <summary>Every test account's password.</summary>
    public static string Password(string login) => $"{login} long passphrase";

    /// <summary>Issues an API key in <paramref name="roles"/>; returns the secret.</summary>
    public async Task<string> KeyAsync(string name, string roles)
    {
        var issued = await Council("users", "keys", "add", name, "--grant", roles, "--user", "admin", "--password-file", AdminPassword, "--json");
        issued.ExitCode.Should().Be(0, issued.Err);
        return issued.Json.GetProperty("key").GetString()!;
    }

    /// <summary>A client that keeps cookies and does not follow redirects (tests look at them).</summary>
    public HttpClient Browser()
    {
        var client = new HttpClient(new CookieHandler(App.GetTestServer().CreateHandler())) { BaseAddress = new Uri("http://localhost") };
        return client;
    }

    /// <summary>A client that calls the API with <paramref name="key"/>.</summary>
    public HttpClient Api(string? key)
    {
        var client = App.GetTestClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Signs in through the form; returns the client.</summary>
    public async Task<HttpClient> SignedInAsync(string login, string? password = null)
    {
        var client = Browser();
        var page = await client.GetStringAsync("/account/sign-in");
        var response = await client.PostAsync("/account/sign-in", Form(page, ("login", login), ("password", password ?? Password(login))));
        response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return client;
    }

    /// <summary>A form's fields with the page's anti-forgery token.</summary>
    public static FormUrlEncodedContent Form(string page, params (string Name, string Value)[] fields) =>
        new([new("__csrf", Token(page)), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);

    public static string Token(string page) => CsrfToken().Match(page) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("The page has no form token.");

    [GeneratedRegex("name=\"__csrf\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfToken();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    // Keeps the cookies a browser would (the test server's handler has no cookie container).
    internal sealed class CookieHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly CookieContainer _cookies = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var header = _cookies.GetCookieHeader(request.RequestUri!);
            if (header.Length > 0)
            {
                request.Headers.Add("Cookie", header);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var cookie in set)
                {
                    _cookies.SetCookies(request.RequestUri!, cookie);
                }
            }

            return response;
        }
    }
}
