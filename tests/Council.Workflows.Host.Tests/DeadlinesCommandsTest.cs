namespace Council.Workflows.Host.Tests;

public class DeadlinesCommandsTest
{
    [Fact]
    public async Task Explain_StandardTerm_PrintsTheDueDateAndTheSteps()
    {
        var run = await CliRun.RunAsync("deadlines", "explain", "--from", "2023-01-31", "--term", "appeal.standard");

        run.ExitCode.Should().Be(0);
        run.Out.Should().StartWith("Due on 28.02.2023 (Tue); the term lapses at 01.03.2023 00:00 (the council's time)");
        run.Out.Should().Contain("no 31 February, so the last day of the month");
    }

    [Fact]
    public async Task Explain_Json_HasTheDocumentedFields()
    {
        var run = await CliRun.RunAsync("deadlines", "explain", "--from", "2023-01-31", "--term", "appeal.standard", "--json");

        var json = run.Json;
        json.GetProperty("from").GetString().Should().Be("2023-01-31");
        json.GetProperty("term").GetString().Should().Be("appeal.standard");
        json.GetProperty("termDetail").GetProperty("unit").GetString().Should().Be("months");
        json.GetProperty("dueOn").GetString().Should().Be("2023-02-28");
        json.GetProperty("lapsesAt").GetString().Should().Be("2023-02-28T22:00:00Z");
        json.GetProperty("steps").GetArrayLength().Should().BeGreaterThan(3);
        json.GetProperty("steps")[0].GetProperty("kind").GetString().Should().Be("start");
    }

    [Fact]
    public async Task Explain_FiveDays_RollsOverTheWeekend()
    {
        var run = await CliRun.RunAsync("deadlines", "explain", "--from", "2023-01-31", "--days", "5", "--json");

        run.Json.GetProperty("rawLastDay").GetString().Should().Be("2023-02-05");
        run.Json.GetProperty("dueOn").GetString().Should().Be("2023-02-06");
    }

    [Fact]
    public async Task Explain_WorkingDays_CountsOnlyWorkingDays()
    {
        var run = await CliRun.RunAsync("deadlines", "explain", "--from", "2023-02-03", "--working-days", "2", "--json");

        run.Json.GetProperty("dueOn").GetString().Should().Be("2023-02-07");
    }

    [Fact]
    public async Task Explain_ThirtyDayMonths_ReadsAMonthAsThirtyDays()
    {
        var run = await CliRun.RunAsync("deadlines", "explain", "--from", "2023-01-31", "--months", "1", "--month", "30-days", "--json");

        run.Json.GetProperty("rawLastDay").GetString().Should().Be("2023-03-02");
        run.Json.GetProperty("policy").GetProperty("month").GetString().Should().Be("30-days");
    }

    [Fact]
    public async Task Explain_RollBack_EndsOnThePreviousWorkingDay()
    {
        var run = await CliRun.RunAsync("deadlines", "explain", "--from", "2023-01-31", "--days", "5", "--roll", "back", "--json");

        run.Json.GetProperty("dueOn").GetString().Should().Be("2023-02-03");
    }

    [Theory]
    [InlineData("auto", "2024-08-26")]
    [InlineData("off", "2024-08-27")]
    public async Task Explain_MartialLaw_ChangesWhetherIndependenceDayIsTransferred(string mode, string due)
    {
        var run = await CliRun.RunAsync("deadlines", "explain", "--from", "2024-07-24", "--months", "1", "--martial-law", mode, "--json");

        run.Json.GetProperty("dueOn").GetString().Should().Be(due);
    }

    [Fact]
    public async Task Explain_Ukrainian_ExplainsInUkrainian()
    {
        var run = await CliRun.RunAsync("deadlines", "explain", "--from", "2023-01-31", "--term", "appeal.standard", "--lang", "uk");

        run.Out.Should().StartWith("Кінцевий строк 28.02.2023 (Вт)");
        run.Out.Should().Contain("31 лютого немає");
    }

    [Fact]
    public async Task Complaint_LearnedSoon_ClosesAMonthAfterLearning()
    {
        var run = await CliRun.RunAsync("deadlines", "complaint", "--decided", "2023-01-10", "--learned", "2023-03-20", "--json");

        run.Json.GetProperty("lastDay").GetString().Should().Be("2023-04-20");
        run.Json.GetProperty("boundBy").GetString().Should().Be("month-after-learning");
    }

    [Fact]
    public async Task Complaint_LearnedLate_ClosesAYearAfterTheDecision()
    {
        var run = await CliRun.RunAsync("deadlines", "complaint", "--decided", "2023-01-10", "--learned", "2023-12-15", "--json");

        run.Json.GetProperty("lastDay").GetString().Should().Be("2024-01-10");
        run.Json.GetProperty("steps").GetArrayLength().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Terms_Json_ListsEveryNamedTerm()
    {
        var run = await CliRun.RunAsync("deadlines", "terms", "--json");

        run.Json.EnumerateArray().Select(t => t.GetProperty("id").GetString()).Should().Contain(["appeal.no-study", "appeal.standard", "appeal.max", "deputy.appeal"]);
    }

    [Fact]
    public async Task Explain_ImpossibleDate_IsOneLineNamingTheOption()
    {
        var run = await CliRun.RunAsync("deadlines", "explain", "--from", "2023-02-30", "--term", "appeal.standard");

        run.ShouldFailWithOneLine("--from: 2023-02-30: there is no such day (February 2023 has 28 days)");
        run.ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task Explain_UnknownTerm_ListsTheKnownOnes()
    {
        var run = await CliRun.RunAsync("deadlines", "explain", "--from", "2023-01-31", "--term", "appeal.forever");

        run.ShouldFailWithOneLine("unknown term 'appeal.forever'. Known terms: appeal.no-study, appeal.standard");
    }

    [Fact]
    public async Task Explain_NegativeLength_IsRefused()
    {
        var run = await CliRun.RunAsync("deadlines", "explain", "--from", "2023-01-31", "--days", "-5");

        run.ShouldFailWithOneLine("--days must be from 1");
    }

    [Fact]
    public async Task Explain_TwoLengths_IsRefused()
    {
        var run = await CliRun.RunAsync("deadlines", "explain", "--from", "2023-01-31", "--days", "5", "--months", "1");

        run.ShouldFailWithOneLine("exactly one of --term, --days, --working-days, --months");
    }

    [Fact]
    public async Task Explain_NoLength_IsRefused()
    {
        var run = await CliRun.RunAsync("deadlines", "explain", "--from", "2023-01-31");

        run.ShouldFailWithOneLine("exactly one of");
    }

    [Fact]
    public async Task Explain_UnknownPolicyWord_IsOneLineListingTheChoices()
    {
        var run = await CliRun.RunAsync("deadlines", "explain", "--from", "2023-01-31", "--days", "5", "--roll", "sideways");

        run.ShouldFailWithOneLine("--roll 'sideways' is not one of: forward, back, none");
    }

    [Fact]
    public async Task Complaint_LearnedBeforeDecided_IsRefused()
    {
        var run = await CliRun.RunAsync("deadlines", "complaint", "--decided", "2023-03-20", "--learned", "2023-01-10");

        run.ShouldFailWithOneLine("cannot have learned of the decision on 10.01.2023, before it was made on 20.03.2023.");
        run.Err.Should().NotContain("Parameter");
    }

    [Fact]
    public async Task NoVerb_ShowsHelp()
    {
        var run = await CliRun.RunAsync();

        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("citizens' appeals and award petitions").And.Contain("deadlines");
    }
}
