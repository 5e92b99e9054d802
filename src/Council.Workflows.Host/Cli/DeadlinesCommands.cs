using System.CommandLine;
using Command = System.CommandLine.Command;
using System.Globalization;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council deadlines explain|complaint|terms</c>: the deadline calculus, with every step explained.</summary>
internal static class DeadlinesCommands
{
    private static readonly TextSource T = new("Verbs");

    public static Command Create(CliOutput output)
    {
        var deadlines = new Command("deadlines", T["Deadlines.Cmd.deadlines"]);
        deadlines.Add(Explain(output));
        deadlines.Add(Complaint(output));
        deadlines.Add(Terms(output));
        return deadlines;
    }

    private static Command Explain(CliOutput output)
    {
        var from = CliParsing.DateOption("--from", T["Deadlines.Opt.from"], required: true);
        var term = new Option<string>("--term") { Description = T["Deadlines.Opt.term"], HelpName = "ID" };
        var days = new Option<int?>("--days") { Description = T["Deadlines.Opt.days"], HelpName = "N" };
        var workingDays = new Option<int?>("--working-days") { Description = T["Deadlines.Opt.working-days"], HelpName = "N" };
        var months = new Option<int?>("--months") { Description = T["Deadlines.Opt.months"], HelpName = "N" };
        var start = CliParsing.Choice("--start", T["Deadlines.Opt.start"], "next-day", "next-day", "same-day");
        var month = CliParsing.Choice("--month", T["Deadlines.Opt.month"], "calendar", "calendar", "30-days");
        var roll = CliParsing.Choice("--roll", T["Deadlines.Opt.roll"], "forward", "forward", "back", "none");
        var martialLaw = MartialLawOption();
        var json = CliParsing.JsonFlag();

        var command = new Command(
            "explain",
            T["Help.deadlines-explain"])
        {
            from, term, days, workingDays, months, start, month, roll, martialLaw, json,
        };
        command.SetAction(output.Guarded((parse, _) =>
        {
            var calculator = Calculator(parse, parse.GetValue(martialLaw)!);
            var policy = new CountingPolicy(
                parse.GetValue(start) == "same-day" ? CountingStart.SameDay : CountingStart.NextDay,
                parse.GetValue(month) == "30-days" ? MonthReading.ThirtyDays : MonthReading.CalendarMonth,
                parse.GetValue(roll) switch { "back" => NonWorkingLastDay.RollBack, "none" => NonWorkingLastDay.Stay, _ => NonWorkingLastDay.RollForward });
            var lengths = new (string Name, int? Value, TermUnit Unit)[]
            {
                ("--days", parse.GetValue(days), TermUnit.CalendarDays),
                ("--working-days", parse.GetValue(workingDays), TermUnit.WorkingDays),
                ("--months", parse.GetValue(months), TermUnit.Months),
            }.Where(l => l.Value is not null).ToList();
            var termId = parse.GetValue(term);
            if (lengths.Count + (termId is null ? 0 : 1) != 1)
            {
                throw new CliException(T["Deadlines.Msg.OneTerm"]);
            }

            Deadline deadline;
            if (termId is not null)
            {
                if (!calculator.Terms.TryGet(termId, out var statutory))
                {
                    throw new CliException(T.Format("Deadlines.Msg.UnknownTerm", termId, string.Join(", ", calculator.Terms.All.Select(t => t.Id))));
                }

                deadline = calculator.Compute(parse.GetValue(from)!.Value, statutory, policy);
            }
            else
            {
                var (name, value, unit) = lengths[0];
                if (value is < 1 or > TermLength.MaxValue)
                {
                    throw new CliException(T.Format("Deadlines.Msg.Range", name, TermLength.MaxValue, value));
                }

                deadline = calculator.Compute(parse.GetValue(from)!.Value, new TermLength(value!.Value, unit), policy);
            }

            var language = Language.Text;
            if (parse.GetValue(json))
            {
                output.WriteJson(new
                {
                    from = Iso(deadline.From),
                    term = deadline.Term?.Id ?? deadline.Length.Describe(TextLanguage.English),
                    termDetail = new
                    {
                        id = deadline.Term?.Id,
                        value = deadline.Length.Value,
                        unit = KebabCase.Of(deadline.Length.Unit),
                        legalBasis = deadline.Term?.LegalBasis(language),
                        description = deadline.Term?.Description(language),
                    },
                    policy = new { start = parse.GetValue(start), month = parse.GetValue(month), roll = parse.GetValue(roll) },
                    martialLaw = parse.GetValue(martialLaw),
                    rawLastDay = Iso(deadline.RawLastDay),
                    dueOn = Iso(deadline.DueOn),
                    lapsesAt = InstantPattern.ExtendedIso.Format(deadline.LapsesAt),
                    zone = deadline.ZoneId,
                    steps = Steps(deadline.Steps, language),
                });
            }
            else
            {
                output.Line(T.Format("Deadlines.Msg.Due", Dotted(deadline.DueOn), Day(deadline.DueOn), Results.Local(deadline.LapsesAt, calculator.Zone)));
                output.Block(deadline.Explain(language));
            }

            return Task.FromResult(CouncilCli.Ok);
        }));
        return command;
    }

    private static Command Complaint(CliOutput output)
    {
        var decided = CliParsing.DateOption("--decided", T["Deadlines.Opt.decided"], required: true);
        var learned = CliParsing.DateOption("--learned", T["Deadlines.Opt.learned"], required: true);
        var martialLaw = MartialLawOption();
        var json = CliParsing.JsonFlag();
        var command = new Command(
            "complaint",
            T["Help.deadlines-complaint"])
        {
            decided, learned, martialLaw, json,
        };
        command.SetAction(output.Guarded((parse, _) =>
        {
            var calculator = Calculator(parse, parse.GetValue(martialLaw)!);
            var window = calculator.ComplaintWindow(parse.GetValue(decided)!.Value, parse.GetValue(learned)!.Value);
            var language = Language.Text;
            if (parse.GetValue(json))
            {
                output.WriteJson(new
                {
                    decidedOn = Iso(window.DecidedOn),
                    learnedOn = Iso(window.LearnedOn),
                    yearAfterDecision = Iso(window.YearAfterDecision),
                    monthAfterLearning = Iso(window.MonthAfterLearning),
                    boundBy = KebabCase.Of(window.BoundBy),
                    lastDay = Iso(window.LastDay),
                    lapsesAt = InstantPattern.ExtendedIso.Format(window.LapsesAt),
                    closedBeforeLearning = window.ClosedBeforeLearning,
                    steps = Steps(window.Steps, language),
                });
            }
            else
            {
                output.Line(T.Format("Deadlines.Msg.ComplaintUntil", Dotted(window.LastDay)));
                output.Block(window.Explain(language));
            }

            return Task.FromResult(CouncilCli.Ok);
        }));
        return command;
    }

    private static Command Terms(CliOutput output)
    {
        var json = CliParsing.JsonFlag();
        var command = new Command("terms", T["Deadlines.Cmd.terms"]) { json };
        command.SetAction(output.Guarded((parse, _) =>
        {
            var language = Language.Text;
            var terms = Calculator(parse, "auto").Terms.All;
            if (parse.GetValue(json))
            {
                output.WriteJson(terms.Select(t => new
                {
                    id = t.Id,
                    value = t.Length.Value,
                    unit = KebabCase.Of(t.Length.Unit),
                    legalBasis = t.LegalBasis(language),
                    description = t.Description(language),
                }));
            }
            else
            {
                foreach (var t in terms)
                {
                    output.Line($"{t.Id,-28} {t.Length.Describe(language),-14} {t.LegalBasis(language)}: {t.Description(language)}");
                }
            }

            return Task.FromResult(CouncilCli.Ok);
        }));
        return command;
    }

    private static Option<string> MartialLawOption() => CliParsing.Choice(
        "--martial-law", T["Help.martial-law"], "auto", "auto", "on", "off");

    // The council's calculator: its settings (days off, working Saturdays, zone), then --martial-law when given other than auto.
    private static DeadlineCalculator Calculator(ParseResult parse, string martialLaw)
    {
        var settings = StaffSession.Settings(parse);
        Configuration.CouncilComposition.Check(settings);
        using var services = new ServiceCollection().AddCouncilWorkflows(o =>
        {
            settings.Bind(o, null);
            if (martialLaw != "auto")
            {
                o.Calendar.MartialLaw = martialLaw == "on" ? MartialLawMode.On : MartialLawMode.Off;
            }
        }).BuildServiceProvider();
        return services.GetRequiredService<DeadlineCalculator>();
    }

    private static object[] Steps(IReadOnlyList<DeadlineStep> steps, TextLanguage language) =>
        [.. steps.Select(s => new { kind = KebabCase.Of(s.Kind), date = s.Date is { } d ? Iso(d) : null, text = s.Text(language) })];

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Dotted(LocalDate date) => date.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture);

    private static string Day(LocalDate date) => T[$"Deadlines.Day.{date.DayOfWeek}"];
}
