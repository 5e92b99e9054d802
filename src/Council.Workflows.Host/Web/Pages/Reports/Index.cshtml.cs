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

    /// <summary>The year in numbers: HTML (with its charts) or CSV.</summary>
    public async Task<IActionResult> OnGetYearAsync(int year, string? format, CancellationToken ct)
    {
        if (!MayRead)
        {
            return Forbid();
        }

        if (year is < 2000 or > 2100)
        {
            return BadRequest(WebText.T["Reports.BadYear"]);
        }

        var report = await years.BuildAsync(year, null, ct).ConfigureAwait(false);
        await who.LogAsync("report", null, $"year {year}", ct).ConfigureAwait(false);
        return format == "csv"
            ? File(Bom(ReportRenderer.Render(report, "csv", WebText.Ukrainian)), "text/csv; charset=utf-8", $"report-{year}.csv")
            : Printed(ReportRenderer.Render(report, "html", WebText.Ukrainian));
    }

    /// <summary>The statutory tables for a quarter (1–4) or the whole year (quarter 0): HTML, CSV or .xlsx.</summary>
    public async Task<IActionResult> OnGetStatutoryAsync(int year, int quarter, string? format, CancellationToken ct)
    {
        if (!MayRead)
        {
            return Forbid();
        }

        if (year is < 2000 or > 2100 || quarter is < 0 or > 4)
        {
            return BadRequest(WebText.T["Reports.BadYear"]);
        }

        var report = quarter == 0 ? await statutory.YearAsync(year, null, ct).ConfigureAwait(false) : await statutory.QuarterAsync(year, quarter, null, ct).ConfigureAwait(false);
        await who.LogAsync("report", null, quarter == 0 ? $"statutory {year}" : $"statutory {year}-Q{quarter}", ct).ConfigureAwait(false);
        var table = StatutoryRenderer.Of(report);
        var name = quarter == 0 ? $"statutory-{year}" : $"statutory-{year}-q{quarter}";
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
