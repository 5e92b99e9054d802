using System.Globalization;
using Ardalis.GuardClauses;
using Council.Workflows.Printing;

namespace Council.Workflows.Awards;

/// <summary>The minutes (протокол) of a commission meeting, in Ukrainian, as text a secretary could print.</summary>
public static class MeetingMinutes
{
    private const string DefaultCommissionName = "комісії з питань нагородження громадян та юридичних осіб за заслуги перед містом";

    /// <summary>Renders the minutes of <paramref name="meeting"/>.</summary>
    /// <param name="meeting">The meeting.</param>
    /// <param name="options">The award catalogue, for names.</param>
    /// <param name="commissionName">The commission's name as the heading shows it.</param>
    public static string Render(CommissionMeeting meeting, AwardOptions options, string commissionName = DefaultCommissionName) =>
        Document(meeting, options, commissionName).ToText();

    /// <summary>The minutes of <paramref name="meeting"/> as a document to print (HTML on A4, a Word document).</summary>
    /// <param name="meeting">The meeting.</param>
    /// <param name="options">The award catalogue, for names.</param>
    /// <param name="commissionName">The commission's name as the heading shows it.</param>
    /// <param name="organisation">The council's name at the head of the page, if it is to be printed there.</param>
    public static PrintedDocument Document(CommissionMeeting meeting, AwardOptions options, string commissionName = DefaultCommissionName, string? organisation = null)
    {
        Guard.Against.Null(meeting);
        Guard.Against.Null(options);
        var blocks = new List<PrintBlock>();
        if (!string.IsNullOrWhiteSpace(organisation))
        {
            blocks.Add(new PrintBlock(PrintStyle.Letterhead, organisation));
        }

        // A line of the minutes; its leading spaces are its indent.
        void L(string line, PrintStyle style = PrintStyle.Line)
        {
            var indent = line.Length - line.TrimStart(' ').Length;
            blocks.Add(new PrintBlock(style, line[indent..]) { Indent = indent });
        }

        void Blank() => blocks.Add(new PrintBlock(PrintStyle.Spacer, ""));

        L($"ПРОТОКОЛ № {meeting.Number}", PrintStyle.Title);
        L($"засідання {commissionName}", PrintStyle.Subtitle);
        L(D(meeting.HeldOn ?? meeting.ScheduledOn), PrintStyle.Subtitle);
        if (meeting.HeldOn is { } held && held != meeting.ScheduledOn)
        {
            L($"(засідання, призначене на {D(meeting.ScheduledOn)}, відбулося {D(held)})", PrintStyle.Subtitle);
        }

        Blank();

        if (meeting.State == MeetingState.Cancelled)
        {
            L($"Засідання скасовано: {meeting.CancelReason}");
            return new PrintedDocument($"Протокол № {meeting.Number}", blocks);
        }

        // Present means present at any point of the sitting (as `meeting show` counts); a late arrival or an early departure is noted.
        var attendance = meeting.Attendance;
        var present = attendance.Where(a => a.DuringSitting).ToList();
        L($"Присутні ({present.Count} з {meeting.Members.Count} членів комісії; кворум — {meeting.Quorum}, {(present.Count >= meeting.Quorum ? "є" : "немає")}):");
        foreach (var member in present)
        {
            L($"  {member.Member.Name}{Role(member.Member.Role)}{Movements(member)}");
        }

        var absent = meeting.Members.Where(m => !present.Any(p => p.Member.Name == m.Name)).ToList();
        if (absent.Count > 0)
        {
            L($"Відсутні: {string.Join(", ", absent.Select(m => m.Name))}.");
        }

        Blank();
        L("ПОРЯДОК ДЕННИЙ:", PrintStyle.Heading);
        var i = 0;
        foreach (var item in meeting.Agenda)
        {
            i++;
            L($"{i}. Клопотання № {item.Number} ({item.Petitioner}) щодо нагородження: {string.Join(", ", item.Nominees.Select(n => n.Name))}.");
        }

        Blank();
        if (meeting.Declarations.Count > 0)
        {
            L("ЗАЯВИ ПРО КОНФЛІКТ ІНТЕРЕСІВ:", PrintStyle.Heading);
            foreach (var d in meeting.Declarations)
            {
                var nominee = meeting.AgendaNominee(d.Petition, d.NomineeNo);
                L($"  {d.Member} — щодо кандидатури {nominee?.Name} ({(d.Publicly ? "заявлено публічно" : "заявлено")}).");
            }

            Blank();
        }

        L("РОЗГЛЯНУЛИ ТА ВИРІШИЛИ:", PrintStyle.Heading);
        i = 0;
        foreach (var item in meeting.Agenda)
        {
            i++;
            L($"{i}. Клопотання № {item.Number} ({item.Petitioner}).");
            foreach (var nominee in item.Nominees)
            {
                var category = options.Category(nominee.Category)?.NameUk ?? nominee.Category;
                L($"   {nominee.Name} ({category}); запропоновано: {AwardName(options, nominee.ProposedAward)}.");
                foreach (var warning in nominee.Warnings)
                {
                    L($"     Застереження: {warning.Message}");
                }

                foreach (var (vote, index) in meeting.Votes.Select((v, k) => (v, k)).Where(x => x.v.Petition == item.Petition && x.v.NomineeNo == nominee.No))
                {
                    L($"   {PresentAtVote(meeting, vote, index)}");
                    var motion = vote.Motion == Motion.Recommend ? $"рекомендувати до нагородження: {AwardName(options, vote.Award)}" : "відкласти розгляд";
                    L($"   Голосували ({motion}): «за» — {vote.For}{Names(vote, VoteChoice.For)}, «проти» — {vote.Against}{Names(vote, VoteChoice.Against)}, «утрималися» — {vote.Abstained}{Names(vote, VoteChoice.Abstain)}.");
                    if (vote.Recused.Count > 0)
                    {
                        L($"   Не голосували через конфлікт інтересів: {string.Join(", ", vote.Recused)}.");
                    }

                    if (vote.VotedDespiteConflict.Count > 0)
                    {
                        L($"   Голосували, публічно заявивши про конфлікт інтересів, оскільки інакше немає кворуму: {string.Join(", ", vote.VotedDespiteConflict)}.");
                    }
                }

                L($"   ВИРІШИЛИ: {Decision(meeting, item, nominee, options)}");
            }
        }

        Blank();
        blocks.Add(new PrintBlock(PrintStyle.Signature, meeting.Chair?.Name ?? "") { Label = "Голова комісії" });
        blocks.Add(new PrintBlock(PrintStyle.Signature, meeting.Secretary?.Name ?? "") { Label = "Секретар комісії" });
        return new PrintedDocument($"Протокол № {meeting.Number}", blocks);
    }

    private static string Decision(CommissionMeeting meeting, AgendaItem item, AgendaNominee nominee, AwardOptions options)
    {
        var vote = meeting.DecidingVote(item.Petition, nominee.No);
        return meeting.OutcomeOf(item.Petition, nominee.No) switch
        {
            ReviewOutcome.Recommended => $"рекомендувати до нагородження: {AwardName(options, vote!.Award)}.",
            ReviewOutcome.RecommendedOther => $"рекомендувати до нагородження іншою відзнакою: {AwardName(options, vote!.Award)}.",
            ReviewOutcome.Rejected => $"відмовити; причина: {vote!.Reason}.",
            ReviewOutcome.Deferred when vote is null => "розгляд перенесено на наступне засідання (не розглянуто).",
            ReviewOutcome.Deferred => $"розгляд відкласти: {vote.Reason}.",
            _ => meeting.State == MeetingState.Closed ? "розгляд перенесено на наступне засідання." : "рішення ще не ухвалено.",
        };
    }

    // Who was present at this vote and whether they made a quorum: those present who may vote (not recused) are counted.
    private static string PresentAtVote(CommissionMeeting meeting, VoteRecord vote, int index)
    {
        var present = meeting.PresentAtVote(index);
        var counted = present.Count - vote.Recused.Count;
        var away = meeting.Attendance.Where(a => a.DuringSitting && !a.AtVote(index)).Select(a => a.Member.Name).ToList();
        return $"Присутні під час голосування: {present.Count} (кворум — {meeting.Quorum}, {(counted >= meeting.Quorum ? "є" : "немає")})"
            + (away.Count > 0 ? $"; відсутні під час голосування: {string.Join(", ", away)}." : ".");
    }

    private static string Movements(MemberAttendance member)
    {
        var notes = new List<string>();
        foreach (var change in member.Changes)
        {
            notes.Add(change.Present ? (notes.Count == 0 && !member.AtOpening ? "прибув(-ла) під час засідання" : "повернувся(-лася)") : "залишив(-ла) засідання");
        }

        return notes.Count == 0 ? "" : $" — {string.Join(", ", notes)}";
    }

    private static string Names(VoteRecord vote, VoteChoice choice)
    {
        var names = vote.Ballots.Where(b => b.Choice == choice).Select(b => b.Member).ToList();
        return names.Count == 0 ? "" : $" ({string.Join(", ", names)})";
    }

    private static string Role(CommissionRole role) => role switch
    {
        CommissionRole.Chair => ", голова комісії",
        CommissionRole.Secretary => ", секретар комісії",
        _ => "",
    };

    private static string AwardName(AwardOptions options, string? id) => options.Type(id) is { } type ? $"«{type.NameUk}»" : id ?? "—";

    private static string D(LocalDate date) => date.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture);
}
