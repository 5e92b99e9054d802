using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Council.Workflows.Host.Cli;
using Council.Workflows.Reporting;
using CsvHelper;

namespace Council.Workflows.Host.Reports;

/// <summary>Renders a <see cref="YearReport"/> as text, Markdown, JSON, CSV or one self-contained HTML page: the same numbers in each.</summary>
internal static class ReportRenderer
{
    private static readonly TextSource R = new("Reports");

    public static readonly string[] Formats = ["text", "markdown", "json", "csv", "html"];

    public static string Render(YearReport report, string format, bool uk) => format switch
    {
        "markdown" => Markdown(report, uk),
        "json" => JsonSerializer.Serialize(report, CliOutput.Json),
        "csv" => Csv(report, uk),
        "html" => Html(report, uk),
        _ => Text(report, uk),
    };

    private static string Title(YearReport report, bool uk) =>
        R.Format("ReportRenderer.Title", uk, report.Year, report.Council is null ? "" : $" ({report.Council})")
        + (report.Simulated ? SimulatedMark(uk) : "");

    /// <summary>What marks every report and export of a simulation database.</summary>
    public static string SimulatedMark(bool uk) => R["ReportRenderer.SimulationRehearsalDataNotThe", uk];

    private static string Text(YearReport report, bool uk) => Text(Title(report, uk), ReportLines.Of(report, uk));

    /// <summary>Labelled lines under a title, section by section, the values in one column.</summary>
    internal static string Text(string title, IReadOnlyList<ReportLine> lines)
    {
        var text = new StringBuilder().AppendLine(title);
        // The labels' column as wide as the longest label, so no value runs into its label.
        var width = Math.Max(40, lines.Max(l => l.Label.Length) + 1);
        foreach (var section in lines.GroupBy(l => l.Section))
        {
            text.AppendLine().AppendLine(section.Key);
            foreach (var line in section)
            {
                text.Append("  ").Append(line.Label.PadRight(width)).Append(' ').AppendLine(line.Display);
            }
        }

        return text.ToString();
    }

    private static string Markdown(YearReport report, bool uk) => Markdown(Title(report, uk), ReportLines.Of(report, uk), uk);

    /// <summary>Labelled lines under a title, a table for each section.</summary>
    internal static string Markdown(string title, IReadOnlyList<ReportLine> lines, bool uk)
    {
        var text = new StringBuilder().Append("# ").AppendLine(title);
        foreach (var section in lines.GroupBy(l => l.Section))
        {
            text.AppendLine().Append("## ").AppendLine(section.Key).AppendLine();
            text.AppendLine(R["ReportRenderer.MeasureValue", uk]).AppendLine("|---|---:|");
            foreach (var line in section)
            {
                text.Append("| ").Append(line.Label.Replace("|", "\\|", StringComparison.Ordinal)).Append(" | ").Append(line.Display).AppendLine(" |");
            }
        }

        return text.ToString();
    }

    private static string Csv(YearReport report, bool uk) => Csv(report.Year, ReportLines.Of(report, uk).Select(l => ((string?)null, l)));

    /// <summary>One row per line: the year, the council when <c>council</c> is a column (an installation's report), the line.</summary>
    internal static string Csv(int year, IEnumerable<(string? Council, ReportLine Line)> rows, bool byCouncil = false)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvOutput.Create(writer))
        {
            foreach (var header in byCouncil ? ["year", "council", "section", "metric", "label", "value"] : new[] { "year", "section", "metric", "label", "value" })
            {
                csv.WriteField(header);
            }

            csv.EndRecord();
            foreach (var (council, line) in rows)
            {
                csv.WriteField(year, default);
                if (byCouncil)
                {
                    csv.WriteField(council ?? "");
                }

                csv.WriteField(line.Section);
                csv.WriteField(line.Metric);
                csv.WriteField(line.Label);

                // A value is a number the report computed (written as a number, so -16 stays -16) or a percentage or a dash.
                if (decimal.TryParse(line.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    csv.WriteField(number, default);
                }
                else
                {
                    csv.WriteField(line.Value);
                }
                csv.EndRecord();
            }
        }

        return writer.ToString();
    }

    private static string Html(YearReport report, bool uk) => Html(Title(report, uk), report, ReportLines.Of(report, uk), uk);

    /// <summary>One page: the charts of <paramref name="report"/>, then the lines a table for each section.</summary>
    internal static string Html(string title, YearReport report, IReadOnlyList<ReportLine> lines, bool uk)
    {
        string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(R["ReportRenderer.En", uk]).Append("\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n<style>\n")
            .Append("body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em auto;max-width:60em;color:#1d2733}h1{font-size:1.6em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccd}")
            .Append("table{border-collapse:collapse;width:100%}td{padding:.25em .5em;border-bottom:1px solid #eef}td.v{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}")
            .Append(".charts{display:flex;flex-wrap:wrap;gap:1.5em}figure{margin:0}figcaption{font-size:.9em;color:#556}\n</style>\n</head>\n<body>\n")
            .Append("<h1>").Append(E(title)).Append("</h1>\n<div class=\"charts\">\n");
        var a = report.Appeals;
        html.Append(Figure(R["ReportRenderer.AppealsReceivedByMonth", uk],
            Svg.Bars([.. Enumerable.Range(1, 12).Select(m => ReportLines.MonthName(m, uk)[..3])], [.. a.ByMonth.Select(v => (double)v)], "#2f6db5")));
        // Answers given, late ones in their own colour; the appeals still open at year end apart, as they are not answers.
        html.Append(Figure(R["ReportRenderer.AnswersOnTimeAndLate", uk],
            Svg.Bars([R["ReportRenderer.OnTime", uk], R["ReportRenderer.Late", uk]], [a.AnsweredOnTime, a.AnsweredLate], ["#3a8f5c", "#c0392b"])));
        html.Append(Figure(R["ReportRenderer.OpenAtYearEndOf", uk],
            Svg.Bars([R["ReportRenderer.Open", uk], R["ReportRenderer.Overdue", uk]], [a.StillOpen, a.OverdueAtYearEnd], ["#7f8a99", "#8e1b12"])));
        html.Append(Figure(R["ReportRenderer.AwardedByCategory", uk],
            Svg.Bars([.. report.Awards.ByCategory.Select(c => uk ? c.NameUk : c.NameEn)], [.. report.Awards.ByCategory.Select(c => (double)c.Awarded)], "#b5652f", horizontal: true)));
        html.Append("</div>\n");
        foreach (var section in lines.GroupBy(l => l.Section))
        {
            html.Append("<h2>").Append(E(section.Key)).Append("</h2>\n<table>\n");
            foreach (var line in section)
            {
                html.Append("<tr><td>").Append(E(line.Label)).Append("</td><td class=\"v\">").Append(E(line.Display)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        return html.Append("</body>\n</html>\n").ToString();

        static string Figure(string caption, string svg) => $"<figure>{svg}<figcaption>{WebUtility.HtmlEncode(caption)}</figcaption></figure>\n";
    }
}

/// <summary>Small bar charts as inline SVG: no script, no external file, printable.</summary>
internal static class Svg
{
    public static string Bars(IReadOnlyList<string> labels, IReadOnlyList<double> values, string colour, bool horizontal = false) =>
        Bars(labels, values, [.. labels.Select(_ => colour)], horizontal);

    // Each bar in its own colour (late answers red beside the green of those on time).
    public static string Bars(IReadOnlyList<string> labels, IReadOnlyList<double> values, IReadOnlyList<string> colours, bool horizontal = false)
    {
        var max = Math.Max(1, values.DefaultIfEmpty(0).Max());
        var svg = new StringBuilder();
        string N(double d) => d.ToString("0.#", CultureInfo.InvariantCulture);
        string E(string s) => WebUtility.HtmlEncode(s);
        if (horizontal)
        {
            const int row = 22, barWidth = 220;
            var labelWidth = Math.Max(120, (labels.DefaultIfEmpty("").Max(l => l.Length) * 7) + 10);
            var height = (labels.Count * row) + 10;
            svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + barWidth + 50}\" height=\"{height}\" role=\"img\">");
            for (var i = 0; i < labels.Count; i++)
            {
                var y = 5 + (i * row);
                var w = barWidth * values[i] / max;
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 6}\" y=\"{y + 15}\" font-size=\"12\" text-anchor=\"end\">{E(labels[i])}</text>")
                    .Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{N(w)}\" height=\"{row - 6}\" fill=\"{colours[i]}\"/>")
                    .Append(CultureInfo.InvariantCulture, $"<text x=\"{N(labelWidth + w + 4)}\" y=\"{y + 15}\" font-size=\"12\">{N(values[i])}</text>");
            }
        }
        else
        {
            const int chartHeight = 160;
            var column = Math.Max(34, (labels.DefaultIfEmpty("").Max(l => l.Length) * 7) + 10);
            var width = (labels.Count * column) + 20;
            svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{chartHeight + 40}\" role=\"img\">");
            for (var i = 0; i < labels.Count; i++)
            {
                var h = chartHeight * values[i] / max;
                var x = 10 + (i * column);
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + 4}\" y=\"{N(chartHeight - h + 16)}\" width=\"{column - 8}\" height=\"{N(h)}\" fill=\"{colours[i]}\"/>")
                    .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (column / 2)}\" y=\"{N(chartHeight - h + 12)}\" font-size=\"11\" text-anchor=\"middle\">{N(values[i])}</text>")
                    .Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (column / 2)}\" y=\"{chartHeight + 32}\" font-size=\"11\" text-anchor=\"middle\">{E(labels[i])}</text>");
            }
        }

        return svg.Append("</svg>").ToString();
    }
}
