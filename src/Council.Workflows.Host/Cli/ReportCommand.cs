using System.CommandLine;
using Council.Workflows.Host.Reports;
using Council.Workflows.Reporting;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council report</c>: the year in numbers, as the council secretary's annual report uses them.</summary>
internal static class ReportCommand
{
    public static Option<string> Lang() => CliParsing.Choice("--lang", "The language of the report.", "uk", "uk", "en");

    public static Option<string> Format() => CliParsing.Choice("--format", "text, markdown, json, csv, or html (one self-contained page with charts; give --out).", "text", ReportRenderer.Formats);

    public static Command Create(CliOutput output)
    {
        var year = new Option<int>("--year") { Description = "The year.", Required = true, HelpName = "YYYY" };
        var lang = Lang();
        var format = Format();
        var file = new Option<string?>("--out") { Description = "Write the report to this file instead of the screen.", HelpName = "FILE" };
        var council = new Option<string?>("--council") { Description = "Only this council (an installation serving several). Default: all in the file.", HelpName = "ID" };
        var command = new Command(
            "report",
            "The year in numbers: awards (meetings, petitions, nominees, awarded, by category and award type) and appeals (by kind, channel and month; " +
            "routed; answered on time and late; days to answer; extensions; overdue at year end; by executor), computed from the event history.\n" +
            "Example: council report --year 2023 --format html --out report-2023.html")
        {
            year, lang, format, file, council,
        };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            if (parse.GetValue(year) is < 1991 or > 2999)
            {
                throw new CliException($"--year {parse.GetValue(year)} is not a year this store can hold.");
            }

            var path = CliParsing.OutputFile("--out", parse.GetValue(file));
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            var report = await session.Get<YearReportBuilder>().BuildAsync(parse.GetValue(year), parse.GetValue(council), ct).ConfigureAwait(false);
            await WriteAsync(output, report, parse.GetValue(format)!, parse.GetValue(lang) == "uk", path, ct).ConfigureAwait(false);
            return CouncilCli.Ok;
        }));
        return command;
    }

    public static async Task WriteAsync(CliOutput output, YearReport report, string format, bool uk, string? file, CancellationToken cancellationToken)
    {
        var text = ReportRenderer.Render(report, format, uk);
        if (file is null)
        {
            // Text and Markdown are read on the terminal; JSON, CSV and HTML are data for other programs, exact as rendered.
            if (format is "text" or "markdown")
            {
                output.Block(text);
            }
            else
            {
                output.Out.Write(text);
            }

            return;
        }

        var path = Path.GetFullPath(file);
        await PrivateFiles.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
        output.Line($"Wrote {path}.");
    }
}
