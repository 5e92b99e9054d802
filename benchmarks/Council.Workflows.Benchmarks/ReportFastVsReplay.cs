using System.Diagnostics;
using System.Text.Json;
using Council.Workflows.Reporting;
using Council.Workflows.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime.Serialization.SystemTextJson;

namespace Council.Workflows.Benchmarks;

// Issue 16 ("Fast"): the year report and the quarter's statutory table from the report facts the store keeps against the
// replay of every case (the reference), in this process, on one SQLite file (the demo year copied to N cases with its
// facts); both ways must give the same report, figure for figure.
internal static class ReportFastVsReplay
{
    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

    public sealed record Measured(TimeSpan YearFast, TimeSpan YearReplay, TimeSpan QuarterFast, TimeSpan QuarterReplay);

    /// <summary>
    /// Times the year report and the quarter's tables (<paramref name="year"/>, Q1), each way: the fast ones
    /// <paramref name="fastRuns"/> times (median), the replays <paramref name="replayRuns"/> times, A/B alternating.
    /// </summary>
    /// <exception cref="InvalidOperationException">The two ways give different reports.</exception>
    public static async Task<Measured> MeasureAsync(string path, int year, int fastRuns, int replayRuns, Action<string> log)
    {
        await using var services = new ServiceCollection()
            .AddCouncilWorkflows()
            .AddCouncilWorkflowsSqlite(o => o.Path = path)
            .BuildServiceProvider();
        var yearFast = services.GetRequiredService<YearReportBuilder>();
        var yearReplay = yearFast.WithReplay();
        var quarterFast = services.GetRequiredService<StatutoryReportBuilder>();
        var quarterReplay = quarterFast.WithReplay();

        var (yf, yr, qf, qr) = (new List<TimeSpan>(), new List<TimeSpan>(), new List<TimeSpan>(), new List<TimeSpan>());
        string? yearJson = null, quarterJson = null;
        for (var i = 0; i < Math.Max(fastRuns, replayRuns); i++)
        {
            if (i < fastRuns)
            {
                yearJson = Same(yearJson, await TimeAsync(yf, () => yearFast.BuildAsync(year)), "year report, fast");
                quarterJson = Same(quarterJson, await TimeAsync(qf, () => quarterFast.QuarterAsync(year, 1)), "quarter, fast");
                log($"   fast: year {yf[^1].TotalSeconds:N2} s, quarter {qf[^1].TotalSeconds:N2} s");
            }

            if (i < replayRuns)
            {
                yearJson = Same(yearJson, await TimeAsync(yr, () => yearReplay.BuildAsync(year)), "year report, replay");
                quarterJson = Same(quarterJson, await TimeAsync(qr, () => quarterReplay.QuarterAsync(year, 1)), "quarter, replay");
                log($"   replay: year {yr[^1].TotalSeconds:N2} s, quarter {qr[^1].TotalSeconds:N2} s");
            }
        }

        return new Measured(Median(yf), Median(yr), Median(qf), Median(qr));
    }

    private static async Task<string> TimeAsync<T>(List<TimeSpan> times, Func<Task<T>> build)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var watch = Stopwatch.StartNew();
        var report = await build();
        times.Add(watch.Elapsed);
        return JsonSerializer.Serialize(report, Json);
    }

    private static string Same(string? before, string now, string what) =>
        before is null || before == now ? now : throw new InvalidOperationException($"The {what} differs from the report before it:\n{before}\n{now}");

    private static TimeSpan Median(List<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
