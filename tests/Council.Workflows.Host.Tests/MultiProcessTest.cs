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
}
