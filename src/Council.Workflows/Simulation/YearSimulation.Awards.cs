using Council.Workflows.Awards;
using Council.Workflows.Engine;

namespace Council.Workflows.Simulation;

// The commission's year: petitions submitted and registered before their meeting, meetings every week and a half with
// a quorum present, votes cast so that the planned outcomes come out of them, granting decisions and ceremonies after.
internal sealed partial class YearSimulation
{
    private enum Fate
    {
        Awarded,
        Rejected,
        NotAwarded,
        StillDeferred,
    }

    private sealed record NomineePlan(NomineeProposal Proposal, Fate Fate, bool DeferredFirst, string? OtherAward);

    private void PlanAwards(YearProfile profile, Plan plan)
    {
        var rng = plan.Random;
        var secretary = new Official("Гречко Наталія", OfficialRole.Secretary);
        var mayor = new Official("Мельник Віктор", OfficialRole.Head);
        CommissionMember[] members =
        [
            new("Гречко Наталія", CommissionRole.Chair), new("Ковальчук Андрій", CommissionRole.Secretary), new("Лисенко Оксана"), new("Мороз Василь"),
            new("Олійник Тетяна"), new("Павленко Роман"), new("Руденко Світлана"), new("Федорук Олег"), new("Данилюк Марина"),
        ];
        var quorum = _awards.QuorumOf(members.Length);
        var defence = _awards.Categories.Where(c => c.DefenceAndRescue).Select(c => c.Id).ToList();
        var others = _awards.Categories.Where(c => !c.DefenceAndRescue).Select(c => c.Id).ToList();
        var defenceWeights = new[] { 50, 20, 10, 12, 8 };

        // The fates: exactly Awarded awarded; a few recommended but not awarded; a few still deferred at year end; the rest rejected.
        var stillDeferred = Math.Min(profile.Nominees - profile.Awarded, Math.Max(0, (int)Math.Round(profile.Nominees * 0.015)));
        var notAwarded = Math.Min(profile.Nominees - profile.Awarded - stillDeferred, (int)Math.Round(profile.Nominees * 0.01));
        var fates = Enumerable.Repeat(Fate.Awarded, profile.Awarded)
            .Concat(Enumerable.Repeat(Fate.NotAwarded, notAwarded))
            .Concat(Enumerable.Repeat(Fate.Rejected, profile.Nominees - profile.Awarded - notAwarded - stillDeferred))
            .OrderBy(_ => rng.Next())
            .Concat(Enumerable.Repeat(Fate.StillDeferred, stillDeferred))
            .ToList();
        var awardedDefence = (int)Math.Round(profile.Awarded * profile.DefenceAndRescueShare);
        var awardedSeen = 0;
        var nominees = fates.Select(fate =>
        {
            string category;
            if (fate == Fate.Awarded)
            {
                category = awardedSeen++ < awardedDefence ? Weighted(rng, defence, defenceWeights) : plan.Pick(others);
            }
            else
            {
                category = rng.NextDouble() < 0.5 ? Weighted(rng, defence, defenceWeights) : plan.Pick(others);
            }

            var awardRoll = rng.NextDouble();
            var award = awardRoll < 0.70 ? "thanks" : awardRoll < 0.90 ? "honorary-certificate" : awardRoll < 0.97 ? "merit-3" : "merit-2";
            var first = plan.Pick(Names);
            var patronymic = plan.Pick(Patronymics);
            var name = $"{plan.Pick(Surnames)} {first} {(IsFemale(first) ? patronymic.Female : patronymic.Male)}";
            var proposal = new NomineeProposal
            {
                Name = name, Award = award, Category = category, Posthumous = category == "military" && rng.NextDouble() < 0.03,
                Justification = category is "military" or "emergency-service"
                    ? "За мужність і самовідданість, виявлені під час захисту державного суверенітету та територіальної цілісності України."
                    : "За вагомий особистий внесок у розвиток міської громади та сумлінну працю.",
                Position = category == "military" ? "військовослужбовець" : null,
            };
            var other = fate == Fate.Awarded && award != "thanks" && rng.NextDouble() < 0.1 ? "thanks" : null;
            return new NomineePlan(proposal, fate, fate == Fate.StillDeferred || (fate != Fate.NotAwarded && rng.NextDouble() < 0.08), other);
        }).ToList();

        // Petitions: sizes summing to the nominees; the still-deferred ones in the last petitions.
        var sizes = Enumerable.Repeat(1, profile.Petitions).ToArray();
        for (var extra = profile.Nominees - profile.Petitions; extra > 0; extra--)
        {
            sizes[rng.Next(sizes.Length)]++;
        }

        var petitions = new List<List<NomineePlan>>();
        var next = 0;
        foreach (var size in sizes)
        {
            petitions.Add(nominees.GetRange(next, size));
            next += size;
        }

        // Meetings spread over the year on working days; the last early enough for its decisions to be granted in the year.
        var firstMeeting = NextWorkingDay(new LocalDate(profile.Year, 1, 10));
        var lastMeeting = OnOrBeforeWorkingDay(new LocalDate(profile.Year, 12, 12));
        var span = Period.Between(firstMeeting, lastMeeting, PeriodUnits.Days).Days;
        var meetingDays = Enumerable.Range(0, profile.Meetings)
            .Select(k => OnOrBeforeWorkingDay(firstMeeting.PlusDays(profile.Meetings == 1 ? 0 : span * k / (profile.Meetings - 1))))
            .ToList();
        var meetingIds = meetingDays.Select(_ => plan.NewCase()).ToList();
        for (var k = 0; k < meetingDays.Count; k++)
        {
            var (id, on) = (meetingIds[k], meetingDays[k]);
            // Scheduled two weeks ahead, or on the previous meeting's day if that is earlier (deferred petitions join it the day after).
            var twoWeeks = on.PlusDays(-14);
            var scheduleOn = OnOrBeforeWorkingDay(k > 0 && meetingDays[k - 1] < twoWeeks ? meetingDays[k - 1] : twoWeeks);
            plan.Add(At(scheduleOn, 9), scheduleOn, id, ct => Run(new ScheduleMeeting { CommandId = plan.NewGuid(), CaseId = id, Actor = secretary, At = At(scheduleOn, 9), On = on, Members = members }, ct));
        }

        // Each petition's first meeting; a petition with deferred nominees comes back at the next meeting.
        var agendas = meetingDays.Select(_ => new List<(CaseId Petition, List<NomineePlan> Nominees, bool Second)>()).ToList();
        for (var p = 0; p < petitions.Count; p++)
        {
            var nomineesOf = petitions[p];
            var hasStillDeferred = nomineesOf.Any(n => n.Fate == Fate.StillDeferred);
            var meeting = hasStillDeferred ? meetingDays.Count - 1 : Math.Min(meetingDays.Count - 1, p * meetingDays.Count / petitions.Count);
            var hasDeferred = nomineesOf.Any(n => n.DeferredFirst && n.Fate != Fate.StillDeferred);
            if (hasDeferred && meeting == meetingDays.Count - 1 && meeting > 0)
            {
                meeting--;
            }

            var petitionId = plan.NewCase();
            var submitOn = OnOrBeforeWorkingDay(meetingDays[meeting].PlusDays(-10 - rng.Next(20)));
            var registerOn = NextWorkingDay(submitOn);
            var petitioner = PetitionerOf(rng, nomineesOf[0].Proposal.Category);
            var submit = new SubmitPetition
            {
                CommandId = plan.NewGuid(), CaseId = petitionId, Actor = secretary, At = At(submitOn, 10), Petitioner = petitioner,
                Nominees = [.. nomineesOf.Select(n => n.Proposal)],
            };
            plan.Add(submit.At, submitOn, petitionId, ct => Run(submit, ct));
            plan.Add(At(registerOn, 10), registerOn, petitionId, ct => Run(new RegisterPetition { CommandId = plan.NewGuid(), CaseId = petitionId, Actor = secretary, At = At(registerOn, 10) }, ct));
            agendas[meeting].Add((petitionId, nomineesOf, false));
            if (hasDeferred && meeting + 1 < meetingDays.Count)
            {
                agendas[meeting + 1].Add((petitionId, nomineesOf, true));
            }
        }

        for (var k = 0; k < meetingDays.Count; k++)
        {
            PlanMeeting(plan, rng, meetingIds[k], meetingDays[k], k == 0 ? null : meetingDays[k - 1], agendas[k], members, quorum, secretary, mayor, profile.Year);
        }
    }

    private void PlanMeeting(
        Plan plan, Random rng, CaseId meetingId, LocalDate on, LocalDate? previous, List<(CaseId Petition, List<NomineePlan> Nominees, bool Second)> agenda,
        CommissionMember[] members, int quorum, Official secretary, Official mayor, int year)
    {
        // A petition coming back goes on the agenda the day after the previous meeting (once its deferral is recorded).
        foreach (var (petition, _, second) in agenda)
        {
            var addOn = second && previous is { } prev ? NextWorkingDay(prev) : OnOrBeforeWorkingDay(on.PlusDays(-2));
            plan.Add(At(addOn, 14), addOn, meetingId, ct => Coordinate(_coordinator.PlaceOnAgendaAsync(plan.NewGuid(), meetingId, petition, secretary, At(addOn, 14), ct)));
        }

        var present = members.Select(m => m.Name).Where((_, i) => i < 2 || rng.NextDouble() < 0.85).ToList();
        while (present.Count < quorum)
        {
            present.Add(members.First(m => !present.Contains(m.Name)).Name);
        }

        var meetingAt = At(on, 14);
        var actions = new List<Func<CancellationToken, ValueTask<CommandResult?>>>
        {
            ct => Run(new OpenMeeting { CommandId = plan.NewGuid(), CaseId = meetingId, Actor = secretary, At = meetingAt, Present = present }, ct),
        };
        var grants = new List<(CaseId Petition, int No, NomineePlan Nominee)>();
        foreach (var (petition, nominees, second) in agenda)
        {
            for (var i = 0; i < nominees.Count; i++)
            {
                var no = i + 1;
                var nominee = nominees[i];
                var defer = nominee.DeferredFirst && !second;
                if (second && !nominee.DeferredFirst)
                {
                    continue;
                }

                if (nominee.Fate == Fate.StillDeferred && second)
                {
                    continue;
                }

                var voters = new List<string>(present);
                if (rng.NextDouble() < 0.03 && voters.Count - 1 >= quorum)
                {
                    var conflicted = voters[2 + rng.Next(voters.Count - 2)];
                    voters.Remove(conflicted);
                    actions.Add(ct => Run(new DeclareConflictOfInterest { CommandId = plan.NewGuid(), CaseId = meetingId, Actor = secretary, At = meetingAt, Member = conflicted, Petition = petition, NomineeNo = no }, ct));
                }

                var passes = defer || nominee.Fate is Fate.Awarded or Fate.NotAwarded;
                var votesFor = passes ? (voters.Count / 2) + 1 + rng.Next(voters.Count - (voters.Count / 2)) : rng.Next((voters.Count + 1) / 2);
                var against = rng.Next(voters.Count - votesFor + 1);
                var ballots = voters.Select((m, j) => new Ballot(m, j < votesFor ? VoteChoice.For : j < votesFor + against ? VoteChoice.Against : VoteChoice.Abstain)).ToList();
                var vote = new TakeVote
                {
                    CommandId = plan.NewGuid(), CaseId = meetingId, Actor = secretary, At = meetingAt, Petition = petition, NomineeNo = no,
                    Motion = defer ? Motion.Defer : Motion.Recommend, Award = defer ? null : nominee.OtherAward, Ballots = ballots,
                    Reason = defer ? "Запросити додаткові відомості про кандидата" : passes ? null : "Недостатньо підстав для нагородження",
                };
                actions.Add(ct => Run(vote, ct));
                if (!defer && nominee.Fate is Fate.Awarded or Fate.NotAwarded)
                {
                    grants.Add((petition, no, nominee));
                }
            }
        }

        actions.Add(ct => Coordinate(_coordinator.CloseMeetingAsync(plan.NewGuid(), meetingId, secretary, meetingAt.Plus(Duration.FromHours(2)), ct)));
        var order = 0;
        foreach (var action in actions)
        {
            plan.Add(meetingAt.Plus(Duration.FromSeconds(order++)), on, meetingId, action);
        }

        // The granting bodies decide within days; the ceremony follows (if it falls in the year).
        var yearEnd = new LocalDate(year, 12, 31);
        foreach (var (petition, no, nominee) in grants)
        {
            var type = _awards.Type(nominee.OtherAward ?? nominee.Proposal.Award)!;
            var grantOn = NextWorkingDay(on, 3 + rng.Next(6));
            var awarded = nominee.Fate == Fate.Awarded;
            var number = $"{100 + rng.Next(900)}";
            plan.Add(At(grantOn, 11), grantOn, petition, ct => Run(new RecordGrant
            {
                CommandId = plan.NewGuid(), CaseId = petition, Actor = mayor, At = At(grantOn, 11), NomineeNo = no, Awarded = awarded,
                Instrument = type.Instrument, Number = number, On = grantOn,
            }, ct));
            var presentOn = NextWorkingDay(grantOn, 2 + rng.Next(12));
            if (awarded && presentOn <= yearEnd)
            {
                plan.Add(At(presentOn, 12), presentOn, petition, ct => Run(new RecordPresentation { CommandId = plan.NewGuid(), CaseId = petition, Actor = secretary, At = At(presentOn, 12), NomineeNo = no, On = presentOn }, ct));
            }
        }
    }

    private static async ValueTask<CommandResult?> Coordinate(ValueTask<CommandResult> call) => await call.ConfigureAwait(false);

    private static Petitioner PetitionerOf(Random rng, string category) => category switch
    {
        "military" => new Petitioner(PetitionerKind.MilitaryUnit, $"Військова частина А{1000 + rng.Next(8999)}"),
        "police" => new Petitioner(PetitionerKind.Institution, "Головне управління Національної поліції в Житомирській області"),
        "emergency-service" => new Petitioner(PetitionerKind.Institution, "Головне управління ДСНС у Житомирській області"),
        "volunteer" => new Petitioner(PetitionerKind.Ngo, "ГО «Волонтерський рух Житомира»"),
        "critical-infrastructure" => new Petitioner(PetitionerKind.Enterprise, "КП «Житомирводоканал»"),
        "education" or "culture" or "sport" => new Petitioner(PetitionerKind.CouncilDepartment, "Департамент освіти, культури і спорту"),
        _ => rng.NextDouble() < 0.5 ? new Petitioner(PetitionerKind.Deputy, "Депутат міської ради") : new Petitioner(PetitionerKind.Enterprise, "ТОВ «Житомирські ласощі»"),
    };

    private static string Weighted(Random rng, List<string> items, int[] weights)
    {
        var total = weights.Take(items.Count).Sum();
        var roll = rng.Next(total);
        for (var i = 0; i < items.Count; i++)
        {
            roll -= weights[Math.Min(i, weights.Length - 1)];
            if (roll < 0)
            {
                return items[i];
            }
        }

        return items[^1];
    }
}
