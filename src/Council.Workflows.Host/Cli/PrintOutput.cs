using System.CommandLine;
using Council.Workflows.Host.Printing;
using Council.Workflows.Printing;

namespace Council.Workflows.Host.Cli;

/// <summary>
/// <c>--format text|html|docx</c> and <c>--out FILE</c> of the verbs that print a document (a card, a letter, a receipt, the
/// minutes): text to the screen, HTML that prints on A4 to the screen or a file, a Word document to a file. Files are made
/// whole in memory and written owner-only (they hold personal data).
/// </summary>
internal sealed class PrintOutput
{
    private static readonly TextSource T = new("Output");

    private readonly Option<string> _format = CliParsing.Choice(
        "--format", T["Help.print-format"],
        "text", "text", "html", "docx");

    private readonly Option<string?> _file = new("--out") { Description = T["Help.out"], HelpName = "FILE" };

    public void AddTo(Command command)
    {
        command.Add(_format);
        command.Add(_file);
    }

    /// <summary>Checks the options before anything is read, so a wrong one costs nothing.</summary>
    public (string Format, string? Path) Read(ParseResult parse)
    {
        var format = parse.GetValue(_format) ?? "text";
        var path = CliParsing.OutputFile("--out", parse.GetValue(_file));
        if (format == "docx" && path is null)
        {
            throw new CliException(T.Format("Print.DocxNeedsOut", parse.CommandResult.Command.Name));
        }

        return (format, path);
    }

    public static async Task<int> WriteAsync(CliOutput output, PrintedDocument document, (string Format, string? Path) target, CancellationToken cancellationToken)
    {
        var (format, path) = target;
        if (path is null)
        {
            output.Block(format == "html" ? document.ToHtml() : document.ToText());
            return CouncilCli.Ok;
        }

        using var buffer = new MemoryStream();
        if (format == "docx")
        {
            DocxWriter.Write(document, buffer);
        }
        else
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(format == "html" ? document.ToHtml() : document.ToText());
            buffer.Write(bytes);
        }

        await using (var file = PrivateFiles.Create(path))
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }

        output.Line($"{document.Title}: written to {path} ({format}).");
        return CouncilCli.Ok;
    }
}
