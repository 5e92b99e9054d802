using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Council.Workflows.Host.Tests;

// The card, the letters, the receipt and the minutes printed: HTML that prints on A4, looked at in Chromium (a screenshot and
// a PDF of each), and .docx opened back with the Open XML SDK.
public sealed class PrintedDocumentsTest : IDisposable
{
    private static readonly string[] Members = ["--chair", "Гречко Наталія", "--secretary", "Ковальчук Андрій", "--member", "Лисенко Оксана", "--member", "Мороз Василь", "--member", "Олійник Тетяна"];
    private readonly string _directory = Directory.CreateTempSubdirectory("council-print-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    private string File(string name) => Path.Combine(_directory, name);

    // An answered appeal with the card's fields, on a council's letterhead; the subject carries markup that must print as text.
    private async Task AnsweredAppealAsync(string numbering = "per-year")
    {
        System.IO.File.WriteAllText(File("appsettings.json"), $$"""
            { "OrganisationName": "Житомирська міська рада",
              "Letterhead": { "Address": "майдан Корольова, 4/2, м. Житомир, 10014", "Phone": "(0412) 48-12-00", "Code": "13576954", "SignatoryName": "Сергій СУХОМЛИН" },
              "Appeals": { "Outgoing": { "Numbering": "{{numbering}}", "Format": "01-15/{number}" } } }
            """);
        (await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро Іванович", "--address", "м. Житомир, вул. Київська, 1",
            "--subject", "Ремонт дороги <script>alert(1)</script> біля школи", "--category", "7.5", "--pages", "2", "--at", "2023-01-31T10:00", "--role", "clerk")).ExitCode.Should().Be(0);
        (await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--resolution", "Підготувати відповідь", "--at", "2023-01-31T11:00", "--role", "head")).ExitCode.Should().Be(0);
        (await Council("appeals", "interim", "К-1", "--text", "Звернення перебуває на розгляді в управлінні.", "--at", "2023-02-10T10:00", "--as", "Бондар Сергій", "--role", "executor")).ExitCode.Should().Be(0);
        var answer = await Council("appeals", "answer", "К-1", "--outcome", "refused", "--summary", "У ремонті відмовлено.", "--legal-basis", "ст. 19 Закону",
            "--reasons", "Дорога не належить до комунальної власності", "--how-to-appeal", "до суду в місячний строк", "--at", "2023-02-20T10:00", "--as", "Бондар Сергій", "--role", "executor");
        answer.ExitCode.Should().Be(0, answer.Err);
    }

    [Fact]
    public async Task Letter_TheAnswer_PrintsOnTheLetterheadWithItsOutgoingNumber_InEveryFormat()
    {
        await AnsweredAppealAsync();

        var text = await Council("appeals", "letter", "К-1", "--at", "2023-02-21T10:00");
        var html = await Council("appeals", "letter", "К-1", "--format", "html", "--out", File("answer.html"), "--at", "2023-02-21T10:00");
        var docx = await Council("appeals", "letter", "К-1", "--format", "docx", "--out", File("answer.docx"), "--at", "2023-02-21T10:00");
        var interim = await Council("appeals", "letter", "К-1", "--kind", "interim-answer", "--at", "2023-02-21T10:00");

        text.ExitCode.Should().Be(0, text.Err);
        text.Out.Should().Contain("Житомирська міська рада")
            .And.Contain("20.02.2023 № 01-15/2").And.Contain("На № К-1 від 31.01.2023").And.Contain("Коваленко Петро Іванович")
            .And.Contain("Підстава відмови: ст. 19 Закону.").And.Contain("рішення може бути оскаржене: до суду в місячний строк.")
            .And.Contain("Сергій СУХОМЛИН").And.Contain("Виконавець: Бондар Сергій");
        interim.Out.Should().Contain("10.02.2023 № 01-15/1").And.Contain("перебуває на розгляді");
        html.ExitCode.Should().Be(0, html.Err);
        var page = System.IO.File.ReadAllText(File("answer.html"));
        page.Should().Contain("@page { size: A4;").And.Contain("&lt;script&gt;alert(1)&lt;/script&gt;").And.NotContain("<script>");
        docx.ExitCode.Should().Be(0, docx.Err);
        using var word = WordprocessingDocument.Open(File("answer.docx"), false);
        var body = word.MainDocumentPart!.Document.Body!;
        body.InnerText.Should().Contain("20.02.2023 № 01-15/2").And.Contain("<script>alert(1)</script>").And.Contain("Сергій СУХОМЛИН");
        var section = body.Elements<SectionProperties>().Single();
        section.GetFirstChild<PageSize>()!.Width!.Value.Should().Be(11906u, "A4 is 210 mm wide");
        section.GetFirstChild<PageMargin>()!.Left!.Value.Should().Be(1701u, "ДСТУ 4163 leaves 30 mm on the left");
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.GetUnixFileMode(File("answer.docx")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task Card_AsDocx_HoldsEveryFieldInATwoColumnTable_FrontAndBack()
    {
        await AnsweredAppealAsync();

        var run = await Council("appeals", "card", "К-1", "--format", "docx", "--out", File("card.docx"), "--at", "2023-02-21T10:00");

        run.ExitCode.Should().Be(0, run.Err);
        using var word = WordprocessingDocument.Open(File("card.docx"), false);
        var body = word.MainDocumentPart!.Document.Body!;
        var rows = body.Descendants<TableRow>().Select(r => r.Elements<TableCell>().Select(c => c.InnerText).ToArray()).ToList();
        rows.Should().ContainEquivalentOf(new[] { "Реєстраційний індекс", "К-1" });
        rows.Should().ContainEquivalentOf(new[] { "Категорія автора", "7.5 Учасники бойових дій" });
        rows.Should().ContainEquivalentOf(new[] { "Вихідний лист", "відповідь, вих. № 01-15/2 від 20.02.2023" });
        body.Descendants<Break>().Should().ContainSingle(b => b.Type! == BreakValues.Page, "the back starts a new page");
        word.PackageProperties.Title.Should().Be("РКК К-1");
    }

    [Fact]
    public async Task Print_DocxWithoutAFile_OrALetterTheAppealDidNotSend_IsOneLine()
    {
        await AnsweredAppealAsync();

        (await Council("appeals", "card", "К-1", "--format", "docx")).ShouldFailWithOneLine("give --out FILE");
        (await Council("appeals", "letter", "К-1", "--kind", "forwarding")).ShouldFailWithOneLine("has no such letter (letters sent: interim-answer № 01-15/1, answer № 01-15/2)");
        (await Council("appeals", "card", "К-1", "--format", "pdf")).ExitCode.Should().Be(2);
        (await Council("appeals", "card", "К-1", "--format", "html", "--out", Path.Combine(_directory, "missing", "card.html"))).ShouldFailWithOneLine("does not exist");
    }

    [Fact]
    public async Task Printed_Pages_LookRightInChromium_OneA4PageForALetter_TwoForTheCard()
    {
        await AnsweredAppealAsync();
        await MeetingAsync();
        foreach (var (name, args) in new (string, string[])[]
        {
            ("card", ["appeals", "card", "К-1"]), ("answer", ["appeals", "letter", "К-1"]), ("receipt", ["appeals", "receipt", "К-1"]),
            ("minutes", ["awards", "meeting", "minutes", "1"]),
        })
        {
            var run = await Council([.. args, "--format", "html", "--out", File($"{name}.html"), "--at", "2023-03-01T18:00"]);
            run.ExitCode.Should().Be(0, run.Err);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium(), Args = ["--no-sandbox"] });
        var shots = Path.Combine(AppContext.BaseDirectory, "printed");
        Directory.CreateDirectory(shots);
        var pages = new Dictionary<string, int>();
        foreach (var name in new[] { "card", "answer", "receipt", "minutes" })
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 900, Height = 1200 } });
            await page.GotoAsync(new Uri(File($"{name}.html")).AbsoluteUri);

            // The sheet is A4 wide (210 mm at 96 px per inch); nothing runs over its right edge; the text is set in a serif face.
            var width = await page.EvaluateAsync<double>("document.querySelector('.page').getBoundingClientRect().width");
            var overflow = await page.EvaluateAsync<int>(
                "[...document.querySelectorAll('.page *')].filter(e => e.getBoundingClientRect().right > document.querySelector('.page').getBoundingClientRect().right + 1).length");
            var font = await page.EvaluateAsync<string>("getComputedStyle(document.body).fontFamily");
            width.Should().BeApproximately(793.7, 1, name);
            overflow.Should().Be(0, $"nothing in the {name} runs past the sheet");
            font.Should().Contain("Times New Roman");
            await page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"{name}.png"), FullPage = true });
            var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true });
            pages[name] = System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]");
        }

        pages["answer"].Should().Be(1);
        pages["receipt"].Should().Be(1);
        pages["card"].Should().Be(2, "the back of the card is its own page");
        pages["minutes"].Should().BeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task Minutes_AsDocx_HaveTheTitleTheVotesAndBothSignatures()
    {
        await MeetingAsync();

        var run = await Council("awards", "meeting", "minutes", "1", "--format", "docx", "--out", File("minutes.docx"), "--at", "2023-03-01T18:00");

        run.ExitCode.Should().Be(0, run.Err);
        using var word = WordprocessingDocument.Open(File("minutes.docx"), false);
        var paragraphs = word.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        paragraphs[0].Should().Be("Міська рада", "the printed minutes carry the council's name at the head");
        paragraphs[1].Should().Be("ПРОТОКОЛ № 1");
        paragraphs.Should().Contain(p => p.StartsWith("Голосували (рекомендувати до нагородження", StringComparison.Ordinal));
        paragraphs.Should().Contain(p => p.StartsWith("Голова комісії", StringComparison.Ordinal) && p.EndsWith("Гречко Наталія", StringComparison.Ordinal));
        paragraphs.Should().Contain(p => p.StartsWith("Секретар комісії", StringComparison.Ordinal) && p.EndsWith("Ковальчук Андрій", StringComparison.Ordinal));
    }

    // A closed meeting that recommended one nominee.
    private async Task MeetingAsync()
    {
        Task<CliRun> Secretary(params string[] args) => Council([.. args, "--as", "Ковальчук Андрій", "--role", "secretary", "--at", "2023-03-01T10:00"]);
        (await Secretary("awards", "petition", "submit", "--petitioner", "Військова частина А0000", "--petitioner-kind", "military-unit",
            "--nominee", "Шевченко Олег Петрович|thanks|military|За мужність")).ExitCode.Should().Be(0);
        (await Secretary("awards", "petition", "register", "1/2023")).ExitCode.Should().Be(0);
        (await Secretary(["awards", "meeting", "schedule", "--on", "2023-03-01", .. Members])).ExitCode.Should().Be(0);
        (await Secretary("awards", "meeting", "add", "1", "1/2023")).ExitCode.Should().Be(0);
        (await Secretary("awards", "meeting", "open", "1", "--present", "Гречко Наталія", "--present", "Ковальчук Андрій", "--present", "Лисенко Оксана", "--present", "Мороз Василь")).ExitCode.Should().Be(0);
        (await Secretary("awards", "meeting", "vote", "1", "--petition", "1/2023", "--nominee", "1", "--for", "Гречко Наталія", "--for", "Ковальчук Андрій", "--for", "Лисенко Оксана", "--for", "Мороз Василь")).ExitCode.Should().Be(0);
        (await Secretary("awards", "meeting", "close", "1")).ExitCode.Should().Be(0);
    }

    // Debian's Chromium, or the one named by PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH; without it this test fails (it is never skipped).
    internal static string Chromium()
    {
        var path = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH") is { Length: > 0 } given ? given : "/usr/bin/chromium";
        return System.IO.File.Exists(path)
            ? path
            : throw new InvalidOperationException($"Chromium is not at {path}: install Debian's 'chromium' (.ci/run does) or set PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH.");
    }
}
