using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Council.Workflows.Reporting;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Council.Workflows.Host.Reports;

/// <summary>
/// The statutory tables on appeals written out: text and Markdown to read, JSON and CSV for other programs (keys and column
/// codes stable), HTML that prints, and an .xlsx workbook (a sheet per table and one of the checks), as the oblast's
/// templates are spreadsheets.
/// </summary>
internal static class StatutoryRenderer
{
    public static readonly string[] Formats = ["text", "markdown", "json", "csv", "html", "xlsx"];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Tables with their keys (JSON and CSV name them), a note, the sum checks and the report's own JSON fields.</summary>
    internal sealed record TableReport(
        string Heading, IReadOnlyList<(string Key, string Sheet, StatisticalTable Table)> Tables, string? Note, IReadOnlyList<SumCheck> Checks,
        IReadOnlyDictionary<string, object?> Head);

    public static TableReport Of(StatutoryReport report) => new(
        $"Звіт про роботу зі зверненнями громадян (Класифікатор звернень, постанова КМУ № 858): {report.From:dd.MM.uuuu}–{report.To:dd.MM.uuuu}"
        + (report.Council is { } council ? $", рада {council}" : "") + Mark(report.Simulated),
        [("current", "Цей період", report.Current), ("previous", "Минулий рік", report.Previous), .. report.Topics is { } t ? new[] { ("topics", "Тематика", t) } : []],
        report.TopicsNote, report.Checks,
        new Dictionary<string, object?>
        {
            ["period"] = report.Period, ["from"] = report.From.ToString("uuuu-MM-dd", Invariant), ["to"] = report.To.ToString("uuuu-MM-dd", Invariant),
            ["council"] = report.Council, ["simulated"] = report.Simulated, ["topics"] = null, ["topicsNote"] = report.TopicsNote,
        });

    public static TableReport Of(DisciplineReport report) => new(
        $"Виконавська дисципліна: звернення {report.From:dd.MM.uuuu}–{report.To:dd.MM.uuuu}" + (report.Council is { } council ? $", рада {council}" : "")
        + Mark(report.Simulated),
        [("executors", "Виконавці", report.Table)], report.Note, report.Checks,
        new Dictionary<string, object?>
        {
            ["from"] = report.From.ToString("uuuu-MM-dd", Invariant), ["to"] = report.To.ToString("uuuu-MM-dd", Invariant), ["council"] = report.Council,
            ["simulated"] = report.Simulated,
        });

    // The one mark every report and export of a simulation file carries (the year report's words), in the heading of each
    // format, as a record of the CSV and a row atop each sheet of the workbook.
    private static string Mark(bool simulated) => simulated ? ReportRenderer.SimulatedMark(uk: true) : "";

    private static bool Simulated(TableReport report) => report.Head.TryGetValue("simulated", out var s) && s is true;

    // A column's heading for people: its label, with the classifier's code where the column has one (5.2, 3.1, 9.4-9.6);
    // the table's own keys (appeals, open, citizens, on-time) are for programs and stay in JSON and CSV.
    private static string ColumnHeading((string Code, string Label) column) =>
        char.IsDigit(column.Code[0]) ? $"{column.Label} ({column.Code})" : column.Label;

    public static string Render(TableReport report, string format) => format switch
    {
        "markdown" => Markdown(report),
        "json" => Json(report),
        "csv" => Csv(report),
        "html" => Html(report),
        _ => Text(report),
    };

    private static IEnumerable<StatisticalTable> Tables(TableReport report) => report.Tables.Select(t => t.Table);

    private static string Heading(TableReport report) => report.Heading;

    private static string Text(TableReport report)
    {
        var text = new StringBuilder().Append(Heading(report)).Append('\n');
        foreach (var table in Tables(report))
        {
            text.Append('\n').Append(table.Title).Append('\n');
            var labelWidth = Math.Min(48, table.Rows.Max(r => RowLabel(r).Length));
            // Columns numbered as the form's «графи» are, their names in the legend below the table.
            var widths = table.Columns.Select((c, i) => Math.Max(Graph(i).Length, table.Rows.Max(r => Number(r.Values[i]).Length))).ToList();
            text.Append(new string(' ', labelWidth));
            for (var i = 0; i < widths.Count; i++)
            {
                text.Append("  ").Append(Graph(i).PadLeft(widths[i]));
            }

            text.Append('\n');
            foreach (var row in table.Rows)
            {
                var label = RowLabel(row);
                text.Append(label.Length > labelWidth ? label[..(labelWidth - 1)] + "…" : label.PadRight(labelWidth));
                for (var i = 0; i < widths.Count; i++)
                {
                    text.Append("  ").Append(Number(row.Values[i]).PadLeft(widths[i]));
                }

                text.Append('\n');
            }

            text.Append("Графи: ").Append(string.Join("; ", table.Columns.Select((c, i) => $"{Graph(i)} — {ColumnHeading(c)}"))).Append('\n');
        }

        if (report.Note is { } note)
        {
            text.Append('\n').Append(note).Append('\n');
        }

        text.Append("\nПеревірка сум:\n");
        foreach (var check in report.Checks)
        {
            text.Append(check.Holds ? "  ✓ " : "  ✗ НЕ ЗБІГАЄТЬСЯ: ").Append(check.Rule).Append(" — ").Append(check.Detail).Append('\n');
        }

        return text.ToString();
    }

    private static string Markdown(TableReport report)
    {
        var md = new StringBuilder().Append("# ").Append(Heading(report)).Append('\n');
        foreach (var table in Tables(report))
        {
            md.Append("\n## ").Append(table.Title).Append("\n\n| Рядок | ").Append(string.Join(" | ", table.Columns.Select(ColumnHeading))).Append(" |\n|---|")
                .Append(string.Concat(table.Columns.Select(_ => "---:|"))).Append('\n');
            foreach (var row in table.Rows)
            {
                md.Append("| ").Append(row.Code == "total" ? $"**{row.Label}**" : RowLabel(row)).Append(" | ").Append(string.Join(" | ", row.Values.Select(Number))).Append(" |\n");
            }
        }

        if (report.Note is { } note)
        {
            md.Append('\n').Append(note).Append('\n');
        }

        md.Append("\n## Перевірка сум\n\n");
        foreach (var check in report.Checks)
        {
            md.Append("- ").Append(check.Holds ? "✓ " : "✗ **не збігається:** ").Append(check.Rule).Append(" — ").Append(check.Detail).Append('\n');
        }

        return md.ToString();
    }

    // Stable keys: tables by name, columns and rows by their codes.
    private static string Json(TableReport report)
    {
        var json = new Dictionary<string, object?>(report.Head);
        foreach (var (key, _, table) in report.Tables)
        {
            json[key] = TableJson(table);
        }

        json["checks"] = report.Checks.Select(c => new { rule = c.Rule, holds = c.Holds, detail = c.Detail });
        json["allChecksHold"] = report.Checks.All(c => c.Holds);
        return JsonSerializer.Serialize(json, Cli.CliOutput.Json) + "\n";
    }

    private static object TableJson(StatisticalTable table) => new
    {
        title = table.Title,
        columns = table.Columns.Select(c => new { code = c.Code, label = c.Label }),
        rows = table.Rows.Select(r => new { code = r.Code, label = r.Label, values = table.Columns.Select((c, i) => (c.Code, i)).ToDictionary(c => c.Code, c => r.Values[c.i]) }),
    };

    // One line per cell: table, row, column and value, so a spreadsheet or a script can pivot it.
    private static string Csv(TableReport report)
    {
        using var writer = new StringWriter(Invariant);
        using var csv = Cli.CsvOutput.Create(writer);
        foreach (var header in new[] { "table", "row_code", "row", "column_code", "column", "value" })
        {
            csv.WriteField(header);
        }

        csv.EndRecord();
        if (Simulated(report))
        {
            // A simulation's figures say so in the file itself, as a record a script can test (table "report", row "simulated").
            foreach (var field in new[] { "report", "simulated", Mark(true).TrimStart(' ', '—').Trim(), "simulated", "" })
            {
                csv.WriteField(field);
            }

            csv.WriteField(1);
            csv.EndRecord();
        }

        foreach (var (name, _, table) in report.Tables)
        {
            foreach (var row in table.Rows)
            {
                for (var i = 0; i < table.Columns.Count; i++)
                {
                    foreach (var field in new[] { name, row.Code, row.Label, table.Columns[i].Code, table.Columns[i].Label })
                    {
                        csv.WriteField(field);
                    }

                    csv.WriteField(row.Values[i]);
                    csv.EndRecord();
                }
            }
        }

        csv.Flush();
        return writer.ToString();
    }

    private static string Html(TableReport report)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"uk\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(E(Heading(report))).Append("</title>\n<style>\n")
            .Append("@page { size: A4 landscape; margin: 15mm; }\nbody { font-family: \"Times New Roman\", \"Liberation Serif\", serif; font-size: 11pt; margin: 10mm; }\n")
            .Append("table { border-collapse: collapse; margin: 3mm 0 6mm; }\nth, td { border: 1px solid #444; padding: 1mm 1.5mm; }\nth { font-weight: normal; font-size: 9pt; vertical-align: bottom; }\n")
            .Append("td.n { text-align: right; font-variant-numeric: tabular-nums; }\ntr.total td { font-weight: bold; }\n.bad { color: #b00020; font-weight: bold; }\n.ok { color: #1b5e20; }\n")
            .Append("</style>\n</head>\n<body>\n<h1 style=\"font-size:14pt\">").Append(E(Heading(report))).Append("</h1>\n");
        foreach (var table in Tables(report))
        {
            html.Append("<h2 style=\"font-size:12pt\">").Append(E(table.Title)).Append("</h2>\n<table>\n<tr><th>Рядок</th>");
            foreach (var column in table.Columns)
            {
                // The classifier's codes are shown under the labels; the table's own keys (appeals, open, citizens) are not.
                html.Append("<th>").Append(E(column.Label)).Append(char.IsDigit(column.Code[0]) ? $"<br>{E(column.Code)}" : "").Append("</th>");
            }

            html.Append("</tr>\n");
            foreach (var row in table.Rows)
            {
                html.Append(row.Code == "total" ? "<tr class=\"total\">" : "<tr>").Append("<td>").Append(E(RowLabel(row))).Append("</td>");
                foreach (var value in row.Values)
                {
                    html.Append("<td class=\"n\">").Append(Number(value)).Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("</table>\n");
        }

        if (report.Note is { } note)
        {
            html.Append("<p>").Append(E(note)).Append("</p>\n");
        }

        html.Append("<h2 style=\"font-size:12pt\">Перевірка сум</h2>\n<ul>\n");
        foreach (var check in report.Checks)
        {
            html.Append("<li class=\"").Append(check.Holds ? "ok" : "bad").Append("\">").Append(check.Holds ? "✓ " : "✗ не збігається: ").Append(E(check.Rule)).Append(" — ").Append(E(check.Detail)).Append("</li>\n");
        }

        return html.Append("</ul>\n</body>\n</html>\n").ToString();
    }

    /// <summary>The workbook: a sheet per table (numbers as numbers) and one of the sum checks.</summary>
    public static void Xlsx(TableReport report, Stream stream)
    {
        using var book = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook);
        var workbook = book.AddWorkbookPart();
        workbook.Workbook = new Workbook(new Sheets());
        var sheets = workbook.Workbook.Sheets!;
        uint id = 1;
        void Sheet(string name, IEnumerable<IEnumerable<object>> rows)
        {
            var part = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            foreach (var values in rows)
            {
                data.Append(new Row(values.Select(v => v is long n
                    ? new Cell { DataType = CellValues.Number, CellValue = new CellValue(n.ToString(Invariant)) }
                    : new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(Clean(v.ToString() ?? ""))) })));
            }

            part.Worksheet = new Worksheet(data);
            sheets.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
        }

        foreach (var (_, name, table) in report.Tables)
        {
            // Each sheet opens with the report's heading, so a sheet copied out alone still says its period, council and
            // whether it is a simulation's.
            IEnumerable<object>[] header = [[Heading(report)], [table.Title], ["Рядок", .. table.Columns.Select(c => (object)ColumnHeading(c))]];
            Sheet(name, header.Concat(table.Rows.Select(r => (IEnumerable<object>)[RowLabel(r), .. r.Values.Cast<object>()])));
        }

        Sheet("Перевірка сум", [[Heading(report)], ["Правило", "Виконується", "Деталі"], .. report.Checks.Select(c => (IEnumerable<object>)[c.Rule, c.Holds ? "так" : "НІ", c.Detail])]);
        workbook.Workbook.Save();
    }

    private static string Number(long value) => value.ToString(Invariant);

    private static string Graph(int index) => (index + 1).ToString(Invariant);

    // A classifier row is named with its code; a department by its name; an executor under it, indented; the total as «Разом».
    private static string RowLabel(StatisticalRow row) => row.Code switch
    {
        "total" or "department" or "none" => row.Label,
        "executor" => "  " + row.Label,
        _ when char.IsDigit(row.Code[0]) => $"{row.Code} {row.Label}",
        _ => row.Label,
    };

    private static string Clean(string text) => new([.. text.Where(c => !char.IsControl(c))]);
}
