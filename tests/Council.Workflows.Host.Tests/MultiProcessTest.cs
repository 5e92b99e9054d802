using System.Text.Json;

namespace Council.Workflows.Host.Tests;

// Several council processes issue commands against one database file at once.
public sealed class MultiProcessTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-multi-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Commands_FromFourProcessesAtOnce_AreAllAppliedWithNoLostOrDuplicatedEvents()
    {
        var at = new[] { "--at", "2023-02-01T10:00", "--db", Db };
        var shared = await CouncilProcess.RunAsync(["appeals", "register", "--kind", "application", "--applicant", "Спільний Заявник", "--address", "м. Житомир", "--subject", "Спільне питання", "--json", .. at]);
        shared.ExitCode.Should().Be(0, shared.Err);
        var sharedId = JsonDocument.Parse(shared.Out).RootElement.GetProperty("id").GetString()!;
        (await CouncilProcess.RunAsync(["appeals", "assign", sharedId, "--executor", "Бондар Сергій", "--role", "head", .. at])).ExitCode.Should().Be(0);

        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var codes = new List<int>();
            for (var i = 0; i < 4; i++)
            {
                codes.Add((await CouncilProcess.RunAsync(["appeals", "register", "--kind", "proposal", "--applicant", $"Заявник {w}-{i}", "--address", "м. Житомир", "--subject", $"Пропозиція {w}-{i}", .. at])).ExitCode);
                codes.Add((await CouncilProcess.RunAsync(["appeals", "interim", sharedId, "--text", $"Проміжна відповідь {w}-{i}", "--as", "Бондар Сергій", "--role", "executor", .. at])).ExitCode);
            }

            return codes;
        })).ToList();
        var exitCodes = (await Task.WhenAll(workers)).SelectMany(c => c).ToList();

        exitCodes.Should().OnlyContain(c => c == 0);
        var show = await CouncilProcess.RunAsync(["appeals", "show", sharedId, "--json", .. at]);
        var history = JsonDocument.Parse(show.Out).RootElement.GetProperty("history").EnumerateArray().ToList();
        history.Select(e => e.GetProperty("version").GetInt64()).Should().Equal(Enumerable.Range(1, 18).Select(v => (long)v));
        history.Count(e => e.GetProperty("type").GetString() == "interim-answer").Should().Be(16);
        var list = await CouncilProcess.RunAsync(["appeals", "list", "--json", .. at]);
        var indexes = JsonDocument.Parse(list.Out).RootElement.EnumerateArray().Select(a => a.GetProperty("index").GetString()!).ToList();
        indexes.Should().HaveCount(17).And.OnlyHaveUniqueItems();
        indexes.Select(i => int.Parse(i.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture)).Order().Should().Equal(Enumerable.Range(1, 17));
    }

    [Fact]
    public async Task Grants_OfAOnceOnlyAwardToOnePersonFromFourProcessesAtOnce_OnlyOneIsRecorded()
    {
        // Four petitions name the same person for the same once-only award; four officials record the grant at once, each in
        // its own process. Each decides on what it read; the commit, which counts the grants of every case, lets one through.
        var awarded = await GrantAtOnceAsync(Enumerable.Repeat("Шевченко Олег Петрович|merit-3|military|За мужність", 4).ToList(), "mayors-order");

        awarded.Should().Be(1);
    }

    [Fact]
    public async Task Grants_OfACappedAwardFromFiveProcessesAtOnce_StopAtTheAnnualCap()
    {
        // Five people recommended for an award given at most three times a year (the default catalogue's honorary citizen);
        // five officials record the five grants at once, each in its own process: three pass, two are refused by the cap.
        var nominees = new[] { "Бойко Ігор Петрович", "Гончар Віра Іванівна", "Дяченко Олег Миколайович", "Євтушенко Анна Сергіївна", "Жук Павло Андрійович" };
        var awarded = await GrantAtOnceAsync([.. nominees.Select(n => $"{n}|honorary-citizen|community|За внесок у розвиток міста")], "council-decision");

        awarded.Should().Be(3);
    }

    // Each nominee in a petition of their own, registered, recommended at one sitting; then every grant recorded at once,
    // each by its own process. The ones not recorded are refused by a rule (exit code 3). Returns how many were awarded.
    private async Task<int> GrantAtOnceAsync(List<string> nominees, string instrument)
    {
        var at = new[] { "--at", "2023-03-01T10:00", "--db", Db, "--as", "Гречко Наталія", "--role", "secretary" };
        var petitions = Enumerable.Range(1, nominees.Count).Select(n => $"{n}/2023").ToList();
        for (var i = 0; i < nominees.Count; i++)
        {
            await Ok(["awards", "petition", "submit", "--petitioner", "Військова частина А0000", "--petitioner-kind", "military-unit", "--nominee", nominees[i], .. at]);
            await Ok(["awards", "petition", "register", petitions[i], .. at]);
        }

        await Ok(["awards", "meeting", "schedule", "--on", "2023-03-01", "--chair", "Гречко Наталія", "--secretary", "Ковальчук Андрій", "--member", "Лисенко Оксана", "--member", "Мороз Василь", "--member", "Олійник Тетяна", .. at]);
        foreach (var petition in petitions)
        {
            await Ok(["awards", "meeting", "add", "1", petition, .. at]);
        }

        await Ok(["awards", "meeting", "open", "1", "--present", "Гречко Наталія", "--present", "Ковальчук Андрій", "--present", "Лисенко Оксана", "--present", "Мороз Василь", .. at]);
        foreach (var petition in petitions)
        {
            await Ok(["awards", "meeting", "vote", "1", "--petition", petition, "--nominee", "1", "--for", "Гречко Наталія", "--for", "Ковальчук Андрій", "--for", "Лисенко Оксана", "--for", "Мороз Василь", .. at]);
        }

        await Ok(["awards", "meeting", "close", "1", .. at]);

        var grants = await Task.WhenAll(petitions.Select(petition =>
            CouncilProcess.RunAsync(["awards", "grant", petition, "--nominee", "1", "--instrument", instrument, "--number", $"{petition}-р", "--on", "2023-03-01", .. at])));

        grants.Where(g => g.ExitCode != 0).Should().OnlyContain(g => g.ExitCode == 3, "the others are refused by the rule, with its words: " + string.Join("\n", grants.Select(g => g.Err)));
        var awarded = 0;
        foreach (var petition in petitions)
        {
            var show = await CouncilProcess.RunAsync(["awards", "petition", "show", petition, "--json", .. at]);
            awarded += JsonDocument.Parse(show.Out).RootElement.GetProperty("petition").GetProperty("nominees")[0].GetProperty("status").GetString() == "awarded" ? 1 : 0;
        }

        grants.Count(g => g.ExitCode == 0).Should().Be(awarded, "every grant reported recorded is recorded");
        return awarded;
    }

    private static async Task Ok(string[] args)
    {
        var run = await CouncilProcess.RunAsync(args);
        run.ExitCode.Should().Be(0, $"{string.Join(' ', args)}: {run.Err}");
    }
}
