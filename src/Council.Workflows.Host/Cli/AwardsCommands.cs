using System.Globalization;
using System.CommandLine;
using System.Text.Json;
using Council.Workflows.Awards;
using Council.Workflows.Engine;
using Microsoft.Extensions.Options;
using Command = System.CommandLine.Command;
using static Council.Workflows.Host.Cli.AppealsCommands;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council awards …</c>: petitions, the commission's meetings, granting and presentation.</summary>
internal static class AwardsCommands
{
    private static readonly TextSource T = new("Awards");

    private static string D(NodaTime.LocalDate date) => date.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture);

    // A status, outcome or kind in the reader's language (kebab-case in English).
    private static string Word<TEnum>(TEnum value)
        where TEnum : struct, Enum => T.Optional($"Word.{KebabCase.Of(value)}") ?? KebabCase.Of(value);

    // An award and a nominee category as people read them (the catalogue's name in the reader's language); an id the
    // catalogue does not hold is shown as it is.
    private static string AwardName(StaffSession session, string id) =>
        AwardsOf(session).Type(id) is { } type ? type.Name(Language.IsUkrainian ? Deadlines.TextLanguage.Ukrainian : Deadlines.TextLanguage.English) : id;

    private static string CategoryName(StaffSession session, string id) =>
        AwardsOf(session).Category(id) is { } category ? (Language.IsUkrainian ? category.NameUk : category.NameEn) : id;

    private static AwardOptions AwardsOf(StaffSession session) => session.Get<Microsoft.Extensions.Options.IOptions<CouncilWorkflowsOptions>>().Value.Awards;

    public static Command Create(CliOutput output)
    {
        var awards = new Command("awards", T["Cmd.awards"]);
        awards.Add(Petitions(output));
        awards.Add(Meetings(output));
        awards.Add(People(output));
        awards.Add(PetitionAct(output, "grant", T["Cmd.grant"],
            [Number("--nominee", T["Opt.nominee"]), Choice("--instrument", T["Opt.instrument"], null, "mayors-order", "executive-committee-decision", "council-decision"),
             Text("--number", T["Opt.number"], required: true), Date("--on", T["Opt.on"]), new Option<bool>("--not-awarded") { Description = T["Opt.not-awarded"] }],
            (s, id, p, o) => new RecordGrant
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, NomineeNo = p.GetValue((Option<int>)o[0]), Awarded = !p.GetValue((Option<bool>)o[4]),
                Instrument = Parse<GrantingInstrument>(p.GetValue((Option<string>)o[1]) ?? throw new CliException(T["Msg.GiveInstrument"])),
                Number = p.GetValue((Option<string>)o[2])!, On = p.GetValue((Option<NodaTime.LocalDate?>)o[3])!.Value,
            }));
        awards.Add(PetitionAct(output, "present", T["Cmd.present"],
            [Number("--nominee", T["Opt.nominee"]), Date("--on", T["Opt.on.2"])],
            (s, id, p, o) => new RecordPresentation { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, NomineeNo = p.GetValue((Option<int>)o[0]), On = p.GetValue((Option<NodaTime.LocalDate?>)o[1])!.Value }));
        awards.Add(PetitionAct(output, "cancel-presentation", T["Cmd.cancel-presentation"],
            [Number("--nominee", T["Opt.nominee"]), Text("--reason", T["Opt.reason"], required: true)],
            (s, id, p, o) => new CancelAwardPresentation { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, NomineeNo = p.GetValue((Option<int>)o[0]), Reason = p.GetValue((Option<string>)o[1])! }));
        return awards;
    }

    private static Command Petitions(CliOutput output)
    {
        var petition = new Command("petition", T["Cmd.petition"]);
        var petitioner = Text("--petitioner", T["Opt.petitioner"], required: true);
        var kind = Choice("--petitioner-kind", T["Opt.petitioner-kind"], "institution", "enterprise", "institution", "ngo", "military-unit", "deputy", "faction", "standing-commission", "council-department", "mayor");
        var nominees = NomineesOption();
        var ceremony = Date("--ceremony", T["Opt.ceremony"], required: false);
        var submitted = Date("--submitted", T["Opt.submitted"], required: false);
        var submit = new Command("submit", T["Cmd.submit"])
        {
            petitioner, kind, nominees, ceremony, submitted,
        };
        submit.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: true);
            var result = await session.Engine.ExecuteAsync(new SubmitPetition
            {
                CommandId = session.CommandId, CaseId = session.NewCaseId(), Actor = session.Actor, At = session.Now,
                Petitioner = new Petitioner(Parse<PetitionerKind>(parse.GetValue(kind)!), parse.GetValue(petitioner)!),
                Nominees = ParseNominees(parse.GetValue(nominees)), IntendedCeremonyOn = parse.GetValue(ceremony), SubmittedOn = parse.GetValue(submitted),
            }, ct).ConfigureAwait(false);
            if (result.Status != CommandStatus.Accepted)
            {
                return Results.Report(output, session, result, "petition submit");
            }

            var created = (Petition)(await session.Engine.LoadAsync(result.CaseId, ct).ConfigureAwait(false))!;
            if (session.Json)
            {
                // The petition as `petition show` gives it, with what the submission noticed (an award or category outside the catalogue).
                var json = JsonSerializer.SerializeToNode(PetitionJson(created), CliOutput.Json)!.AsObject();
                json["suggestions"] = JsonSerializer.SerializeToNode(result.Suggestions.Select(x => new { code = x.Code, message = x.Message, suggested = x.SuggestedTrigger }), CliOutput.Json);
                output.WriteJson(json);
            }
            else
            {
                output.Line(T.Format("Msg.Submitted", created.Number, created.Id, created.Nominees.Count));
                foreach (var suggestion in result.Suggestions)
                {
                    output.Line(T.Format("Msg.Note", suggestion.Message) + (suggestion.SuggestedTrigger is { } t ? T.Format("Msg.Suggested", Council.Workflows.Texts.Trigger(t)) : ""));
                }
            }

            return CouncilCli.Ok;
        }));
        petition.Add(submit);
        petition.Add(PetitionAct(output, "register", T["Cmd.register"], [],
            (s, id, _, _) => new RegisterPetition { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now }));
        petition.Add(PetitionAct(output, "return", T["Cmd.return"], [Text("--reason", T["Opt.reason.2"], required: true)],
            (s, id, p, o) => new ReturnPetition { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Reason = p.GetValue((Option<string>)o[0])! }));
        petition.Add(PetitionAct(output, "resubmit", T["Cmd.resubmit"], [NomineesOption()],
            (s, id, p, o) => new ResubmitPetition { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Nominees = ParseNominees(p.GetValue((Option<string[]>)o[0])) }));
        petition.Add(PetitionAct(output, "withdraw", T["Cmd.withdraw"], [Text("--reason", T["Opt.reason.3"], required: true)],
            (s, id, p, o) => new WithdrawPetition { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Reason = p.GetValue((Option<string>)o[0])! }));

        var id = PetitionArgument();
        var year = YearOption();
        var show = new Command("show", T["Cmd.show"]) { id, year };
        show.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            var caseId = await References.Petition(session, parse.GetValue(id)!, parse.GetValue(year)).ConfigureAwait(false);
            var found = (Petition)(await session.Engine.LoadAsync(caseId, ct).ConfigureAwait(false))!;
            var history = await session.Store.LoadHistoryAsync(caseId, ct).ConfigureAwait(false);
            if (session.Json)
            {
                output.WriteJson(new { petition = PetitionJson(found), history = history.Select(Results.Event) });
                return CouncilCli.Ok;
            }

            // The petitioner's kind is not repeated where its name says it («Військова частина А3269»).
            var kindWord = Word(found.Petitioner.Kind);
            var petitioner = found.Petitioner.Name.StartsWith(kindWord, StringComparison.OrdinalIgnoreCase) ? found.Petitioner.Name : $"{kindWord} {found.Petitioner.Name}";
            output.Line(T.Format("Show.Petition", found.Number, Council.Workflows.Texts.State(found.StateName), petitioner, D(found.SubmittedOn), found.ReviewDueOn is { } r ? T.Format("Show.ReviewDue", D(r)) : ""));
            foreach (var n in found.Nominees)
            {
                output.Line($"  {n.No}. {n.Name} ({CategoryName(session, n.Category)}) — {AwardName(session, n.ProposedAward)}: {Word(n.Status)}{(n.RecommendedAward is { } a && a != n.ProposedAward ? T.Format("Show.Recommended", AwardName(session, a)) : "")}{(n.Reason is null ? "" : $"; {n.Reason}")}{(n.Grant is { } g ? T.Format("Show.Grant", Council.Workflows.Texts.Instrument(g.Instrument), g.Number, D(g.On)) : "")}{(n.PresentedOn is { } pr ? T.Format("Show.Presented", D(pr)) : "")}");
                foreach (var w in n.Warnings)
                {
                    output.Line(T.Format("Show.Warning", w.Message));
                }
            }

            return CouncilCli.Ok;
        }));
        petition.Add(show);

        var state = Text("--state", T["Opt.state"]);
        var list = new Command("list", T["Cmd.list"]) { state };
        list.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            var states = parse.GetValue(state) is { } text
                ? OfficeWords.State<PetitionState>(text) is { } s ? new[] { KebabCase.Of(s) } : throw new CliException(T.Format("Msg.NotAState", text, OfficeWords.States<PetitionState>()))
                : null;
            var found = new List<Petition>();
            await foreach (var row in session.Store.QueryAsync(new CaseQuery { Kind = Petition.CaseKind, States = states }, ct).ConfigureAwait(false))
            {
                found.Add((Petition)(await session.Engine.LoadAsync(row.Id, ct).ConfigureAwait(false))!);
            }

            // In the register's order: by year, then by number (1/2023, 2/2023, … 10/2023), the state's column as wide as its words.
            static int Sequence(Petition p) => int.TryParse(p.Number.Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
            found = [.. found.OrderBy(p => p.Year).ThenBy(Sequence).ThenBy(p => p.Number, StringComparer.Ordinal)];
            var stateWidth = found.Count == 0 ? 0 : found.Max(p => Council.Workflows.Texts.State(p.StateName).Length);
            var rows = new List<object>();
            foreach (var p in found)
            {
                if (session.Json)
                {
                    rows.Add(PetitionJson(p));
                }
                else
                {
                    output.Line($"{p.Number,-9} {Council.Workflows.Texts.State(p.StateName).PadRight(stateWidth)}  {T.Format("Msg.Nominees", p.Nominees.Count.ToString(CultureInfo.InvariantCulture).PadLeft(3))}  {p.Petitioner.Name}");
                    rows.Add(p.Number);
                }
            }

            if (session.Json)
            {
                output.WriteJson(rows);
            }
            else if (rows.Count == 0)
            {
                output.Line(T["Msg.NoPetition"]);
            }

            return CouncilCli.Ok;
        }));
        petition.Add(list);
        return petition;
    }

    private static Command Meetings(CliOutput output)
    {
        var meeting = new Command("meeting", T["Cmd.meeting"]);
        var on = Date("--on", T["Opt.on.3"]);
        var chair = Text("--chair", T["Opt.chair"], required: true);
        var secretary = Text("--secretary", T["Opt.secretary"], required: true);
        var members = new Option<string[]>("--member") { Description = T["Opt.member.2"], AllowMultipleArgumentsPerToken = false, HelpName = "NAME" };
        var schedule = new Command("schedule", T["Cmd.schedule"])
        {
            on, chair, secretary, members,
        };
        schedule.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: true);
            var all = new List<CommissionMember> { new(parse.GetValue(chair)!, CommissionRole.Chair), new(parse.GetValue(secretary)!, CommissionRole.Secretary) };
            all.AddRange((parse.GetValue(members) ?? []).Select(m => new CommissionMember(m)));
            var result = await session.Engine.ExecuteAsync(new ScheduleMeeting
            {
                CommandId = session.CommandId, CaseId = session.NewCaseId(), Actor = session.Actor, At = session.Now, On = parse.GetValue(on)!.Value, Members = all,
            }, ct).ConfigureAwait(false);
            if (result.Status == CommandStatus.Accepted && !session.Json)
            {
                var created = (CommissionMeeting)(await session.Engine.LoadAsync(result.CaseId, ct).ConfigureAwait(false))!;
                output.Line(T.Format("Msg.Scheduled", created.Number, D(created.ScheduledOn), created.Id, created.Members.Count, session.Get<IOptions<CouncilWorkflowsOptions>>().Value.Awards.QuorumOf(created.Members.Count)));
                return CouncilCli.Ok;
            }

            return Results.Report(output, session, result, "meeting schedule");
        }));
        meeting.Add(schedule);

        var addPetition = PetitionArgument("petition");
        var add = MeetingCommand("add", T["Help.meeting-add"], addPetition);
        add.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false);
            var meetingId = await References.Meeting(session, parse.GetValue(MeetingIdOf(add))!, parse.GetValue(YearOf(add))).ConfigureAwait(false);
            var petitionId = await References.Petition(session, parse.GetValue(addPetition)!, null).ConfigureAwait(false);
            var result = await session.Get<AwardsCoordinator>().PlaceOnAgendaAsync(session.CommandId, meetingId, petitionId, session.Actor, session.Now, ct).ConfigureAwait(false);
            return Results.Report(output, session, result, "meeting add");
        }));
        meeting.Add(add);

        meeting.Add(MeetingAct(output, "open", T["Cmd.open"],
            [new Option<string[]>("--present") { Description = T["Opt.present"], HelpName = "NAME" }],
            (s, id, p, o) => new OpenMeeting { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Present = p.GetValue((Option<string[]>)o[0]) ?? [] }));
        meeting.Add(MeetingAct(output, "attendance", T["Cmd.attendance"],
            [Text("--member", T["Opt.member"], required: true), new Option<bool>("--arrived") { Description = T["Opt.arrived"] }, new Option<bool>("--left") { Description = T["Opt.left"] }],
            (s, id, p, o) => new RecordAttendance
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Member = p.GetValue((Option<string>)o[0])!,
                Present = (p.GetValue((Option<bool>)o[1]), p.GetValue((Option<bool>)o[2])) switch
                {
                    (true, false) => true,
                    (false, true) => false,
                    _ => throw new CliException(T["Msg.ArrivedOrLeft"]),
                },
            }));
        meeting.Add(MeetingAct(output, "declare-conflict", T["Cmd.declare-conflict"],
            [Text("--member", T["Opt.member"], required: true), Text("--petition", T["Opt.petition"], required: true), Number("--nominee", T["Opt.nominee"]),
             new Option<bool>("--public") { Description = T["Opt.public"] }],
            (s, id, p, o) => new DeclareConflictOfInterest
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Member = p.GetValue((Option<string>)o[0])!,
                Petition = References.Petition(s, p.GetValue((Option<string>)o[1])!, null).GetAwaiter().GetResult(), NomineeNo = p.GetValue((Option<int>)o[2]), Publicly = p.GetValue((Option<bool>)o[3]),
            }));
        meeting.Add(MeetingAct(output, "vote", T["Cmd.vote"],
            [
                Text("--petition", T["Opt.petition"], required: true), Number("--nominee", T["Opt.nominee"]),
                Choice("--motion", T["Opt.motion"], "recommend", "recommend", "defer"), Text("--award", T["Opt.award"]),
                new Option<string[]>("--for") { Description = T["Opt.for"], HelpName = "NAME" }, new Option<string[]>("--against") { Description = T["Opt.against"], HelpName = "NAME" },
                new Option<string[]>("--abstain") { Description = T["Opt.abstain"], HelpName = "NAME" }, Text("--reason", T["Opt.reason.4"]),
            ],
            (s, id, p, o) => new TakeVote
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Petition = References.Petition(s, p.GetValue((Option<string>)o[0])!, null).GetAwaiter().GetResult(),
                NomineeNo = p.GetValue((Option<int>)o[1]), Motion = Parse<Motion>(p.GetValue((Option<string>)o[2])!), Award = p.GetValue((Option<string>)o[3]),
                Ballots =
                [
                    .. (p.GetValue((Option<string[]>)o[4]) ?? []).Select(m => new Ballot(m, VoteChoice.For)),
                    .. (p.GetValue((Option<string[]>)o[5]) ?? []).Select(m => new Ballot(m, VoteChoice.Against)),
                    .. (p.GetValue((Option<string[]>)o[6]) ?? []).Select(m => new Ballot(m, VoteChoice.Abstain)),
                ],
                Reason = p.GetValue((Option<string>)o[7]),
            },
            describe: (result) => result.Events.Count > 0 && result.Events[0].Data is VoteTaken { Vote: var v }
                ? T.Format("Msg.VoteTally", v.For, v.Against, v.Abstained, v.Recused.Count > 0 ? T.Format("Msg.VoteRecused", string.Join(", ", v.Recused)) : "",
                    v.Outcome is { } outcome ? Word(outcome) : T["Msg.VoteFailed"], v.Award is { } a && v.Outcome == ReviewOutcome.RecommendedOther ? $" ({a})" : "")
                : null));

        var close = MeetingCommand("close", T["Help.meeting-close"]);
        close.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false);
            var meetingId = await References.Meeting(session, parse.GetValue(MeetingIdOf(close))!, parse.GetValue(YearOf(close))).ConfigureAwait(false);
            var result = await session.Get<AwardsCoordinator>().CloseMeetingAsync(session.CommandId, meetingId, session.Actor, session.Now, ct).ConfigureAwait(false);
            return Results.Report(output, session, result, "meeting close");
        }));
        meeting.Add(close);

        var minutes = MeetingCommand("minutes", T["Help.meeting-minutes"]);
        var print = new PrintOutput();
        print.AddTo(minutes);
        minutes.SetAction(output.Guarded(async (parse, ct) =>
        {
            var target = print.Read(parse);
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            var meetingId = await References.Meeting(session, parse.GetValue(MeetingIdOf(minutes))!, parse.GetValue(YearOf(minutes))).ConfigureAwait(false);
            var found = (CommissionMeeting)(await session.Engine.LoadAsync(meetingId, ct).ConfigureAwait(false))!;
            // The printed forms carry the council's name at the head, as a протокол is filed; the screen's text starts with the title.
            var options = session.Get<IOptions<CouncilWorkflowsOptions>>().Value;
            var document = MeetingMinutes.Document(found, options.Awards, organisation: target.Format == "text" ? null : options.OrganisationName);
            return await PrintOutput.WriteAsync(output, document, target, ct).ConfigureAwait(false);
        }));
        meeting.Add(minutes);

        var show = MeetingCommand("show", T["Help.meeting-show"]);
        show.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            var meetingId = await References.Meeting(session, parse.GetValue(MeetingIdOf(show))!, parse.GetValue(YearOf(show))).ConfigureAwait(false);
            var m = (CommissionMeeting)(await session.Engine.LoadAsync(meetingId, ct).ConfigureAwait(false))!;
            if (session.Json)
            {
                output.WriteJson(new
                {
                    id = m.Id.ToString(), number = m.Number, on = Results.Iso(m.ScheduledOn), state = m.StateName, quorum = m.Quorum,
                    members = m.Members.Select(x => new { name = x.Name, role = KebabCase.Of(x.Role) }), present = m.PresentDuringSitting, presentNow = m.Present,
                    attendance = m.Attendance.Select(a => new
                    {
                        name = a.Member.Name, atOpening = a.AtOpening, duringSitting = a.DuringSitting, now = a.Now,
                        changes = a.Changes.Select(c => new { change = c.Present ? "arrived" : "left", at = Results.Iso(c.At), votesBefore = c.VotesBefore }),
                    }),
                    agenda = m.Agenda.Select(a => new { petition = a.Number, petitioner = a.Petitioner, nominees = a.Nominees.Select(n => new { no = n.No, name = n.Name, award = n.ProposedAward, outcome = m.OutcomeOf(a.Petition, n.No) is { } o ? KebabCase.Of(o) : null }) }),
                    votes = m.Votes.Count,
                });
                return CouncilCli.Ok;
            }

            // Present counts as the minutes do: anyone present at any point of the sitting; arrivals and departures are named.
            var arrived = m.Attendance.Where(a => !a.AtOpening && a.DuringSitting).Select(a => a.Member.Name).ToList();
            // A member who left and came back is named as such, not among those who left.
            var left = m.Attendance.Where(a => a.Changes.Any(c => !c.Present)).Select(a => a.Now ? T.Format("Show.Returned", a.Member.Name) : a.Member.Name).ToList();
            output.Line(T.Format("Show.Meeting", m.Number, D(m.ScheduledOn), Council.Workflows.Texts.State(m.StateName), m.PresentDuringSitting.Count, m.Members.Count)
                + (m.Present.Count != m.PresentDuringSitting.Count ? T.Format(m.State == MeetingState.InSession ? "Show.PresentNow" : "Show.PresentAtClose", m.Present.Count) : "")
                + (arrived.Count > 0 ? T.Format("Show.Arrived", string.Join(", ", arrived)) : "")
                + (left.Count > 0 ? T.Format("Show.Left", string.Join(", ", left)) : ""));
            foreach (var item in m.Agenda)
            {
                output.Line(T.Format("Show.AgendaPetition", item.Number, item.Petitioner));
                foreach (var n in item.Nominees)
                {
                    output.Line($"    {n.No}. {n.Name} — {AwardName(session, n.ProposedAward)}: {(m.OutcomeOf(item.Petition, n.No) is { } o ? Word(o) : T["Show.NotDecided"])}");
                }
            }

            return CouncilCli.Ok;
        }));
        meeting.Add(show);
        return meeting;
    }

    private static Option<string[]> NomineesOption() => new("--nominee")
    {
        Description = T["Opt.nominee.2"],
        HelpName = "SPEC",
    };

    internal static List<NomineeProposal> ParseNominees(string[]? specs)
    {
        if (specs is null || specs.Length == 0)
        {
            throw new CliException(T["Msg.GiveNominee"]);
        }

        return
        [
            .. specs.Select(spec =>
            {
                var parts = spec.Split('|', StringSplitOptions.TrimEntries);
                var flags = parts.Skip(4).ToList();
                if (parts.Length < 4 || parts.Take(4).Any(string.IsNullOrWhiteSpace) || flags.Any(p => p is not ("posthumous" or "organisation")))
                {
                    throw new CliException(T.Format("Msg.BadNominee", spec));
                }

                return new NomineeProposal
                {
                    Name = parts[0], Award = parts[1], Category = parts[2], Justification = parts[3],
                    Posthumous = flags.Contains("posthumous"), IsOrganisation = flags.Contains("organisation"),
                };
            }),
        ];
    }

    private static object PetitionJson(Petition p) => new
    {
        id = p.Id.ToString(),
        number = p.Number,
        state = p.StateName,
        petitioner = new { kind = KebabCase.Of(p.Petitioner.Kind), name = p.Petitioner.Name },
        submittedOn = Results.Iso(p.SubmittedOn),
        reviewDueOn = Results.Iso(p.ReviewDueOn),
        nominees = p.Nominees.Select(n => new
        {
            no = n.No, name = n.Name, category = n.Category, proposedAward = n.ProposedAward, status = KebabCase.Of(n.Status), recommendedAward = n.RecommendedAward,
            reason = n.Reason, warnings = n.Warnings.Select(w => new { rule = w.Rule, message = w.Message }),
            grant = n.Grant is { } g ? new { awarded = g.Awarded, award = g.Award, instrument = KebabCase.Of(g.Instrument), number = g.Number, on = Results.Iso(g.On) } : null,
            presentedOn = Results.Iso(n.PresentedOn),
        }),
    };

    private static Command People(CliOutput output)
    {
        var name = new Argument<string>("name") { Description = T["Arg.name"] };
        var search = new Command("search", T["Cmd.search"]) { name };
        search.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            var found = await session.Get<AwardsCoordinator>().PeopleAsync(parse.GetValue(name)!, ct).ConfigureAwait(false);
            if (session.Json)
            {
                output.WriteJson(found.Select(f => new
                {
                    petition = f.Petition.Number, petitionState = f.Petition.StateName, nominee = f.Nominee.No, name = f.Nominee.Name, award = f.Nominee.ProposedAward,
                    status = KebabCase.Of(f.Nominee.Status), grantedOn = f.Nominee.Grant is { } g ? Results.Iso(g.On) : null, score = Math.Round(f.Score, 2),
                }));
                return CouncilCli.Ok;
            }

            if (found.Count == 0)
            {
                output.Line(T["Msg.NoNomination"]);
                return CouncilCli.Ok;
            }

            foreach (var (petition, nominee, score) in found)
            {
                var granted = nominee.Grant is { } grant ? T.Format("Msg.Granted", D(grant.On)) : "";
                output.Line($"{petition.Number,-9} #{nominee.No} {nominee.Name} — {AwardName(session, nominee.ProposedAward)}: {Word(nominee.Status)}{granted}{(score < 1 ? T.Format("Msg.Similar", score.ToString("0.0", Language.Numbers)) : "")}");
            }

            return CouncilCli.Ok;
        }));
        return new Command("people", T["Cmd.people"]) { search };
    }

    private static Argument<string> PetitionArgument(string name = "petition") => new(name) { Description = T["Help.petition-arg"] };

    private static Option<int> Number(string name, string description) => new(name) { Description = description, Required = true, HelpName = "N" };

    private static Command MeetingCommand(string name, string description, params Symbol[] extra)
    {
        var command = new Command(name, description) { new Argument<string>("meeting") { Description = T["Arg.meeting"] }, YearOption() };
        foreach (var symbol in extra)
        {
            switch (symbol)
            {
                case Option option:
                    command.Add(option);
                    break;
                case Argument argument:
                    command.Add(argument);
                    break;
            }
        }

        return command;
    }

    private static Argument<string> MeetingIdOf(Command command) => (Argument<string>)command.Arguments[0];

    private static Option<int?> YearOf(Command command) => (Option<int?>)command.Options[0];

    private static Command PetitionAct(CliOutput output, string name, string description, Option[] options, Func<StaffSession, CaseId, ParseResult, Option[], Engine.Command> build) =>
        CaseVerb(output, name, description, PetitionArgument(), options, References.Petition, c => $"petition {(c as Petition)?.Number}", build);

    private static Command MeetingAct(CliOutput output, string name, string description, Option[] options, Func<StaffSession, CaseId, ParseResult, Option[], Engine.Command> build, Func<CommandResult, string?>? describe = null)
    {
        var command = MeetingCommand(name, description);
        foreach (var option in options)
        {
            command.Add(option);
        }

        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false);
            var caseId = await References.Meeting(session, parse.GetValue(MeetingIdOf(command))!, parse.GetValue(YearOf(command))).ConfigureAwait(false);
            var result = await session.Engine.ExecuteAsync(build(session, caseId, parse, options), ct).ConfigureAwait(false);
            var code = Results.Report(output, session, result, $"meeting {name}");
            if (code == CouncilCli.Ok && !session.Json && describe?.Invoke(result) is { } text)
            {
                output.Line($"  {text}");
            }

            return code;
        }));
        return command;
    }
}
