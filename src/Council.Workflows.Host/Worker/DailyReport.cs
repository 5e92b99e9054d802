using System.Globalization;
using Council.Workflows.Appeals;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using NodaTime;

namespace Council.Workflows.Host.Worker;

/// <summary>The worker's settings in the council's settings (the <c>Worker</c> section).</summary>
internal sealed class WorkerSettings
{
    /// <summary>The daily report to the control staff.</summary>
    public DailyReportOptions DailyReport { get; set; } = new();

    /// <summary>What is wrong with these settings, each as (key, one sentence); empty when they are valid.</summary>
    public IReadOnlyList<(string Key, string Problem)> Problems() => DailyReport.Problems();
}

/// <summary>
/// The daily report (<c>Worker:DailyReport</c>): once a day, at or after <see cref="At"/> in the council's time zone, the
/// worker queues one outbox message to the control staff: appeals overdue now, appeals due within a few working days, and
/// what the worker fired the day before. Reference numbers and counts only: applicants' names stay in the register.
/// </summary>
internal sealed class DailyReportOptions
{
    private static readonly TextSource Texts = new("Output");

    /// <summary>Whether the report is sent. The default value is <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The time of day, in the council's zone, from which the day's report is due. The default value is 08:00.</summary>
    public LocalTime At { get; set; } = new(8, 0);

    /// <summary>How many working days ahead the report lists appeals falling due, from 1 to 20. The default value is 3.</summary>
    public int DueWithinWorkingDays { get; set; } = 3;

    /// <summary>Who the message is for: the control staff, as the outbox's receiver knows them. The default value is <c>control</c>.</summary>
    public string Recipient { get; set; } = "control";

    /// <summary>How many reference numbers a list shows before it gives only the count of the rest, from 1 to 500. The default value is 50.</summary>
    public int MaxListed { get; set; } = 50;

    /// <summary>What is wrong with these options, each as (key, what), in the reader's language; empty when they are valid.</summary>
    public IReadOnlyList<(string Key, string Problem)> Problems()
    {
        var problems = new List<(string, string)>();
        if (DueWithinWorkingDays is < 1 or > 20)
        {
            problems.Add(("Worker:DailyReport:DueWithinWorkingDays", Texts.Format("Worker.Range", 1, 20, DueWithinWorkingDays)));
        }

        if (string.IsNullOrWhiteSpace(Recipient) || Recipient.Length > 200 || Recipient.Any(char.IsControl))
        {
            problems.Add(("Worker:DailyReport:Recipient", Texts["Worker.Recipient"]));
        }

        if (MaxListed is < 1 or > 500)
        {
            problems.Add(("Worker:DailyReport:MaxListed", Texts.Format("Worker.Range", 1, 500, MaxListed)));
        }

        return problems;
    }
}

/// <summary>The daily report as a periodic job: one outbox message of kind <c>daily-report</c> per council and day.</summary>
internal sealed class DailyReportJob(
    DailyReportOptions options, AppealQueries appeals, ICaseStore store, DeadlineCalculator calculator, string council, string organisation, bool ukrainian)
    : IPeriodicJob
{
    /// <summary>The job's name, and the kind of its outbox message.</summary>
    public const string JobName = "daily-report";

    private static readonly TextSource T = new("Reports");
    private static readonly Guid Scope = new("0b5d3f0e-8a47-4c1e-9c5e-2f6d41a7d1b3");

    public string Name => JobName;

    public LocalDate? DuePeriod(Instant now)
    {
        var local = now.InZone(calculator.Zone).LocalDateTime;
        return options.Enabled && local.TimeOfDay >= options.At ? local.Date : null;
    }

    public async Task<IReadOnlyList<OutboxMessage>> RunAsync(LocalDate period, Instant now, CancellationToken cancellationToken)
    {
        var today = calculator.DateOf(now);
        var overdue = await appeals.OverdueAsync(now, cancellationToken).Select(a => (a.Index, a.Deadline.DueOn)).ToListAsync(cancellationToken).ConfigureAwait(false);
        var until = WorkingDaysAfter(today, options.DueWithinWorkingDays);
        var dueSoon = await appeals.DueWithinAsync(Period.Between(today, until, PeriodUnits.Days).Days, now, cancellationToken)
            .Where(a => !a.IsOverdueAt(now)).Select(a => (a.Index, a.Deadline.DueOn)).ToListAsync(cancellationToken).ConfigureAwait(false);
        var (reminders, escalations) = await FiredOnAsync(period.PlusDays(-1), cancellationToken).ConfigureAwait(false);

        var lines = new List<string>
        {
            T.Format("DailyReport.Heading", ukrainian, organisation, $"{Dotted(today)} {now.InZone(calculator.Zone).TimeOfDay.ToString("HH:mm", CultureInfo.InvariantCulture)}", calculator.Zone.Id),
            T.Format("DailyReport.Overdue", ukrainian, Listed(overdue)),
            T.Format("DailyReport.DueSoon", ukrainian, options.DueWithinWorkingDays, Dotted(until), Listed(dueSoon)),
            T.Format("DailyReport.Yesterday", ukrainian, Dotted(period.PlusDays(-1)), reminders, escalations),
            T["DailyReport.Note", ukrainian],
        };
        var id = DeterministicGuid.Create(Scope, $"{council}/{JobName}/{period.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)}");
        return
        [
            new OutboxMessage(id, new CaseId(id), JobName, options.Recipient.Trim(),
                T.Format("DailyReport.Subject", ukrainian, Dotted(period), overdue.Count, dueSoon.Count), string.Join("\n", lines), now),
        ];
    }

    // The reminders and escalations the worker fired on a day: the timer events of the appeals that changed since it began.
    private async Task<(int Reminders, int Escalations)> FiredOnAsync(LocalDate day, CancellationToken cancellationToken)
    {
        var start = day.AtStartOfDayInZone(calculator.Zone).ToInstant();
        var end = calculator.EndOf(day);
        var (reminders, escalations) = (0, 0);
        await foreach (var row in store.QueryAsync(new CaseQuery { Kind = Appeal.CaseKind }, cancellationToken).ConfigureAwait(false))
        {
            // An act is never dated before its case's latest: a case last changed before the day fired nothing on it.
            if (row.UpdatedAt < start)
            {
                continue;
            }

            foreach (var e in await store.LoadHistoryAsync(row.Id, cancellationToken).ConfigureAwait(false))
            {
                if (e.At >= start && e.At < end && e.By.Role == OfficialRole.System)
                {
                    reminders += e.Data is ReminderSent ? 1 : 0;
                    escalations += e.Data is DeadlineMissed ? 1 : 0;
                }
            }
        }

        return (reminders, escalations);
    }

    private LocalDate WorkingDaysAfter(LocalDate date, int days)
    {
        for (var counted = 0; counted < days;)
        {
            date = date.PlusDays(1);
            counted += calculator.Calendar.IsWorkingDay(date) ? 1 : 0;
        }

        return date;
    }

    private string Listed(List<(string Index, LocalDate DueOn)> appeals)
    {
        if (appeals.Count == 0)
        {
            return "0";
        }

        var shown = appeals.Take(options.MaxListed).Select(a => T.Format("DailyReport.Item", ukrainian, a.Index, Dotted(a.DueOn)));
        var more = appeals.Count > options.MaxListed ? ", " + T.Format("DailyReport.More", ukrainian, appeals.Count - options.MaxListed) : "";
        return $"{appeals.Count} — {string.Join(", ", shown)}{more}";
    }

    private static string Dotted(LocalDate date) => date.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture);
}
