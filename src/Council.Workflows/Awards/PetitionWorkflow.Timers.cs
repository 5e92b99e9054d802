using System.Globalization;
using Council.Workflows.Engine;
using static Council.Workflows.Awards.PetitionState;

namespace Council.Workflows.Awards;

// Deadlines and notices: the timers a petition schedules (reminders before, the missed deadline after) and the
// messages a firing sends.
public sealed partial class PetitionWorkflow
{
    /// <inheritdoc />
    public IReadOnlyList<TimerEntry> TimersFor(ICaseData data)
    {
        var petition = data as Petition ?? throw new ArgumentException("Not a petition.", nameof(data));
        var timers = new List<TimerEntry>();
        if (petition is { State: InReview, ReviewDueOn: { } reviewDue, ReviewLapsesAt: { } reviewLapses })
        {
            AddDeadline(timers, petition, "review", reviewDue, reviewLapses);
        }

        foreach (var nominee in petition.Nominees)
        {
            if (nominee is { Status: NomineeStatus.Awarded, PresentationDueOn: { } due, PresentationLapsesAt: { } lapses })
            {
                AddDeadline(timers, petition, $"presentation-{nominee.No.ToString(CultureInfo.InvariantCulture)}", due, lapses);
            }
        }

        return timers;
    }

    private void AddDeadline(List<TimerEntry> timers, Petition petition, string what, LocalDate due, Instant lapses)
    {
        var missed = new TimerKind($"{what}-missed", due);
        if (petition.FiredTimers.Contains(missed.ToString()))
        {
            // The missed deadline is recorded: its reminders have nothing left to remind of.
            return;
        }

        foreach (var days in _options.ReminderDaysBefore)
        {
            var kind = new TimerKind($"{what}-reminder-{days.ToString(CultureInfo.InvariantCulture)}d", due);
            var at = due.PlusDays(-days).At(_options.ReminderTimeOfDay).InZoneLeniently(_calculator.Zone).ToInstant();
            if (at > petition.SubmittedAt && !petition.FiredTimers.Contains(kind.ToString()))
            {
                timers.Add(new TimerEntry(petition.Id, kind, at, petition.StateName, petition.Version));
            }
        }

        timers.Add(new TimerEntry(petition.Id, missed, lapses, petition.StateName, petition.Version));
    }

    // review-reminder-7d (about 2023-05-01) → review-missed (about the same date): the deadline a reminder is for.
    private static TimerKind MissedKindOf(TimerKind reminder)
    {
        var at = reminder.Purpose.IndexOf("-reminder-", StringComparison.Ordinal);
        return at < 0 ? reminder : reminder.WithPurpose($"{reminder.Purpose[..at]}-missed");
    }

    private static bool IsMissed(TimerKind kind) => kind.Purpose.EndsWith("-missed", StringComparison.Ordinal);

    private static OutboxMessage Message(Command command, Petition petition, string kind, string recipient, string subject, string body) =>
        WorkflowPlumbing.Message(command, petition.Id, kind, kind, recipient, subject, body);
}
