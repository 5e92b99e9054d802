using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

/// <summary>Every CSV the product writes opens in a spreadsheet as data: a cell that would run as a formula is neutralised.</summary>
public sealed class CsvInjectionTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-csv-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    private async Task RegisterAndAssignAsync()
    {
        var register = await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--subject", "Дорога",
            "--as", "=HYPERLINK(\"http://evil.example\",\"x\")", "--role", "clerk", "--at", "2023-01-31T10:00", "--json");
        var assign = await Council("appeals", "assign", register.Json.GetProperty("id").GetString()!, "--executor", "@SUM(1+1)", "--as", "+Мельник", "--role", "head", "--at", "2023-02-01T10:00");
        register.ExitCode.Should().Be(0, register.Err);
        assign.ExitCode.Should().Be(0, assign.Err);
    }

    private static List<string> Lines(string csv) => [.. csv.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    [Fact]
    public async Task ExportCsv_CellsStartingLikeAFormula_GetALeadingApostrophe()
    {
        await RegisterAndAssignAsync();

        var run = await Council("export", "--year", "2023", "--format", "csv");

        run.ExitCode.Should().Be(0, run.Err);
        var rows = Lines(run.Out).Skip(1).ToList();
        rows.Should().HaveCount(2);
        rows[0].Should().Contain(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",").And.Contain(",1,", "the version is a number, not text");
        rows[1].Should().MatchRegex(",\"?'\\+Мельник\"?,");
        rows.Should().NotContain(r => r.Contains(",=", StringComparison.Ordinal) || r.Contains(",\"=", StringComparison.Ordinal) || r.Contains(",+", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReportCsv_ExecutorNamedLikeAFormula_GetsALeadingApostropheAndNumbersStayNumbers()
    {
        await RegisterAndAssignAsync();

        var run = await Council("report", "--year", "2023", "--format", "csv", "--lang", "en");

        run.ExitCode.Should().Be(0, run.Err);
        var lines = Lines(run.Out);
        lines.Single(l => l.Contains("executor:", StringComparison.Ordinal)).Should().Contain(",\"'@SUM(1+1)\",").And.NotContain(",@SUM").And.NotContain(",\"@SUM");
        lines.Should().Contain("2023,Awards,meetings,Commission meetings,0", "numbers are written as numbers, never escaped");
    }
}
