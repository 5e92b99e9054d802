using System.Globalization;
using System.Text.Json;
using Council.Workflows.Host.Cli;
using Council.Workflows.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;
using NodaTime;
using WorkerSettings = Council.Workflows.Host.Worker.WorkerSettings;

namespace Council.Workflows.Host.Configuration;

/// <summary>
/// A council's settings, from (later wins) the defaults, <c>appsettings.json</c> beside the database or the file named by
/// <c>--config</c>, <c>COUNCIL__…</c> environment variables (and the older <c>COUNCIL_DB</c>, <c>COUNCIL_AS</c>,
/// <c>COUNCIL_ROLE</c>), and the command line (<c>--db</c>, <c>--set KEY=VALUE</c>). The root holds
/// <see cref="CouncilWorkflowsOptions"/> (<c>TimeZoneId</c>, <c>Calendar</c>, <c>Appeals</c>, <c>Awards</c>…), <c>Store</c>
/// the SQLite store's options, <c>Acting</c> the default acting official of the command line.
/// </summary>
internal sealed class CouncilSettings
{
    private static readonly TextSource T = new("Output");

    public const string FileName = "appsettings.json";
    public const string EnvironmentPrefix = "COUNCIL__";

    private static readonly string[] OwnSections = ["Store", "Acting", "Language", "SignIn", "Worker", "Reports"];

    /// <summary>The council's choices about reports beyond its own (<c>Reports</c>), as bound (a problem is reported by <see cref="Bind"/>).</summary>
    public ReportSettings Reports
    {
        get
        {
            var reports = new ReportSettings();
            SettingsBinder.Bind(Configuration.GetSection("Reports"), reports, []);
            return reports;
        }
    }

    /// <summary>Sign-in through the council's identity provider, when the settings name one (checked with the rest at start).</summary>
    public OpenIdConnectSettings OpenIdConnect => OpenIdConnectSettings.Read(Configuration, [], T);

    // The store's options that each command decides, never the settings.
    private static readonly string[] PerCommand = ["Simulation", "ReadOnly", "CreateIfMissing"];

    private readonly List<(IConfigurationProvider Provider, string Label)> _sources;

    private CouncilSettings(IConfigurationRoot configuration, List<(IConfigurationProvider, string)> sources, string? file, string databasePath)
    {
        Configuration = configuration;
        _sources = sources;
        File = file;
        DatabasePath = databasePath;
    }

    public IConfigurationRoot Configuration { get; }

    /// <summary>The settings file read, if any.</summary>
    public string? File { get; }

    /// <summary>The database file (full path); empty for a PostgreSQL database.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// The PostgreSQL database's connection string when <c>--db</c> (<c>Store:Path</c>) names one (<c>Host=…;Database=…</c>)
    /// rather than a file; null for SQLite.
    /// </summary>
    public string? ConnectionString { get; private init; }

    /// <summary>Whether the store is a PostgreSQL database.</summary>
    public bool IsPostgreSql => ConnectionString is not null;

    /// <summary>
    /// The store for people: the file's path, or the PostgreSQL database (host, port, database, user — never the password)
    /// and the council whose rows it serves.
    /// </summary>
    public string Database(string council) => ConnectionString is { } connection ? $"{Display(connection)} ({council})" : DatabasePath;

    /// <summary>The folder the settings file is looked for in when none is named: the database file's, or the working directory.</summary>
    public string SettingsFolder => IsPostgreSql ? Environment.CurrentDirectory : System.IO.Path.GetDirectoryName(DatabasePath)!;

    /// <summary>Whether the store exists: the database file, or the PostgreSQL database's Council.Workflows schema.</summary>
    public bool StoreExists()
    {
        if (ConnectionString is not { } connection)
        {
            return System.IO.File.Exists(DatabasePath);
        }

        using var source = Npgsql.NpgsqlDataSource.Create(connection);
        using var command = source.CreateCommand("select to_regclass('council.schema_version') is not null");
        return command.ExecuteScalar() is true;
    }

    /// <summary>Whether a <c>--db</c> value names a PostgreSQL database (<c>Host=…</c> or <c>Server=…</c> among its <c>key=value</c> parts).</summary>
    public static bool IsConnectionString(string? value) =>
        value is not null && value.Contains('=', StringComparison.Ordinal)
        && value.Split(';').Any(part => part.Split('=')[0].Trim() is var key && (key.Equals("Host", StringComparison.OrdinalIgnoreCase) || key.Equals("Server", StringComparison.OrdinalIgnoreCase)));

    // A connection string without its password, to show.
    private static string Display(string connection)
    {
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connection) { Password = null };
            return $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}" + (builder.Username is { } user ? $" ({user})" : "");
        }
        catch (ArgumentException)
        {
            return "PostgreSQL";
        }
    }

    /// <summary>
    /// Reads the settings for one invocation. <paramref name="configFile"/> (<c>--config</c>) must exist; otherwise
    /// <c>appsettings.json</c> beside the database is read when it is there.
    /// </summary>
    public static CouncilSettings Load(string? configFile, string? dbOption, IReadOnlyList<string>? sets = null, IDictionary<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        var commandLine = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var set in sets ?? [])
        {
            var equals = set.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException(T.Format("Settings.SetNotKeyValue", set));
            }

            commandLine[set[..equals].Trim()] = set[(equals + 1)..];
        }

        if (dbOption is not null)
        {
            commandLine["Store:Path"] = dbOption;
        }

        var aliases = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        AddAlias(environment, aliases, "COUNCIL_DB", "Store:Path");
        AddAlias(environment, aliases, "COUNCIL_AS", "Acting:Name");
        AddAlias(environment, aliases, "COUNCIL_ROLE", "Acting:Role");
        var prefixed = environment.Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            .ToDictionary(e => e.Key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), e => e.Value, StringComparer.OrdinalIgnoreCase);

        // Where the database is (from the command line or the environment) decides where the settings file is looked for.
        var path = commandLine.GetValueOrDefault("Store:Path") ?? prefixed.GetValueOrDefault("Store:Path") ?? aliases.GetValueOrDefault("Store:Path");
        string? file = null;
        if (configFile is not null)
        {
            file = System.IO.Path.GetFullPath(configFile);
            if (!System.IO.File.Exists(file))
            {
                throw new CliException(T.Format("Settings.NoFile", file));
            }
        }
        else
        {
            // Beside the database file; for a PostgreSQL database, in the working directory.
            var beside = IsConnectionString(path) ? System.IO.Path.GetFullPath(FileName) : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path ?? "council.db"))!, FileName);
            file = System.IO.File.Exists(beside) ? beside : null;
        }

        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            builder.AddJsonFile(file, optional: false, reloadOnChange: false);
        }

        builder.Add(new MemoryConfigurationSource { InitialData = aliases });
        builder.Add(new MemoryConfigurationSource { InitialData = prefixed });
        builder.Add(new MemoryConfigurationSource { InitialData = commandLine });
        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or JsonException || e.InnerException is JsonException)
        {
            var where = (e.InnerException ?? e) is JsonException { LineNumber: { } line, BytePositionInLine: { } column }
                ? T.Format("Settings.Where", line + 1, column + 1)
                : "";
            throw new CliException(T.Format("Settings.NotJson", file, where, (e.InnerException ?? e).Message));
        }

        configuration = ListsWhole(configuration);

        var labels = new List<string>();
        if (file is not null)
        {
            labels.Add(file);
        }

        labels.AddRange(["environment (COUNCIL_DB, COUNCIL_AS, COUNCIL_ROLE)", "environment (COUNCIL__…)", "command line"]);
        var sources = configuration.Providers.Zip(labels).Select(p => (p.First, p.Second)).ToList();

        // A database named in the settings file is found from the file's folder; from elsewhere, from the working directory.
        var settings = new CouncilSettings(configuration, sources, file, "");
        var configured = configuration["Store:Path"];
        if (IsConnectionString(configured))
        {
            // A PostgreSQL server's database, not a file.
            return new CouncilSettings(configuration, sources, file, "") { ConnectionString = configured!.Trim() };
        }

        var folder = file is not null && settings.SourceOf("Store:Path") == file ? System.IO.Path.GetDirectoryName(file)! : Environment.CurrentDirectory;
        var databasePath = string.IsNullOrWhiteSpace(configured) ? System.IO.Path.GetFullPath("council.db") : System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, configured));
        return new CouncilSettings(configuration, sources, file, databasePath);
    }

    // A list is taken whole from the last source that has any of it: the configuration system merges sources key by key,
    // so a list item's field given on the command line would otherwise be joined with the rest of the file's item. Each
    // source is copied, less the lists a later source gives.
    private static IConfigurationRoot ListsWhole(IConfigurationRoot configuration)
    {
        var flat = configuration.Providers.Select(Flatten).ToList();
        var last = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < flat.Count; i++)
        {
            foreach (var key in flat[i].Keys)
            {
                if (ListOf(key) is { } list)
                {
                    last[list] = i;
                }
            }
        }

        var builder = new ConfigurationBuilder();
        for (var i = 0; i < flat.Count; i++)
        {
            var index = i;
            builder.Add(new MemoryConfigurationSource
            {
                InitialData = flat[i].Where(kv => !last.Any(l => l.Value > index && Under(kv.Key, l.Key))).ToDictionary(StringComparer.OrdinalIgnoreCase),
            });
        }

        return builder.Build();

        static bool Under(string key, string list) =>
            string.Equals(key, list, StringComparison.OrdinalIgnoreCase) || key.StartsWith(list + ":", StringComparison.OrdinalIgnoreCase);
    }

    // The list a key belongs to: the path before its first numeric segment (Calendar:DeclaredDaysOff for
    // Calendar:DeclaredDaysOff:0:Date), or none.
    private static string? ListOf(string key)
    {
        var parts = key.Split(':');
        for (var i = 1; i < parts.Length; i++)
        {
            if (parts[i].Length > 0 && parts[i].All(char.IsAsciiDigit))
            {
                return string.Join(':', parts[..i]);
            }
        }

        return null;
    }

    private static Dictionary<string, string?> Flatten(IConfigurationProvider provider)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Walk(null);
        return values;

        void Walk(string? parent)
        {
            foreach (var child in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var key = parent is null ? child : $"{parent}:{child}";
                if (provider.TryGet(key, out var value))
                {
                    values[key] = value;
                }

                Walk(key);
            }
        }
    }

    private static void AddAlias(IDictionary<string, string?> environment, Dictionary<string, string?> aliases, string variable, string key)
    {
        if (environment.TryGetValue(variable, out var value) && value is not null)
        {
            aliases[key] = value;
        }
    }

    /// <summary>
    /// Where a setting's value comes from: the last source that has it (or anything under it), else the source of the
    /// nearest section above it that one has (a list item's missing field: the item's source), else the default.
    /// </summary>
    public string SourceOf(string key)
    {
        for (var at = key; ; at = at[..at.LastIndexOf(':')])
        {
            for (var i = _sources.Count - 1; i >= 0; i--)
            {
                var (provider, label) = _sources[i];
                if (provider.TryGet(at, out _) || provider.GetChildKeys([], at).Any())
                {
                    return label == "environment (COUNCIL__…)" ? $"environment {EnvironmentPrefix}{at.Replace(":", "__", StringComparison.Ordinal)}" : label;
                }
            }

            if (!at.Contains(':', StringComparison.Ordinal))
            {
                return "default";
            }
        }
    }

    /// <summary>
    /// The rules the options must keep beyond their kinds (a time zone that exists, a quorum share below one, a day count
    /// not negative), each as one line naming the setting and where it came from.
    /// </summary>
    public List<string> RuleProblems(CouncilWorkflowsOptions council)
    {
        var result = new CouncilWorkflowsOptionsValidator().Validate(null, council);
        if (!result.Failed)
        {
            return [];
        }

        // The library names a setting first, its path dotted ("Awards.QuorumShare: must be …"); the settings' key is the
        // same path with colons.
        return [.. result.Failures.Select(f =>
        {
            var colon = f.IndexOf(": ", StringComparison.Ordinal);
            var path = colon > 0 ? f[..colon] : null;
            if (path is null || path.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '.')))
            {
                return f;
            }

            var key = path.Replace('.', ':');
            return $"{key}: {f[(colon + 2)..].TrimEnd('.')} {T.Format("Binder.From", Shown(SourceOf(key)))}";
        })];
    }

    /// <summary>Binds the council's options; every problem is one line naming the setting and where it came from.</summary>
    public List<string> Bind(CouncilWorkflowsOptions council, SqliteStoreOptions? store)
    {
        var problems = new List<(string Key, string Problem)>();
        var unknown = new List<string>();
        foreach (var child in Configuration.GetChildren())
        {
            if (OwnSections.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            if (SettingsBinder.Settable(typeof(CouncilWorkflowsOptions)).All(p => !string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add((child.Path, T.Format("Binder.NotASetting", string.Join(", ", SettingsBinder.Settable(typeof(CouncilWorkflowsOptions)).Select(p => p.Name).Concat(OwnSections)))));
                unknown.Add(child.Key);
            }
        }

        SettingsBinder.Bind(new Filtered(Configuration, [.. OwnSections, .. unknown]), council, problems);

        // A classifier file named in the settings file is found from the file's folder, as the database is.
        if (council.Appeals?.ClassifierFile is { Length: > 0 } classifier && File is not null && SourceOf("Appeals:ClassifierFile") == File)
        {
            council.Appeals.ClassifierFile = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(File)!, classifier));
        }
        if (Configuration["Language"] is { Length: > 0 } language && Cli.Language.Culture(language) is null)
        {
            problems.Add(("Language", T.Format("Binder.Language", language)));
        }

        foreach (var child in Configuration.GetSection("SignIn").GetChildren().Where(c => !c.Key.Equals("OpenIdConnect", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add((child.Path, T.Format("Binder.NotASetting", "OpenIdConnect")));
        }

        _ = OpenIdConnectSettings.Read(Configuration, problems, T);
        SettingsBinder.Bind(Configuration.GetSection("Reports"), new ReportSettings(), problems);
        var storeSection = Configuration.GetSection("Store");
        foreach (var child in storeSection.GetChildren().Where(c => PerCommand.Contains(c.Key, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add((child.Path, T["Binder.PerCommand"]));
        }

        var scratch = store ?? new SqliteStoreOptions();
        SettingsBinder.Bind(new Filtered(storeSection, PerCommand), scratch, problems);
        var acting = Configuration.GetSection("Acting");
        foreach (var child in acting.GetChildren().Where(c => c.Key is not ("Name" or "Role") && !c.Key.Equals("name", StringComparison.OrdinalIgnoreCase) && !c.Key.Equals("role", StringComparison.OrdinalIgnoreCase)))
        {
            problems.Add((child.Path, T.Format("Binder.NotASetting", "Name, Role")));
        }

        if (acting["Role"] is { Length: > 0 } role && !Council.Workflows.Engine.KebabCase.TryParse<Council.Workflows.Engine.OfficialRole>(role.Trim(), out _))
        {
            problems.Add(("Acting:Role", T.Format("Binder.NotARole", role, string.Join(", ", Enum.GetValues<Council.Workflows.Engine.OfficialRole>().Select(Council.Workflows.Engine.KebabCase.Of)))));
        }

        var worker = new WorkerSettings();
        var bound = problems.Count;
        SettingsBinder.Bind(Configuration.GetSection("Worker"), worker, problems);
        if (problems.Count == bound)
        {
            problems.AddRange(worker.Problems());
        }

        return [.. problems.Select(p => $"{p.Key}: {p.Problem} {T.Format("Binder.From", Shown(SourceOf(p.Key)))}")];
    }

    /// <summary>The worker's settings (the <c>Worker</c> section), bound; a problem was reported by <see cref="Bind"/>, and its setting keeps its default.</summary>
    public WorkerSettings ReadWorker()
    {
        var worker = new WorkerSettings();
        SettingsBinder.Bind(Configuration.GetSection("Worker"), worker, []);
        return worker;
    }

    // Where a setting came from, for people: the file's path as it is; the other sources in the reader's language.
    private static string Shown(string source) => source switch
    {
        "default" => T["Binder.Source.Default"],
        "command line" => T["Binder.Source.CommandLine"],
        _ when source.StartsWith("environment ", StringComparison.Ordinal) => T.Format("Binder.Source.Environment", source["environment ".Length..]),
        _ => source,
    };

    // The configuration without some of its root sections (those bound elsewhere).
    private sealed class Filtered(IConfiguration inner, string[] without) : IConfiguration
    {
        public string? this[string key] { get => inner[key]; set => inner[key] = value; }

        public IEnumerable<IConfigurationSection> GetChildren() => inner.GetChildren().Where(c => !without.Contains(c.Key, StringComparer.OrdinalIgnoreCase));

        public Microsoft.Extensions.Primitives.IChangeToken GetReloadToken() => inner.GetReloadToken();

        public IConfigurationSection GetSection(string key) => inner.GetSection(key);
    }

    /// <summary>The effective settings, flattened: key, value (JSON for lists and records), and where it came from.</summary>
    public IReadOnlyList<(string Key, string Value, string Source)> Effective(CouncilWorkflowsOptions council, SqliteStoreOptions store, string? actingName, string? actingRole)
    {
        var lines = new List<(string, string, string)>();
        Flatten("", council, lines);
        var storeLines = new List<(string Key, string Value, string Source)>();
        Flatten("Store", store, storeLines);
        // A PostgreSQL connection string is shown without its password.
        lines.AddRange(storeLines.Where(l => !PerCommand.Any(p => l.Key == $"Store:{p}"))
            .Select(l => l.Key == "Store:Path" && IsConnectionString(l.Value) ? (l.Key, Display(l.Value), l.Source) : l));
        Flatten("Worker", ReadWorker(), lines);
        Flatten("Reports", Reports, lines);
        lines.Add(("Acting:Name", actingName ?? "(the login name)", SourceOf("Acting:Name")));
        lines.Add(("Acting:Role", actingRole ?? "clerk", SourceOf("Acting:Role")));
        return lines;
    }

    private static readonly JsonSerializerOptions ShowJson = Json();

    private static JsonSerializerOptions Json()
    {
        var options = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        NodaTime.Serialization.SystemTextJson.Extensions.ConfigureForNodaTime(options, DateTimeZoneProviders.Tzdb);
        return options;
    }

    private void Flatten(string prefix, object target, List<(string, string, string)> lines)
    {
        foreach (var property in SettingsBinder.Settable(target.GetType()))
        {
            var key = prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}";
            var value = property.GetValue(target);
            var type = property.PropertyType;
            if (value is not null && type.IsClass && type != typeof(string) && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && type.GetMethod("<Clone>$") is null)
            {
                Flatten(key, value, lines);
                continue;
            }

            var text = value switch
            {
                null => "",
                string s => s,
                bool b => b ? "true" : "false",
                Enum e => KebabCaseOf(e),
                IFormattable f when value is not LocalDate and not LocalTime and not Period => f.ToString(null, CultureInfo.InvariantCulture),
                _ => JsonSerializer.Serialize(value, value.GetType(), ShowJson).Trim('"'),
            };
            lines.Add((key, text, SourceOf(key)));
        }
    }

    private static string KebabCaseOf(Enum value) => Engine.KebabCase.FromPascal(value.ToString());
}

/// <summary>A council's choices about reports beyond its own: the <c>Reports</c> section of its settings.</summary>
internal sealed class ReportSettings
{
    /// <summary>
    /// Whether the council allows its year's figures to be summed into its installation's report (<c>council report
    /// --installation</c>, on PostgreSQL), where it is listed by name with its own line. Recorded in the database when a
    /// process of the council starts (<c>init</c>, <c>run</c>, <c>serve</c>). The default value is <see langword="false"/>.
    /// </summary>
    public bool ShareWithInstallation { get; set; }
}
