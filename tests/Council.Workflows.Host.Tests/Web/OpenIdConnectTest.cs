using System.Net;
using System.Security.Cryptography;
using System.Web;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Council.Workflows.Host.Tests.Web;

// Sign-in through the council's identity provider: a provider of our own in the test (discovery, keys, a token endpoint
// that signs an id_token with the nonce the app sent), the app configured by settings; the claims make an account whose
// roles come from the provider, every change recorded.
#pragma warning disable CA1001 // disposed by IAsyncLifetime.DisposeAsync
public sealed class OpenIdConnectTest : IAsyncLifetime
#pragma warning restore CA1001
{
    private const string Issuer = "https://idp.test";
    private readonly RSA _rsa = RSA.Create(2048);
    private WebApplication? _idp;
    private WebFixture _f = null!;
    private string? _nonce;
    private string[] _roles = [];
    private string _login = "hnatiuk";

    public async Task InitializeAsync()
    {
        var key = new RsaSecurityKey(_rsa) { KeyId = "test-key" };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        _idp = builder.Build();
        _idp.MapGet("/.well-known/openid-configuration", () => Results.Json(new
        {
            issuer = Issuer,
            authorization_endpoint = Issuer + "/authorize",
            token_endpoint = Issuer + "/token",
            jwks_uri = Issuer + "/jwks",
            response_types_supported = new[] { "code" },
            subject_types_supported = new[] { "public" },
            id_token_signing_alg_values_supported = new[] { "RS256" },
        }));
        _idp.MapGet("/jwks", () => Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } }));
        _idp.MapPost("/token", () => Results.Json(new
        {
            id_token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = "council",
                IssuedAt = TimeProvider.System.GetUtcNow().UtcDateTime,
                Expires = TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(5),
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = "2f6c", ["nonce"] = _nonce!, ["preferred_username"] = _login, ["name"] = "Гнатюк Павло", ["roles"] = _roles,
                },
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            }),
            access_token = "not-used",
            token_type = "Bearer",
            expires_in = 300,
        }));
        await _idp.StartAsync();
        var idpHandler = _idp.GetTestServer().CreateHandler();

        _f = new WebFixture
        {
            Settings =
            [
                "SignIn:OpenIdConnect:Authority=" + Issuer, "SignIn:OpenIdConnect:ClientId=council", "SignIn:OpenIdConnect:ClientSecret=s3cret",
                "SignIn:OpenIdConnect:DisplayName=id.gov.ua", "SignIn:OpenIdConnect:Roles:council-executor=executor", "SignIn:OpenIdConnect:Roles:council-clerk=clerk",
            ],
            Also = b => b.Services.Configure<OpenIdConnectOptions>(Council.Workflows.Host.Web.WebApp.OpenIdScheme, o => o.BackchannelHttpHandler = idpHandler),
        };
        await _f.StartAsync(true, ("petrenko", "Петренко Олена", "clerk"));
    }

    public async Task DisposeAsync()
    {
        await _f.DisposeAsync();
        if (_idp is not null)
        {
            await _idp.DisposeAsync();
        }

        _rsa.Dispose();
    }

    // The browser's round trip: to the provider and back with a code; returns where the app sent the browser at the end.
    private async Task<HttpResponseMessage> SignInThroughTheProviderAsync(HttpClient browser)
    {
        var challenge = await browser.GetAsync("/account/external");
        challenge.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var authorize = challenge.Headers.Location!;
        authorize.GetLeftPart(UriPartial.Path).Should().Be(Issuer + "/authorize");
        var query = HttpUtility.ParseQueryString(authorize.Query);
        query["client_id"].Should().Be("council");
        query["code_challenge_method"].Should().Be("S256");
        _nonce = query["nonce"];
        var callback = new Uri(query["redirect_uri"]!).AbsolutePath + "?code=the-code&state=" + Uri.EscapeDataString(query["state"]!);
        var back = await browser.GetAsync(callback);
        back.StatusCode.Should().Be(HttpStatusCode.Redirect, await back.Content.ReadAsStringAsync());
        return await browser.GetAsync(back.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AProviderSignIn_MakesAnAccountWithTheRolesItsClaimsGrant_AndTheSignInPageOffersIt()
    {
        _roles = ["council-executor", "some-other-role"];
        var browser = _f.Browser();

        var signInPage = await browser.GetStringAsync("/account/sign-in");
        var done = await SignInThroughTheProviderAsync(browser);

        signInPage.Should().Contain("href=\"/account/external\"").And.Contain("Увійти: id.gov.ua");
        done.StatusCode.Should().Be(HttpStatusCode.Redirect);
        done.Headers.Location!.OriginalString.Should().Be("/");
        var desk = await browser.GetStringAsync("/");
        desk.Should().Contain("Гнатюк Павло");
        var roles = await _f.Council("users", "roles", "hnatiuk@sso");
        roles.Out.Should().Contain("executor").And.NotContain("clerk");
        (await browser.GetAsync("/appeals/register")).Headers.Location!.OriginalString.Should().Contain("/account/denied", "an executor does not register");
    }

    [Fact]
    public async Task TheProvidersRoles_DecideAtEachSignIn_AndNoMappedRoleLetsNobodyIn()
    {
        _roles = ["council-executor"];
        (await SignInThroughTheProviderAsync(_f.Browser())).StatusCode.Should().Be(HttpStatusCode.Redirect);
        _roles = ["council-clerk"];
        (await SignInThroughTheProviderAsync(_f.Browser())).StatusCode.Should().Be(HttpStatusCode.Redirect);
        var record = await _f.Council("users", "roles", "hnatiuk@sso");

        _roles = ["unrelated"];
        var refused = await SignInThroughTheProviderAsync(_f.Browser());

        record.Out.Should().Contain("clerk").And.Contain("sso");
        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("не надає вам жодної ролі");
    }

    [Fact]
    public async Task ALoginTheCouncilCannotTake_IsRefusedInWords_NotAnError()
    {
        _roles = ["council-clerk"];
        _login = "bad login <script>";

        var refused = await SignInThroughTheProviderAsync(_f.Browser());

        refused.StatusCode.Should().Be(HttpStatusCode.OK);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("не передав придатного логіна").And.NotContain("<script>");
        (await _f.Council("users", "list")).Out.Should().NotContain("@sso");
    }

    [Fact]
    public async Task ABadProviderSetting_IsRefusedAtStart_NamingIt()
    {
        var check = await _f.Council("appeals", "list", "--set", "SignIn:OpenIdConnect:Authority=http://idp.test", "--set", "SignIn:OpenIdConnect:Roles:x=boss");

        check.ExitCode.Should().NotBe(0);
        check.Err.Should().Contain("SignIn:OpenIdConnect:Authority").And.Contain("SignIn:OpenIdConnect:Roles:x").And.Contain("SignIn:OpenIdConnect:ClientId");
    }
}
