using System.Globalization;
using System.CommandLine;
using Council.Workflows.Appeals;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council appeals …</c>: the appeals staff's verbs over the store.</summary>
internal static class AppealsCommands
{
    private static readonly TextSource T = new("Appeals");

    // A date as the office writes it; a state, kind, channel or outcome in the reader's language (kebab-case in English).
    private static string D(NodaTime.LocalDate date) => date.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture);

    private static string StateText(string state) => Council.Workflows.Texts.State(state);

    private static string Word<TEnum>(TEnum value)
        where TEnum : struct, Enum => T.Optional($"Word.{KebabCase.Of(value)}") ?? KebabCase.Of(value);

    public static Command Create(CliOutput output)
    {
        var appeals = new Command("appeals", T["Cmd.appeals"]);
        appeals.Add(Register(output));
        appeals.Add(List(output));
        appeals.Add(Search(output));
        appeals.Add(Show(output));
        appeals.Add(Receipt(output));
        appeals.Add(CardCommand(output));
        appeals.Add(LetterCommand(output));
        appeals.Add(Act(output, "assign", T["Cmd.assign"],
            [Text("--executor", T["Opt.executor"], required: true), Choice("--term", T["Opt.term"], null, "no-study", "standard"),
             Text("--resolution", T["Opt.resolution"])],
            (s, id, p, o) => new AssignExecutor
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Executor = p.GetValue((Option<string>)o[0])!,
                Term = p.GetValue((Option<string>)o[1]) switch { "no-study" => ConsiderationTerm.NoStudy, "standard" => ConsiderationTerm.Standard, _ => null },
                Resolution = p.GetValue((Option<string>)o[2]),
            }));
        appeals.Add(LetterAct(output, "extend", T["Cmd.extend"],
            [Date("--to", T["Opt.to"]), Text("--reason", T["Opt.reason"]), Text("--notice", T["Opt.notice"])],
            (s, id, p, o) => new ExtendTerm
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, NewDueOn = p.GetValue((Option<NodaTime.LocalDate?>)o[0])!.Value,
                Reason = p.GetValue((Option<string>)o[1]), Notice = p.GetValue((Option<string>)o[2]),
            }));
        appeals.Add(Act(output, "shorten", T["Cmd.shorten"],
            [Date("--to", T["Opt.to"]), Text("--demand", T["Opt.demand"])],
            (s, id, p, o) => new ShortenTerm
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, NewDueOn = p.GetValue((Option<NodaTime.LocalDate?>)o[0])!.Value, Demand = p.GetValue((Option<string>)o[1]),
            }));
        appeals.Add(LetterAct(output, "interim", T["Cmd.interim"],
            [Text("--text", T["Opt.text"], required: true)],
            (s, id, p, o) => new GiveInterimAnswer { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Text = p.GetValue((Option<string>)o[0])! }));
        appeals.Add(LetterAct(output, "answer", T["Cmd.answer"],
            [
                Required(Choice("--outcome", T["Opt.outcome"], null, "satisfied", "partly-satisfied", "refused", "explained")), Text("--summary", T["Opt.summary"], required: true),
                Choice("--channel", T["Opt.channel"], "written", "written", "electronic"), new Option<bool>("--issues-left") { Description = T["Opt.issues-left"] },
                Text("--legal-basis", T["Opt.legal-basis"]), Text("--reasons", T["Opt.reasons"]), Text("--how-to-appeal", T["Opt.how-to-appeal"]),
                Code("--result", T["Opt.result"]),
            ],
            (s, id, p, o) => new AnswerAppeal
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now,
                Outcome = Parse<AnswerOutcome>(p.GetValue((Option<string>)o[0])!), Summary = p.GetValue((Option<string>)o[1])!,
                Channel = Parse<AnswerChannel>(p.GetValue((Option<string>)o[2])!), AllIssuesAddressed = !p.GetValue((Option<bool>)o[3]),
                LegalBasis = p.GetValue((Option<string>)o[4]), Reasons = p.GetValue((Option<string>)o[5]), HowToAppeal = p.GetValue((Option<string>)o[6]),
                ResultCode = p.GetValue((Option<string>)o[7]),
            }));
        appeals.Add(LetterAct(output, "forward", T["Cmd.forward"],
            [Text("--to", T["Opt.to.2"], required: true)],
            (s, id, p, o) => new ForwardAppeal { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, To = p.GetValue((Option<string>)o[0])! }));
        appeals.Add(LetterAct(output, "return", T["Cmd.return"],
            [new Option<bool>("--missing-details") { Description = T["Opt.missing-details"] }, Text("--explanation", T["Opt.explanation"], required: true)],
            (s, id, p, o) => new ReturnAppeal { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, MissingDetails = p.GetValue((Option<bool>)o[0]), Explanation = p.GetValue((Option<string>)o[1])! }));
        appeals.Add(LetterAct(output, "not-considered", T["Cmd.not-considered"],
            [
                Choice("--ground", T["Opt.ground"], null, "anonymous", "repeated-resolved", "legally-incapable", "late-complaint"), Text("--earlier", T["Opt.earlier"]),
                new Option<bool>("--authorship-unknown") { Description = T["Opt.authorship-unknown"] }, Text("--court-decision", T["Opt.court-decision"]),
            ],
            (s, id, p, o) => new NotConsiderAppeal
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now,
                Ground = Parse<NotConsideredGround>(p.GetValue((Option<string>)o[0]) ?? throw new CliException(T["Msg.GiveGround"])),
                Earlier = p.GetValue((Option<string>)o[1]) is { } earlier ? References.Appeal(s, earlier, null).GetAwaiter().GetResult() : null,
                AuthorshipUnknown = p.GetValue((Option<bool>)o[2]), CourtDecision = p.GetValue((Option<string>)o[3]),
            }));
        appeals.Add(Act(output, "mark-late", T["Cmd.mark-late"],
            [Date("--decided", T["Opt.decided"], required: false), Date("--learned", T["Opt.learned"], required: false)],
            (s, id, p, o) => new MarkComplaintLate { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, DecidedOn = p.GetValue((Option<NodaTime.LocalDate?>)o[0]), LearnedOn = p.GetValue((Option<NodaTime.LocalDate?>)o[1]) }));
        appeals.Add(Act(output, "request-restoration", T["Cmd.request-restoration"],
            [Text("--grounds", T["Opt.grounds"], required: true)],
            (s, id, p, o) => new RequestTermRestoration { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Grounds = p.GetValue((Option<string>)o[0])! }));
        appeals.Add(Act(output, "restoration", T["Cmd.restoration"],
            [new Option<bool>("--restore") { Description = T["Opt.restore"] }, new Option<bool>("--refuse") { Description = T["Opt.refuse"] }, Text("--reason", T["Opt.reason.2"], required: true)],
            (s, id, p, o) => new DecideTermRestoration
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Reason = p.GetValue((Option<string>)o[2])!,
                Restore = (p.GetValue((Option<bool>)o[0]), p.GetValue((Option<bool>)o[1])) switch
                {
                    (true, false) => true,
                    (false, true) => false,
                    _ => throw new CliException(T["Msg.RestoreOrRefuse"]),
                },
            }));
        appeals.Add(Act(output, "close", T["Cmd.close"], [],
            (s, id, _, _) => new TakeAppealOffControl { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now }));
        appeals.Add(Act(output, "withdraw", T["Cmd.withdraw"],
            [Text("--statement", T["Opt.statement"], required: true)],
            (s, id, p, o) => new WithdrawAppeal { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Statement = p.GetValue((Option<string>)o[0])! }));
        appeals.Add(Act(output, "annul", T["Cmd.annul"],
            [Text("--reason", T["Opt.reason.3"], required: true), Text("--duplicate-of", T["Opt.duplicate-of"])],
            (s, id, p, o) => new AnnulRegistration
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Reason = p.GetValue((Option<string>)o[0])!,
                DuplicateOf = p.GetValue((Option<string>)o[1]) is { } duplicate ? DuplicateIndex(s, id, duplicate) : null,
            }));
        appeals.Add(Act(output, "correct", T["Cmd.correct"],
            [Text("--applicant", T["Opt.applicant"]), Text("--address", T["Opt.address"]), Text("--subject", T["Opt.subject"]),
             Text("--reason", T["Opt.reason.4"], required: true)],
            (s, id, p, o) => (p.GetValue((Option<string>)o[0]), p.GetValue((Option<string>)o[1]), p.GetValue((Option<string>)o[2])) is (null, null, null)
                ? throw new CliException(T["Msg.GiveCorrection"])
                : new CorrectRegistration
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Applicant = p.GetValue((Option<string>)o[0]), Address = p.GetValue((Option<string>)o[1]),
                Subject = p.GetValue((Option<string>)o[2]), Reason = p.GetValue((Option<string>)o[3])!,
            }));
        return appeals;
    }

    private static Command Register(CliOutput output)
    {
        var received = Date("--received", T["Opt.received"], required: false);
        var kind = Choice("--kind", T["Opt.kind"], null, "proposal", "application", "complaint");
        kind.Required = true;
        var applicant = Text("--applicant", T["Opt.applicant.2"], required: true);
        var address = Text("--address", T["Opt.address.2"]);
        var email = Text("--email", T["Opt.email"]);
        var collective = CliParsing.Number("--collective", T["Opt.collective"], 1, 100_000);
        var unsigned = new Option<bool>("--unsigned") { Description = T["Opt.unsigned"] };
        var undated = new Option<bool>("--undated") { Description = T["Opt.undated"] };
        var channel = Choice("--channel", T["Opt.channel.2"], "post", "post", "in-person", "electronic", "personal-reception", "hotline");
        var benefits = new Option<bool>("--benefits") { Description = T["Opt.benefits"] };
        var personalHead = new Option<bool>("--personal-head") { Description = T["Opt.personal-head"] };
        var deputy = new Option<bool>("--deputy") { Description = T["Opt.deputy"] };
        var noStudy = new Option<bool>("--no-study") { Description = T["Opt.no-study"] };
        var subject = Text("--subject", T["Opt.subject.2"], required: true);
        var complainedAbout = Text("--complained-about", T["Opt.complained-about"]);
        var decided = Date("--decided", T["Opt.decided.2"], required: false);
        var learned = Date("--learned", T["Opt.learned.2"], required: false);
        var category = Code("--category", T["Opt.category"]);
        var socialStatus = Code("--social-status", T["Opt.social-status"]);
        var sex = Code("--sex", T["Opt.sex"]);
        var issues = new Option<string[]>("--issue") { Description = T["Opt.issue"], AllowMultipleArgumentsPerToken = false, HelpName = "CODE" };
        var pages = CliParsing.Number("--pages", T["Opt.pages"], 0, 10_000);
        var attachments = CliParsing.Number("--attachments", T["Opt.attachments"], 0, 100_000);
        var phone = Text("--phone", T["Opt.phone"]);
        var doNotDisclose = new Option<bool>("--do-not-disclose") { Description = T["Opt.do-not-disclose"] };
        var command = new Command("register", T["Cmd.register"])
        {
            received, kind, applicant, address, email, collective, unsigned, undated, channel, benefits, personalHead, deputy, noStudy, subject, complainedAbout, decided, learned,
            category, socialStatus, sex, issues, pages, attachments, phone, doNotDisclose,
        };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: true);
            var id = session.NewCaseId();
            var result = await session.Engine.ExecuteAsync(new RegisterAppeal
            {
                CommandId = session.CommandId, CaseId = id, Actor = session.Actor, At = session.Now,
                Kind = Parse<AppealKind>(parse.GetValue(kind)!), Channel = Parse<AppealChannel>(parse.GetValue(channel)!),
                Applicants = [new Applicant(parse.GetValue(applicant)!, parse.GetValue(address), parse.GetValue(email))],
                Signatories = parse.GetValue(collective), Subject = parse.GetValue(subject)!, ReceivedOn = parse.GetValue(received),
                HasSignature = !parse.GetValue(unsigned), HasDate = !parse.GetValue(undated), Benefits = parse.GetValue(benefits),
                PersonalHead = parse.GetValue(personalHead), Deputy = parse.GetValue(deputy), ComplainedAbout = parse.GetValue(complainedAbout),
                DecidedOn = parse.GetValue(decided), LearnedOn = parse.GetValue(learned), Term = parse.GetValue(noStudy) ? ConsiderationTerm.NoStudy : null,
                Card = new AppealCard
                {
                    AuthorCategory = parse.GetValue(category), SocialStatus = parse.GetValue(socialStatus), Sex = parse.GetValue(sex), Issues = parse.GetValue(issues) ?? [],
                    Pages = parse.GetValue(pages), Attachments = parse.GetValue(attachments), Phone = parse.GetValue(phone), DoNotDisclose = parse.GetValue(doNotDisclose),
                },
            }, ct).ConfigureAwait(false);
            if (result.Status != CommandStatus.Accepted)
            {
                return Results.Report(output, session, result, "register");
            }

            var appeal = (Appeal)(await session.Engine.LoadAsync(result.CaseId, ct).ConfigureAwait(false))!;
            if (session.Json)
            {
                output.WriteJson(new
                {
                    id = appeal.Id.ToString(), index = appeal.Index, state = appeal.StateName, receivedOn = Results.Iso(appeal.ReceivedOn),
                    dueOn = Results.Iso(appeal.Deadline.DueOn), lapsesAt = Results.Iso(appeal.Deadline.LapsesAt), repeat = result.IsRepeat,
                    suggestions = result.Suggestions.Select(s => new { code = s.Code, message = s.Message, suggested = s.SuggestedTrigger, legalBasis = s.LegalBasis }),
                });
            }
            else
            {
                output.Line(T.Format("Msg.Registered", appeal.Index, appeal.Id, D(appeal.ReceivedOn), D(appeal.Deadline.DueOn)));
                foreach (var s in result.Suggestions)
                {
                    output.Line(s.SuggestedTrigger is { } t ? T.Format("Msg.NoteSuggested", s.Message, Council.Workflows.Texts.Trigger(t)) : T.Format("Msg.Note", s.Message));
                }
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    private static Command List(CliOutput output)
    {
        var state = Text("--state", T["Opt.state"]);
        var overdue = new Option<bool>("--overdue") { Description = T["Opt.overdue"] };
        var dueWithin = CliParsing.Number("--due-within", T["Opt.due-within"], 0, 36_525, "DAYS");
        var executor = Text("--executor", T["Opt.executor.2"]);
        var command = new Command("list", T["Cmd.list"]) { state, overdue, dueWithin, executor };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            // The filters combine: each one given narrows the list.
            var awaiting = new[] { AppealState.Registered, AppealState.UnderConsideration };
            IEnumerable<AppealState> states = Enum.GetValues<AppealState>();
            Instant? dueBefore = null;
            if (parse.GetValue(state) is { } stateName)
            {
                states = OfficeWords.State<AppealState>(stateName) is { } s
                    ? [s]
                    : throw new CliException(T.Format("Msg.NotAState", stateName, OfficeWords.States<AppealState>()) + OfficeWords.Suggestion(stateName, OfficeWords.StateNames<AppealState>()));
            }

            if (parse.GetValue(overdue))
            {
                states = states.Intersect(awaiting);
                dueBefore = session.Now.PlusTicks(1);
            }

            if (parse.GetValue(dueWithin) is { } days)
            {
                states = states.Intersect(awaiting);
                var until = session.Calculator.EndOf(session.Calculator.DateOf(session.Now).PlusDays(days)).PlusTicks(1);
                dueBefore = dueBefore is { } earlier && earlier < until ? earlier : until;
            }

            var name = parse.GetValue(executor);
            if (name is not null && parse.GetValue(state) is null)
            {
                states = states.Intersect(awaiting);
            }

            var query = new CaseQuery
            {
                States = [.. states.Select(KebabCase.Of)],
                DueBefore = dueBefore,
                Assignee = name?.Trim(),
                Order = name is not null ? CaseOrder.Queue : dueBefore is not null ? CaseOrder.Due : CaseOrder.Created,
            };
            var appeals = session.Get<AppealQueries>().QueryAsync(query, ct);

            var found = new List<Appeal>();
            await foreach (var appeal in appeals.ConfigureAwait(false))
            {
                found.Add(appeal);
            }

            if (session.Json)
            {
                output.WriteJson(found.Select(a => Summary(a, session)));
                return CouncilCli.Ok;
            }

            if (found.Count == 0)
            {
                output.Line(T["Msg.NoMatch"]);
                return CouncilCli.Ok;
            }

            // Columns as wide as their longest value (an executor's name up to 30 letters), the overdue mark a column of its own.
            // The index with its date («К-1 від 31.01.2023»): numbering starts again each year, so К-1 alone names several.
            string Dated(Appeal a) => T.Format("Msg.IndexDated", a.Index, D(a.ReceivedOn));
            var indexWidth = found.Max(a => Dated(a).Length);
            var stateWidth = found.Max(a => StateText(a.StateName).Length);
            var overdueMark = T["Msg.OverdueMark"];
            var executorWidth = Math.Min(30, found.Max(a => (a.Executor ?? "—").Length));
            foreach (var appeal in found)
            {
                var executorName = appeal.Executor ?? "—";
                executorName = executorName.Length > executorWidth ? executorName[..(executorWidth - 1)] + "…" : executorName;
                output.Line($"{Dated(appeal).PadRight(indexWidth)}  {StateText(appeal.StateName).PadRight(stateWidth)}  {T.Format("Msg.Due", D(appeal.Deadline.DueOn))} {(appeal.IsOverdueAt(session.Now) ? overdueMark : "").PadRight(overdueMark.Length)}  {executorName.PadRight(executorWidth)}  {appeal.Subject}");
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    private static Command Show(CliOutput output)
    {
        var id = IdArgument();
        var year = YearOption();
        var command = new Command("show", T["Cmd.show"]) { id, year };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            var caseId = await References.Appeal(session, parse.GetValue(id)!, parse.GetValue(year)).ConfigureAwait(false);
            var appeal = (Appeal)(await session.Engine.LoadAsync(caseId, ct).ConfigureAwait(false))!;
            var history = await session.Store.LoadHistoryAsync(caseId, ct).ConfigureAwait(false);
            var timers = await session.Store.TimersOfAsync(caseId, ct).ConfigureAwait(false);
            if (session.Json)
            {
                output.WriteJson(Detail(appeal, history, timers, session.Now));
                return CouncilCli.Ok;
            }

            output.Line($"{appeal.Index} ({Word(appeal.AppealKind)}, {Word(appeal.Channel)}) — {StateText(appeal.StateName)}");
            output.Line(T.Format("Show.Applicant", string.Join("; ", appeal.Applicants.Select(a => a.FullName + (a.Address is null ? "" : $", {a.Address}"))), appeal.IsCollective ? T.Format("Show.Collective", appeal.Signatories) : ""));
            output.Line(T.Format("Show.Subject", appeal.Subject));
            output.Line(T.Format("Show.Dates", D(appeal.ReceivedOn), D(appeal.Deadline.DueOn), TermText(appeal.Deadline.TermId, session.Calculator), D(appeal.MaxDueOn), appeal.IsOverdueAt(session.Now) ? "; " + T["Msg.OverdueMark"] : ""));
            output.Line(T.Format("Show.Executor", appeal.Executor ?? "—", appeal.ControlledBy ?? "—") + (appeal.Benefits ? T["Show.Benefits"] : "") + (appeal.PersonalHead ? T["Show.PersonalHead"] : ""));
            if (appeal.Resolution is { } resolution)
            {
                output.Line(T.Format("Show.Resolution", resolution));
            }

            if (!appeal.Card.IsEmpty)
            {
                output.Line(T.Format("Show.Card", CardLine(appeal.Card, (session.Engine.Workflows.ByKind(Appeal.CaseKind) as AppealWorkflow)?.Classifier)));
            }

            if (appeal.Answer is { } answer)
            {
                output.Line(T.Format("Show.Answer", Word(answer.Outcome), D(answer.AnsweredOn), answer.OnTime ? T["Show.OnTime"] : T["Show.Late"], answer.ResultCode is { } code ? T.Format("Show.Result", code) : "", answer.Summary));
            }

            foreach (var letter in appeal.Letters)
            {
                output.Line(T.Format("Show.Letter", AppealLetters.KindName(letter.Kind), letter.Number.Length == 0 ? "—" : letter.Number, D(letter.On)));
            }

            output.Line(T["Show.History"]);
            foreach (var e in history)
            {
                output.Line($"    {e.Version,3} {Results.Local(e.At, session.Calculator.Zone)} {(T.Optional($"Event.{e.Type}") ?? e.Type),-20} {(e.By.Role == OfficialRole.System ? Council.Workflows.Texts.Role(e.By.Role) : $"{e.By.Name} ({Council.Workflows.Texts.Role(e.By.Role)}{(e.By.Account is { } account ? $", {account}" : "")})")} → {StateText(e.State)}{(e.Reason is null ? "" : $": {e.Reason}")}");
            }

            foreach (var t in timers)
            {
                output.Line(T.Format("Show.Timer", TimerText(t.Kind), Results.Local(t.DueAt, session.Calculator.Zone)));
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    private static Command Search(CliOutput output)
    {
        var applicant = Text("--applicant", T["Opt.applicant.3"]);
        var address = Text("--address", T["Opt.address.3"]);
        var text = Text("--text", T["Opt.text.2"]);
        var index = Text("--index", T["Opt.index"]);
        var receivedFrom = Date("--received-from", T["Opt.received-from"], required: false);
        var receivedTo = Date("--received-to", T["Opt.received-to"], required: false);
        var dueFrom = Date("--due-from", T["Opt.due-from"], required: false);
        var dueTo = Date("--due-to", T["Opt.due-to"], required: false);
        var state = Text("--state", T["Opt.state.2"]);
        var executor = Text("--executor", T["Opt.executor.3"]);
        var code = Code("--code", T["Opt.code"]);
        var pageSize = CliParsing.Number("--limit", T["Opt.limit"], 1, 1000, "N");
        var page = CliParsing.Number("--page", T["Opt.page"], 1, 1_000_000, "N");
        var disclose = new Option<bool>("--disclose-protected")
        {
            Description = T["Opt.disclose-protected"],
        };
        var command = new Command("search", T["Cmd.search"])
        {
            applicant, address, text, index, receivedFrom, receivedTo, dueFrom, dueTo, state, executor, code, pageSize, page, disclose,
        };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            // Not read-only: the first search of a file from an older version fills its word index (once).
            await using var session = StaffSession.Open(parse, create: false);
            AppealState? wantedState = parse.GetValue(state) is { } stateName
                ? OfficeWords.State<AppealState>(stateName) ?? throw new CliException(T.Format("Msg.NotAState", stateName, OfficeWords.States<AppealState>()) + OfficeWords.Suggestion(stateName, OfficeWords.StateNames<AppealState>()))
                : null;
            var search = new AppealSearch
            {
                Applicant = parse.GetValue(applicant), Address = parse.GetValue(address), Text = parse.GetValue(text), Index = parse.GetValue(index),
                ReceivedFrom = parse.GetValue(receivedFrom), ReceivedTo = parse.GetValue(receivedTo), DueFrom = parse.GetValue(dueFrom), DueTo = parse.GetValue(dueTo),
                State = wantedState, Executor = parse.GetValue(executor), Code = parse.GetValue(code),
                PageSize = parse.GetValue(pageSize) ?? 20, Page = parse.GetValue(page) ?? 1,
            };
            if ((search.ReceivedFrom, search.ReceivedTo) is ({ } rf, { } rt) && rf > rt)
            {
                throw new CliException(T.Format("Msg.RangeReversed", "--received-from", D(rf), "--received-to", D(rt)));
            }

            if ((search.DueFrom, search.DueTo) is ({ } df, { } dt) && df > dt)
            {
                throw new CliException(T.Format("Msg.RangeReversed", "--due-from", D(df), "--due-to", D(dt)));
            }

            var found = await session.Get<AppealQueries>().SearchAsync(search, ct).ConfigureAwait(false);
            var pages = (found.Total + search.PageSize - 1) / search.PageSize;
            if (found.Total > 0 && search.Page > pages)
            {
                throw new CliException(T.Format(pages == 1 ? "Msg.PastLastPage1" : "Msg.PastLastPage", search.Page, found.Total, pages, search.PageSize));
            }

            // Art. 10: a protected applicant's name is masked unless the office asks for it.
            var show = parse.GetValue(disclose);
            IEnumerable<string> Names(Appeal a) => a.Card.DoNotDisclose && !show ? a.Applicants.Select(_ => Article10.Masked) : a.Applicants.Select(x => x.FullName);
            if (session.Json)
            {
                output.WriteJson(new
                {
                    total = found.Total, page = search.Page, pageSize = search.PageSize,
                    hits = found.Hits.Select(h => new { score = Math.Round(h.Score, 2), appeal = Summary(h.Appeal, session), applicants = Names(h.Appeal), doNotDisclose = h.Appeal.Card.DoNotDisclose }),
                });
                return CouncilCli.Ok;
            }

            if (found.Total == 0)
            {
                output.Line(T["Msg.NoMatch"]);
                return CouncilCli.Ok;
            }

            output.Line(T.Format("Msg.Found", found.Total, search.Page, pages));
            foreach (var (appeal, score) in found.Hits)
            {
                var names = string.Join("; ", Names(appeal));
                output.Line($"{appeal.Index,-8} {StateText(appeal.StateName),-22} {T.Format("Msg.Received", D(appeal.ReceivedOn))}  {names} — {appeal.Subject}{(score < 1 ? T.Format("Msg.Similar", score.ToString("0.0", Language.Numbers)) : "")}");
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    // A verb that prints a document of one appeal: --format and --out are checked first, then the appeal is read.
    private static Command PrintVerb(CliOutput output, string name, string description, Option[] options, Func<StaffSession, Appeal, ParseResult, CancellationToken, Task<Council.Workflows.Printing.PrintedDocument?>> document)
    {
        var id = IdArgument();
        var year = YearOption();
        var print = new PrintOutput();
        var command = new Command(name, description) { id, year };
        foreach (var option in options)
        {
            command.Add(option);
        }

        print.AddTo(command);
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            var target = print.Read(parse);
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            var caseId = await References.Appeal(session, parse.GetValue(id)!, parse.GetValue(year)).ConfigureAwait(false);
            var appeal = (Appeal)(await session.Engine.LoadAsync(caseId, ct).ConfigureAwait(false))!;
            if (await document(session, appeal, parse, ct).ConfigureAwait(false) is not { } printed)
            {
                return CouncilCli.Ok;
            }

            return await PrintOutput.WriteAsync(output, printed, target, ct).ConfigureAwait(false);
        }));
        return command;
    }

    private static CouncilWorkflowsOptions Settings(StaffSession session) => session.Get<Microsoft.Extensions.Options.IOptions<CouncilWorkflowsOptions>>().Value;

    private static Command CardCommand(CliOutput output) => PrintVerb(
        output, "card", T["Cmd.card"],
        [],
        (session, appeal, _, _) => Task.FromResult<Council.Workflows.Printing.PrintedDocument?>(
            RegistrationCard.Document(appeal, Settings(session).OrganisationName, (session.Engine.Workflows.ByKind(Appeal.CaseKind) as AppealWorkflow)?.Classifier)));

    private static Command LetterCommand(CliOutput output)
    {
        var number = Text("--number", T["Opt.number"]);
        var kind = Choice("--kind", T["Opt.kind.2"], null, "answer", "interim-answer", "extension-notice", "forwarding", "return", "not-considered-notice");
        return PrintVerb(
            output, "letter", T["Cmd.letter"],
            [number, kind],
            async (session, appeal, parse, ct) =>
            {
                var acts = AppealLetters.Acts(await session.Store.LoadHistoryAsync(appeal.Id, ct).ConfigureAwait(false));
                var wanted = parse.GetValue(kind) is { } k ? Parse<LetterKind>(k) : (LetterKind?)null;
                var chosen = acts.Where(a => wanted is null || a.Kind == wanted)
                    .LastOrDefault(a => parse.GetValue(number) is not { } n || string.Equals(a.Outgoing?.Number, n.Trim(), StringComparison.Ordinal));
                if (chosen is null)
                {
                    var sent = acts.Count == 0 ? T["Msg.NoneYet"] : string.Join(", ", acts.Select(a => $"{KebabCase.Of(a.Kind)} {(a.Outgoing is { } o ? $"№ {o.Number}" : T["Msg.NoNumber"])}"));
                    throw new CliException(T.Format("Msg.NoSuchLetter", appeal.Index, sent));
                }

                var options = Settings(session);
                return AppealLetters.Letter(appeal, chosen, options.OrganisationName, options.Letterhead, session.Calculator.Zone);
            });
    }

    private static Command Receipt(CliOutput output)
    {
        var organisation = Text("--organisation", T["Opt.organisation"]);
        return PrintVerb(
            output, "receipt", T["Cmd.receipt"],
            [organisation],
            (session, appeal, parse, _) =>
            {
                var options = Settings(session);
                var org = parse.GetValue(organisation) ?? options.OrganisationName;
                if (parse.GetValue<string>("--format") is null or "text" && parse.GetValue<string?>("--out") is null)
                {
                    // The stamp itself, three lines, as before.
                    foreach (var line in appeal.Receipt(org).ToString().Split('\n'))
                    {
                        output.Line(line);
                    }

                    return Task.FromResult<Council.Workflows.Printing.PrintedDocument?>(null);
                }

                return Task.FromResult<Council.Workflows.Printing.PrintedDocument?>(AppealLetters.Receipt(appeal, org, options.Letterhead));
            });
    }

    // One verb acting on one appeal: resolve the id or index, build the command, execute, report.
    // A verb whose act sends the applicant a letter: the council's outgoing journal numbers it; where another system keeps the
    // journal, --outgoing-number records the number given there.
    private static Command LetterAct(CliOutput output, string name, string description, Option[] options, Func<StaffSession, CaseId, ParseResult, Option[], Engine.Command> build)
    {
        var number = Text("--outgoing-number", T["Opt.outgoing-number"]);
        return Act(output, name, T.Format("Help.numbered", description), [.. options, number], (s, id, p, o) =>
        {
            var command = build(s, id, p, o);
            return p.GetValue(number) is { } typed && command is ISendsLetter sends ? sends.WithOutgoingNumber(typed) : command;
        });
    }

    private static Command Act(CliOutput output, string name, string description, Option[] options, Func<StaffSession, CaseId, ParseResult, Option[], Engine.Command> build) =>
        CaseVerb(output, name, description, IdArgument(), options, References.Appeal, c => $"appeal {(c as Appeal)?.Index}", build);

    /// <summary>A verb acting on one case: resolve its id or reference, build the command, execute it, report the result.</summary>
    internal static Command CaseVerb(
        CliOutput output, string name, string description, Argument<string> id, Option[] options, Func<StaffSession, string, int?, Task<CaseId>> resolve,
        Func<ICaseData?, string> label, Func<StaffSession, CaseId, ParseResult, Option[], Engine.Command> build)
    {
        var year = YearOption();
        var expected = ExpectedVersionOption();
        var command = new Command(name, description) { id, year, expected };
        foreach (var option in options)
        {
            command.Add(option);
        }

        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false);
            var caseId = await resolve(session, parse.GetValue(id)!, parse.GetValue(year)).ConfigureAwait(false);
            var act = build(session, caseId, parse, options);
            var result = await session.Engine.ExecuteAsync(parse.GetValue(expected) is { } version ? act with { ExpectedVersion = version } : act, ct).ConfigureAwait(false);
            var data = await session.Engine.LoadAsync(caseId, ct).ConfigureAwait(false);
            if (result is { Status: CommandStatus.Refused, Refusal: { } refusal } && data is Appeal refused)
            {
                // "Permitted": what this official may do with the appeal now, not every action its state has.
                var open = ((AppealWorkflow)session.Services.GetRequiredService<WorkflowRegistry>().ByKind(Appeal.CaseKind)).Actions(refused, session.Actor, session.Now)
                    .Where(o => o.IsOpen).Select(o => o.Trigger).ToHashSet(StringComparer.Ordinal);
                result = result with { Refusal = new Refusal(refusal.State, refusal.Trigger, refusal.UnmetGuards, [.. refusal.PermittedTriggers.Where(open.Contains)]) { UnmetRules = refusal.UnmetRules } };
            }

            var code = Results.Report(output, session, result, $"{label(data)} {name}");
            // An act that moves the due date says where it now is.
            if (result.Status == CommandStatus.Accepted && !session.Json && data is Appeal appeal && name is "extend" or "shorten" or "restoration")
            {
                output.Line(T.Format("Msg.NewDue", D(appeal.Deadline.DueOn)));
            }

            return code;
        }));
        return command;
    }

    internal static object Summary(Appeal appeal, StaffSession session) => Summary(appeal, session.Now);

    internal static object Summary(Appeal appeal, NodaTime.Instant now) => new
    {
        id = appeal.Id.ToString(),
        index = appeal.Index,
        kind = KebabCase.Of(appeal.AppealKind),
        state = appeal.StateName,
        receivedOn = Results.Iso(appeal.ReceivedOn),
        dueOn = Results.Iso(appeal.Deadline.DueOn),
        overdue = appeal.IsOverdueAt(now),
        extended = appeal.Extended,
        executor = appeal.Executor,
        priority = appeal.Priority,
        subject = appeal.Subject,
    };

    internal static object Detail(Appeal appeal, IReadOnlyList<CaseEvent> history, IReadOnlyList<TimerEntry> timers, NodaTime.Instant now, bool mask = false) => new
    {
        id = appeal.Id.ToString(),
        index = appeal.Index,
        council = appeal.Council,
        kind = KebabCase.Of(appeal.AppealKind),
        channel = KebabCase.Of(appeal.Channel),
        state = appeal.StateName,
        subject = appeal.Subject,
        applicants = appeal.Applicants.Select(a => mask ? Article10.Mask(a) : a).Select(a => new { name = a.FullName, address = a.Address, email = a.Email }),
        collective = appeal.IsCollective,
        signatories = appeal.Signatories,
        receivedOn = Results.Iso(appeal.ReceivedOn),
        dueOn = Results.Iso(appeal.Deadline.DueOn),
        lapsesAt = Results.Iso(appeal.Deadline.LapsesAt),
        term = appeal.Deadline.TermId,
        maxDueOn = Results.Iso(appeal.MaxDueOn),
        overdue = appeal.IsOverdueAt(now),
        extended = appeal.Extended,
        shortened = appeal.Shortened,
        executor = appeal.Executor,
        controlledBy = appeal.ControlledBy,
        benefits = appeal.Benefits,
        personalHead = appeal.PersonalHead,
        deputy = appeal.Deputy,
        repeatOf = appeal.RepeatOfIndexes,
        resolution = appeal.Resolution,
        card = new
        {
            authorCategory = appeal.Card.AuthorCategory, socialStatus = appeal.Card.SocialStatus, sex = appeal.Card.Sex, issues = appeal.Card.Issues,
            pages = appeal.Card.Pages, attachments = appeal.Card.Attachments, phone = mask && appeal.Card.Phone is not null ? Article10.Masked : appeal.Card.Phone, doNotDisclose = appeal.Card.DoNotDisclose,
        },
        letters = appeal.Letters.Select(l => new { kind = KebabCase.Of(l.Kind), number = l.Number, on = Results.Iso(l.On), sequence = l.Sequence == 0 ? (long?)null : l.Sequence }),
        answer = appeal.Answer is { } a ? new { outcome = KebabCase.Of(a.Outcome), summary = a.Summary, answeredOn = Results.Iso(a.AnsweredOn), onTime = a.OnTime, allIssuesAddressed = a.AllIssuesAddressed, by = a.By, resultCode = a.ResultCode } : null,
        missedDeadlines = appeal.MissedDeadlines,
        timers = timers.Select(t => new { kind = t.Kind.ToString(), dueAt = Results.Iso(t.DueAt) }),
        history = history.Select(Results.Event),
    };

    // The card's fields in one line, each code with its name in the loaded classifier (a code it no longer lists shows alone).
    private static string CardLine(AppealCard card, Council.Workflows.Appeals.Classifier.AppealClassifier? classifier)
    {
        string Named(string section, string code) => classifier?.Section(section)?.Item(code) is { } item ? $"{code} {item.NameUk}" : code;
        var parts = new List<string>();
        if (card.AuthorCategory is { } category)
        {
            parts.Add($"category {Named("7", category)}");
        }

        if (card.SocialStatus is { } status)
        {
            parts.Add($"social status {Named("8", status)}");
        }

        if (card.Sex is { } sex)
        {
            parts.Add($"sex {Named("4", sex)}");
        }

        if (card.Issues.Count > 0)
        {
            parts.Add($"issues {string.Join(", ", card.Issues.Select(i => classifier?.Issue(i) is { } item ? $"{i} {item.NameUk}" : i))}");
        }

        if (card.Pages is { } pages)
        {
            parts.Add($"{pages} pp.");
        }

        if (card.Attachments is { } attachments)
        {
            parts.Add($"attachments {attachments}");
        }

        if (card.Phone is { } phone)
        {
            parts.Add($"phone {phone}");
        }

        if (card.DoNotDisclose)
        {
            parts.Add("do not disclose name and address (Art. 10)");
        }

        return string.Join("; ", parts);
    }

    internal static Argument<string> IdArgument() => new("id") { Description = T["Arg.id"] };

    internal static Option<int?> YearOption() => new("--year") { Description = T["Opt.year"], HelpName = "YYYY" };

    // The version the act was decided on (as `show` gave it): the act is a conflict (exit 4) if the case has moved on since.
    private static Option<long?> ExpectedVersionOption() => new("--expected-version")
    {
        Description = T["Opt.expected-version"],
        HelpName = "N",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version < 1)
            {
                result.AddError(T.Format("Msg.NotAVersion", text));
                return null;
            }

            return version;
        },
    };

    internal static Option<string> Text(string name, string description, bool required = false) => new(name) { Description = description, Required = required, HelpName = "TEXT" };

    // The registration an annulled one repeated: an appeal that exists, and not the one annulled; its index as recorded.
    private static string DuplicateIndex(StaffSession session, CaseId annulled, string text)
    {
        var found = References.Appeal(session, text, null).GetAwaiter().GetResult();
        if (found == annulled)
        {
            throw new CliException(T.Format("Msg.DuplicateOfItself", text));
        }

        return ((Appeal)session.Engine.LoadAsync(found).AsTask().GetAwaiter().GetResult()!).Index;
    }

    // The term a due date came from, for people: its description and legal basis («розгляд звернення, ст. 20 Закону …»),
    // or what changed it; an id the catalogue does not know is shown as it is.
    internal static string TermText(string termId, DeadlineCalculator calculator) => termId switch
    {
        "extended" => T["Term.Extended"],
        "shortened" => T["Term.Shortened"],
        _ when calculator.Terms.TryGet(termId, out var term) => T.Format("Term.Named", term.Description(Lang), term.LegalBasis(Lang)),
        _ => termId,
    };

    private static TextLanguage Lang => Language.IsUkrainian ? TextLanguage.Ukrainian : TextLanguage.English;

    // What a timer is for, for people: a reminder so many days before the due date, or the due date lapsing.
    internal static string TimerText(TimerKind kind)
    {
        var about = kind.About is { } date ? D(date) : "—";
        var reminder = System.Text.RegularExpressions.Regex.Match(kind.Purpose, @"reminder-(\d+)(wd|d)$");
        return reminder.Success
            ? T.Format(reminder.Groups[2].Value == "wd" ? "Timer.ReminderWorkingDays" : "Timer.ReminderDays", reminder.Groups[1].Value, about)
            : kind.Purpose.EndsWith("missed", StringComparison.Ordinal) ? T.Format("Timer.Missed", about) : kind.ToString();
    }

    // A code of the classifier of appeals; checked against the loaded classifier when the command is applied.
    internal static Option<string> Code(string name, string description) => new(name) { Description = description, HelpName = "CODE" };

    internal static Option<NodaTime.LocalDate?> Date(string name, string description, bool required = true) => CliParsing.DateOption(name, description, required);

    internal static Option<string> Choice(string name, string description, string? defaultValue, params string[] choices)
    {
        var option = CliParsing.Choice(name, description, defaultValue ?? choices[0], choices);
        if (defaultValue is null)
        {
            option.DefaultValueFactory = null;
        }

        return option;
    }

    private static Option<string> Required(Option<string> option)
    {
        option.Required = true;
        return option;
    }

    internal static T Parse<T>(string text)
        where T : struct, Enum => KebabCase.TryParse<T>(text, out var value) ? value : throw new CliException(AppealsCommands.T.Format("Msg.NotOneOf", text, string.Join(", ", Enum.GetValues<T>().Select(KebabCase.Of))));
}
