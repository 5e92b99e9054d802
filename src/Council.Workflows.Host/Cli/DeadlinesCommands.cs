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
    public static Command Create(CliOutput output)
    {
        var deadlines = new Command("deadlines", "Compute statutory deadlines the way a Ukrainian council must, and explain every date.");
        deadlines.Add(Explain(output));
        deadlines.Add(Complaint(output));
        deadlines.Add(Terms(output));
        return deadlines;
    }

    private static Command Explain(CliOutput output)
    {
        var from = CliParsing.DateOption("--from", "The triggering date, such as the date of receipt.", required: true);
        var term = new Option<string>("--term") { Description = "A named statutory term, such as appeal.standard ('council deadlines terms' lists them).", HelpName = "ID" };
        var days = new Option<int?>("--days") { Description = "A term of N calendar days.", HelpName = "N" };
        var workingDays = new Option<int?>("--working-days") { Description = "A term of N working days.", HelpName = "N" };
        var months = new Option<int?>("--months") { Description = "A term of N months.", HelpName = "N" };
        var start = CliParsing.Choice("--start", "Day 1 of the term: the day after the triggering date (Civil Code Art. 253), or the date itself.", "next-day", "next-day", "same-day");
        var month = CliParsing.Choice("--month", "A month as a calendar month with end-of-month clamp (Civil Code Art. 254), or as 30 days.", "calendar", "calendar", "30-days");
        var roll = CliParsing.Choice("--roll", "A non-working last day moves to the next working day (Civil Code Art. 254 part 5), the previous one, or stays.", "forward", "forward", "back", "none");
        var martialLaw = MartialLawOption();
        var lang = LanguageOption();
        var json = CliParsing.JsonFlag();

        var command = new Command(
            "explain",
            "When is it due, and why? Give the triggering date and exactly one of --term, --days, --working-days, --months.\n" +
            "Example: council deadlines explain --from 2023-01-31 --term appeal.standard")
        {
            from, term, days, workingDays, months, start, month, roll, martialLaw, lang, json,
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
                throw new CliException("give exactly one of --term, --days, --working-days, --months.");
            }

            Deadline deadline;
            if (termId is not null)
            {
                if (!calculator.Terms.TryGet(termId, out var statutory))
                {
                    throw new CliException($"unknown term '{termId}'. Known terms: {string.Join(", ", calculator.Terms.All.Select(t => t.Id))}.");
                }

                deadline = calculator.Compute(parse.GetValue(from)!.Value, statutory, policy);
            }
            else
            {
                var (name, value, unit) = lengths[0];
                if (value is < 1 or > TermLength.MaxValue)
                {
                    throw new CliException($"{name} must be from 1 to {TermLength.MaxValue}; {value} was given.");
                }

                deadline = calculator.Compute(parse.GetValue(from)!.Value, new TermLength(value!.Value, unit), policy);
            }

            var language = Language(parse.GetValue(lang)!);
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
                output.Line(language == TextLanguage.Ukrainian
                    ? $"Кінцевий строк {Dotted(deadline.DueOn)} ({Day(deadline.DueOn, language)}), спливає {InstantPattern.ExtendedIso.Format(deadline.LapsesAt)}"
                    : $"Due {Dotted(deadline.DueOn)} ({Day(deadline.DueOn, language)}), lapses {InstantPattern.ExtendedIso.Format(deadline.LapsesAt)}");
                output.Block(deadline.Explain(language));
            }

            return Task.FromResult(CouncilCli.Ok);
        }));
        return command;
    }

    private static Command Complaint(CliOutput output)
    {
        var decided = CliParsing.DateOption("--decided", "The date of the decision complained about.", required: true);
        var learned = CliParsing.DateOption("--learned", "The date the applicant learned of the decision.", required: true);
        var martialLaw = MartialLawOption();
        var lang = LanguageOption();
        var json = CliParsing.JsonFlag();
        var command = new Command(
            "complaint",
            "The last day to file a complaint (Art. 17 of the Law on Citizens' Appeals): one year from the decision, but no later than one month after learning of it.\n" +
            "Example: council deadlines complaint --decided 2023-01-10 --learned 2023-03-20")
        {
            decided, learned, martialLaw, lang, json,
        };
        command.SetAction(output.Guarded((parse, _) =>
        {
            var calculator = Calculator(parse, parse.GetValue(martialLaw)!);
            var window = calculator.ComplaintWindow(parse.GetValue(decided)!.Value, parse.GetValue(learned)!.Value);
            var language = Language(parse.GetValue(lang)!);
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
                output.Line(language == TextLanguage.Ukrainian
                    ? $"Скаргу можна подати до {Dotted(window.LastDay)} включно"
                    : $"A complaint is in time until {Dotted(window.LastDay)} (inclusive)");
                output.Block(window.Explain(language));
            }

            return Task.FromResult(CouncilCli.Ok);
        }));
        return command;
    }

    private static Command Terms(CliOutput output)
    {
        var lang = LanguageOption();
        var json = CliParsing.JsonFlag();
        var command = new Command("terms", "List the named statutory terms with their length and legal basis.") { lang, json };
        command.SetAction(output.Guarded((parse, _) =>
        {
            var language = Language(parse.GetValue(lang)!);
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
        "--martial-law", "Martial law suspends holidays and transfers (Law No. 2136-IX): auto uses the configured periods (from 2022-03-24), on and off force it.", "auto", "auto", "on", "off");

    private static Option<string> LanguageOption() => CliParsing.Choice("--lang", "The language of the explanation.", "en", "en", "uk");

    private static TextLanguage Language(string lang) => lang == "uk" ? TextLanguage.Ukrainian : TextLanguage.English;

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

    private static string Day(LocalDate date, TextLanguage language) =>
        (language == TextLanguage.Ukrainian ? new[] { "", "Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд" } : ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])[(int)date.DayOfWeek];
}
