using System.CommandLine;
using Council.Workflows.Host.Reports;
using Council.Workflows.Reporting;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council report</c>: the year in numbers, as the council secretary's annual report uses them.</summary>
internal static class ReportCommand
{
    private static readonly TextSource T = new("Verbs");


    public static Option<string> Format() => CliParsing.Choice("--format", T["Report.Opt.format"], "text", ReportRenderer.Formats);

    public static Command Create(CliOutput output)
    {
        var year = new Option<int?>("--year") { Description = T["Report.Opt.year"], HelpName = "YYYY" };
        var quarter = new Option<string?>("--quarter") { Description = T["Report.Opt.quarter"], HelpName = "YYYY-QN" };
        var statutory = new Option<bool>("--statutory") { Description = T["Report.Opt.statutory"] };
        var executors = new Option<bool>("--executors")
        {
            Description = T["Report.Opt.executors"],
        };
        var format = CliParsing.Choice("--format", T["Report.Opt.format.2"], "text", StatutoryRenderer.Formats);
        var file = new Option<string?>("--out") { Description = T["Report.Opt.out"], HelpName = "FILE" };
        var council = new Option<string?>("--council") { Description = T["Report.Opt.council"], HelpName = "ID" };
        var replay = new Option<bool>("--replay") { Description = T["Report.Opt.replay"] };
        var command = new Command(
            "report",
            T["Help.report"])
        {
            year, quarter, statutory, executors, format, file, council, replay,
        };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            var (y, q) = (parse.GetValue(year), parse.GetValue(quarter));
            if (y is null == q is null)
            {
                throw new CliException(T["Report.Err.OneOf"]);
            }

            var (forYear, forQuarter) = q is not null ? Quarter(q) : (y!.Value, 0);
            if (forYear is < 1992 or > 2999)
            {
                throw new CliException(T.Format("Report.Err.Year", forYear));
            }

            var path = CliParsing.OutputFile("--out", parse.GetValue(file));
            var formatName = parse.GetValue(format)!;
            var discipline = parse.GetValue(executors);
            if (discipline && parse.GetValue(statutory))
            {
                throw new CliException(T["Report.Err.StatutoryOrExecutors"]);
            }

            var tables = q is not null || parse.GetValue(statutory) || discipline;
            if (formatName == "xlsx" && (!tables || path is null))
            {
                throw new CliException(tables ? T["Report.Err.XlsxOut"] : T["Report.Err.XlsxTables"]);
            }

            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            var audit = parse.GetValue(replay);
            if (discipline)
            {
                var from = forQuarter > 0 ? new NodaTime.LocalDate(forYear, ((forQuarter - 1) * 3) + 1, 1) : new NodaTime.LocalDate(forYear, 1, 1);
                var to = forQuarter > 0 ? from.PlusMonths(3).PlusDays(-1) : new NodaTime.LocalDate(forYear, 12, 31);
                var disciplineReport = await session.Get<DisciplineReportBuilder>().WithReplay(audit).BuildAsync(from, to, parse.GetValue(council), ct).ConfigureAwait(false);
                await WriteTablesAsync(output, StatutoryRenderer.Of(disciplineReport), formatName, path, ct).ConfigureAwait(false);
                return disciplineReport.Checks.All(c => c.Holds) ? CouncilCli.Ok : CouncilCli.Failure;
            }

            if (tables)
            {
                var builder = session.Get<StatutoryReportBuilder>().WithReplay(audit);
                var statutoryReport = forQuarter > 0
                    ? await builder.QuarterAsync(forYear, forQuarter, parse.GetValue(council), ct).ConfigureAwait(false)
                    : await builder.YearAsync(forYear, parse.GetValue(council), ct).ConfigureAwait(false);
                await WriteTablesAsync(output, StatutoryRenderer.Of(statutoryReport), formatName, path, ct).ConfigureAwait(false);
                return statutoryReport.Checks.All(c => c.Holds) ? CouncilCli.Ok : CouncilCli.Failure;
            }

            var report = await session.Get<YearReportBuilder>().WithReplay(audit).BuildAsync(forYear, parse.GetValue(council), ct).ConfigureAwait(false);
            await WriteAsync(output, report, formatName, Language.IsUkrainian, path, ct).ConfigureAwait(false);
            return CouncilCli.Ok;
        }));
        return command;
    }

    // "2023-Q3" (or "2023-q3", "2023Q3") as the year and the quarter.
    private static (int Year, int Quarter) Quarter(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text.Trim(), @"^(\d{4})-?[Qq]([1-4])$");
        return match.Success
            ? (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
            : throw new CliException(T.Format("Report.Err.Quarter", text));
    }

    private static async Task WriteTablesAsync(CliOutput output, StatutoryRenderer.TableReport report, string format, string? path, CancellationToken cancellationToken)
    {
        if (format == "xlsx")
        {
            using var buffer = new MemoryStream();
            StatutoryRenderer.Xlsx(report, buffer);
            await using (var file = PrivateFiles.Create(path!))
            {
                buffer.Position = 0;
                await buffer.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            output.Line(T.Format("Report.Wrote", path));
        }
        else
        {
            var text = StatutoryRenderer.Render(report, format);
            if (path is not null)
            {
                await PrivateFiles.WriteAllTextAsync(path, text, cancellationToken).ConfigureAwait(false);
                output.Line(T.Format("Report.Wrote", path));
            }
            else if (format is "text" or "markdown")
            {
                output.Block(text);
            }
            else
            {
                output.Out.Write(text);
            }
        }

        if (report.Checks.Where(c => !c.Holds).ToList() is { Count: > 0 } broken)
        {
            output.Error(T.Format("Report.SumsBroken", broken.Count, string.Join("; ", broken.Select(c => $"{c.Rule} — {c.Detail}"))));
        }
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
        output.Line(T.Format("Report.Wrote", path));
    }
}
