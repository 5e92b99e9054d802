using System.Text;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

// Hostile and legacy files: each bad row or line is reported by its number and loses nothing else.
public sealed class ImportHardeningTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-import-hard-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db, "--as", "Петренко Олена", "--role", "clerk"]);

    private static List<(long Line, string Reason)> Rejected(CliRun run) =>
        [.. run.Json.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("line").GetInt64(), r.GetProperty("reason").GetString()!))];

    [Fact]
    public async Task Import_JsonLineThatIsNotAnObjectOrRepeatsAKey_RejectsThatLineOnly()
    {
        var file = Path.Combine(_directory, "rows.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"id":"1","received":"2023-03-01","kind":"заява","applicant":"Коваленко Петро","subject":"Дорога"}""",
            """["2023-03-01","заява"]""",
            """{"id":"3","received":"2023-03-01","kind":"заява","applicant":"Мазур Ганна","subject":"Світло","Subject":"Інше"}""",
            """42""",
            """{"id":"5","received":"2023-03-02","kind":"скарга","applicant":"Ткач Олег","subject":"Двір"}""",
        ]);

        var run = await Council("import", "appeals", "--jsonl", file, "--json");

        run.ExitCode.Should().Be(2);
        run.Json.GetProperty("imported").GetInt32().Should().Be(2);
        Rejected(run).Select(r => r.Line).Should().Equal(2L, 3L, 4L);
        Rejected(run)[1].Reason.Should().Contain("appears twice");
        Rejected(run)[0].Reason.Should().Contain("not a JSON object");
    }

    [Fact]
    public async Task Import_CsvWithAQuoteLeftOpen_ReportsTheLinesItTookInsteadOfSwallowingThem()
    {
        var file = Path.Combine(_directory, "open-quote.csv");
        await File.WriteAllTextAsync(file,
            "id,received,kind,applicant,subject\n" +
            "1,2023-03-01,application,Коваленко Петро,\"Дорога\n" +
            "2,2023-03-01,application,Мазур Ганна,Світло\n" +
            "3,2023-03-02,complaint,Ткач Олег,\"Двір\"\n");

        var run = await Council("import", "appeals", "--csv", file, "--json");

        run.ExitCode.Should().Be(2);
        var rejected = Rejected(run);
        rejected.Should().ContainSingle().Which.Reason.Should().Contain("runs over lines 2–").And.Contain("quote").And.Contain("taken into it");
        (run.Json.GetProperty("imported").GetInt32() + rejected.Count).Should().Be(run.Json.GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task Import_InvalidUtf8_RejectsTheRowWithAMessage()
    {
        var file = Path.Combine(_directory, "latin.csv");
        var bytes = new List<byte>();
        bytes.AddRange(Encoding.UTF8.GetBytes("id,received,kind,applicant,subject\n1,2023-03-01,application,Коваленко Петро,Дорога\n2,2023-03-01,application,"));
        bytes.AddRange([0xCC, 0xE0, 0xE7, 0xF3, 0xF0]);
        bytes.AddRange(Encoding.UTF8.GetBytes(" Ганна,Світло\n"));
        await File.WriteAllBytesAsync(file, [.. bytes]);

        var run = await Council("import", "appeals", "--csv", file, "--json");

        run.ExitCode.Should().Be(2);
        run.Json.GetProperty("imported").GetInt32().Should().Be(1);
        Rejected(run).Should().ContainSingle().Which.Should().Be((3L, Rejected(run)[0].Reason));
        Rejected(run)[0].Reason.Should().Contain("not valid UTF-8").And.Contain("--encoding windows-1251");
    }

    [Fact]
    public async Task Import_Windows1251File_WithItsEncoding_ReadsTheCyrillicText()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var file = Path.Combine(_directory, "legacy.csv");
        await File.WriteAllBytesAsync(file, Encoding.GetEncoding(1251).GetBytes("id,received,kind,applicant,subject\n1,2023-03-01,заява,Мазур Ганна,Освітлення двору\n"));

        var run = await Council("import", "appeals", "--csv", file, "--encoding", "windows-1251", "--json");
        var shown = await Council("appeals", "show", "М-1", "--json");

        run.ExitCode.Should().Be(0, run.Err);
        shown.Json.GetProperty("subject").GetString().Should().Be("Освітлення двору");
    }

    [Fact]
    public async Task Import_TwoDifferentRowsWithOneId_ReportsAConflictNotAlreadyPresent()
    {
        var file = Path.Combine(_directory, "same-id.csv");
        await File.WriteAllTextAsync(file, "id,received,kind,applicant,subject\nA-7,2023-03-01,application,Коваленко Петро,Дорога\n");
        await Council("import", "appeals", "--csv", file);
        await File.WriteAllTextAsync(file, "id,received,kind,applicant,subject\nA-7,2023-03-01,application,Мазур Ганна,Світло\n");

        var run = await Council("import", "appeals", "--csv", file, "--json");

        run.ExitCode.Should().Be(2);
        run.Json.GetProperty("alreadyPresent").GetInt32().Should().Be(0);
        Rejected(run).Should().ContainSingle().Which.Reason.Should().StartWith("conflict");
    }

    [Fact]
    public async Task Import_RowWhoseAnswerIsRefused_CommitsNothingOfIt()
    {
        var file = Path.Combine(_directory, "refused-answer.csv");
        await File.WriteAllTextAsync(file,
            "id,received,kind,applicant,subject,executor,assigned,answered,outcome,summary\n" +
            "1,2023-03-01,application,Коваленко Петро,Дорога,Бондар Сергій,2023-03-02,2023-03-10,refused,Відмовлено\n" +
            "2,2023-03-01,application,Мазур Ганна,Світло,Бондар Сергій,2023-03-02,2023-03-10,satisfied,Виконано\n");

        var run = await Council("import", "appeals", "--csv", file, "--json");
        var all = await Council("appeals", "list", "--json");

        run.ExitCode.Should().Be(2);
        Rejected(run).Should().ContainSingle().Which.Line.Should().Be(2);
        Rejected(run)[0].Reason.Should().Contain("Art. 19");
        all.Json.EnumerateArray().Select(a => a.GetProperty("index").GetString()).Should().Equal(["М-1"], "the refused row left no registration, so its number was not taken either");
    }

    [Fact]
    public async Task Import_RowReceivedLongBeforeItsRegistrationRules_IsRejectedAndTheRestGoOn()
    {
        var file = Path.Combine(_directory, "complaint.csv");
        await File.WriteAllTextAsync(file,
            "id,received,kind,applicant,subject\n" +
            "1,2999-03-01,application,Коваленко Петро,Дорога\n" +
            "2,2023-03-01,application,Мазур Ганна,Світло\n");

        var run = await Council("import", "appeals", "--csv", file, "--json");

        run.ExitCode.Should().Be(2);
        run.Json.GetProperty("imported").GetInt32().Should().Be(1);
        Rejected(run).Should().ContainSingle().Which.Line.Should().Be(2);
    }

    [Fact]
    public async Task Import_ControlCharacterInAName_RejectsTheRow()
    {
        var file = Path.Combine(_directory, "escape.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"id":"1","received":"2023-03-01","kind":"заява","applicant":"Коваленко \u001b[31mПетро","subject":"Дорога"}""",
            """{"id":"2","received":"2023-03-01","kind":"заява","applicant":"Мазур Ганна","subject":"Світло"}""",
        ]);

        var run = await Council("import", "appeals", "--jsonl", file, "--json");

        run.ExitCode.Should().Be(2);
        Rejected(run).Should().ContainSingle().Which.Reason.Should().StartWith("applicant contains a control character");
        run.Json.GetProperty("imported").GetInt32().Should().Be(1);
    }
}
