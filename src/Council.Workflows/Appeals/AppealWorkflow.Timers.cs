using System.Globalization;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;

namespace Council.Workflows.Appeals;

// Deadlines and notices: the timers a case schedules (reminders before, escalation after), the deadlines computed once
// per day of receipt, and the messages a firing sends.
public sealed partial class AppealWorkflow
{
    /// <inheritdoc />
    public IReadOnlyList<TimerEntry> TimersFor(ICaseData data)
    {
        var appeal = data as Appeal ?? throw new ArgumentException("Not an appeal.", nameof(data));
        if (!appeal.IsAwaitingAnswer)
        {
            return [];
        }

        var due = appeal.Deadline;
        var missed = _missedKinds.GetOrAdd(due.DueOn, static d => new TimerKind(DeadlineMissedPurpose, d));
        if (appeal.FiredTimers.Contains(missed.ToString()))
        {
            // Once the missed deadline is recorded, a reminder of it has nothing left to remind of.
            return [];
        }

        var timers = new List<TimerEntry>(_options.ReminderWorkingDaysBefore.Count + 1);
        var reminders = _options.ReminderWorkingDaysBefore;
        for (var i = 0; i < reminders.Count; i++)
        {
            var (kind, at) = Reminder(due.DueOn, reminders[i]);
            if (at > appeal.RegisteredAt && at < due.LapsesAt && !appeal.FiredTimers.Contains(kind.ToString()))
            {
                timers.Add(new TimerEntry(appeal.Id, kind, at, appeal.StateName, appeal.Version));
            }
        }

        timers.Add(new TimerEntry(appeal.Id, missed, due.LapsesAt, appeal.StateName, appeal.Version));
        return timers;
    }

    private static void Notify(List<OutboxMessage> outbox, Command command, Appeal appeal, string kind, string recipient, string subject, string body) =>
        outbox.Add(WorkflowPlumbing.Message(command, appeal.Id, $"{kind}/{outbox.Count}", kind, recipient, subject, body));

    // Letters received on one day share their deadlines: computed once per day and term (this workflow's calendar does
    // not change), and one immutable record is held by all those appeals.
    private AppealDeadline DeadlineOf(LocalDate receivedOn, string termId) => _deadlines.GetOrAdd((receivedOn, termId), static (key, calculator) =>
    {
        var deadline = calculator.Compute(key.ReceivedOn, key.TermId);
        return new AppealDeadline(key.TermId, deadline.DueOn, deadline.LapsesAt, deadline.Term!.LegalBasisUk);
    }, _calculator);

    /// <summary>
    /// The deadline an appeal received on <paramref name="receivedOn"/> gets at registration (the council's default term, or a
    /// deputy's), with every step of its computation: what a registration form shows before the clerk registers.
    /// </summary>
    public Deadline PreviewDeadline(LocalDate receivedOn, bool deputy) => PreviewDeadline(receivedOn, deputy, null);

    /// <summary>The deadline at registration with the term the clerk chose (15 days when the appeal needs no further study), or the council's default.</summary>
    public Deadline PreviewDeadline(LocalDate receivedOn, bool deputy, ConsiderationTerm? term) =>
        _calculator.Compute(receivedOn, deputy ? StatutoryTerms.DeputyAppeal.Id : TermId(term ?? _options.DefaultTerm));

    private static string TermId(ConsiderationTerm term) => term == ConsiderationTerm.NoStudy ? StatutoryTerms.AppealNoStudy.Id : StatutoryTerms.AppealStandard.Id;

    // The timers' purposes: a reminder some working days before the deadline, and the deadline missed.
    private const string DeadlineMissedPurpose = "deadline-missed";

    private static bool IsReminder(TimerKind kind) => kind.Purpose.StartsWith("reminder-", StringComparison.Ordinal);

    // Timer kinds and reminder instants depend only on the due date: computed once per date, and the kinds (with their
    // stored text) are shared by every case due that day (an installation holds a few thousand distinct dates).
    private (TimerKind Kind, Instant At) Reminder(LocalDate dueOn, int days) => _reminders.GetOrAdd((dueOn, days), static (key, self) =>
        (new TimerKind($"reminder-{key.Days.ToString(CultureInfo.InvariantCulture)}wd", key.DueOn),
         self.WorkingDaysBefore(key.DueOn, key.Days).At(self._options.ReminderTimeOfDay).InZoneLeniently(self._calculator.Zone).ToInstant()), this);

    private LocalDate WorkingDaysBefore(LocalDate date, int days)
    {
        var counted = 0;
        while (counted < days)
        {
            date = date.PlusDays(-1);
            if (_calculator.Calendar.IsWorkingDay(date))
            {
                counted++;
            }
        }

        return date;
    }
}
