namespace Council.Workflows.Engine;

// What every workflow does the same way around its own rules: the stale-timer check before a timer fires, and the
// outbox message with an id a receiver can de-duplicate on.
internal static class WorkflowPlumbing
{
    /// <summary>
    /// A timer fires only while its case still schedules it (the same kind and due instant, scheduled in the state the case
    /// is in); otherwise the case moved on, and the firing is ignored with the reason. <see langword="null"/>: it fires.
    /// </summary>
    public static Decision? StaleTimer(IWorkflow workflow, ICaseData current, FireTimer fire, string noun)
    {
        var timer = fire.Timer;
        if (timer.ScheduledInState == current.StateName && workflow.TimersFor(current).Any(t => t.Kind == timer.Kind && t.DueAt == timer.DueAt))
        {
            return null;
        }

        return Decision.Ignore($"Timer '{timer.Kind}' was scheduled in state '{timer.ScheduledInState}'; the {noun} is now '{current.StateName}' and no longer needs it.");
    }

    /// <summary>An outbox message of <paramref name="command"/>, its id derived from the command's and <paramref name="discriminator"/>.</summary>
    public static OutboxMessage Message(Command command, CaseId caseId, string discriminator, string kind, string recipient, string subject, string body) =>
        new(DeterministicGuid.Create(command.CommandId, discriminator), caseId, kind, recipient, subject, body, command.At);
}
