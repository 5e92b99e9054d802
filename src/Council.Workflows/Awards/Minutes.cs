using System.Globalization;
using System.Text;
using Ardalis.GuardClauses;

namespace Council.Workflows.Awards;

/// <summary>The minutes (протокол) of a commission meeting, in Ukrainian, as text a secretary could print.</summary>
public static class MeetingMinutes
{
    /// <summary>Renders the minutes of <paramref name="meeting"/>.</summary>
    /// <param name="meeting">The meeting.</param>
    /// <param name="options">The award catalogue, for names.</param>
    /// <param name="commissionName">The commission's name as the heading shows it.</param>
    public static string Render(CommissionMeeting meeting, AwardOptions options, string commissionName = "комісії з питань нагородження громадян та юридичних осіб за заслуги перед містом")
    {
        Guard.Against.Null(meeting);
        Guard.Against.Null(options);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"ПРОТОКОЛ № {meeting.Number}");
        text.AppendLine(CultureInfo.InvariantCulture, $"засідання {commissionName}");
        text.AppendLine(D(meeting.HeldOn ?? meeting.ScheduledOn));
        if (meeting.HeldOn is { } held && held != meeting.ScheduledOn)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"(засідання, призначене на {D(meeting.ScheduledOn)}, відбулося {D(held)})");
        }

        text.AppendLine();

        if (meeting.State == MeetingState.Cancelled)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Засідання скасовано: {meeting.CancelReason}");
            return text.ToString();
        }

        // Present means present at any point of the sitting (as `meeting show` counts); a late arrival or an early departure is noted.
        var attendance = meeting.Attendance;
        var present = attendance.Where(a => a.DuringSitting).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"Присутні ({present.Count} з {meeting.Members.Count} членів комісії; кворум — {meeting.Quorum}, {(present.Count >= meeting.Quorum ? "є" : "немає")}):");
        foreach (var member in present)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {member.Member.Name}{Role(member.Member.Role)}{Movements(member)}");
        }

        var absent = meeting.Members.Where(m => !present.Any(p => p.Member.Name == m.Name)).ToList();
        if (absent.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Відсутні: {string.Join(", ", absent.Select(m => m.Name))}.");
        }

        text.AppendLine();
        text.AppendLine("ПОРЯДОК ДЕННИЙ:");
        var i = 0;
        foreach (var item in meeting.Agenda)
        {
            i++;
            text.AppendLine(CultureInfo.InvariantCulture, $"{i}. Клопотання № {item.Number} ({item.Petitioner}) щодо нагородження: {string.Join(", ", item.Nominees.Select(n => n.Name))}.");
        }

        text.AppendLine();
        if (meeting.Declarations.Count > 0)
        {
            text.AppendLine("ЗАЯВИ ПРО КОНФЛІКТ ІНТЕРЕСІВ:");
            foreach (var d in meeting.Declarations)
            {
                var nominee = meeting.AgendaNominee(d.Petition, d.NomineeNo);
                text.AppendLine(CultureInfo.InvariantCulture, $"  {d.Member} — щодо кандидатури {nominee?.Name} ({(d.Publicly ? "заявлено публічно" : "заявлено")}).");
            }

            text.AppendLine();
        }

        text.AppendLine("РОЗГЛЯНУЛИ ТА ВИРІШИЛИ:");
        i = 0;
        foreach (var item in meeting.Agenda)
        {
            i++;
            text.AppendLine(CultureInfo.InvariantCulture, $"{i}. Клопотання № {item.Number} ({item.Petitioner}).");
            foreach (var nominee in item.Nominees)
            {
                var category = options.Category(nominee.Category)?.NameUk ?? nominee.Category;
                text.AppendLine(CultureInfo.InvariantCulture, $"   {nominee.Name} ({category}); запропоновано: {AwardName(options, nominee.ProposedAward)}.");
                foreach (var warning in nominee.Warnings)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"     Застереження ({warning.Rule}): {warning.Message}");
                }

                foreach (var (vote, index) in meeting.Votes.Select((v, k) => (v, k)).Where(x => x.v.Petition == item.Petition && x.v.NomineeNo == nominee.No))
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"   {PresentAtVote(meeting, vote, index)}");
                    var motion = vote.Motion == Motion.Recommend ? $"рекомендувати до нагородження: {AwardName(options, vote.Award)}" : "відкласти розгляд";
                    text.AppendLine(CultureInfo.InvariantCulture, $"   Голосували ({motion}): «за» — {vote.For}{Names(vote, VoteChoice.For)}, «проти» — {vote.Against}{Names(vote, VoteChoice.Against)}, «утрималися» — {vote.Abstained}{Names(vote, VoteChoice.Abstain)}.");
                    if (vote.Recused.Count > 0)
                    {
                        text.AppendLine(CultureInfo.InvariantCulture, $"   Не голосували через конфлікт інтересів: {string.Join(", ", vote.Recused)}.");
                    }

                    if (vote.VotedDespiteConflict.Count > 0)
                    {
                        text.AppendLine(CultureInfo.InvariantCulture, $"   Голосували, публічно заявивши про конфлікт інтересів, оскільки інакше немає кворуму: {string.Join(", ", vote.VotedDespiteConflict)}.");
                    }
                }

                text.AppendLine(CultureInfo.InvariantCulture, $"   ВИРІШИЛИ: {Decision(meeting, item, nominee, options)}");
            }
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Голова комісії      ____________ {meeting.Chair?.Name}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Секретар комісії    ____________ {meeting.Secretary?.Name}");
        return text.ToString();
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
