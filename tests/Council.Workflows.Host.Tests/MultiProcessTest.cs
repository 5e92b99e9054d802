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
        var at = new[] { "--at", "2023-03-01T10:00", "--db", Db, "--as", "Гречко Наталія", "--role", "secretary" };
        var petitions = Enumerable.Range(1, 4).Select(n => $"{n}/2023").ToList();
        foreach (var petition in petitions)
        {
            await Ok(["awards", "petition", "submit", "--petitioner", "Військова частина А0000", "--petitioner-kind", "military-unit", "--nominee", "Шевченко Олег Петрович|merit-3|military|За мужність", .. at]);
            await Ok(["awards", "petition", "register", petition, .. at]);
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
            CouncilProcess.RunAsync(["awards", "grant", petition, "--nominee", "1", "--instrument", "mayors-order", "--number", $"{petition}-р", "--on", "2023-03-01", .. at])));

        grants.Count(g => g.ExitCode == 0).Should().Be(1, string.Join("\n", grants.Select(g => g.Err)));
        grants.Where(g => g.ExitCode != 0).Should().OnlyContain(g => g.ExitCode == 3, "the others are refused by the rule, with its words");
        var awarded = 0;
        foreach (var petition in petitions)
        {
            var show = await CouncilProcess.RunAsync(["awards", "petition", "show", petition, "--json", .. at]);
            awarded += JsonDocument.Parse(show.Out).RootElement.GetProperty("petition").GetProperty("nominees")[0].GetProperty("status").GetString() == "awarded" ? 1 : 0;
        }

        awarded.Should().Be(1);
    }

    private static async Task Ok(string[] args)
    {
        var run = await CouncilProcess.RunAsync(args);
        run.ExitCode.Should().Be(0, $"{string.Join(' ', args)}: {run.Err}");
    }
}
