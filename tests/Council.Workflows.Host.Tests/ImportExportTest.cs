using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

public sealed class ImportExportTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-import-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    private static string Sample => Path.Combine(Appeals.RepositoryRoot(), "samples", "import", "appeals.csv");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db, "--as", "Петренко Олена", "--role", "clerk"]);

    [Fact]
    public async Task Import_SampleCsv_ImportsEveryRowWithItsAnswers()
    {
        var run = await Council("import", "appeals", "--csv", Sample, "--json");

        run.ExitCode.Should().Be(0, run.Err);
        run.Json.GetProperty("imported").GetInt32().Should().Be(6);
        var closed = await Council("appeals", "list", "--state", "closed", "--json");
        closed.Json.GetArrayLength().Should().Be(3);
        var collective = await Council("appeals", "show", "КО-4", "--json");
        collective.Json.GetProperty("executor").GetString().Should().Be("Литвин Оксана");
    }

    [Fact]
    public async Task Import_ManyRows_NumbersThemInTheFilesOrder()
    {
        // A register is kept in the order of receipt: the file's order. The rows of a batch go to the engine at once, and
        // their registrations still take the numbers in the file's order.
        var file = Path.Combine(_directory, "ordered.csv");
        string[] surnames = ["Коваленко", "Бондар", "Ткаченко", "Мельник", "Шевчук", "Кравець", "Олійник", "Лисенко"];
        var rows = Enumerable.Range(1, 300).Select(i => $"row-{i},2023-03-01,application,{surnames[i % surnames.Length]} Петро {i},Питання {i}");
        await File.WriteAllTextAsync(file, "id,received,kind,applicant,subject\n" + string.Join("\n", rows) + "\n");

        var run = await Council("import", "appeals", "--csv", file, "--json");
        var list = await Council("appeals", "list", "--json");

        run.ExitCode.Should().Be(0, run.Err);
        var numbered = list.Json.EnumerateArray()
            .Select(a => (Number: int.Parse(a.GetProperty("index").GetString()!.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture), Subject: a.GetProperty("subject").GetString()))
            .OrderBy(a => a.Number)
            .ToList();
        numbered.Select(a => a.Subject).Should().Equal(Enumerable.Range(1, 300).Select(i => $"Питання {i}"));
    }

    [Fact]
    public async Task Import_SameFileTwice_AddsNothingTheSecondTime()
    {
        await Council("import", "appeals", "--csv", Sample);

        var again = await Council("import", "appeals", "--csv", Sample, "--json");
        var all = await Council("appeals", "list", "--json");

        again.Json.GetProperty("imported").GetInt32().Should().Be(0);
        again.Json.GetProperty("alreadyPresent").GetInt32().Should().Be(6);
        all.Json.GetArrayLength().Should().Be(6);
    }

    [Fact]
    public async Task Import_BadRows_AreReportedWithLineNumbersAndTheGoodOnesImported()
    {
        var file = Path.Combine(_directory, "bad.csv");
        await File.WriteAllTextAsync(file, "received,kind,applicant,subject,signatories\n2023-02-30,application,А Б,Тема,\n2023-03-01,letter,А Б,Тема,\n\"2023-03-01\",complaint,,\"Тема, з комою\",\n2023-03-02,complaint,\"Гнатюк, Павло\",Тема,two\n2023-03-02,complaint,В Г,Тема,\n");

        var run = await Council("import", "appeals", "--csv", file, "--json");

        run.ExitCode.Should().Be(2);
        run.Json.GetProperty("imported").GetInt32().Should().Be(1);
        var rejected = run.Json.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("line").GetInt64(), r.GetProperty("reason").GetString())).ToList();
        rejected.Should().Equal(
            (2L, "received 2023-02-30: there is no such day (February 2023 has 28 days)"),
            (3L, "kind 'letter' is not one of proposal, application, complaint"),
            (4L, "applicant is missing"),
            (5L, "signatories 'two' is not a whole number of at least 1"));
    }

    [Fact]
    public async Task Import_JsonLines_ImportsTheSameFields()
    {
        var file = Path.Combine(_directory, "appeals.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"id": "j1", "received": "2023-03-01", "kind": "скарга", "applicant": "Кравець Інна", "address": "м. Житомир", "subject": "Шум від кафе", "benefits": true}""",
            "not json",
            """{"id": "j2", "received": "2023-03-02", "kind": "proposal", "applicant": "Данилюк Марина", "subject": "Лавки в парку", "signatories": 12}""",
        ]);

        var run = await Council("import", "appeals", "--jsonl", file, "--json");

        run.Json.GetProperty("imported").GetInt32().Should().Be(2);
        run.Json.GetProperty("rejected").EnumerateArray().Single().GetProperty("line").GetInt64().Should().Be(2);
        var complaint = await Council("appeals", "show", "К-1", "--json");
        complaint.Json.GetProperty("kind").GetString().Should().Be("complaint");
        complaint.Json.GetProperty("benefits").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Import_MissingFile_IsOneLine()
    {
        var run = await Council("import", "appeals", "--csv", Path.Combine(_directory, "none.csv"));

        run.ShouldFailWithOneLine("no file at");
    }

    [Fact]
    public async Task Import_UnknownColumn_IsOneLineListingTheColumns()
    {
        var file = Path.Combine(_directory, "odd.csv");
        await File.WriteAllTextAsync(file, "received,kind,applicant,subject,colour\n2023-03-01,complaint,В Г,Тема,red\n");

        var run = await Council("import", "appeals", "--csv", file);

        run.ShouldFailWithOneLine("unknown column(s) colour");
    }

    [Fact]
    public async Task Export_Jsonl_WritesEveryCaseOfTheYearWithItsHistory()
    {
        await Council("import", "appeals", "--csv", Sample);
        var file = Path.Combine(_directory, "2023.jsonl");

        var run = await Council("export", "--year", "2023", "--format", "jsonl", "--out", file);

        run.ExitCode.Should().Be(0, run.Err);
        var lines = await File.ReadAllLinesAsync(file);
        lines.Should().HaveCount(6);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        first.GetProperty("reference").GetString().Should().Be("К-1");
        first.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Should().Equal("registered", "assigned", "answered", "taken-off-control");
    }

    [Fact]
    public async Task Export_Csv_WritesOneRowPerEvent()
    {
        await Council("import", "appeals", "--csv", Sample);

        var run = await Council("export", "--year", "2023");

        var rows = run.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        rows[0].Should().StartWith("case_id,kind,council,reference,version,at,type");
        rows.Length.Should().Be(1 + 4 + 4 + 4 + 2 + 1 + 1);
    }
}

internal static class Appeals
{
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Council.Workflows.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Council.Workflows.sln not found above the test binaries.");
    }
}
