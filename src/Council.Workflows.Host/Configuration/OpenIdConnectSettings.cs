using Council.Workflows.Accounts;
using Council.Workflows.Engine;
using Microsoft.Extensions.Configuration;

namespace Council.Workflows.Host.Configuration;

/// <summary>
/// Sign-in through the council's identity provider (OpenID Connect), set in the settings' <c>SignIn:OpenIdConnect</c>
/// section; absent, only the council's own accounts sign in. A person signed in this way gets an account named
/// <c>{login}@sso</c>, its name and roles taken from the provider's claims at every sign-in (the roles through
/// <see cref="Roles"/>, a claim value to a role), so the provider decides who holds which role, and every act is still
/// recorded under an account.
/// </summary>
internal sealed class OpenIdConnectSettings
{
    public const string Section = "SignIn:OpenIdConnect";

    /// <summary>The accounts made from the provider's sign-ins end with this.</summary>
    public const string AccountSuffix = "@sso";

    /// <summary>The provider's address (its issuer; the metadata is read from <c>/.well-known/openid-configuration</c>).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>The client's secret (set it in the environment, <c>COUNCIL__SignIn__OpenIdConnect__ClientSecret</c>, not the file).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The button's words on the sign-in page. The default value is "Єдиний вхід".</summary>
    public string DisplayName { get; set; } = "Єдиний вхід";

    /// <summary>The claim that names the person's login. The default value is <c>preferred_username</c>.</summary>
    public string LoginClaim { get; set; } = "preferred_username";

    /// <summary>The claim with the person's full name (an executor's as appeals name them). The default value is <c>name</c>.</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>The claim with the person's roles at the provider. The default value is <c>roles</c>.</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>The provider's role values and the council's roles they grant (<c>"council-clerk": "clerk"</c>); others grant nothing.</summary>
    public Dictionary<string, string> Roles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether the provider's metadata must come over HTTPS. The default value is true.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Whether the section is set at all.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The council's roles a person holding <paramref name="values"/> at the provider gets.</summary>
    public HashSet<AccountRole> RolesOf(IEnumerable<string> values) =>
        [.. values.Select(v => Roles.TryGetValue(v, out var role) && KebabCase.TryParse<AccountRole>(role, out var r) ? r : (AccountRole?)null).OfType<AccountRole>()];

    private static readonly string[] Keys =
        [nameof(Authority), nameof(ClientId), nameof(ClientSecret), nameof(DisplayName), nameof(LoginClaim), nameof(NameClaim), nameof(RolesClaim), nameof(Roles), nameof(RequireHttpsMetadata)];

    /// <summary>Reads the section, adding a problem (key, words) for each thing wrong in it.</summary>
    public static OpenIdConnectSettings Read(IConfiguration configuration, List<(string Key, string Problem)> problems, TextSource t)
    {
        var section = configuration.GetSection(Section);
        var settings = new OpenIdConnectSettings();
        foreach (var child in section.GetChildren())
        {
            if (!Keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                problems.Add((child.Path, t.Format("Binder.NotASetting", string.Join(", ", Keys))));
            }
        }

        settings.Authority = section[nameof(Authority)];
        settings.ClientId = section[nameof(ClientId)];
        settings.ClientSecret = section[nameof(ClientSecret)];
        settings.DisplayName = section[nameof(DisplayName)] is { Length: > 0 } shown ? shown : settings.DisplayName;
        settings.LoginClaim = section[nameof(LoginClaim)] is { Length: > 0 } login ? login : settings.LoginClaim;
        settings.NameClaim = section[nameof(NameClaim)] is { Length: > 0 } name ? name : settings.NameClaim;
        settings.RolesClaim = section[nameof(RolesClaim)] is { Length: > 0 } roles ? roles : settings.RolesClaim;
        if (section[nameof(RequireHttpsMetadata)] is { Length: > 0 } https)
        {
            if (bool.TryParse(https, out var required))
            {
                settings.RequireHttpsMetadata = required;
            }
            else
            {
                problems.Add(($"{Section}:{nameof(RequireHttpsMetadata)}", t["Binder.SignInBool"]));
            }
        }

        foreach (var role in section.GetSection(nameof(Roles)).GetChildren())
        {
            if (KebabCase.TryParse<AccountRole>(role.Value ?? "", out _))
            {
                settings.Roles[role.Key] = role.Value!;
            }
            else
            {
                problems.Add((role.Path, t.Format("Binder.SignInRole", role.Value, string.Join(", ", Enum.GetValues<AccountRole>().Select(KebabCase.Of)))));
            }
        }

        if (settings.Enabled)
        {
            if (!Uri.TryCreate(settings.Authority, UriKind.Absolute, out var authority) || (settings.RequireHttpsMetadata && authority.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add(($"{Section}:{nameof(Authority)}", t.Format("Binder.SignInAuthority", settings.Authority)));
            }

            if (string.IsNullOrWhiteSpace(settings.ClientId))
            {
                problems.Add(($"{Section}:{nameof(ClientId)}", t["Binder.SignInClientId"]));
            }
        }

        return settings;
    }
}
