using System.CommandLine;
using System.Globalization;

namespace Council.Workflows.Host.Cli;

/// <summary>The <c>council</c> command line: builds the verbs, runs one, and turns bad input into a one-line message.</summary>
internal static class CouncilCli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int Refused = 3;
    public const int Conflict = 4;

    private static readonly TextSource T = new("Cli");

    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default) =>
        RunAsync(args, stdout, stderr, Language.Ukrainian, cancellationToken);

    /// <summary>Runs one invocation; <paramref name="fallbackLanguage"/> is the language when neither --lang nor the settings choose one.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, string fallbackLanguage, CancellationToken cancellationToken = default)
    {
        // The language is this invocation's alone: set in this async flow, it does not leak to the caller.
        var (culture, languageProblem) = Language.Resolve(args, fallbackLanguage);
        CultureInfo.CurrentUICulture = culture;
        var output = new CliOutput(stdout, stderr);
        if (languageProblem is not null)
        {
            output.Error(languageProblem);
            return BadInput;
        }

        GlobalOptions.Begin();
        var root = new RootCommand(T["Root.Description"])
        {
            AppealsCommands.Create(output),
            AwardsCommands.Create(output),
            RunCommand.Create(output),
            OutboxCommands.Create(output),
            DemoCommand.Create(output),
            ReportCommand.Create(output),
            ImportExportCommands.Import(output),
            ImportExportCommands.Export(output),
            InitCommand.Create(output),
            StoreCommand.Create(output),
            CheckCommand.Create(output),
            ConfigCommand.Create(output),
            DeadlinesCommands.Create(output),
            DiagramCommand.Create(output),
            UsersCommands.Create(output),
            ServeCommand.Create(output),
        };
        GlobalOptions.AddTo(root);

        // With no verb, show what there is rather than an error. Response files are off: a value starting with '@' is text
        // ("--subject @home"), never a file whose lines become arguments (which could change the acting role).
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            output.Error(UnknownVerb(parse) ?? UnknownOption(parse) ?? T.Format("Error.Parse", ParserWords(parse.Errors[0].Message), CommandPath(parse)));
            return BadInput;
        }

        if (CliText.FirstUnsafeValue(parse) is { } unsafeValue)
        {
            output.Error(unsafeValue);
            return BadInput;
        }

        // What System.CommandLine prints itself (help, the version) is caught, and its own words — it ships no Ukrainian — are
        // put in the reader's language; the verbs write to stdout directly.
        using var own = new StringWriter();
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = own, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            await stdout.WriteAsync(HelpWords(own.ToString())).ConfigureAwait(false);
        }
    }

    // System.CommandLine's own messages (it ships no Ukrainian), put in the reader's language by their known forms; one it
    // does not know stays as it is.
    private static string ParserWords(string message)
    {
        foreach (var (pattern, key) in ParserMessages)
        {
            if (pattern.Match(message) is { Success: true } match)
            {
                var values = match.Groups.Values.Skip(1).Select(g => g.Value).ToList();
                if (key.StartsWith("Parser.CannotParse", StringComparison.Ordinal))
                {
                    values[2] = TypeWords(values[2]);
                }

                return T.Format(key, [.. values.Cast<object?>()]);
            }
        }

        return message;
    }

    // What a value of a .NET type is, for people: "a whole number", not System.Nullable`1[System.Int32].
    private static string TypeWords(string type)
    {
        var inner = System.Text.RegularExpressions.Regex.Match(type, @"^System\.Nullable`1\[(.+)\]$") is { Success: true } nullable ? nullable.Groups[1].Value : type;
        return inner switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" or "System.UInt32" => T["Parser.Type.Integer"],
            "System.Decimal" or "System.Double" or "System.Single" => T["Parser.Type.Number"],
            "System.Boolean" => T["Parser.Type.Boolean"],
            _ => T["Parser.Type.Value"],
        };
    }

    // A misspelt option («--exectuor»): named, with the nearest option of the verb (a letter or two off, or its start).
    private static string? UnknownOption(ParseResult parse)
    {
        if (parse.UnmatchedTokens.FirstOrDefault(t => t.StartsWith("--", StringComparison.Ordinal)) is not { Length: > 2 } typed)
        {
            return null;
        }

        var options = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            options.AddRange(result.Command.Options.Where(o => !o.Hidden && (result == parse.CommandResult || o.Recursive)).Select(o => o.Name));
        }

        var name = typed.Split('=', 2)[0];
        var nearest = options.Distinct().Select(o => (Option: o, Score: Council.Workflows.Appeals.SearchText.Match(name.ToLowerInvariant(), o))).Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score).FirstOrDefault();
        var path = CommandPath(parse);
        return nearest.Option is { } option ? T.Format("Error.UnknownOptionNearest", name, path, option) : T.Format("Error.UnknownOption", name, path);
    }

    private static readonly (System.Text.RegularExpressions.Regex Pattern, string Key)[] ParserMessages =
    [
        (new(@"^Option '(.+)' is required\.$"), "Parser.OptionRequired"),
        (new(@"^Required argument missing for option: '(.+)'\.$"), "Parser.OptionValueMissing"),
        (new(@"^Required argument missing for command: '(.+)'\.$"), "Parser.ArgumentMissing"),
        (new(@"^Unrecognized command or argument '(.+)'\.$"), "Parser.Unrecognized"),
        (new(@"^Cannot parse argument '(.*)' for option '(.+)' as expected type '(.+)'\.$"), "Parser.CannotParse"),
        (new(@"^Cannot parse argument '(.*)' for command '(.+)' as expected type '(.+)'\.$"), "Parser.CannotParseArgument"),
        (new(@"^Option '(.+)' expects a single argument but (\d+) were provided\.$"), "Parser.SingleValue"),
    ];

    // The fixed words of System.CommandLine's help, from the texts (the same words in English).
    private static string HelpWords(string help)
    {
        if (help.Length == 0)
        {
            return help;
        }

        foreach (var (english, key) in HelpKeys)
        {
            help = help.Replace(english, T[key], StringComparison.Ordinal);
        }

        return help;
    }

    private static readonly (string English, string Key)[] HelpKeys =
    [
        ("Description:\n", "Help.Description"), ("Usage:\n", "Help.Usage"), ("Options:\n", "Help.Options"), ("Commands:\n", "Help.Commands"),
        ("Arguments:\n", "Help.Arguments"), ("Show help and usage information", "Help.HelpOption"), ("Show version information", "Help.VersionOption"),
        (" [command] [options]", "Help.CommandOptions"), (" [options]", "Help.OptionsUsage"), (" (REQUIRED)", "Help.Required"), ("[default: ", "Help.Default"),
    ];

    // A word typed where a verb belongs that is none: named, with the nearest verb (a letter or two misspelt, or its start)
    // and the verbs there are.
    private static string? UnknownVerb(ParseResult parse)
    {
        var verbs = parse.CommandResult.Command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        if (verbs.Count == 0 || parse.UnmatchedTokens.Count == 0 || parse.UnmatchedTokens[0] is not { Length: > 0 } typed || typed.StartsWith('-'))
        {
            return null;
        }

        var folded = typed.ToLowerInvariant();
        var nearest = verbs.Select(v => (Verb: v, Score: Council.Workflows.Appeals.SearchText.Match(folded, v))).Where(x => x.Score > 0).OrderByDescending(x => x.Score).FirstOrDefault();
        var path = CommandPath(parse);
        return nearest.Verb is { } verb
            ? T.Format("Error.UnknownVerbNearest", typed, path, verb, string.Join(", ", verbs))
            : T.Format("Error.UnknownVerb", typed, path, string.Join(", ", verbs));
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "council" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
