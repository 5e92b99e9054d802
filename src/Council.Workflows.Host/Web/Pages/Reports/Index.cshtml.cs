using Council.Workflows.Accounts;
using Council.Workflows.Host.Reports;
using Council.Workflows.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Council.Workflows.Host.Web.Pages.Reports;

/// <summary>
/// The reports, as <c>council report</c> makes them: the year in numbers (with the HTML report's charts) and the statutory
/// tables on appeals for a quarter or a year, to look at or download (CSV; the tables also as .xlsx). For the head and
/// deputies, the clerk, the controller and the auditor.
/// </summary>
internal sealed class IndexModel(YearReportBuilder years, StatutoryReportBuilder statutory, WebSession who, Deadlines.DeadlineCalculator calculator) : PageModel
{
    public int Year { get; private set; }

    public string? Problem { get; private set; }

    private bool MayRead => who.Has(AccountRole.Head) || who.Has(AccountRole.DeputyHead) || who.Has(AccountRole.Clerk) || who.Has(AccountRole.Controller) || who.Has(AccountRole.Auditor);

    public IActionResult OnGet()
    {
        Year = calculator.DateOf(who.Now).Year;
        return MayRead ? Page() : Forbid();
    }

    // A year as typed: four digits from 2000 to 2100.
    private static int? YearOf(string? text) =>
        int.TryParse(text?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year) && year is >= 2000 and <= 2100 ? year : null;

    // A request the page cannot answer: the page again, with why (status 400).
    private PageResult Refused(string problem)
    {
        Year = calculator.DateOf(who.Now).Year;
        Problem = problem;
        Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The year in numbers: HTML (with its charts) or CSV.</summary>
    public async Task<IActionResult> OnGetYearAsync(string? year, string? format, CancellationToken ct)
    {
        if (!MayRead)
        {
            return Forbid();
        }

        if (YearOf(year) is not { } y)
        {
            return Refused(WebText.T.Format("Reports.BadYearTyped", year));
        }

        var report = await years.BuildAsync(y, null, ct).ConfigureAwait(false);
        await who.LogAsync("report", null, $"year {y}", ct).ConfigureAwait(false);
        return format == "csv"
            ? File(Bom(ReportRenderer.Render(report, "csv", WebText.Ukrainian)), "text/csv; charset=utf-8", $"report-{y}.csv")
            : Printed(ReportRenderer.Render(report, "html", WebText.Ukrainian));
    }

    /// <summary>The statutory tables for a quarter (1–4) or the whole year (quarter 0): HTML, CSV or .xlsx.</summary>
    public async Task<IActionResult> OnGetStatutoryAsync(string? year, int? quarter, string? format, CancellationToken ct)
    {
        if (!MayRead)
        {
            return Forbid();
        }

        if (YearOf(year) is not { } y)
        {
            return Refused(WebText.T.Format("Reports.BadYearTyped", year));
        }

        if (quarter is not (>= 0 and <= 4))
        {
            return Refused(WebText.T["Reports.BadYear"]);
        }

        var report = quarter == 0 ? await statutory.YearAsync(y, null, ct).ConfigureAwait(false) : await statutory.QuarterAsync(y, quarter.Value, null, ct).ConfigureAwait(false);
        await who.LogAsync("report", null, quarter == 0 ? $"statutory {y}" : $"statutory {y}-Q{quarter}", ct).ConfigureAwait(false);
        var table = StatutoryRenderer.Of(report);
        var name = quarter == 0 ? $"statutory-{y}" : $"statutory-{y}-q{quarter}";
        switch (format)
        {
            case "xlsx":
                using (var stream = new MemoryStream())
                {
                    StatutoryRenderer.Xlsx(table, stream);
                    return File(stream.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
                }

            case "csv":
                return File(Bom(StatutoryRenderer.Render(table, "csv")), "text/csv; charset=utf-8", name + ".csv");
            default:
                return Printed(StatutoryRenderer.Render(table, "html"));
        }
    }

    // A report's own page carries its style sheet (and drawn charts) in the page; it runs no script.
    private ContentResult Printed(string html)
    {
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        return Content(html, "text/html; charset=utf-8");
    }

    private static byte[] Bom(string text) => [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(text)];
}
