using System.CommandLine;
using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using NodaTime;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council appeals …</c>: the appeals staff's verbs over the store.</summary>
internal static class AppealsCommands
{
    public static Command Create(CliOutput output)
    {
        var appeals = new Command("appeals", "Citizens' written appeals: register, route, assign, extend, answer, take off control; list and show.");
        appeals.Add(Register(output));
        appeals.Add(List(output));
        appeals.Add(Search(output));
        appeals.Add(Show(output));
        appeals.Add(Receipt(output));
        appeals.Add(CardCommand(output));
        appeals.Add(LetterCommand(output));
        appeals.Add(Act(output, "assign", "Assign (or reassign) the executor; the first assignment puts the appeal on the acting official's control.",
            [Text("--executor", "The executor's name.", required: true), Choice("--term", "The consideration term decided now: no-study (15 days) or standard (one month).", null, "no-study", "standard"),
             Text("--resolution", "The head's resolution as written on the card (what the executor is to do).")],
            (s, id, p, o) => new AssignExecutor
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Executor = p.GetValue((Option<string>)o[0])!,
                Term = p.GetValue((Option<string>)o[1]) switch { "no-study" => ConsiderationTerm.NoStudy, "standard" => ConsiderationTerm.Standard, _ => null },
                Resolution = p.GetValue((Option<string>)o[2]),
            }));
        appeals.Add(LetterAct(output, "extend", "Extend the term (Art. 20): by the head or a deputy head, with a reason and the notice to the applicant; never past 45 days from receipt.",
            [Date("--to", "The new due date."), Text("--reason", "Why a month is not enough."), Text("--notice", "The notice sent to the applicant (number, date or text).")],
            (s, id, p, o) => new ExtendTerm
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, NewDueOn = p.GetValue((Option<NodaTime.LocalDate?>)o[0])!.Value,
                Reason = p.GetValue((Option<string>)o[1]), Notice = p.GetValue((Option<string>)o[2]),
            }));
        appeals.Add(Act(output, "shorten", "Shorten the term on the applicant's reasoned written demand (Art. 20).",
            [Date("--to", "The new due date."), Text("--demand", "The applicant's written demand (number, date or text).")],
            (s, id, p, o) => new ShortenTerm
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, NewDueOn = p.GetValue((Option<NodaTime.LocalDate?>)o[0])!.Value, Demand = p.GetValue((Option<string>)o[1]),
            }));
        appeals.Add(LetterAct(output, "interim", "Record an interim answer; it closes nothing.",
            [Text("--text", "What was said.", required: true)],
            (s, id, p, o) => new GiveInterimAnswer { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Text = p.GetValue((Option<string>)o[0])! }));
        appeals.Add(LetterAct(output, "answer", "Record the final answer (or a supplement). A refusal needs --legal-basis, --reasons and --how-to-appeal (Art. 19).",
            [
                Required(Choice("--outcome", "The outcome the answer states (required: an answer is never recorded as satisfied by default).", null, "satisfied", "partly-satisfied", "refused", "explained")), Text("--summary", "The substance of the decision.", required: true),
                Choice("--channel", "How the answer is sent.", "written", "written", "electronic"), new Option<bool>("--issues-left") { Description = "Some issue raised is not yet addressed (the appeal cannot be taken off control)." },
                Text("--legal-basis", "For a refusal: the legal basis."), Text("--reasons", "For a refusal: the reasons."), Text("--how-to-appeal", "For a refusal: how to appeal it."),
                Code("--result", "The result as the classifier counts it: a code of its section 9 (9.1 resolved positively, 9.2 refused, 9.3 explained)."),
            ],
            (s, id, p, o) => new AnswerAppeal
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now,
                Outcome = Parse<AnswerOutcome>(p.GetValue((Option<string>)o[0])!), Summary = p.GetValue((Option<string>)o[1])!,
                Channel = Parse<AnswerChannel>(p.GetValue((Option<string>)o[2])!), AllIssuesAddressed = !p.GetValue((Option<bool>)o[3]),
                LegalBasis = p.GetValue((Option<string>)o[4]), Reasons = p.GetValue((Option<string>)o[5]), HowToAppeal = p.GetValue((Option<string>)o[6]),
                ResultCode = p.GetValue((Option<string>)o[7]),
            }));
        appeals.Add(LetterAct(output, "forward", "Forward to the competent body (Art. 7: within 5 days, the applicant told; never to the body complained about).",
            [Text("--to", "The competent body.", required: true)],
            (s, id, p, o) => new ForwardAppeal { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, To = p.GetValue((Option<string>)o[0])! }));
        appeals.Add(LetterAct(output, "return", "Return to the applicant with an explanation: --missing-details (Art. 5, 10 days) or lacking data for a decision (Art. 7, 5 days).",
            [new Option<bool>("--missing-details") { Description = "The Art. 5 details are missing (otherwise: data needed for a reasoned decision is lacking)." }, Text("--explanation", "The explanation to the applicant.", required: true)],
            (s, id, p, o) => new ReturnAppeal { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, MissingDetails = p.GetValue((Option<bool>)o[0]), Explanation = p.GetValue((Option<string>)o[1])! }));
        appeals.Add(LetterAct(output, "not-considered", "Decide not to consider (Art. 8, Art. 17).",
            [
                Choice("--ground", "The ground.", null, "anonymous", "repeated-resolved", "legally-incapable", "late-complaint"), Text("--earlier", "For repeated-resolved: the earlier appeal (id or index)."),
                new Option<bool>("--authorship-unknown") { Description = "For anonymous: authorship cannot be established." }, Text("--court-decision", "For legally-incapable: the court decision."),
            ],
            (s, id, p, o) => new NotConsiderAppeal
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now,
                Ground = Parse<NotConsideredGround>(p.GetValue((Option<string>)o[0]) ?? throw new CliException("give --ground.")),
                Earlier = p.GetValue((Option<string>)o[1]) is { } earlier ? References.Appeal(s, earlier, null).GetAwaiter().GetResult() : null,
                AuthorshipUnknown = p.GetValue((Option<bool>)o[2]), CourtDecision = p.GetValue((Option<string>)o[3]),
            }));
        appeals.Add(Act(output, "mark-late", "Record that a complaint was filed after its Art. 17 window.",
            [Date("--decided", "The date of the decision complained about, if not given at registration.", required: false), Date("--learned", "The date the applicant learned of it, if not given at registration.", required: false)],
            (s, id, p, o) => new MarkComplaintLate { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, DecidedOn = p.GetValue((Option<NodaTime.LocalDate?>)o[0]), LearnedOn = p.GetValue((Option<NodaTime.LocalDate?>)o[1]) }));
        appeals.Add(Act(output, "request-restoration", "Record the applicant's request to restore a missed complaint term.",
            [Text("--grounds", "The grounds the applicant gives.", required: true)],
            (s, id, p, o) => new RequestTermRestoration { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Grounds = p.GetValue((Option<string>)o[0])! }));
        appeals.Add(Act(output, "restoration", "Decide on restoring a missed complaint term (Art. 17): --restore or --refuse, with a reason.",
            [new Option<bool>("--restore") { Description = "Restore the term (a valid reason)." }, new Option<bool>("--refuse") { Description = "Refuse to restore it." }, Text("--reason", "Why.", required: true)],
            (s, id, p, o) => new DecideTermRestoration
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Reason = p.GetValue((Option<string>)o[2])!,
                Restore = (p.GetValue((Option<bool>)o[0]), p.GetValue((Option<bool>)o[1])) switch
                {
                    (true, false) => true,
                    (false, true) => false,
                    _ => throw new CliException("give exactly one of --restore and --refuse."),
                },
            }));
        appeals.Add(Act(output, "close", "Take the appeal off control (знято з контролю): only when finally answered and every issue addressed.", [],
            (s, id, _, _) => new TakeAppealOffControl { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now }));
        appeals.Add(Act(output, "withdraw", "Record the applicant's withdrawal, where the council's policy allows it.",
            [Text("--statement", "The applicant's statement.", required: true)],
            (s, id, p, o) => new WithdrawAppeal { CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Statement = p.GetValue((Option<string>)o[0])! }));
        appeals.Add(Act(output, "annul", "Annul a registration made by mistake (the same letter registered twice), by the clerk or the head, with the reason. " +
            "The appeal stays in the history with its number, which is never reused, and is left out of the year's counts. Not a withdrawal.\n" +
            "Example: council appeals annul К-16 --reason \"Зареєстровано двічі\" --duplicate-of К-15",
            [Text("--reason", "Why the registration was a mistake.", required: true), Text("--duplicate-of", "The index of the registration this one repeated.")],
            (s, id, p, o) => new AnnulRegistration
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Reason = p.GetValue((Option<string>)o[0])!,
                DuplicateOf = p.GetValue((Option<string>)o[1]) is { } duplicate ? DuplicateIndex(s, id, duplicate) : null,
            }));
        appeals.Add(Act(output, "correct", "Correct a typo in the registration: the first applicant's name or address, or the subject. The old value is kept in the history; " +
            "the index does not change.\nExample: council appeals correct К-15 --applicant \"Коваленко Петро Іванович\" --reason \"Описка в прізвищі\"",
            [Text("--applicant", "The first applicant's name as it should read."), Text("--address", "The address as it should read."), Text("--subject", "The subject as it should read."),
             Text("--reason", "Why (the typo found, the document checked).", required: true)],
            (s, id, p, o) => (p.GetValue((Option<string>)o[0]), p.GetValue((Option<string>)o[1]), p.GetValue((Option<string>)o[2])) is (null, null, null)
                ? throw new CliException("give what to correct: --applicant, --address or --subject.")
                : new CorrectRegistration
            {
                CommandId = s.CommandId, CaseId = id, Actor = s.Actor, At = s.Now, Applicant = p.GetValue((Option<string>)o[0]), Address = p.GetValue((Option<string>)o[1]),
                Subject = p.GetValue((Option<string>)o[2]), Reason = p.GetValue((Option<string>)o[3])!,
            }));
        return appeals;
    }

    private static Command Register(CliOutput output)
    {
        var received = Date("--received", "The date of receipt. Default: the date of --at.", required: false);
        var kind = Choice("--kind", "The kind of appeal (Art. 3).", null, "proposal", "application", "complaint");
        kind.Required = true;
        var applicant = Text("--applicant", "The applicant's full name, surname first.", required: true);
        var address = Text("--address", "The applicant's place of residence.");
        var email = Text("--email", "An e-mail or other contact (needed for an electronic appeal).");
        var collective = CliParsing.Number("--collective", "A collective appeal: the number of signatories (up to 100,000).", 1, 100_000);
        var unsigned = new Option<bool>("--unsigned") { Description = "The letter is not signed (registered with БП; anonymous, Art. 8)." };
        var undated = new Option<bool>("--undated") { Description = "The letter is not dated (Art. 5)." };
        var channel = Choice("--channel", "How it arrived.", "post", "post", "in-person", "electronic", "personal-reception", "hotline");
        var benefits = new Option<bool>("--benefits") { Description = "The applicant has statutory benefits: considered first." };
        var personalHead = new Option<bool>("--personal-head") { Description = "Art. 15 part 2: considered personally by the head." };
        var deputy = new Option<bool>("--deputy") { Description = "A deputy's appeal: 10 days, up to one month." };
        var noStudy = new Option<bool>("--no-study") { Description = "No additional study is needed: 15 days instead of one month." };
        var subject = Text("--subject", "The substance of the issue.", required: true);
        var complainedAbout = Text("--complained-about", "For a complaint: the body whose decision it complains about.");
        var decided = Date("--decided", "For a complaint: the date of the decision.", required: false);
        var learned = Date("--learned", "For a complaint: the date the applicant learned of it.", required: false);
        var council = Text("--council", "The council (for an installation serving several). Default: the default council.");
        var category = Code("--category", "The author's category: a code of the classifier's section 7 (such as 7.5, combatants).");
        var socialStatus = Code("--social-status", "The author's social status: a code of the classifier's section 8 (the council's full list; the shipped copy has none).");
        var sex = Code("--sex", "The author's sex as the classifier counts it: 4.1 (male) or 4.2 (female).");
        var issues = new Option<string[]>("--issue") { Description = "An issue raised: a code of the classifier's part II (repeat for each; needs the council's full list).", AllowMultipleArgumentsPerToken = false, HelpName = "CODE" };
        var pages = CliParsing.Number("--pages", "The letter's pages (0–10,000).", 0, 10_000);
        var attachments = CliParsing.Number("--attachments", "The attachments' pages (0–100,000).", 0, 100_000);
        var phone = Text("--phone", "The applicant's phone.");
        var doNotDisclose = new Option<bool>("--do-not-disclose") { Description = "Art. 10: the applicant asks that their name and address not be disclosed (masked in lists, exports and reports)." };
        var command = new Command("register", "Register an appeal on receipt; prints its index and due date.\nExample: council appeals register --kind application --applicant \"Коваленко Петро Іванович\" --address \"м. Житомир\" --subject \"Ремонт дороги\"")
        {
            received, kind, applicant, address, email, collective, unsigned, undated, channel, benefits, personalHead, deputy, noStudy, subject, complainedAbout, decided, learned, council,
            category, socialStatus, sex, issues, pages, attachments, phone, doNotDisclose,
        };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: true);
            var id = session.NewCaseId();
            var result = await session.Engine.ExecuteAsync(new RegisterAppeal
            {
                CommandId = session.CommandId, CaseId = id, Actor = session.Actor, At = session.Now, Council = parse.GetValue(council),
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
                output.Line($"Registered {appeal.Index} (id {appeal.Id}): received {appeal.ReceivedOn:dd.MM.uuuu}, due {appeal.Deadline.DueOn:dd.MM.uuuu}.");
                foreach (var s in result.Suggestions)
                {
                    output.Line($"  note: {s.Message}{(s.SuggestedTrigger is { } t ? $" Suggested: {t}." : "")}");
                }
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    private static Command List(CliOutput output)
    {
        var state = Text("--state", "Only appeals in this state (registered, under-consideration, answered, closed, forwarded, returned, not-considered, late-complaint, restoration-requested, withdrawn).");
        var overdue = new Option<bool>("--overdue") { Description = "Only appeals awaiting an answer past their deadline (at --at, default now)." };
        var dueWithin = CliParsing.Number("--due-within", "Only appeals awaiting an answer due within N days (at most 36525, a hundred years).", 0, 36_525, "DAYS");
        var executor = Text("--executor", "Only appeals on this executor's desk.");
        var command = new Command("list", "List appeals: all, or narrowed by state, overdue, due soon and executor (the filters combine; an executor's list is their desk in work-queue order: benefits first, then by due date).") { state, overdue, dueWithin, executor };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            // The filters combine: each one given narrows the list.
            var awaiting = new[] { AppealState.Registered, AppealState.UnderConsideration };
            IEnumerable<AppealState> states = Enum.GetValues<AppealState>();
            Instant? dueBefore = null;
            if (parse.GetValue(state) is { } stateName)
            {
                states = KebabCase.TryParse<AppealState>(stateName, out var s)
                    ? [s]
                    : throw new CliException($"--state '{stateName}' is not a state: use {string.Join(", ", Enum.GetValues<AppealState>().Select(KebabCase.Of))}.");
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
                output.Line("No appeal matches.");
                return CouncilCli.Ok;
            }

            // Columns as wide as their longest value (an executor's name up to 30 letters), the overdue mark a column of its own.
            var indexWidth = found.Max(a => a.Index.Length);
            var stateWidth = found.Max(a => a.StateName.Length);
            var executorWidth = Math.Min(30, found.Max(a => (a.Executor ?? "—").Length));
            foreach (var appeal in found)
            {
                var executorName = appeal.Executor ?? "—";
                executorName = executorName.Length > executorWidth ? executorName[..(executorWidth - 1)] + "…" : executorName;
                output.Line($"{appeal.Index.PadRight(indexWidth)}  {appeal.StateName.PadRight(stateWidth)}  due {appeal.Deadline.DueOn:dd.MM.uuuu} {(appeal.IsOverdueAt(session.Now) ? "OVERDUE" : ""),-7}  {executorName.PadRight(executorWidth)}  {appeal.Subject}");
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    private static Command Show(CliOutput output)
    {
        var id = IdArgument();
        var year = YearOption();
        var command = new Command("show", "Show one appeal with its deadline, timers and history.") { id, year };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            var caseId = await References.Appeal(session, parse.GetValue(id)!, parse.GetValue(year)).ConfigureAwait(false);
            var appeal = (Appeal)(await session.Engine.LoadAsync(caseId, ct).ConfigureAwait(false))!;
            var history = await session.Store.LoadHistoryAsync(caseId, ct).ConfigureAwait(false);
            var timers = await session.Store.TimersOfAsync(caseId, ct).ConfigureAwait(false);
            if (session.Json)
            {
                output.WriteJson(Detail(appeal, history, timers, session));
                return CouncilCli.Ok;
            }

            output.Line($"{appeal.Index} ({KebabCase.Of(appeal.AppealKind)}, {KebabCase.Of(appeal.Channel)}) — {appeal.StateName}");
            output.Line($"  applicant: {string.Join("; ", appeal.Applicants.Select(a => a.FullName + (a.Address is null ? "" : $", {a.Address}")))}{(appeal.IsCollective ? $" (collective, {appeal.Signatories})" : "")}");
            output.Line($"  subject:   {appeal.Subject}");
            output.Line($"  received {appeal.ReceivedOn:dd.MM.uuuu}; due {appeal.Deadline.DueOn:dd.MM.uuuu} ({appeal.Deadline.TermId}); at most {appeal.MaxDueOn:dd.MM.uuuu}{(appeal.IsOverdueAt(session.Now) ? "; OVERDUE" : "")}");
            output.Line($"  executor: {appeal.Executor ?? "—"}; on control of: {appeal.ControlledBy ?? "—"}{(appeal.Benefits ? "; benefits (first)" : "")}{(appeal.PersonalHead ? "; personally by the head" : "")}");
            if (appeal.Resolution is { } resolution)
            {
                output.Line($"  resolution: {resolution}");
            }

            if (!appeal.Card.IsEmpty)
            {
                output.Line($"  card: {CardLine(appeal.Card, (session.Engine.Workflows.ByKind(Appeal.CaseKind) as AppealWorkflow)?.Classifier)}");
            }

            if (appeal.Answer is { } answer)
            {
                output.Line($"  answer: {KebabCase.Of(answer.Outcome)} on {answer.AnsweredOn:dd.MM.uuuu} ({(answer.OnTime ? "on time" : "late")}){(answer.ResultCode is { } code ? $", result {code}" : "")}: {answer.Summary}");
            }

            foreach (var letter in appeal.Letters)
            {
                output.Line($"  letter: {AppealLetters.KindName(letter.Kind)} вих. № {(letter.Number.Length == 0 ? "—" : letter.Number)} від {letter.On:dd.MM.uuuu}");
            }

            output.Line("  history:");
            foreach (var e in history)
            {
                output.Line($"    {e.Version,3} {Results.Local(e.At, session.Calculator.Zone)} {e.Type,-20} {e.By.Name} ({KebabCase.Of(e.By.Role)}) → {e.State}{(e.Reason is null ? "" : $": {e.Reason}")}");
            }

            foreach (var t in timers)
            {
                output.Line($"  timer: {t.Kind} at {Results.Local(t.DueAt, session.Calculator.Zone)}");
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    private static Command Search(CliOutput output)
    {
        var applicant = Text("--applicant", "Words of an applicant's name, any order; case, stress marks, apostrophes and Latin look-alike letters do not matter, and a letter or two may be misspelt.");
        var address = Text("--address", "Words of the address.");
        var text = Text("--text", "Words of the subject.");
        var index = Text("--index", "The index, such as КО-4 (Latin look-alikes accepted: KO-4).");
        var receivedFrom = Date("--received-from", "Received on or after.", required: false);
        var receivedTo = Date("--received-to", "Received on or before.", required: false);
        var dueFrom = Date("--due-from", "Due on or after.", required: false);
        var dueTo = Date("--due-to", "Due on or before.", required: false);
        var state = Text("--state", "In this state (registered, under-consideration, answered, closed, …).");
        var executor = Text("--executor", "Part of the executor's name.");
        var code = Code("--code", "A classifier code on the card: category, social status, sex, issue, or the answer's result.");
        var pageSize = CliParsing.Number("--limit", "Hits a page (1–1000). Default: 20.", 1, 1000, "N");
        var page = CliParsing.Number("--page", "The page, from 1. Default: 1.", 1, 1_000_000, "N");
        var disclose = new Option<bool>("--disclose-protected")
        {
            Description = "Show the names of applicants who asked for non-disclosure (Art. 10); without it they are masked, as in exports.",
        };
        var command = new Command("search", "Find appeals: by applicant (as an office types: a misspelt or Latin-typed surname still finds them), address, subject words, " +
            "index, dates, state, executor or classifier code; ranked (closest names first, then newest) and paged.\n" +
            "Example: council appeals search --applicant \"Kовaленко\" --received-from 2023-01-01")
        {
            applicant, address, text, index, receivedFrom, receivedTo, dueFrom, dueTo, state, executor, code, pageSize, page, disclose,
        };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            // Not read-only: the first search of a file from an older version fills its word index (once).
            await using var session = StaffSession.Open(parse, create: false);
            AppealState? wantedState = parse.GetValue(state) is { } stateName
                ? KebabCase.TryParse<AppealState>(stateName, out var s) ? s : throw new CliException($"--state '{stateName}' is not a state: use {string.Join(", ", Enum.GetValues<AppealState>().Select(KebabCase.Of))}.")
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
                throw new CliException($"--received-from {rf:dd.MM.uuuu} is after --received-to {rt:dd.MM.uuuu}: give the earlier date first.");
            }

            if ((search.DueFrom, search.DueTo) is ({ } df, { } dt) && df > dt)
            {
                throw new CliException($"--due-from {df:dd.MM.uuuu} is after --due-to {dt:dd.MM.uuuu}: give the earlier date first.");
            }

            var found = await session.Get<AppealQueries>().SearchAsync(search, ct).ConfigureAwait(false);
            var pages = (found.Total + search.PageSize - 1) / search.PageSize;
            if (found.Total > 0 && search.Page > pages)
            {
                throw new CliException($"--page {search.Page} is past the last page: {found.Total} found, {pages} page{(pages == 1 ? "" : "s")} of {search.PageSize}.");
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
                output.Line("No appeal matches.");
                return CouncilCli.Ok;
            }

            output.Line($"{found.Total} found; page {search.Page} of {pages}:");
            foreach (var (appeal, score) in found.Hits)
            {
                var names = string.Join("; ", Names(appeal));
                output.Line($"{appeal.Index,-8} {appeal.StateName,-22} received {appeal.ReceivedOn:dd.MM.uuuu}  {names} — {appeal.Subject}{(score < 1 ? $"  (similar name, {score:0.0})" : "")}");
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
        output, "card", "Print the registration-control card (Instruction 348), front and back, as the office files it, with the council's name " +
        "from the settings and each classifier code named: as text, as HTML that prints on A4, or as a Word document.\n" +
        "Examples: council appeals card К-15\n          council appeals card К-15 --format html --out card.html\n          council appeals card К-15 --format docx --out card.docx",
        [],
        (session, appeal, _, _) => Task.FromResult<Council.Workflows.Printing.PrintedDocument?>(
            RegistrationCard.Document(appeal, Settings(session).OrganisationName, (session.Engine.Workflows.ByKind(Appeal.CaseKind) as AppealWorkflow)?.Classifier)));

    private static Command LetterCommand(CliOutput output)
    {
        var number = Text("--number", "The letter's outgoing number (as `appeals show` lists it). Default: the latest letter.");
        var kind = Choice("--kind", "The latest letter of this kind.", null, "answer", "interim-answer", "extension-notice", "forwarding", "return", "not-considered-notice");
        return PrintVerb(
            output, "letter", "Print a letter the appeal's history sent — the answer, an interim answer, the extension notice, the forwarding letter, a return, " +
            "the notice of non-consideration — on the council's letterhead (Letterhead settings) with its outgoing number: as text, as HTML that prints on A4, or as a " +
            "Word document to edit before signing.\nExamples: council appeals letter К-15 --format html --out answer.html\n          council appeals letter К-15 --kind extension-notice --format docx --out notice.docx",
            [number, kind],
            async (session, appeal, parse, ct) =>
            {
                var acts = AppealLetters.Acts(await session.Store.LoadHistoryAsync(appeal.Id, ct).ConfigureAwait(false));
                var wanted = parse.GetValue(kind) is { } k ? Parse<LetterKind>(k) : (LetterKind?)null;
                var chosen = acts.Where(a => wanted is null || a.Kind == wanted)
                    .LastOrDefault(a => parse.GetValue(number) is not { } n || string.Equals(a.Outgoing?.Number, n.Trim(), StringComparison.Ordinal));
                if (chosen is null)
                {
                    var sent = acts.Count == 0 ? "none yet" : string.Join(", ", acts.Select(a => $"{KebabCase.Of(a.Kind)} {(a.Outgoing is { } o ? $"№ {o.Number}" : "(no number)")}"));
                    throw new CliException($"appeal {appeal.Index} has no such letter (letters sent: {sent}).");
                }

                var options = Settings(session);
                return AppealLetters.Letter(appeal, chosen, options.OrganisationName, options.Letterhead, session.Calculator.Zone);
            });
    }

    private static Command Receipt(CliOutput output)
    {
        var organisation = Text("--organisation", "The organisation on the stamp. Default: the configured organisation name.");
        return PrintVerb(
            output, "receipt", "Print the stamp for the applicant's copy (Instruction 348 p. 2): organisation, date of receipt, incoming number " +
            "(--format html or docx: a receipt on the letterhead with the due date).",
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
        var number = Text("--outgoing-number", "The letter's outgoing number from another system's journal (only where Appeals:Outgoing:Numbering is External; otherwise the council's journal numbers it).");
        return Act(output, name, description + " The letter to the applicant takes the next number of the outgoing journal.", [.. options, number], (s, id, p, o) =>
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
        var command = new Command(name, description) { id, year };
        foreach (var option in options)
        {
            command.Add(option);
        }

        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false);
            var caseId = await resolve(session, parse.GetValue(id)!, parse.GetValue(year)).ConfigureAwait(false);
            var result = await session.Engine.ExecuteAsync(build(session, caseId, parse, options), ct).ConfigureAwait(false);
            var data = await session.Engine.LoadAsync(caseId, ct).ConfigureAwait(false);
            return Results.Report(output, session, result, $"{label(data)} {name}");
        }));
        return command;
    }

    internal static object Summary(Appeal appeal, StaffSession session) => new
    {
        id = appeal.Id.ToString(),
        index = appeal.Index,
        kind = KebabCase.Of(appeal.AppealKind),
        state = appeal.StateName,
        receivedOn = Results.Iso(appeal.ReceivedOn),
        dueOn = Results.Iso(appeal.Deadline.DueOn),
        overdue = appeal.IsOverdueAt(session.Now),
        extended = appeal.Extended,
        executor = appeal.Executor,
        priority = appeal.Priority,
        subject = appeal.Subject,
    };

    private static object Detail(Appeal appeal, IReadOnlyList<CaseEvent> history, IReadOnlyList<TimerEntry> timers, StaffSession session) => new
    {
        id = appeal.Id.ToString(),
        index = appeal.Index,
        council = appeal.Council,
        kind = KebabCase.Of(appeal.AppealKind),
        channel = KebabCase.Of(appeal.Channel),
        state = appeal.StateName,
        subject = appeal.Subject,
        applicants = appeal.Applicants.Select(a => new { name = a.FullName, address = a.Address, email = a.Email }),
        collective = appeal.IsCollective,
        signatories = appeal.Signatories,
        receivedOn = Results.Iso(appeal.ReceivedOn),
        dueOn = Results.Iso(appeal.Deadline.DueOn),
        lapsesAt = Results.Iso(appeal.Deadline.LapsesAt),
        term = appeal.Deadline.TermId,
        maxDueOn = Results.Iso(appeal.MaxDueOn),
        overdue = appeal.IsOverdueAt(session.Now),
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
            pages = appeal.Card.Pages, attachments = appeal.Card.Attachments, phone = appeal.Card.Phone, doNotDisclose = appeal.Card.DoNotDisclose,
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

    internal static Argument<string> IdArgument() => new("id") { Description = "The appeal: its index (such as К-115) or its id." };

    internal static Option<int?> YearOption() => new("--year") { Description = "The year of the index, when the same index exists in several years.", HelpName = "YYYY" };

    internal static Option<string> Text(string name, string description, bool required = false) => new(name) { Description = description, Required = required, HelpName = "TEXT" };

    // The registration an annulled one repeated: an appeal that exists, and not the one annulled; its index as recorded.
    private static string DuplicateIndex(StaffSession session, CaseId annulled, string text)
    {
        var found = References.Appeal(session, text, null).GetAwaiter().GetResult();
        if (found == annulled)
        {
            throw new CliException($"--duplicate-of {text} is the appeal being annulled: name the registration it repeated.");
        }

        return ((Appeal)session.Engine.LoadAsync(found).AsTask().GetAwaiter().GetResult()!).Index;
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
        where T : struct, Enum => KebabCase.TryParse<T>(text, out var value) ? value : throw new CliException($"'{text}' is not one of: {string.Join(", ", Enum.GetValues<T>().Select(KebabCase.Of))}.");
}
