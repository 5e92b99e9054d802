using System.Security.Claims;
using System.Text.Encodings.Web;
using Council.Workflows.Accounts;
using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Host.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Council.Workflows.Host.Web;

/// <summary>
/// Authenticates a caller of the API by its key: <c>Authorization: Bearer cw_…</c> (or <c>X-Api-Key</c>). The key is found by
/// its prefix and compared with its kept hash in constant time; a revoked key is refused. Its use is recorded.
/// </summary>
internal sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IAccountStore accounts, IClock clock, KeyUses uses)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string KeyClaim = "council:key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var secret = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : Request.Headers["X-Api-Key"].ToString().Trim();
        if (secret.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var now = clock.GetCurrentInstant();
        if (AccountServices.PrefixOf(secret) is not { } prefix
            || await uses.FindAsync(prefix, now, () => accounts.FindKeyAsync(prefix, Context.RequestAborted)).ConfigureAwait(false) is not { } key
            || key.RevokedAt is not null
            || !AccountServices.KeyMatches(secret, key.Hash))
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        // The last use is recorded at most once a minute a key: a write on every call would halve what the API can take.
        if (uses.ShouldRecord(key.Id, now))
        {
            await accounts.TouchKeyAsync(key.Id, now, Context.RequestAborted).ConfigureAwait(false);
        }
        var identity = new ClaimsIdentity(Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, key.Prefix));
        identity.AddClaim(new Claim(StaffClaimsFactory.NameClaim, key.Name));
        identity.AddClaim(new Claim(KeyClaim, key.Prefix));
        foreach (var role in key.Roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, KebabCase.Of(role)));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

/// <summary>
/// The keys as read from the store, kept for <see cref="KeptFor"/> (a revoked key is refused at most that long after), and
/// when each key's use was last recorded, so it is recorded at most once a minute.
/// </summary>
internal sealed class KeyUses
{
    /// <summary>How long a key read from the store is used before it is read again.</summary>
    public static readonly Duration KeptFor = Duration.FromSeconds(5);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Instant> _recorded = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ApiKey? Key, Instant Read)> _keys = new(StringComparer.Ordinal);

    public async ValueTask<ApiKey?> FindAsync(string prefix, Instant now, Func<ValueTask<ApiKey?>> read)
    {
        if (_keys.TryGetValue(prefix, out var kept) && now - kept.Read < KeptFor && now >= kept.Read)
        {
            return kept.Key;
        }

        var key = await read().ConfigureAwait(false);
        if (_keys.Count > 10_000)
        {
            _keys.Clear();
        }

        _keys[prefix] = (key, now);
        return key;
    }

    public bool ShouldRecord(Guid key, Instant now)
    {
        // Of two calls at once, one records.
        return _recorded.TryGetValue(key, out var last)
            ? now - last >= Duration.FromMinutes(1) && _recorded.TryUpdate(key, now, last)
            : _recorded.TryAdd(key, now);
    }
}

/// <summary>
/// Who is asking, for one request: the account (or key), its roles, the official it acts as, what it may see, and the access
/// log of the records it opens.
/// </summary>
internal sealed class WebSession(IHttpContextAccessor http, IAccountStore accounts, IClock clock)
{
    private ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal();

    /// <summary>The login (or the key's prefix).</summary>
    public string Login => User.Identity?.Name ?? "";

    /// <summary>The person's (or calling system's) name as acts record it.</summary>
    public string Name => User.FindFirst(StaffClaimsFactory.NameClaim)?.Value ?? Login;

    /// <summary>The roles granted.</summary>
    public IReadOnlySet<AccountRole> Roles =>
        User.FindAll(ClaimTypes.Role).Select(c => KebabCase.TryParse<AccountRole>(c.Value, out var r) ? r : (AccountRole?)null).OfType<AccountRole>().ToHashSet();

    /// <summary>Whether the caller holds <paramref name="role"/>.</summary>
    public bool Has(AccountRole role) => Roles.Contains(role);

    /// <summary>The workflow roles the caller may act in.</summary>
    public IReadOnlyList<OfficialRole> ActingRoles => AccountServices.ActingRoles(Roles);

    /// <summary>The official the caller acts as: in <paramref name="role"/> if it holds it, else in its first acting role; null when it holds none.</summary>
    public Official? Acting(OfficialRole? role = null)
    {
        var acting = ActingRoles;
        var chosen = role is { } r && acting.Contains(r) ? r : acting.Count > 0 ? acting[0] : (OfficialRole?)null;
        return chosen is { } c ? new Official(Name, c) { Account = User.FindFirst(ApiKeyHandler.KeyClaim) is { } key ? $"key:{key.Value}" : Login } : null;
    }

    /// <summary>Whether the caller reads every appeal (an executor reads those assigned to them).</summary>
    public bool SeesAllAppeals => Roles.Any(AccountRoles.SeesAll);

    /// <summary>Whether the caller may open this appeal at all (else it is answered as not found).</summary>
    public bool MaySee(Appeal appeal) =>
        SeesAllAppeals || (Has(AccountRole.Executor) && appeal.Executor is { } executor && string.Equals(executor, Name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether the caller reads what an applicant asked not to disclose (Art. 10).</summary>
    public bool SeesProtected => Roles.Any(AccountRoles.SeesProtected);

    /// <summary>The applicant as this caller may read it.</summary>
    public Applicant Shown(Appeal appeal, Applicant applicant) => appeal.Card.DoNotDisclose && !SeesProtected ? Article10.Mask(applicant) : applicant;

    /// <summary>Records that the caller opened a record (Law 2297-VI Art. 24).</summary>
    public ValueTask LogAsync(string what, CaseId? caseId, string? detail = null, CancellationToken cancellationToken = default) =>
        accounts.LogAccessAsync(new AccessEntry(clock.GetCurrentInstant(), Login, what, caseId, detail), cancellationToken);

    /// <summary>The names of the enabled accounts that hold the executor role, in order: whom an appeal may be assigned to.</summary>
    public async ValueTask<IReadOnlyList<string>> ExecutorsAsync(CancellationToken cancellationToken = default) =>
        [.. (await accounts.ListAsync(cancellationToken).ConfigureAwait(false)).Where(a => !a.Disabled && a.Roles.Contains(AccountRole.Executor))
            .Select(a => a.Name).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("uk-UA"), false))];

    /// <summary>Now, by the council's clock.</summary>
    public Instant Now => clock.GetCurrentInstant();
}
