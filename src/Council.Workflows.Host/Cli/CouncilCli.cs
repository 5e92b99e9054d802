using System.CommandLine;

namespace Council.Workflows.Host.Cli;

/// <summary>The <c>council</c> command line: builds the verbs, runs one, and turns bad input into a one-line message.</summary>
internal static class CouncilCli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int Refused = 3;
    public const int Conflict = 4;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var output = new CliOutput(stdout, stderr);
        var root = new RootCommand("Council.Workflows: citizens' appeals and award petitions with Ukrainian legal deadlines.")
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
            output.Error(UnknownVerb(parse) ?? $"{parse.Errors[0].Message} Run '{CommandPath(parse)} --help' for usage.");
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
        return $"'{typed}' is not a verb of '{path}'{(nearest.Verb is { } verb ? $"; did you mean '{path} {verb}'?" : ".")} Verbs: {string.Join(", ", verbs)}. Run '{path} --help' for usage.";
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
