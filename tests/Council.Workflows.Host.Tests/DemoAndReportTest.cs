using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

// One full demo year, built once for the class (about 15 seconds), then reported in every format.
public sealed class DemoYearFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-demo-").FullName;

    public string Db => Path.Combine(_directory, "council.db");

    public CliRun Demo { get; private set; } = null!;

    public async Task InitializeAsync() => Demo = await CliRun.RunDefaultAsync("demo", "--db", Db);

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class DemoAndReportTest(DemoYearFixture year) : IClassFixture<DemoYearFixture>
{
    private Task<CliRun> Report(params string[] args) => CliRun.RunDefaultAsync(["report", "--year", "2023", "--db", year.Db, .. args]);

    [Fact]
    public void Demo_FullYear_PrintsTheHeadlineNumbersOfTheCouncilSecretarysReport()
    {
        var output = year.Demo.Out;

        year.Demo.ExitCode.Should().Be(0, year.Demo.Err);
        output.Should().MatchRegex(@"Засідань комісії\s+31\n");
        output.Should().MatchRegex(@"Розглянуто клопотань\s+145\n");
        output.Should().MatchRegex(@"Кандидатур у них\s+561\n");
        output.Should().MatchRegex(@"Нагороджено\s+301\n");
        output.Should().MatchRegex(@"Надійшло\s+1\u00A0925\n", "thousands are parted by a no-break space, as Ukrainian writes them");
        output.Should().MatchRegex(@"серед нагороджених\s+81,\d %");
    }

    [Fact]
    public void Demo_ShowsProgressWhileItRuns()
    {
        year.Demo.Err.Should().Contain("2023-06:").And.Contain("відхилено — 0");
    }

    [Fact]
    public async Task Report_Json_HasTheSameNumbers()
    {
        var run = await Report("--format", "json");

        var awards = run.Json.GetProperty("awards");
        awards.GetProperty("meetings").GetInt32().Should().Be(31);
        awards.GetProperty("petitionsConsidered").GetInt32().Should().Be(145);
        awards.GetProperty("nominees").GetInt32().Should().Be(561);
        awards.GetProperty("awarded").GetInt32().Should().Be(301);
        awards.GetProperty("defenceAndRescueShare").GetDouble().Should().BeApproximately(0.81, 0.005);
        run.Json.GetProperty("appeals").GetProperty("received").GetInt32().Should().Be(1925);
    }

    [Fact]
    public async Task Report_Csv_HasTheSameNumbersAsTheText()
    {
        var csv = await Report("--format", "csv", "--lang", "en");
        var text = await Report("--lang", "en");

        var rows = csv.Out.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();
        rows.Single(r => r[2] == "awarded")[^1].Should().Be("301");
        rows.Single(r => r[2] == "received")[^1].Should().Be("1925");
        var onTime = rows.Single(r => r[2] == "answered-on-time")[^1];
        text.Out.Should().MatchRegex($@"Answered on time\s+{onTime}\n");
    }

    [Fact]
    public async Task Report_Markdown_IsTables()
    {
        var run = await Report("--format", "markdown", "--lang", "en");

        run.Out.Should().StartWith("# Report for 2023").And.Contain("| Awarded | 301 |");
    }

    [Fact]
    public async Task Report_Html_IsOneSelfContainedPageWithCharts()
    {
        var file = Path.Combine(Path.GetDirectoryName(year.Db)!, "report.html");

        var run = await Report("--format", "html", "--out", file);

        run.ExitCode.Should().Be(0, run.Err);
        var html = await File.ReadAllTextAsync(file);
        html.Should().StartWith("<!DOCTYPE html>").And.Contain("<svg").And.Contain("Нагороджено").And.NotContain("<script").And.NotContain("http://cdn");
        html.Split("<svg").Length.Should().Be(5);
        html.Should().Contain("fill=\"#c0392b\"", "late answers have their own colour").And.Contain("На розгляді на кінець року, з них прострочені");
    }

    [Fact]
    public async Task Report_YearWithNothing_PrintsZeros()
    {
        var run = await CliRun.RunAsync("report", "--year", "2021", "--db", year.Db, "--format", "json");

        run.Json.GetProperty("appeals").GetProperty("received").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task Demo_IntoADatabaseThatHoldsCases_IsRefusedWithoutReplace()
    {
        var run = await CliRun.RunAsync("demo", "--db", year.Db, "--scale", "0.01");

        run.ShouldFailWithOneLine("already holds cases");
    }

    [Fact]
    public async Task Report_UnknownFormat_IsOneLine()
    {
        var run = await Report("--format", "pdf");
        var english = await Report("--format", "pdf", "--lang", "en");

        run.ShouldFailWithOneLine("--format 'pdf' — не одне з: text, markdown, json, csv, html, xlsx.");
        english.ShouldFailWithOneLine("--format 'pdf' is not one of");
        _ = CultureInfo.InvariantCulture;
    }
}
