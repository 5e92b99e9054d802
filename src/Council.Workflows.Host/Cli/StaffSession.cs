using System.CommandLine;
using Command = System.CommandLine.Command;
using Council.Workflows.Engine;
using Council.Workflows.Host.Configuration;
using Council.Workflows.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Text;

namespace Council.Workflows.Host.Cli;

/// <summary>The options every staff verb shares: the database, the acting official, the instant, JSON output.</summary>
internal static class GlobalOptions
{
    private static readonly TextSource T = new("Cli");
    private static readonly TextSource O = new("Output");

    // Each invocation has its own options, with their help in its language (set as they are added); the verbs read them
    // through these properties in the invocation's async flow. Outside one (a test building a verb alone), a default set.
    private static readonly AsyncLocal<Instance?> s_current = new();
    private static readonly Instance s_fallback = new();

    private static Instance Current => s_current.Value ?? s_fallback;

    public static Option<string?> Db => Current.Db;

    public static Option<string?> Config => Current.Config;

    public static Option<string[]> Set => Current.Set;

    public static Option<string?> As => Current.As;

    public static Option<string?> Role => Current.Role;

    public static Option<string?> User => Current.User;

    public static Option<string?> PasswordFile => Current.PasswordFile;

    public static Option<string?> At => Current.At;

    public static Option<bool> Json => Current.Json;

    public static Option<Guid?> CommandId => Current.CommandId;

    public static Option<string?> Lang => Current.Lang;

    public static Option<string?> Council => Current.Council;

    /// <summary>Starts an invocation: its own options, read by the verbs built after this.</summary>
    public static void Begin() => s_current.Value = new Instance();

    public static void AddTo(Command root)
    {
        var o = Current;
        o.Db.Description = T["Option.Db"];
        o.Config.Description = T["Option.Config"];
        o.Set.Description = T["Option.Set"];
        o.As.Description = T["Option.As"];
        o.Role.Description = T["Option.Role"];
        o.User.Description = T["Option.User"];
        o.PasswordFile.Description = T["Option.PasswordFile"];
        o.At.Description = T["Option.At"];
        o.Json.Description = T["Option.Json"];
        o.CommandId.Description = T["Option.CommandId"];
        o.Lang.Description = T["Option.Lang"];
        o.Council.Description = T["Option.Council"];
        root.Add(o.Lang);
        root.Add(o.Db);
        root.Add(o.Council);
        root.Add(o.Config);
        root.Add(o.Set);
        root.Add(o.As);
        root.Add(o.Role);
        root.Add(o.User);
        root.Add(o.PasswordFile);
        root.Add(o.At);
        root.Add(o.Json);
        root.Add(o.CommandId);
    }

    private sealed class Instance
    {
        public readonly Option<string?> Lang = new("--lang") { HelpName = "uk|en", Recursive = true };

        public readonly Option<string?> Db = new("--db")
        {
            HelpName = "PATH",
            Recursive = true,
        };

        public readonly Option<string?> Council = new("--council")
        {
            HelpName = "ID",
            Recursive = true,
        };

        public readonly Option<string?> Config = new("--config")
        {
            HelpName = "FILE",
            Recursive = true,
        };

        public readonly Option<string[]> Set = new("--set")
        {
            HelpName = "KEY=VALUE",
            Recursive = true,
            Arity = ArgumentArity.ZeroOrMore,
        };

        public readonly Option<string?> As = new("--as")
        {
            HelpName = "NAME",
            Recursive = true,
        };

        public readonly Option<string?> Role = new("--role")
        {
            HelpName = "ROLE",
            Recursive = true,
        };

        public readonly Option<string?> User = new("--user")
        {
            HelpName = "LOGIN",
            Recursive = true,
        };

        public readonly Option<string?> PasswordFile = new("--password-file")
        {
            HelpName = "FILE",
            Recursive = true,
        };

        public readonly Option<string?> At = new("--at")
        {
            HelpName = "INSTANT",
            Recursive = true,
        };

        public readonly Option<bool> Json = new("--json") { Recursive = true };

        public readonly Option<Guid?> CommandId = new("--command-id")
        {
            HelpName = "GUID",
            Recursive = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (!Guid.TryParse(text, out var id))
                {
                    result.AddError(O.Format("Session.NotACommandId", text));
                    return null;
                }

                if (id == Guid.Empty)
                {
                    result.AddError(O["Session.ZeroCommandId"]);
                    return null;
                }

                return id;
            },
        };
    }
}

/// <summary>An open database with the engine, the acting official and the instant of one staff command.</summary>
internal sealed class StaffSession : IAsyncDisposable
{
    private static readonly TextSource T = new("Output");

    private readonly ServiceProvider _services;

    // The namespace of case ids derived from a given command id.
    private static readonly Guid CaseScope = new("8d3c5a8e-2f4b-4c1e-9a7d-6b5e4f3a2c10");

    private readonly bool _commandIdGiven;

    private readonly Func<Official> _resolveActor;
    private Official? _actor;

    private StaffSession(ServiceProvider services, string path, Func<Official> actor, Instant now, bool json, Guid? commandId)
    {
        _commandIdGiven = commandId is not null;
        _services = services;
        Path = path;
        _resolveActor = actor;
        Now = now;
        Json = json;
        CommandId = commandId ?? Council.Workflows.Engine.Command.NewId();
    }

    public string Path { get; }

    /// <summary>
    /// Who acts: the account of <c>--user</c> (its password checked, in a role it holds), or — while the database has no
    /// accounts, and always in a simulation — the name and role of <c>--as</c>/<c>--role</c>. Resolved when a verb first acts,
    /// so the reading verbs and the worker need no account.
    /// </summary>
    public Official Actor => _actor ??= _resolveActor();

    public Instant Now { get; }

    public bool Json { get; }

    public Guid CommandId { get; }

    /// <summary>
    /// The id of the case a creating command makes: derived from the command id when the caller gave one, so a retry with
    /// the same <c>--command-id</c> names the same case and returns the first result; otherwise a new one.
    /// </summary>
    public CaseId NewCaseId() => _commandIdGiven ? CaseIdFor(CommandId) : CaseId.New();

    /// <summary>The id of the case a creating command with this id makes (the same from the command line and the API).</summary>
    public static CaseId CaseIdFor(Guid commandId) => new(Council.Workflows.Engine.DeterministicGuid.Create(CaseScope, commandId.ToString()));

    public IServiceProvider Services => _services;

    public WorkflowEngine Engine => _services.GetRequiredService<WorkflowEngine>();

    public ICaseStore Store => _services.GetRequiredService<ICaseStore>();

    /// <summary>Whether the database is a simulation (the demo, tests, rehearsals), not a council's working record.</summary>
    public bool IsSimulation => Store.IsSimulation;

    public Deadlines.DeadlineCalculator Calculator => _services.GetRequiredService<Deadlines.DeadlineCalculator>();

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>
    /// The council's settings for this invocation (the file, the environment, the command line). <c>--council ID</c> is
    /// <c>--set DefaultCouncil=ID</c>: on PostgreSQL it chooses the council served; a SQLite file serves the council of its
    /// settings alone, so another is refused.
    /// </summary>
    public static Configuration.CouncilSettings Settings(ParseResult parse)
    {
        var settings = Configuration.CouncilSettings.Load(parse.GetValue(GlobalOptions.Config), parse.GetValue(GlobalOptions.Db), Sets(parse));
        if (settings.IsPostgreSql && parse.GetValue(GlobalOptions.Council) is { } chosen
            && Configuration.CouncilSettings.Load(parse.GetValue(GlobalOptions.Config), parse.GetValue(GlobalOptions.Db), parse.GetValue(GlobalOptions.Set)).Configuration["DefaultCouncil"] is { Length: > 0 } configured
            && configured.Trim() != chosen.Trim())
        {
            // The settings file (or the environment) belongs to one council: --council naming another would run that council
            // with this one's name, calendar and consent.
            throw new CliException(T.Format("Session.CouncilNotTheSettings", chosen.Trim(), configured.Trim()));
        }

        if (!settings.IsPostgreSql && parse.GetValue(GlobalOptions.Council) is { } named)
        {
            var own = ServedCouncil(Configuration.CouncilSettings.Load(parse.GetValue(GlobalOptions.Config), parse.GetValue(GlobalOptions.Db), parse.GetValue(GlobalOptions.Set)));
            if (own != named.Trim())
            {
                throw new CliException(T.Format("Session.CouncilOnSqlite", named.Trim(), settings.DatabasePath, own));
            }
        }

        return settings;
    }

    /// <summary>The <c>--set</c> values of the invocation, with <c>--council ID</c> as <c>DefaultCouncil=ID</c> (one council: both naming two is refused).</summary>
    public static string[] Sets(ParseResult parse)
    {
        var sets = parse.GetValue(GlobalOptions.Set) ?? [];
        if (parse.GetValue(GlobalOptions.Council) is not { } council)
        {
            return sets;
        }

        if (string.IsNullOrWhiteSpace(council))
        {
            throw new CliException(T["Session.CouncilEmpty"]);
        }

        foreach (var set in sets)
        {
            var equals = set.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && set[..equals].Trim().Equals("DefaultCouncil", StringComparison.OrdinalIgnoreCase) && set[(equals + 1)..].Trim() != council.Trim())
            {
                throw new CliException(T.Format("Session.CouncilTwice", council.Trim(), set[(equals + 1)..].Trim()));
            }
        }

        return [.. sets, $"DefaultCouncil={council.Trim()}"];
    }

    public static string DatabasePath(ParseResult parse) => Settings(parse).DatabasePath;

    /// <summary>The council the settings serve (<c>DefaultCouncil</c>): on PostgreSQL, the council whose rows the store reads and writes.</summary>
    public static string ServedCouncil(Configuration.CouncilSettings settings)
    {
        var council = new CouncilWorkflowsOptions();
        settings.Bind(council, null);
        return council.DefaultCouncil;
    }

    /// <summary>
    /// Opens the database; <paramref name="create"/> allows a missing file to be created, as a simulation if
    /// <paramref name="simulation"/>. A verb that only reads opens it <paramref name="readOnly"/>, so a file or folder it may
    /// not write still serves it.
    /// </summary>
    public static StaffSession Open(
        ParseResult parse, bool create, Action<ILoggingBuilder>? logging = null, Sqlite.Durability? durability = null, bool readOnly = false, bool simulation = false,
        bool newCouncil = false)
    {
        var settings = Settings(parse);
        Configuration.CouncilComposition.Check(settings);
        var path = settings.DatabasePath;
        if (!settings.IsPostgreSql && !create && !File.Exists(path))
        {
            throw new CliException(T.Format("Session.NoDatabase", path));
        }

        if (!settings.IsPostgreSql && create && !File.Exists(path))
        {
            PrivateFiles.CreateDatabase(path);
        }

        var services = new ServiceCollection()
            .AddLogging(b => (logging ?? (l => l.SetMinimumLevel(LogLevel.Warning)))(b))
            .AddCouncil(settings, o =>
            {
                o.Durability = durability ?? o.Durability;
                o.Simulation = simulation;
                o.ReadOnly = readOnly;
                // A PostgreSQL database's schema is made only by `council init` (which makes councils): another verb for an
                // empty database would make the schema and then refuse the council, leaving the schema behind.
                o.CreateIfMissing = !settings.IsPostgreSql || (create && newCouncil);
            })
            .BuildServiceProvider();
        try
        {
            var opened = services.GetRequiredService<ICaseStore>();

            // On PostgreSQL a council is made by `council init` alone: any other verb for a council the database does not know
            // is refused, so a mistyped --council is not quietly a new, empty council (with no accounts to ask for).
            if (!newCouncil && opened is PostgreSql.PostgreSqlCaseStore postgres && !postgres.KnowsCouncilAsync().AsTask().GetAwaiter().GetResult())
            {
                throw new CliException(T.Format("Session.UnknownCouncil", postgres.Council));
            }

            var calculator = services.GetRequiredService<Deadlines.DeadlineCalculator>();
            var now = ParseAt(parse.GetValue(GlobalOptions.At), calculator.Zone) ?? services.GetRequiredService<IClock>().GetCurrentInstant();
            if (readOnly)
            {
                CheckReader(parse, services);
            }

            if (settings.IsPostgreSql)
            {
                path = settings.Database(services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CouncilWorkflowsOptions>>().Value.DefaultCouncil);
            }

            return new StaffSession(services, path, () => Acting(parse, settings, services), now, parse.GetValue(GlobalOptions.Json), parse.GetValue(GlobalOptions.CommandId));
        }
        catch
        {
            // A malformed --at or --role must not leave the store open behind the error (its writer still running).
            services.Dispose();
            throw;
        }
    }

    // A verb that only reads acts as nobody, but what was typed is still checked: a role that is none, or an account whose
    // password is wrong, is refused in the words a verb that acts uses (nothing is counted toward a lock: the file is open
    // read-only, and whoever reads it holds the hashes anyway).
    private static void CheckReader(ParseResult parse, ServiceProvider services)
    {
        if (parse.GetValue(GlobalOptions.User) is not { } login)
        {
            if (parse.GetValue(GlobalOptions.Role) is not null)
            {
                _ = ActorOf(parse);
            }

            return;
        }

        var accounts = services.GetRequiredService<Council.Workflows.Accounts.IAccountStore>();
        using var identity = Accounts.AccountServices.AddCouncilAccounts(new ServiceCollection().AddSingleton(accounts).AddLogging()).BuildServiceProvider();
        var users = identity.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Accounts.StaffUser>>();
        var password = Passwords.Read(parse, T.Format("Users.PasswordPrompt", login));
        if (Accounts.AccountServices.VerifyWithoutCounting(users, login, password, T) is { } problem)
        {
            throw new CliException(problem);
        }
    }

    // The acting official: an account's, or (no accounts yet, or a simulation) the name and role typed.
    private static Official Acting(ParseResult parse, Configuration.CouncilSettings settings, ServiceProvider services)
    {
        var login = parse.GetValue(GlobalOptions.User);
        var store = services.GetRequiredService<ICaseStore>();
        var accounts = services.GetRequiredService<Council.Workflows.Accounts.IAccountStore>();
        var count = accounts.CountAsync().AsTask().GetAwaiter().GetResult();
        if (login is null)
        {
            if (count > 0 && !store.IsSimulation)
            {
                throw new CliException(T["Session.AccountsExist"]);
            }

            return ActorOf(parse, settings);
        }

        if (count == 0)
        {
            throw new CliException(T["Session.NoAccounts"]);
        }

        if (parse.GetValue(GlobalOptions.As) is not null)
        {
            throw new CliException(T["Session.UserAndAs"]);
        }

        using var identity = Accounts.AccountServices.AddCouncilAccounts(new ServiceCollection().AddSingleton(accounts).AddLogging()).BuildServiceProvider();
        var users = identity.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Accounts.StaffUser>>();
        var password = Passwords.Read(parse, T.Format("Users.PasswordPrompt", login));
        var (user, problem) = Accounts.AccountServices.CheckPasswordAsync(users, login, password, T).GetAwaiter().GetResult();
        if (user is null)
        {
            throw new CliException(problem!);
        }

        var acting = Accounts.AccountServices.ActingRoles(user.Roles);
        OfficialRole role;
        if (parse.GetValue(GlobalOptions.Role) is { } roleText)
        {
            if (!KebabCase.TryParse(OfficeWords.Canonical(roleText), out role) || !acting.Contains(role))
            {
                throw new CliException(T.Format("Session.RoleNotHeld", user.Login, roleText, acting.Count == 0 ? Council.Workflows.Texts.Roles([]) : Council.Workflows.Texts.Roles(acting)));
            }
        }
        else
        {
            role = acting.Count switch
            {
                1 => acting[0],
                0 => throw new CliException(T.Format("Session.NoActingRole", user.Login)),
                _ => throw new CliException(T.Format("Session.WhichRole", user.Login, Council.Workflows.Texts.Roles(acting))),
            };
        }

        return user.ToAccount().As(role);
    }

    public static Official ActorOf(ParseResult parse, Configuration.CouncilSettings? settings = null)
    {
        settings ??= Settings(parse);
        var name = parse.GetValue(GlobalOptions.As) ?? (settings.Configuration["Acting:Name"] is { Length: > 0 } configured ? configured : Environment.UserName);
        CliText.Check("the acting official's name (--as, Acting:Name, $COUNCIL_AS)", name);
        var roleText = parse.GetValue(GlobalOptions.Role) ?? (settings.Configuration["Acting:Role"] is { Length: > 0 } configuredRole ? configuredRole : "clerk");
        if (!KebabCase.TryParse<OfficialRole>(OfficeWords.Canonical(roleText), out var role))
        {
            var roleNames = Enum.GetValues<OfficialRole>().Where(r => r != OfficialRole.System).Select(Texts.Role).ToList();
            throw new CliException(T.Format("Session.NotARole", roleText, string.Join(", ", roleNames))
                + OfficeWords.Suggestion(roleText, [.. roleNames, .. Enum.GetValues<OfficialRole>().Where(r => r != OfficialRole.System).Select(KebabCase.Of)]));
        }

        return new Official(string.IsNullOrWhiteSpace(name) ? "unknown" : name, role);
    }

    private static readonly LocalDateTimePattern MinutesPattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");

    public static Instant? ParseAt(string? text, DateTimeZone zone)
    {
        if (text is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CliException(T["Session.AtEmpty"]);
        }

        var trimmed = text.Trim();
        if (OffsetDateTimePattern.ExtendedIso.Parse(trimmed) is { Success: true } withOffset)
        {
            return InRange(withOffset.Value.LocalDateTime.Date, () => withOffset.Value.ToInstant());
        }

        if (InstantPattern.ExtendedIso.Parse(trimmed) is { Success: true } instant)
        {
            return InRange(instant.Value.InUtc().Date, () => instant.Value);
        }

        if ((LocalDateTimePattern.ExtendedIso.Parse(trimmed) is { Success: true } local ? local : MinutesPattern.Parse(trimmed)) is { Success: true } localTime)
        {
            return InRange(localTime.Value.Date, () => localTime.Value.InZoneLeniently(zone).ToInstant());
        }

        if (OfficeDates.DottedDateTime(trimmed) is { Success: true } dotted)
        {
            return InRange(dotted.Value.Date, () => dotted.Value.InZoneLeniently(zone).ToInstant());
        }

        if (OfficeDates.Date(trimmed) is { Success: true } date)
        {
            return InRange(date.Value, () => date.Value.AtStartOfDayInZone(zone).ToInstant());
        }

        throw new CliException(OfficeDates.NoSuchDay(trimmed) is { } noSuchDay ? $"--at: {noSuchDay}" : T.Format("Session.NotAnInstant", text));

        // The date as written is checked before it becomes an instant (a far one overflows the conversion), and again in the council's zone.
        Instant InRange(LocalDate written, Func<Instant> toInstant)
        {
            if (!CliParsing.OutOfRange(written) && toInstant() is var at && !CliParsing.OutOfRange(at.InZone(zone).Date))
            {
                return at;
            }

            throw new CliException(T.Format("Session.AtOutside", text, CliParsing.SupportedDates));
        }
    }

    /// <summary>
    /// Records the council in its PostgreSQL installation's register (its name and whether it allows the installation report,
    /// from its settings): what a process of the council does when it starts (<c>init</c>, <c>run</c>, <c>serve</c>). On
    /// SQLite there is no installation: nothing is recorded.
    /// </summary>
    public async Task RecordCouncilAsync(Configuration.CouncilSettings settings, CancellationToken cancellationToken)
    {
        if (Store is PostgreSql.PostgreSqlCaseStore store)
        {
            var council = _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CouncilWorkflowsOptions>>().Value;
            await store.RecordCouncilAsync(council.OrganisationName, settings.Reports.ShareWithInstallation, _services.GetRequiredService<IClock>().GetCurrentInstant(), cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>A command id for the n-th command of this invocation (the first is <see cref="CommandId"/>).</summary>
    public Guid NextCommandId(int n) => n == 0 ? CommandId : DeterministicGuid.Create(CommandId, n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async ValueTask DisposeAsync() => await _services.DisposeAsync().ConfigureAwait(false);
}
