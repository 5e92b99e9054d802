using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Council.Workflows.Host.Tests;

// council report --quarter: the statutory tables in every format, the sums checked, the page and the workbook looked at.
public sealed class StatutoryReportCliTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-statutory-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    private string File(string name) => Path.Combine(_directory, name);

    private async Task QuarterAsync()
    {
        (await Council("appeals", "register", "--kind", "скарга", "--applicant", "Коваленко Петро", "--address", "м. Житомир", "--subject", "Дорога", "--category", "7.5",
            "--collective", "5", "--received", "2023-07-10", "--at", "2023-07-10T10:00", "--role", "clerk")).ExitCode.Should().Be(0);
        (await Council("appeals", "register", "--kind", "заява", "--applicant", "Мазур Ганна", "--address", "м. Житомир", "--subject", "Світло", "--channel", "personal-reception",
            "--at", "2023-08-01T10:00", "--role", "clerk")).ExitCode.Should().Be(0);
        (await Council("appeals", "assign", "М-2", "--executor", "Бондар Сергій", "--at", "2023-08-01T11:00", "--role", "head")).ExitCode.Should().Be(0);
        (await Council("appeals", "answer", "М-2", "--outcome", "explained", "--summary", "Пояснено", "--at", "2023-08-10T10:00", "--as", "Бондар Сергій", "--role", "executor")).ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task Quarter_InEveryFormat_HasTheRowsTheChecksAndLastYear()
    {
        await QuarterAsync();

        var text = await Council("report", "--quarter", "2023-Q3", "--at", "2023-12-01");
        var json = (await Council("report", "--quarter", "2023-Q3", "--format", "json", "--at", "2023-12-01")).Json;
        var csv = await Council("report", "--quarter", "2023-q3", "--format", "csv", "--at", "2023-12-01");
        var markdown = await Council("report", "--quarter", "2023Q3", "--format", "markdown", "--at", "2023-12-01");

        text.ExitCode.Should().Be(0, text.Err);
        text.Out.Should().Contain("Звернення громадян за 3 квартал 2023 року").And.Contain("Той самий період минулого року (3 квартал 2022 року)")
            .And.MatchRegex(@"Разом\s+2\s+1\s+0\s+1 ").And.Contain("✓ «Разом» дорівнює сумі рядків у кожній графі (цей період)").And.NotContain("✗");
        var current = json.GetProperty("current");
        var total = current.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "total").GetProperty("values");
        (total.GetProperty("appeals").GetInt64(), total.GetProperty("5.2").GetInt64(), total.GetProperty("7.5").GetInt64(), total.GetProperty("3.3").GetInt64(),
            total.GetProperty("9.3").GetInt64(), total.GetProperty("open").GetInt64(), total.GetProperty("citizens").GetInt64()).Should().Be((2L, 1L, 1L, 1L, 1L, 1L, 6L));
        json.GetProperty("allChecksHold").GetBoolean().Should().BeTrue();
        json.GetProperty("topics").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        csv.Out.Split('\n')[0].TrimEnd('\r').Should().Be("table,row_code,row,column_code,column,value");
        csv.Out.Should().Contain("current,total,Разом,appeals,Звернень,2");
        markdown.Out.Should().Contain("| **Разом** | 2 | 1 |");
    }

    [Fact]
    public async Task Executors_ByDepartment_FromTheSettings()
    {
        File("appsettings.json").Should().NotBeNull();
        System.IO.File.WriteAllText(File("appsettings.json"), """{ "Appeals": { "Departments": [ { "Name": "Управління ЖКГ", "Executors": [ "Бондар Сергій" ] } ] } }""");
        await QuarterAsync();

        var text = await Council("report", "--quarter", "2023-Q3", "--executors", "--at", "2023-12-01");
        var json = (await Council("report", "--quarter", "2023-Q3", "--executors", "--format", "json", "--at", "2023-12-01")).Json;

        text.ExitCode.Should().Be(0, text.Err);
        text.Out.Should().Contain("Виконавська дисципліна").And.MatchRegex(@"Управління ЖКГ\s+1\s+1\s+0\s+0\s+0").And.MatchRegex(@"  Бондар Сергій\s+1\s+1");
        json.GetProperty("executors").GetProperty("rows")[0].GetProperty("label").GetString().Should().Be("Управління ЖКГ");
        json.GetProperty("allChecksHold").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Quarter_AsAWorkbook_HasASheetPerTableWithNumbers_AndTheChecks()
    {
        await QuarterAsync();

        var run = await Council("report", "--quarter", "2023-Q3", "--format", "xlsx", "--out", File("q3.xlsx"), "--at", "2023-12-01");

        run.ExitCode.Should().Be(0, run.Err);
        using var book = SpreadsheetDocument.Open(File("q3.xlsx"), false);
        var part = book.WorkbookPart!;
        part.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).Should().Equal("Цей період", "Минулий рік", "Перевірка сум");
        var first = (WorksheetPart)part.GetPartById(part.Workbook.Sheets!.Elements<Sheet>().First().Id!);
        var rows = first.Worksheet.Descendants<Row>().ToList();
        var totalRow = rows.Single(r => r.Elements<Cell>().First().InnerText == "Разом").Elements<Cell>().ToList();
        totalRow[1].DataType!.Value.Should().Be(CellValues.Number);
        totalRow[1].CellValue!.Text.Should().Be("2");
    }

    [Fact]
    public async Task Simulation_IsMarked_InEveryFormat_TheWorkbookAndTheCsvToo()
    {
        (await Council("init", "--simulation")).ExitCode.Should().Be(0);
        await QuarterAsync();
        const string mark = "СИМУЛЯЦІЯ: навчальні дані, не робочий облік ради";

        (await Council("report", "--quarter", "2023-Q3", "--format", "xlsx", "--out", File("q3.xlsx"), "--at", "2023-12-01")).ExitCode.Should().Be(0);
        var csv = await Council("report", "--quarter", "2023-Q3", "--format", "csv", "--at", "2023-12-01");
        var text = await Council("report", "--quarter", "2023-Q3", "--executors", "--at", "2023-12-01");
        var html = await Council("report", "--quarter", "2023-Q3", "--format", "html", "--at", "2023-12-01");

        using var book = SpreadsheetDocument.Open(File("q3.xlsx"), false);
        var part = book.WorkbookPart!;
        foreach (var sheet in part.Workbook.Sheets!.Elements<Sheet>())
        {
            var first = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet.Descendants<Row>().First().InnerText;
            first.Should().Contain(mark, $"sheet «{sheet.Name}» opens with the report's heading");
        }

        csv.Out.Split('\n')[1].Should().StartWith($"report,simulated,\"{mark}\",simulated,,1");
        text.Out.Split('\n')[0].Should().Contain(mark);
        html.Out.Should().Contain($"<h1 style=\"font-size:14pt\">").And.Contain(mark);
    }

    [Fact]
    public async Task WorkingFile_HasNoMark_AndTheTextNamesColumnsInUkrainian()
    {
        await QuarterAsync();

        var csv = await Council("report", "--quarter", "2023-Q3", "--format", "csv", "--at", "2023-12-01");
        var text = await Council("report", "--quarter", "2023-Q3", "--executors", "--at", "2023-12-01");
        var markdown = await Council("report", "--quarter", "2023-Q3", "--format", "markdown", "--at", "2023-12-01");

        csv.Out.Should().NotContain("simulated");
        text.Out.Should().NotContain("СИМУЛЯЦІЯ").And.NotContain("on-time").And.NotContain("on-control").And.Contain("Графи: 1 — на контролі");
        markdown.Out.Should().NotContain("(appeals)").And.NotContain("(citizens)").And.Contain("колективних (5.2)");
    }

    [Fact]
    public async Task Report_WrongArguments_AreOneLine()
    {
        await QuarterAsync();

        (await Council("report", "--quarter", "2023-Q5")).ShouldFailWithOneLine("--quarter '2023-Q5' is not a quarter");
        (await Council("report")).ShouldFailWithOneLine("give one of --year YYYY");
        (await Council("report", "--year", "2023", "--quarter", "2023-Q1")).ShouldFailWithOneLine("give one of --year YYYY");
        (await Council("report", "--quarter", "2023-Q3", "--format", "xlsx")).ShouldFailWithOneLine("give --out FILE");
        (await Council("report", "--year", "2023", "--format", "xlsx", "--out", File("x.xlsx"))).ShouldFailWithOneLine("xlsx is the statutory tables' format");
    }

    [Fact]
    public async Task Quarter_AsHtml_LooksRightInChromium()
    {
        await QuarterAsync();
        (await Council("report", "--quarter", "2023-Q3", "--format", "html", "--out", File("q3.html"), "--at", "2023-12-01")).ExitCode.Should().Be(0);

        using var playwright = await Playwright.CreateAsync();
        var chromium = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH") is { Length: > 0 } given ? given : "/usr/bin/chromium";
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        await page.GotoAsync(new Uri(File("q3.html")).AbsoluteUri);

        var tables = await page.EvaluateAsync<int>("document.querySelectorAll('table').length");
        var totalCells = await page.EvaluateAsync<string[]>("[...document.querySelector('tr.total').children].map(c => c.textContent)");
        var checks = await page.EvaluateAsync<int>("document.querySelectorAll('li.ok').length");
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        tables.Should().Be(2);
        totalCells[0].Should().Be("Разом");
        totalCells[1].Should().Be("2");
        checks.Should().Be(8);
        overflow.Should().BeFalse("the table fits a landscape page's width");
        var shots = Path.Combine(AppContext.BaseDirectory, "printed");
        Directory.CreateDirectory(shots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "statutory-q3.png"), FullPage = true });
    }
}
