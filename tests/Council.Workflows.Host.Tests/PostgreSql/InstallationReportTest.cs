using System.Text.Json;
using Council.Workflows.Tests.Stores;

namespace Council.Workflows.Host.Tests.PostgreSql;

// The installation-level report (issue 18): one PostgreSQL database, three councils, two allowing it — the report sums
// exactly the two (checked against each council's own year report), lists each by name, counts the third without showing
// it; a council that withdraws its consent and restarts drops out. `--council` names the council a command serves.
[Collection(PostgreSqlTests.Name)]
public sealed class InstallationReportTest(PostgreSqlServer server) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-installation-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<CliRun> OkAsync(params string[] args)
    {
        var run = await CliRun.RunAsync(args);
        run.ExitCode.Should().Be(0, $"{string.Join(' ', args)}: {run.Err}");
        return run;
    }

    // A council's demo year (2023) in its own file, copied into the database under its key.
    private async Task CopyDemoAsync(string pg, string council, string seed)
    {
        var file = Path.Combine(_directory, council + ".db");
        await OkAsync("demo", "--db", file, "--scale", "0.02", "--seed", seed, "--set", $"DefaultCouncil={council}");
        await OkAsync("store", "copy", "--from", file, "--to", pg, "--council", council);
    }

    // A part of a report, written compactly (the installation's JSON nests it deeper, so indented the text would differ).
    private static string Raw(JsonElement report, string part) => JsonSerializer.Serialize(report.GetProperty(part));

    [Fact]
    public async Task InstallationReport_SumsTheCouncilsThatAllowIt_CountsTheOthers_AndFollowsTheirSettings()
    {
        var pg = server.ConnectionString("installation_report");
        var names = new Dictionary<string, string> { ["zhytomyr"] = "Житомирська міська рада", ["berdychiv"] = "Бердичівська міська рада", ["korosten"] = "Коростенська міська рада" };
        var seed = 11;
        foreach (var council in names.Keys)
        {
            await CopyDemoAsync(pg, council, (seed++).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // Each council's process records its settings when it starts: two allow the installation report, one does not.
        await OkAsync("init", "--db", pg, "--council", "zhytomyr", "--set", $"OrganisationName={names["zhytomyr"]}", "--set", "Reports:ShareWithInstallation=true");
        await OkAsync("run", "--once", "--outbox", "none", "--at", "2023-01-01T00:00:00Z", "--db", pg, "--council", "berdychiv",
            "--set", $"OrganisationName={names["berdychiv"]}", "--set", "Reports:ShareWithInstallation=true");
        await OkAsync("init", "--db", pg, "--council", "korosten", "--set", $"OrganisationName={names["korosten"]}");
        var own = new Dictionary<string, JsonElement>();
        foreach (var council in names.Keys)
        {
            own[council] = (await OkAsync("report", "--year", "2023", "--format", "json", "--db", pg, "--council", council)).Json;
            own[council].GetProperty("appeals").GetProperty("received").GetInt32().Should().BeGreaterThan(0, $"{council}'s demo year has appeals");
        }

        var installation = (await OkAsync("report", "--year", "2023", "--installation", "--format", "json", "--db", pg, "--council", "korosten")).Json;

        installation.GetProperty("councilsNotSharing").GetInt32().Should().Be(1);
        var councils = installation.GetProperty("councils").EnumerateArray().ToList();
        councils.Select(c => c.GetProperty("council").GetString()).Should().Equal("berdychiv", "zhytomyr");
        foreach (var council in councils)
        {
            var key = council.GetProperty("council").GetString()!;
            council.GetProperty("name").GetString().Should().Be(names[key]);
            Raw(council.GetProperty("report"), "appeals").Should().Be(Raw(own[key], "appeals"), $"{key}'s line is its own year report");
            Raw(council.GetProperty("report"), "awards").Should().Be(Raw(own[key], "awards"));
        }

        var total = installation.GetProperty("total");
        int Sum(string part, string figure) => own["zhytomyr"].GetProperty(part).GetProperty(figure).GetInt32() + own["berdychiv"].GetProperty(part).GetProperty(figure).GetInt32();
        foreach (var figure in new[] { "received", "answeredOnTime", "answeredLate", "stillOpen", "overdueAtYearEnd", "extended", "collective", "forwarded" })
        {
            total.GetProperty("appeals").GetProperty(figure).GetInt32().Should().Be(Sum("appeals", figure), $"the total's {figure} is the two councils' sum");
        }

        foreach (var figure in new[] { "meetings", "petitionsConsidered", "nominees", "awarded", "rejected" })
        {
            total.GetProperty("awards").GetProperty(figure).GetInt32().Should().Be(Sum("awards", figure), $"the total's {figure} is the two councils' sum");
        }

        total.GetProperty("appeals").GetProperty("byMonth").EnumerateArray().Select(m => m.GetInt32()).Should().Equal(
            Enumerable.Range(0, 12).Select(m => own["zhytomyr"].GetProperty("appeals").GetProperty("byMonth")[m].GetInt32() + own["berdychiv"].GetProperty("appeals").GetProperty("byMonth")[m].GetInt32()));
        total.GetProperty("appeals").GetProperty("daysToAnswer").EnumerateArray().Sum(d => d.GetProperty("appeals").GetInt32())
            .Should().Be(Sum("appeals", "answeredOnTime") + Sum("appeals", "answeredLate"), "every answered appeal of the two is in the days' histogram the median is read from");

        // The text: each council by name, the third only counted; the CSV: each council's rows under its key, the total's under none.
        var text = (await OkAsync("report", "--year", "2023", "--installation", "--db", pg, "--council", "zhytomyr")).Out;
        text.Should().Contain(names["zhytomyr"]).And.Contain(names["berdychiv"]).And.NotContain(names["korosten"]).And.NotContain("korosten");
        text.Split('\n').Should().Contain(l => l.Contains("did not allow", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" 1", StringComparison.Ordinal));
        var csv = (await OkAsync("report", "--year", "2023", "--installation", "--format", "csv", "--db", pg)).Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        csv[0].Should().Be("year,council,section,metric,label,value");
        var receivedTotal = $",{Sum("appeals", "received")}";
        csv.Should().Contain(l => l.StartsWith("2023,zhytomyr,", StringComparison.Ordinal)).And.Contain(l => l.StartsWith("2023,berdychiv,", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("2023,,", StringComparison.Ordinal) && l.Contains(",received,", StringComparison.Ordinal) && l.EndsWith(receivedTotal, StringComparison.Ordinal))
            .And.NotContain(l => l.Contains("korosten", StringComparison.Ordinal));
        (await OkAsync("report", "--year", "2023", "--installation", "--format", "html", "--db", pg)).Out.Should().Contain(names["berdychiv"]).And.Contain("</html>");

        // Berdychiv withdraws: its settings no longer allow it, and its process restarts. The report drops it.
        await OkAsync("init", "--db", pg, "--council", "berdychiv", "--set", $"OrganisationName={names["berdychiv"]}");

        var after = (await OkAsync("report", "--year", "2023", "--installation", "--format", "json", "--db", pg)).Json;

        after.GetProperty("councilsNotSharing").GetInt32().Should().Be(2);
        after.GetProperty("councils").EnumerateArray().Select(c => c.GetProperty("council").GetString()).Should().Equal("zhytomyr");
        Raw(after.GetProperty("total"), "awards").Should().Be(Raw(own["zhytomyr"], "awards"));
        after.GetProperty("total").GetProperty("appeals").GetProperty("received").GetInt32().Should().Be(own["zhytomyr"].GetProperty("appeals").GetProperty("received").GetInt32());
    }

    [Fact]
    public async Task Council_NamesTheCouncilServed_AndAnotherCouncilsCardIsNotFound()
    {
        var pg = server.ConnectionString("installation_council_option");
        await OkAsync("init", "--db", pg, "--council", "bucha");
        await OkAsync("init", "--db", pg, "--council", "irpin");
        var ids = new Dictionary<string, string>();
        foreach (var council in new[] { "bucha", "irpin" })
        {
            var register = await OkAsync("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--address", "вул. Садова, 1",
                "--subject", $"Ліхтарі ({council})", "--as", "Петренко Олена", "--role", "clerk", "--json", "--db", pg, "--council", council);
            register.Json.GetProperty("index").GetString().Should().Be("К-1", "each council numbers its own appeals");
            ids[council] = register.Json.GetProperty("id").GetString()!;
        }

        var irpin = await OkAsync("appeals", "list", "--json", "--db", pg, "--council", "irpin");
        var buchaCard = await CliRun.RunAsync("appeals", "show", ids["bucha"], "--db", pg, "--council", "irpin");

        irpin.Out.Should().Contain("Ліхтарі (irpin)").And.NotContain("Ліхтарі (bucha)");
        buchaCard.ExitCode.Should().Be(2, "Bucha's card is not found under --council irpin");
        buchaCard.ShouldFailWithOneLine(ids["bucha"]);
        (await OkAsync("appeals", "show", ids["bucha"], "--db", pg, "--council", "bucha")).Out.Should().Contain("Ліхтарі (bucha)");
        (await OkAsync("appeals", "show", ids["bucha"], "--db", pg, "--set", "DefaultCouncil=bucha")).Out.Should().Contain("Ліхтарі (bucha)", "--council is --set DefaultCouncil");
        (await CliRun.RunAsync("appeals", "list", "--db", pg, "--council", "bucha", "--set", "DefaultCouncil=irpin")).ShouldFailWithOneLine("two councils");
        (await CliRun.RunAsync("appeals", "list", "--db", pg, "--council", " ")).ShouldFailWithOneLine("--council");
        (await CliRun.RunAsync("init", "--db", pg, "--council", "bad council!")).ShouldFailWithOneLine("bad council!");
        (await OkAsync("config", "show", "--db", pg, "--council", "irpin")).Out.Should().Contain("(irpin)");
    }

    [Fact]
    public async Task BadInputs_AreOneLineEach()
    {
        var pg = server.ConnectionString("installation_bad_inputs");
        await OkAsync("init", "--db", pg, "--council", "bucha");
        var file = Path.Combine(_directory, "city.db");
        await OkAsync("init", "--db", file);

        (await CliRun.RunAsync("report", "--year", "2023", "--installation", "--db", file)).ShouldFailWithOneLine("PostgreSQL");
        (await CliRun.RunAsync("report", "--year", "1900", "--installation", "--db", pg)).ShouldFailWithOneLine("1900");
        (await CliRun.RunAsync("report", "--quarter", "2023-Q1", "--installation", "--db", pg)).ShouldFailWithOneLine("--installation");
        (await CliRun.RunAsync("report", "--year", "2023", "--installation", "--db", server.ConnectionString("installation_none"))).ShouldFailWithOneLine("council init");
        var otherCouncil = await CliRun.RunAsync("appeals", "list", "--db", file, "--council", "irpin");
        otherCouncil.ExitCode.Should().Be(2);
        otherCouncil.ShouldFailWithOneLine("SQLite");
        (await OkAsync("appeals", "list", "--db", file, "--council", "default")).ExitCode.Should().Be(0, "the file's own council is no other");
        var empty = (await OkAsync("report", "--year", "2023", "--installation", "--format", "json", "--db", pg)).Json;
        empty.GetProperty("councils").GetArrayLength().Should().Be(0, "bucha has not allowed it (the default)");
        empty.GetProperty("councilsNotSharing").GetInt32().Should().Be(1);

        (await OkAsync("config", "show", "--db", file)).Out.Should().Contain("Reports:ShareWithInstallation");
        var settings = Path.Combine(_directory, "appsettings.json");
        await File.WriteAllTextAsync(settings, """{ "Reports": { "ShareWithInstallation": "sometimes" } }""");
        (await CliRun.RunAsync("config", "check", settings)).ShouldFailWithOneLine("Reports:ShareWithInstallation");
        await File.WriteAllTextAsync(settings, """{ "Reports": { "Share": true } }""");
        (await CliRun.RunAsync("config", "check", settings)).ShouldFailWithOneLine("Reports:Share");

        // The options in the help, in both languages.
        (await OkAsync("report", "--help")).Out.Should().Contain("--installation").And.Contain("--council").And.Contain("Reports:ShareWithInstallation");
        (await CliRun.RunDefaultAsync("report", "--help")).Out.Should().Contain("--installation").And.Contain("Рада, яку обслуговує команда");
    }
}
