using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Host.Import;
using CsvHelper;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council import appeals</c> and <c>council export</c>.</summary>
internal static class ImportExportCommands
{
    private static readonly TextSource T = new("Verbs");

    private static readonly string[] ExportColumns = ["case_id", "kind", "council", "reference", "version", "at", "type", "state", "by", "role", "reason", "legal_basis", "data", "recorded_at", "simulated"];
    private static readonly JsonSerializerOptions OneLine = new(CliOutput.Json) { WriteIndented = false };

    public static Command Import(CliOutput output)
    {
        var csv = new Option<string?>("--csv") { Description = T["ImportExport.Opt.csv"], HelpName = "FILE" };
        var jsonl = new Option<string?>("--jsonl") { Description = T["ImportExport.Opt.jsonl"], HelpName = "FILE" };
        var batch = new Option<int>("--batch") { Description = T["ImportExport.Opt.batch"], DefaultValueFactory = _ => 200, HelpName = "N" };
        var encoding = CliParsing.Choice("--encoding", T["ImportExport.Opt.encoding"], "utf-8", AppealImporter.Encodings);
        var appeals = new Command(
            "appeals",
            T.Format("Help.import-appeals", string.Join(", ", AppealImporter.Columns)))
        {
            csv, jsonl, batch, encoding,
        };
        appeals.SetAction(output.Guarded(async (parse, ct) =>
        {
            var (path, isCsv) = (parse.GetValue(csv), parse.GetValue(jsonl)) switch
            {
                ({ } c, null) => (c, true),
                (null, { } j) => (j, false),
                _ => throw new CliException(T["ImportExport.Msg.OneFile"]),
            };
            if (!File.Exists(path))
            {
                throw new CliException(T.Format("ImportExport.Msg.NoFile", Path.GetFullPath(path)));
            }

            if (parse.GetValue(batch) is < 1 or > 10_000)
            {
                throw new CliException(T["ImportExport.Msg.Batch"]);
            }

            AppealImporter.RefuseMisread(path, parse.GetValue(encoding)!);
            await using var session = StaffSession.Open(parse, create: true);
            // The council --council names is part of each imported case's id, as when it was import's own option: a file
            // imported again with the same --council names the same cases.
            var importer = new AppealImporter(session.Engine, session.Calculator, session.Actor, parse.GetValue(GlobalOptions.Council)?.Trim());
            var textEncoding = AppealImporter.EncodingOf(parse.GetValue(encoding)!);
            var rows = isCsv ? AppealImporter.ReadCsv(path, textEncoding) : AppealImporter.ReadJsonLines(path, textEncoding);
            var summary = await importer.ImportAsync(rows, parse.GetValue(batch), (done, seen) => output.Progress(T.Format("ImportExport.Msg.Progress", done, seen)), ct).ConfigureAwait(false);
            foreach (var bad in summary.Rejected)
            {
                output.Progress(T.Format("ImportExport.Msg.Line", bad.Line, bad.Reason));
            }

            if (session.Json)
            {
                output.WriteJson(new
                {
                    rows = summary.Rows, imported = summary.Imported, alreadyPresent = summary.AlreadyPresent,
                    rejected = summary.Rejected.Select(r => new { line = r.Line, reason = r.Reason }),
                });
            }
            else
            {
                output.Line(T.Format("ImportExport.Msg.Summary", summary.Rows, summary.Imported, summary.AlreadyPresent, summary.Rejected.Count));
            }

            return summary.Rejected.Count == 0 ? CouncilCli.Ok : CouncilCli.BadInput;
        }));
        var import = new Command("import", T["ImportExport.Cmd.import"]);
        import.Add(appeals);
        return import;
    }

    public static Command Export(CliOutput output)
    {
        var year = CliParsing.YearOption("Cases created in this year.");
        var format = CliParsing.Choice("--format", T["ImportExport.Opt.format"], "csv", "csv", "jsonl");
        var file = new Option<string?>("--out") { Description = T["ImportExport.Opt.out"], HelpName = "FILE" };
        var kind = CliParsing.Choice("--kind", T["ImportExport.Opt.kind"], "all", "all", "appeal", "petition", "meeting");
        var disclose = new Option<bool>("--disclose-protected")
        {
            Description = T["ImportExport.Opt.disclose-protected"],
        };
        var command = new Command("export", T["ImportExport.Cmd.export"])
        {
            year, format, file, kind, disclose,
        };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            var path = CliParsing.OutputFile("--out", parse.GetValue(file));
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            var zone = session.Calculator.Zone;
            var start = new NodaTime.LocalDate(parse.GetValue(year), 1, 1).AtStartOfDayInZone(zone).ToInstant();
            var end = new NodaTime.LocalDate(parse.GetValue(year) + 1, 1, 1).AtStartOfDayInZone(zone).ToInstant();
            var query = new CaseQuery { Kind = parse.GetValue(kind) is "all" ? null : parse.GetValue(kind), CreatedFrom = start, CreatedBefore = end };
            await using var writer = path is null ? null : new StreamWriter(PrivateFiles.Create(path));
            var target = (TextWriter?)writer ?? output.Out;
            var count = 0;
            if (parse.GetValue(format) == "jsonl")
            {
                await foreach (var row in session.Store.QueryAsync(query, ct).ConfigureAwait(false))
                {
                    var history = Disclosed(await session.Store.LoadHistoryAsync(row.Id, ct).ConfigureAwait(false), parse.GetValue(disclose));
                    await target.WriteLineAsync(JsonSerializer.Serialize(new
                    {
                        id = row.Id.ToString(), kind = row.Kind, council = row.Council, reference = row.Reference, state = row.State, version = row.Version,
                        simulated = session.IsSimulation,
                        events = history.Select(Results.Event),
                    }, OneLine)).ConfigureAwait(false);
                    count++;
                }
            }
            else
            {
                await using var csv = CsvOutput.Create(target);
                foreach (var header in ExportColumns)
                {
                    csv.WriteField(header);
                }

                csv.EndRecord();
                await foreach (var row in session.Store.QueryAsync(query, ct).ConfigureAwait(false))
                {
                    foreach (var e in Disclosed(await session.Store.LoadHistoryAsync(row.Id, ct).ConfigureAwait(false), parse.GetValue(disclose)))
                    {
                        foreach (var field in new[] { row.Id.ToString(), row.Kind, row.Council, row.Reference ?? "" })
                        {
                            csv.WriteField(field);
                        }

                        csv.WriteField(e.Version, default);
                        foreach (var field in new[]
                        {
                            Results.Iso(e.At), e.Type, e.State, e.By.Name, KebabCase.Of(e.By.Role), e.Reason ?? "", e.LegalBasis ?? "",
                            JsonSerializer.Serialize(e.Data, e.Data.GetType(), OneLine), e.RecordedAt is { } recorded ? Results.Iso(recorded) : "",
                            session.IsSimulation ? "true" : "false",
                        })
                        {
                            csv.WriteField(field);
                        }

                        csv.EndRecord();
                    }

                    count++;
                }
            }

            if (path is not null)
            {
                output.Line(T.Format("ImportExport.Msg.Exported", count, path));
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    // An appeal whose applicant asked for non-disclosure (Art. 10) leaves with its identifying details masked, unless the
    // council's own archive asks for them.
    private static IReadOnlyList<CaseEvent> Disclosed(IReadOnlyList<CaseEvent> history, bool disclose) =>
        disclose || !Article10.Applies(history) ? history : [.. history.Select(Article10.Mask)];
}
