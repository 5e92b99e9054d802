using Council.Workflows.Deadlines;
using Council.Workflows.Engine;

namespace Council.Workflows.Appeals;

// What the guards of the appeal workflow read: the appeal, the command being decided, and what was looked up for it.
internal sealed class AppealContext(Appeal appeal, Command command, Appeal? earlier, DeadlineCalculator calculator)
{
    private ComplaintWindow? _window;
    private bool _windowComputed;

    public Appeal Appeal { get; } = appeal;

    public Command Command { get; } = command;

    public LocalDate Today { get; } = calculator.DateOf(command.At);

    public bool NotForwardedToAccused =>
        Command is not ForwardAppeal f || Appeal.ComplainedAbout is null || !string.Equals(Normalise(f.To), Normalise(Appeal.ComplainedAbout), StringComparison.OrdinalIgnoreCase);

    public ComplaintWindow? ComplaintWindow
    {
        get
        {
            if (!_windowComputed)
            {
                var decided = (Command as MarkComplaintLate)?.DecidedOn ?? Appeal.DecidedOn;
                var learned = (Command as MarkComplaintLate)?.LearnedOn ?? Appeal.LearnedOn;
                _window = decided is { } d && learned is { } l && l >= d ? calculator.ComplaintWindow(d, l) : null;
                _windowComputed = true;
            }

            return _window;
        }
    }

    public bool IsLateComplaint => Appeal.AppealKind == AppealKind.Complaint && ComplaintWindow is { } w && Appeal.ReceivedOn > w.LastDay;

    public bool GroundHolds => Command is NotConsiderAppeal n && n.Ground switch
    {
        NotConsideredGround.Anonymous => !Appeal.HasSignature || Appeal.Applicants.All(a => a.Address is null) || n.AuthorshipUnknown,
        NotConsideredGround.RepeatedResolved => earlier is { } e
            && e.Id != Appeal.Id
            && e.PartyKey == Appeal.PartyKey
            && e.Answer is { Outcome: not AnswerOutcome.Explained }
            && e.State is AppealState.Answered or AppealState.Closed,
        NotConsideredGround.LegallyIncapable => !string.IsNullOrWhiteSpace(n.CourtDecision),
        NotConsideredGround.LateComplaint => Appeal.State is AppealState.LateComplaint || IsLateComplaint,
        _ => false,
    };

    public bool IsAnswerer =>
        Command.Actor.Role is OfficialRole.Head or OfficialRole.DeputyHead
        || (Appeal.Executor is { } executor && string.Equals(executor, Command.Actor.Name, StringComparison.OrdinalIgnoreCase));

    public bool RefusalReasoned => Command is not AnswerAppeal { Outcome: AnswerOutcome.Refused } a
        || (!string.IsNullOrWhiteSpace(a.LegalBasis) && !string.IsNullOrWhiteSpace(a.Reasons) && !string.IsNullOrWhiteSpace(a.HowToAppeal));

    public bool MayTakeOffControl(ControlRule rule)
    {
        var isController = Appeal.ControlledBy is { } controller && string.Equals(controller, Command.Actor.Name, StringComparison.OrdinalIgnoreCase);
        return rule switch
        {
            ControlRule.Controller => isController,
            ControlRule.ControllerOrHead => isController || Command.Actor.Role == OfficialRole.Head,
            _ => true,
        };
    }

    private static string Normalise(string body) => string.Join(' ', body.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

// How alike two subjects are: the share of shared words (Jaccard over words of three letters or more, case-folded).
internal static class SubjectSimilarity
{
    public static double Of(string a, string b)
    {
        var left = Words(a);
        var right = Words(b);
        if (left.Count == 0 || right.Count == 0)
        {
            return 0;
        }

        var shared = left.Count(right.Contains);
        return (double)shared / (left.Count + right.Count - shared);
    }

    private static HashSet<string> Words(string text) =>
        [.. text.Split(static c => !char.IsLetterOrDigit(c)).Where(w => w.Length >= 3).Select(w => w.ToLowerInvariant())];

    private static string[] Split(this string text, Func<char, bool> separator)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !separator(text[i]))
            {
                if (start < 0)
                {
                    start = i;
                }
            }
            else if (start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
        }

        return [.. words];
    }
}
