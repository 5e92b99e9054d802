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
        var installation = new Option<bool>("--installation") { Description = T["Report.Opt.installation"] };
        var replay = new Option<bool>("--replay") { Description = T["Report.Opt.replay"] };
        var command = new Command(
            "report",
            T["Help.report"])
        {
            year, quarter, statutory, executors, format, file, installation, replay,
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
            if (parse.GetValue(installation) && tables)
            {
                throw new CliException(T["Report.Err.InstallationYear"]);
            }

            if (formatName == "xlsx" && (!tables || path is null))
            {
                throw new CliException(tables ? T["Report.Err.XlsxOut"] : T["Report.Err.XlsxTables"]);
            }

            var audit = parse.GetValue(replay);
            if (parse.GetValue(installation))
            {
                var settings = StaffSession.Settings(parse);
                if (!settings.IsPostgreSql)
                {
                    throw new CliException(T.Format("Report.Err.InstallationSqlite", settings.DatabasePath));
                }

                await using var installationSession = StaffSession.Open(parse, create: false, readOnly: true, newCouncil: true); // the installation, not one council
                var summed = await InstallationAsync(installationSession, settings.ConnectionString!, forYear, audit, ct).ConfigureAwait(false);
                await WriteAsync(output, InstallationRenderer.Render(summed, formatName, Language.IsUkrainian), formatName, path, ct).ConfigureAwait(false);
                return CouncilCli.Ok;
            }

            // One council: the one served (--council, DefaultCouncil); on PostgreSQL the store sees only its rows anyway.
            var council = parse.GetValue(GlobalOptions.Council)?.Trim();
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            if (discipline)
            {
                var from = forQuarter > 0 ? new NodaTime.LocalDate(forYear, ((forQuarter - 1) * 3) + 1, 1) : new NodaTime.LocalDate(forYear, 1, 1);
                var to = forQuarter > 0 ? from.PlusMonths(3).PlusDays(-1) : new NodaTime.LocalDate(forYear, 12, 31);
                var disciplineReport = await session.Get<DisciplineReportBuilder>().WithReplay(audit).BuildAsync(from, to, council, ct).ConfigureAwait(false);
                await WriteTablesAsync(output, StatutoryRenderer.Of(disciplineReport), formatName, path, ct).ConfigureAwait(false);
                return disciplineReport.Checks.All(c => c.Holds) ? CouncilCli.Ok : CouncilCli.Failure;
            }

            if (tables)
            {
                var builder = session.Get<StatutoryReportBuilder>().WithReplay(audit);
                var statutoryReport = forQuarter > 0
                    ? await builder.QuarterAsync(forYear, forQuarter, council, ct).ConfigureAwait(false)
                    : await builder.YearAsync(forYear, council, ct).ConfigureAwait(false);
                await WriteTablesAsync(output, StatutoryRenderer.Of(statutoryReport), formatName, path, ct).ConfigureAwait(false);
                return statutoryReport.Checks.All(c => c.Holds) ? CouncilCli.Ok : CouncilCli.Failure;
            }

            var report = await session.Get<YearReportBuilder>().WithReplay(audit).BuildAsync(forYear, council, ct).ConfigureAwait(false);
            await WriteAsync(output, report, formatName, Language.IsUkrainian, path, ct).ConfigureAwait(false);
            return CouncilCli.Ok;
        }));
        return command;
    }

    // The installation's year: each council that allows it (its settings' Reports:ShareWithInstallation, as its processes last
    // recorded it) read through the installation's own reader, one council at a time, with this process's workflows,
    // calendar and catalogue; a council that withdrew meanwhile is counted with those that did not allow it.
    private static async Task<InstallationYearReport> InstallationAsync(StaffSession session, string connection, int year, bool replay, CancellationToken ct)
    {
        var schema = ((PostgreSql.PostgreSqlCaseStore)session.Store).Schema;
        await using var installation = new PostgreSql.PostgreSqlInstallation(connection, session.Get<Council.Workflows.Engine.WorkflowRegistry>().EventTypes, schema);
        var builder = session.Get<YearReportBuilder>().WithReplay(replay);
        var councils = await installation.CouncilsAsync(ct).ConfigureAwait(false);
        var summed = new List<CouncilYearReport>();
        var notSharing = councils.Count(c => !c.SharesInstallationReport);
        foreach (var council in councils.Where(c => c.SharesInstallationReport))
        {
            try
            {
                var report = await installation.ReadSharedCouncilAsync(council.Council, (store, t) => builder.Over(store).BuildAsync(year, council.Council, t), ct).ConfigureAwait(false);
                summed.Add(new CouncilYearReport(council.Council, council.Name, report));
            }
            catch (InvalidOperationException)
            {
                if ((await installation.CouncilsAsync(ct).ConfigureAwait(false)).Any(c => c.Council == council.Council && c.SharesInstallationReport))
                {
                    throw;
                }

                notSharing++;
            }
        }

        return InstallationYearReport.Sum(year, summed, notSharing);
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

    public static Task WriteAsync(CliOutput output, YearReport report, string format, bool uk, string? file, CancellationToken cancellationToken) =>
        WriteAsync(output, ReportRenderer.Render(report, format, uk), format, file, cancellationToken);

    private static async Task WriteAsync(CliOutput output, string text, string format, string? file, CancellationToken cancellationToken)
    {
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
