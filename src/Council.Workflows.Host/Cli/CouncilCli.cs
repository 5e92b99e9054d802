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
            CheckCommand.Create(output),
            ConfigCommand.Create(output),
            DeadlinesCommands.Create(output),
            DiagramCommand.Create(output),
        };
        GlobalOptions.AddTo(root);

        // With no verb, show what there is rather than an error. Response files are off: a value starting with '@' is text
        // ("--subject @home"), never a file whose lines become arguments (which could change the acting role).
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            output.Error(UnknownVerb(parse) ?? T.Format("Error.Parse", parse.Errors[0].Message, CommandPath(parse)));
            return BadInput;
        }

        if (CliText.FirstUnsafeValue(parse) is { } unsafeValue)
        {
            output.Error(unsafeValue);
            return BadInput;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken)
            .ConfigureAwait(false);
    }

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
