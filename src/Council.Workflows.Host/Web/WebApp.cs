using System.Globalization;
using System.Threading.RateLimiting;
using Council.Workflows.Host.Accounts;
using Council.Workflows.Host.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Council.Workflows.Host.Web;

/// <summary>How <c>council serve</c> runs.</summary>
internal sealed record WebOptions
{
    /// <summary>The addresses to listen on.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:5080"];

    /// <summary>Whether the process also runs the deadline worker.</summary>
    public bool Worker { get; init; }

    /// <summary>Whether requests come through the council's HTTPS proxy (X-Forwarded-Proto and -For are honoured).</summary>
    public bool BehindProxy { get; init; }

    /// <summary>Sign-in attempts allowed per client address per minute.</summary>
    public int SignInsPerMinute { get; init; } = 10;

    /// <summary>Status-page lookups allowed per client address per minute.</summary>
    public int StatusLookupsPerMinute { get; init; } = 20;
}

/// <summary>
/// The staff web application and the HTTP API on the same engine and store as the command line: Razor Pages signed in with
/// the council's accounts (ASP.NET Core Identity: hashed passwords, lockout, security stamps), the API under <c>/api/v1</c>
/// with API keys, both refusing anyone without the role.
/// </summary>
internal static class WebApp
{
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>The scheme of sign-in through the council's identity provider (OpenID Connect).</summary>
    public const string OpenIdScheme = "oidc";

    public const string SignInLimit = "sign-in";
    public const string StatusLimit = "status";

    private static readonly CultureInfo Ukrainian = CultureInfo.GetCultureInfo("uk-UA");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    /// <summary>
    /// Builds the application; <paramref name="configure"/> may change the builder last (tests serve it in memory).
    /// </summary>
    public static WebApplication Build(CouncilSettings settings, WebOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        CouncilComposition.Check(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(WebApp).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrel(k => k.AddServerHeader = false).UseUrls([.. options.Urls]);

        var s = builder.Services;
        s.AddSingleton(options);
        s.AddCouncil(settings);
        s.AddSingleton(settings);
        s.AddSingleton(new SettingsEditor(settings));
        s.AddCouncilAccounts();
        s.AddHttpContextAccessor();
        new IdentityBuilder(typeof(StaffUser), s).AddSignInManager();
        var authentication = s.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultChallengeScheme = IdentityConstants.ApplicationScheme;
            })
            .AddCookie(IdentityConstants.ApplicationScheme, o =>
            {
                o.Cookie.Name = "council.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/account/sign-in";
                o.LogoutPath = "/account/sign-out";
                o.AccessDeniedPath = "/account/denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = SecurityStampValidator.ValidatePrincipalAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyScheme, null);

        // Sign-in through the council's identity provider, when the settings name one: the provider's answer lands in a
        // short-lived external cookie, and /account/external turns it into the council's own session (an account whose
        // name and roles come from the claims).
        var openId = settings.OpenIdConnect;
        s.AddSingleton(openId);
        if (openId.Enabled)
        {
            authentication
                .AddCookie(IdentityConstants.ExternalScheme, o =>
                {
                    o.Cookie.Name = "council.external";
                    o.Cookie.HttpOnly = true;
                    o.Cookie.SameSite = SameSiteMode.Lax;
                    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.ExpireTimeSpan = TimeSpan.FromMinutes(10);
                })
                .AddOpenIdConnect(OpenIdScheme, o =>
                {
                    o.Authority = openId.Authority;
                    o.ClientId = openId.ClientId;
                    o.ClientSecret = openId.ClientSecret;
                    o.RequireHttpsMetadata = openId.RequireHttpsMetadata;
                    o.ResponseType = "code";
                    o.ResponseMode = "query";
                    o.UsePkce = true;
                    o.SaveTokens = false;
                    o.MapInboundClaims = false;
                    o.GetClaimsFromUserInfoEndpoint = false;
                    o.SignInScheme = IdentityConstants.ExternalScheme;
                    o.CallbackPath = "/signin-oidc";
                    o.Scope.Clear();
                    o.Scope.Add("openid");
                    o.Scope.Add("profile");
                    o.TokenValidationParameters.NameClaimType = openId.LoginClaim;
                    o.TokenValidationParameters.RoleClaimType = openId.RolesClaim;
                    o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                });
        }
        s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        s.AddAuthorization();
        s.AddAntiforgery(o =>
        {
            o.Cookie.Name = "council.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__csrf";
        });
        s.AddRazorPages(o =>
        {
            o.RootDirectory = "/Web/Pages";
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/SignIn");
            o.Conventions.AllowAnonymousToPage("/Account/Denied");
            o.Conventions.AllowAnonymousToPage("/Account/External");
            o.Conventions.AllowAnonymousToPage("/Status");
        });
        s.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Sign-in attempts (the form's POST) per client address; showing the form is not limited.
            o.AddPolicy(SignInLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.SignInsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("show"));
            // Status lookups (the form's POST) per client address; showing the form is not limited.
            o.AddPolicy(StatusLimit, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.StatusLookupsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter("show"));
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
        });
        s.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            // Every operation takes an API key as a bearer token (one scheme, required everywhere).
            document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["apiKey"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key an administrator issued (council users keys add): Authorization: Bearer cw_…",
            };
            document.Security ??= [];
            document.Security.Add(new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("apiKey", document)] = [] });
            document.Info.Title = "Council.Workflows API";
            document.Info.Description = "Citizens' appeals for other council systems: register, route, assign, extend, answer, close; search. " +
                "Authenticate with an API key (Authorization: Bearer cw_…). Idempotency-Key makes a retry one act; If-Match carries the version.";
            return Task.CompletedTask;
        }));
        s.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver());
        });
        s.AddScoped<WebSession>();
        s.AddSingleton<KeyUses>();
        s.AddProblemDetails();
        s.AddExceptionHandler<ServerErrors>();
        // Ukrainian text is written as it is, not as numeric entities (a third of the page's size, and unreadable source).
        s.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        s.AddSingleton(sp => (Council.Workflows.Appeals.AppealWorkflow)sp.GetRequiredService<Council.Workflows.Engine.WorkflowRegistry>().ByKind(Council.Workflows.Appeals.Appeal.CaseKind));

        // The keys that protect the sign-in cookies and the forms' tokens are kept so sessions survive a restart and several
        // processes serving one database share them: beside the database file, owner-only; in a PostgreSQL database, with
        // the council's rows.
        var protection = s.AddDataProtection().SetApplicationName("council-workflows");
        if (settings.ConnectionString is { } connection)
        {
            var council = new CouncilWorkflowsOptions();
            settings.Bind(council, null);
            s.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o => o.XmlRepository = new PostgreSqlKeyRepository(connection, council.DefaultCouncil));
        }
        else
        {
            var keys = new DirectoryInfo(settings.DatabasePath + ".keys");
            if (!keys.Exists)
            {
                keys.Create();
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(keys.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            protection.PersistKeysToFileSystem(keys);
        }

        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Antiforgery", LogLevel.Error);
        if (options.Worker)
        {
            Cli.RunCommand.AddWorker(s, "log", "outbox.jsonl", null);
            s.AddSingleton(new Worker.WorkerOptions());
            s.AddSingleton<Worker.DeadlineWorker>();
            s.AddHostedService(sp => sp.GetRequiredService<Worker.DeadlineWorker>());
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        if (options.BehindProxy)
        {
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        }

        app.UseExceptionHandler();
        app.Use(SecurityHeaders);
        app.UseStatusCodePages(ErrorBody);
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(settings.Configuration["Language"] is "en" ? English : Ukrainian),
            SupportedCultures = [Ukrainian, English],
            SupportedUICultures = [Ukrainian, English],
            RequestCultureProviders = [new CookieRequestCultureProvider { CookieName = "council.lang" }],
        });
        app.Use(ReadAgainOnANewConnection);
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        // The style, the script and the health check are answered as soon as they are routed (before the sign-in cookie is
        // checked against the database), so they work — and the error pages keep their look — while the database does not.
        app.MapGet("/static/site.css", () => Results.Text(Assets.Css, "text/css; charset=utf-8")).ShortCircuit().ExcludeFromDescription();
        app.MapGet("/static/app.js", () => Results.Text(Assets.Script, "text/javascript; charset=utf-8")).ShortCircuit().ExcludeFromDescription();
        app.MapGet("/healthz", () => Results.Text("ok")).ShortCircuit().ExcludeFromDescription();
        app.MapPost("/language", (HttpContext context, [Microsoft.AspNetCore.Mvc.FromForm] string lang, [Microsoft.AspNetCore.Mvc.FromForm] string? back) =>
        {
            context.Response.Cookies.Append("council.lang", CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(lang == "en" ? English : Ukrainian)),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, MaxAge = TimeSpan.FromDays(365) });
            return Results.LocalRedirect(back is { Length: > 0 } b && b.StartsWith('/') && !b.StartsWith("//", StringComparison.Ordinal) ? b : "/");
        }).AllowAnonymous().ExcludeFromDescription();
        app.MapOpenApi("/api/v1/openapi.json").AllowAnonymous();
        ApiEndpoints.Map(app);
        app.MapRazorPages();
        return app;
    }

    // A status without a body (an unknown page, a refused key, too many tries, a request that could not be read) gets one that
    // says what happened: problem+json under /api, a short page in the reader's language elsewhere.
    private static async Task ErrorBody(Microsoft.AspNetCore.Diagnostics.StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var ukrainian = ReadsUkrainian(http);
        var detail = WebText.T.Optional($"Error.{status}") is not null ? WebText.T[$"Error.{status}", ukrainian] : WebText.T.Format("Error.Other", ukrainian, status);
        if (status == StatusCodes.Status400BadRequest && HttpMethods.IsPost(http.Request.Method) && !http.Request.Path.StartsWithSegments("/api"))
        {
            // A page's form that was not taken: most often its token is stale (opened long ago, or before signing out and in).
            detail = WebText.T["Error.400Form", ukrainian];
        }

        await WriteErrorAsync(http, status, detail, ukrainian).ConfigureAwait(false);
    }

    /// <summary>Whether the reader chose Ukrainian (the default) rather than English.</summary>
    public static bool ReadsUkrainian(HttpContext http) => !(http.Request.Cookies["council.lang"] ?? "").Contains("c=en", StringComparison.Ordinal);

    /// <summary>The body of an error: problem+json under /api, a short page in the reader's language elsewhere.</summary>
    public static async Task WriteErrorAsync(HttpContext http, int status, string detail, bool ukrainian)
    {
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            var title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
            var code = title.ToLowerInvariant().Replace(' ', '-');
            await http.Response.WriteAsJsonAsync(
                new { type = $"https://council-workflows.org/problems/{code}", title, status, detail }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json").ConfigureAwait(false);
            return;
        }

        var title2 = System.Net.WebUtility.HtmlEncode(WebText.T.Format("Error.Title", ukrainian, status));
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            $"<!DOCTYPE html>\n<html lang=\"{(ukrainian ? "uk" : "en")}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title2}</title>" +
            $"<link rel=\"stylesheet\" href=\"/static/site.css\"></head><body><main><div class=\"panel\"><h1>{title2}</h1><p>{System.Net.WebUtility.HtmlEncode(detail)}</p>" +
            $"<p><a href=\"/\">{System.Net.WebUtility.HtmlEncode(WebText.T["Nav.Desk", ukrainian])}</a> · <a href=\"/status\">{System.Net.WebUtility.HtmlEncode(WebText.T["Error.StatusPage", ukrainian])}</a></p></div></main></body></html>\n").ConfigureAwait(false);
    }

    // A page read (GET, HEAD) that met a connection the pool kept from before the database server restarted (it fails on its
    // first use: nothing it was sent was run) is read once more on a new connection, so the first clerk after a restart is
    // not told the database is down. Reading twice changes nothing; forms and API calls that write are never sent twice.
    private static async Task ReadAgainOnANewConnection(HttpContext context, Func<Task> next)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await next().ConfigureAwait(false);
            return;
        }

        try
        {
            await next().ConfigureAwait(false);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested && Cli.DatabaseFailures.IsBrokenConnection(e)
            && context.RequestServices.GetService<Council.Workflows.Engine.ICaseStore>() is PostgreSql.PostgreSqlCaseStore store)
        {
            store.ForgetIdleConnections();
            context.SetEndpoint(null);
            context.Request.RouteValues.Clear();
            context.Response.StatusCode = StatusCodes.Status200OK;

            // Afresh: the request's services (the sign-in handler keeps its first, failed answer for the request) anew.
            var services = context.RequestServices;
            await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            context.RequestServices = scope.ServiceProvider;
            try
            {
                await next().ConfigureAwait(false);
            }
            finally
            {
                context.RequestServices = services;
            }
        }
    }

    // Every response: a strict Content-Security-Policy (scripts and styles from this site only, no inline code), no framing,
    // no MIME sniffing, no referrer, and pages never cached (they carry personal data).
    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers.CacheControl = "no-store";
        return next();
    }
}
