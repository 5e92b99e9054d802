using Council.Workflows.Appeals;
using Council.Workflows.Engine;

namespace Council.Workflows.Simulation;

// The appeals of the year: received on working days (more in autumn and winter), some routed away at intake, the rest
// assigned, answered (a few late, some after an extension) and taken off control by whoever put them on control.
internal sealed partial class YearSimulation
{
    private static readonly int[] MonthWeights = [9, 8, 9, 8, 8, 7, 7, 7, 8, 9, 10, 10];

    private void PlanAppeals(YearProfile profile, Plan plan)
    {
        var rng = plan.Random;
        var clerks = new[] { new Official("Петренко Олена", OfficialRole.Clerk), new Official("Гаврилюк Ніна", OfficialRole.Clerk) };
        var heads = new[]
        {
            new Official("Мельник Віктор", OfficialRole.Head), new Official("Ткач Ірина", OfficialRole.DeputyHead),
            new Official("Поліщук Андрій", OfficialRole.DeputyHead), new Official("Кузьменко Олег", OfficialRole.DeputyHead),
        };
        // The demo's sign-ins (council serve --demo) give each of these an executor's account: keep the two lists alike.
        var executors = new[]
        {
            "Бондар Сергій", "Савчук Марія", "Гнатюк Павло", "Литвин Оксана", "Кравець Інна", "Лук'яненко Дмитро", "Сидоренко Ганна", "Яковенко Роман",
        };
        var workingDays = Enumerable.Range(0, CalendarSystem.Iso.GetDaysInYear(profile.Year))
            .Select(d => new LocalDate(profile.Year, 1, 1).PlusDays(d))
            .Where(_calculator.Calendar.IsWorkingDay)
            .ToList();
        var weighted = workingDays.SelectMany(d => Enumerable.Repeat(d, MonthWeights[d.Month - 1])).ToList();
        var yearEnd = new LocalDate(profile.Year, 12, 31);

        for (var i = 0; i < profile.Appeals; i++)
        {
            var received = plan.Pick(weighted);
            var id = plan.NewCase();
            var clerk = plan.Pick(clerks);
            var kindRoll = rng.NextDouble();
            var kind = kindRoll < 0.6 ? AppealKind.Application : kindRoll < 0.85 ? AppealKind.Complaint : AppealKind.Proposal;
            var channelRoll = rng.NextDouble();
            var channel = channelRoll switch
            {
                < 0.35 => AppealChannel.Post,
                < 0.65 => AppealChannel.Electronic,
                < 0.80 => AppealChannel.InPerson,
                < 0.95 => AppealChannel.PersonalReception,
                _ => AppealChannel.Hotline,
            };
            var collective = rng.NextDouble() < 0.05;
            var surname = plan.Pick(Surnames);
            var name = $"{surname} {plan.Pick(Names)}";
            // One subject, capitalised (the second draw keeps the year's random sequence, and so its numbers, as before).
            var topic = plan.Pick(Subjects);
            _ = plan.Pick(Subjects);
            var subject = $"{char.ToUpper(topic[0], System.Globalization.CultureInfo.GetCultureInfo("uk-UA"))}{topic[1..]}, вул. {plan.Pick(Streets)}";
            var route = rng.NextDouble();
            var unsigned = route is >= 0.09 and < 0.11;
            var noStudy = rng.NextDouble() < 0.4;
            var register = new RegisterAppeal
            {
                CommandId = plan.NewGuid(), CaseId = id, Actor = clerk, At = At(received, 9 + rng.Next(8), rng.Next(60)),
                Kind = kind, Channel = channel,
                Applicants = [new Applicant(name, $"м. Житомир, вул. {plan.Pick(Streets)}, {1 + rng.Next(120)}", channel == AppealChannel.Electronic ? $"user{i}@example.org" : null)],
                Signatories = collective ? 2 + rng.Next(80) : null, Subject = subject, HasSignature = !unsigned,
                Benefits = rng.NextDouble() < 0.12, Term = noStudy ? ConsiderationTerm.NoStudy : ConsiderationTerm.Standard,
            };
            plan.Add(register.At, received, id, ct => Run(register, ct));

            var intake = NextWorkingDay(received, 1 + rng.Next(3));
            if (route < 0.06)
            {
                plan.Add(At(intake, 11), intake, id, ct => Run(new ForwardAppeal { CommandId = plan.NewGuid(), CaseId = id, Actor = clerk, At = At(intake, 11), To = "Житомирська обласна військова адміністрація" }, ct));
                continue;
            }

            if (route < 0.09)
            {
                var missing = rng.NextDouble() < 0.5;
                plan.Add(At(intake, 11), intake, id, ct => Run(new ReturnAppeal
                {
                    CommandId = plan.NewGuid(), CaseId = id, Actor = clerk, At = At(intake, 11), MissingDetails = missing,
                    Explanation = missing ? "Не зазначено місце проживання та дату." : "Бракує даних для прийняття обґрунтованого рішення.",
                }, ct));
                continue;
            }

            if (unsigned)
            {
                plan.Add(At(intake, 11), intake, id, ct => Run(new NotConsiderAppeal { CommandId = plan.NewGuid(), CaseId = id, Actor = clerk, At = At(intake, 11), Ground = NotConsideredGround.Anonymous }, ct));
                continue;
            }

            var head = plan.Pick(heads);
            var executor = plan.Pick(executors);
            var assignOn = NextWorkingDay(received);
            plan.Add(At(assignOn, 10), assignOn, id, ct => Run(new AssignExecutor { CommandId = plan.NewGuid(), CaseId = id, Actor = head, At = At(assignOn, 10), Executor = executor }, ct));

            var term = _calculator.Compute(received, noStudy ? "appeal.no-study" : "appeal.standard").DueOn;
            var cap = _calculator.Compute(received, "appeal.max").DueOn;
            var fate = rng.NextDouble();
            LocalDate answerOn;
            if (fate < 0.04)
            {
                answerOn = NextWorkingDay(term, 1 + rng.Next(8));
            }
            else if (fate < 0.19 && !noStudy && cap > term)
            {
                var extendOn = OnOrBeforeWorkingDay(term.PlusDays(-3));
                var newDue = OnOrBeforeWorkingDay(term.PlusDays(5 + rng.Next(Math.Max(1, Period.Between(term, cap, PeriodUnits.Days).Days - 4))));
                newDue = newDue > cap ? cap : newDue;
                if (extendOn <= assignOn || newDue <= term)
                {
                    answerOn = OnOrBeforeWorkingDay(term);
                }
                else
                {
                    var extender = heads[rng.Next(heads.Length)];
                    plan.Add(At(extendOn, 15), extendOn, id, ct => Run(new ExtendTerm
                    {
                        CommandId = plan.NewGuid(), CaseId = id, Actor = extender, At = At(extendOn, 15), NewDueOn = newDue,
                        Reason = "Потрібне обстеження на місці та погодження з комунальним підприємством", Notice = $"Лист № {1000 + i}/{extendOn.Month:00}",
                    }, ct));
                    answerOn = OnOrBeforeWorkingDay(newDue.PlusDays(-rng.Next(4)));
                }
            }
            else
            {
                var span = Math.Max(1, Period.Between(assignOn, term, PeriodUnits.Days).Days);
                answerOn = OnOrBeforeWorkingDay(assignOn.PlusDays(1 + rng.Next(span)));
            }

            if (answerOn <= assignOn)
            {
                answerOn = NextWorkingDay(assignOn);
            }

            if (answerOn > yearEnd)
            {
                continue;
            }

            var outcomeRoll = rng.NextDouble();
            var outcome = outcomeRoll switch
            {
                < 0.45 => AnswerOutcome.Satisfied,
                < 0.60 => AnswerOutcome.PartlySatisfied,
                < 0.85 => AnswerOutcome.Explained,
                _ => AnswerOutcome.Refused,
            };
            var answerer = new Official(executor, OfficialRole.Executor);
            var answer = new AnswerAppeal
            {
                CommandId = plan.NewGuid(), CaseId = id, Actor = answerer, At = At(answerOn, 16), Outcome = outcome,
                Summary = outcome == AnswerOutcome.Refused ? "У задоволенні відмовлено." : "Надано відповідь по суті всіх порушених питань.",
                LegalBasis = outcome == AnswerOutcome.Refused ? "ст. 30 Закону України «Про місцеве самоврядування в Україні»" : null,
                Reasons = outcome == AnswerOutcome.Refused ? "Питання не належить до повноважень міської ради." : null,
                HowToAppeal = outcome == AnswerOutcome.Refused ? "Рішення може бути оскаржене відповідно до ст. 16 Закону України «Про звернення громадян»." : null,
            };
            plan.Add(answer.At, answerOn, id, ct => Run(answer, ct));

            var closeOn = NextWorkingDay(answerOn, 1 + rng.Next(4));
            if (closeOn <= yearEnd)
            {
                plan.Add(At(closeOn, 12), closeOn, id, ct => Run(new TakeAppealOffControl { CommandId = plan.NewGuid(), CaseId = id, Actor = head, At = At(closeOn, 12) }, ct));
            }
        }
    }

    private async ValueTask<CommandResult?> Run(Command command, CancellationToken cancellationToken) =>
        await _engine.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
}
