using System.Globalization;
using Council.Workflows.Appeals.Classifier;
using Council.Workflows.Printing;

namespace Council.Workflows.Appeals;

/// <summary>
/// The registration-control card (реєстраційно-контрольна картка, Instruction 348) of an appeal as an office files it:
/// the front with the registration and what the classifier counts, the back with the control — executor, resolution,
/// terms, answers. Text in Ukrainian, the office's language; each code with its name in the loaded classifier.
/// </summary>
public static class RegistrationCard
{
    /// <summary>The card as text, front then back.</summary>
    /// <param name="appeal">The appeal.</param>
    /// <param name="organisation">The organisation that keeps the card.</param>
    /// <param name="classifier">The classifier whose names the codes are shown with (a code it does not list shows alone).</param>
    public static string Text(Appeal appeal, string organisation, AppealClassifier? classifier = null) => Document(appeal, organisation, classifier).ToText();

    /// <summary>The card as a document to print: the front, a new page, the back.</summary>
    /// <param name="appeal">The appeal.</param>
    /// <param name="organisation">The organisation that keeps the card.</param>
    /// <param name="classifier">The classifier whose names the codes are shown with (a code it does not list shows alone).</param>
    public static PrintedDocument Document(Appeal appeal, string organisation, AppealClassifier? classifier = null)
    {
        ArgumentNullException.ThrowIfNull(appeal);
        ArgumentException.ThrowIfNullOrWhiteSpace(organisation);
        classifier ??= AppealClassifier.Default;
        var card = appeal.Card;
        var blocks = new List<PrintBlock>();
        void Line(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                blocks.Add(new PrintBlock(PrintStyle.Field, value) { Label = label });
            }
        }

        string Named(string section, string? code) =>
            code is null ? "" : classifier.Section(section)?.Item(code) is { } item ? $"{code} {item.NameUk}" : code;

        blocks.Add(new PrintBlock(PrintStyle.Letterhead, organisation));
        blocks.Add(new PrintBlock(PrintStyle.Title, "РЕЄСТРАЦІЙНО-КОНТРОЛЬНА КАРТКА ЗВЕРНЕННЯ ГРОМАДЯНИНА"));
        blocks.Add(new PrintBlock(PrintStyle.Heading, "Лицьовий бік"));
        Line("Реєстраційний індекс", appeal.Index);
        Line("Дата надходження", D(appeal.ReceivedOn));
        Line("Вид звернення", appeal.AppealKind switch { AppealKind.Proposal => "пропозиція (зауваження)", AppealKind.Complaint => "скарга", _ => "заява (клопотання)" });
        Line("Форма надходження", appeal.Channel switch
        {
            AppealChannel.Post => "поштою",
            AppealChannel.InPerson => "особисто або через уповноважену особу",
            AppealChannel.Electronic => "електронне звернення",
            AppealChannel.PersonalReception => "на особистому прийомі",
            _ => "телефоном (гаряча лінія)",
        });
        Line("Ознака надходження", appeal.RepeatOfIndexes.Count > 0 ? $"повторне (попередні: {string.Join(", ", appeal.RepeatOfIndexes)})" : "первинне");
        Line("Суб'єкт", appeal.IsCollective ? $"колективне ({appeal.Signatories} підписів)" : !appeal.HasSignature ? "анонімне (без підпису)" : "індивідуальне");
        for (var i = 0; i < appeal.Applicants.Count; i++)
        {
            var applicant = appeal.Applicants[i];
            Line(i == 0 ? "Заявник" : "Співзаявник", applicant.FullName);
            Line("  адреса", applicant.Address);
            Line("  контакт", applicant.Email);
        }

        Line("Телефон", card.Phone);
        if (card.DoNotDisclose)
        {
            Line("Розголошення", "заявник просить не розголошувати його прізвище та місце проживання (ст. 10 Закону)");
        }

        Line("Категорія автора", Named("7", card.AuthorCategory));
        Line("Соціальний стан", Named("8", card.SocialStatus));
        Line("Стать", Named("4", card.Sex));
        Line("Пільги", appeal.Benefits ? "так (розглядається першочергово)" : null);
        Line("Кількість аркушів", card.Pages?.ToString(CultureInfo.InvariantCulture));
        Line("Додатки (аркушів)", card.Attachments?.ToString(CultureInfo.InvariantCulture));
        Line("Зміст", appeal.Subject);
        Line("Питання (індекси)", card.Issues.Count == 0 ? null : string.Join("; ", card.Issues.Select(c => classifier.Issue(c) is { } item ? $"{c} {item.NameUk}" : c)));
        blocks.Add(new PrintBlock(PrintStyle.PageBreak, ""));
        blocks.Add(new PrintBlock(PrintStyle.Heading, "Зворотний бік"));
        Line("Виконавець", appeal.Executor);
        Line("Резолюція", appeal.Resolution);
        Line("На контролі у", appeal.ControlledBy);
        Line("Строк виконання", $"{D(appeal.Deadline.DueOn)}{(appeal.Extended ? " (продовжено)" : appeal.Shortened ? " (скорочено)" : "")}");
        Line("Граничний строк", D(appeal.MaxDueOn));
        Line("Проміжні відповіді", appeal.InterimAnswers > 0 ? appeal.InterimAnswers.ToString(CultureInfo.InvariantCulture) : null);
        Line("Направлено за належністю", appeal.ForwardedTo);
        if (appeal.Answer is { } answer)
        {
            Line("Відповідь", $"{D(answer.AnsweredOn)}, {Outcome(answer.Outcome)}{(answer.OnTime ? "" : ", із порушенням строку")}");
            Line("Результат (код)", Named("9", answer.ResultCode));
            Line("Зміст відповіді", answer.Summary);
            Line("Підписав", answer.By);
        }

        foreach (var letter in appeal.Letters)
        {
            Line("Вихідний лист", $"{AppealLetters.KindName(letter.Kind)}, вих. № {letter.Number} від {D(letter.On)}");
        }

        Line("Стан", appeal.State switch
        {
            AppealState.Closed => "знято з контролю",
            AppealState.Answered => "відповідь надано",
            AppealState.Annulled => "реєстрацію анульовано",
            AppealState.Forwarded => "направлено за належністю",
            AppealState.Returned => "повернуто заявникові",
            AppealState.NotConsidered => "не підлягає розгляду",
            AppealState.Withdrawn => "відкликано",
            AppealState.LateComplaint => "скаргу подано з пропуском строку (ст. 17)",
            AppealState.RestorationRequested => "заявник просить поновити строк (ст. 17)",
            AppealState.Registered => "зареєстровано",
            _ => "на розгляді",
        });
        return new PrintedDocument($"РКК {appeal.Index}", blocks);

        static string D(LocalDate date) => date.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture);

        static string Outcome(AnswerOutcome outcome) => outcome switch
        {
            AnswerOutcome.Satisfied => "задоволено",
            AnswerOutcome.PartlySatisfied => "задоволено частково",
            AnswerOutcome.Refused => "відмовлено",
            _ => "роз'яснено",
        };
    }
}
