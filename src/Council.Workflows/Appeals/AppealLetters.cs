using System.Globalization;
using Council.Workflows.Engine;
using Council.Workflows.Printing;

namespace Council.Workflows.Appeals;

/// <summary>One letter an appeal's history sent the applicant (or, forwarding it, the competent body).</summary>
/// <param name="Kind">What the letter is.</param>
/// <param name="Event">The act that sent it.</param>
/// <param name="Outgoing">Its number and date in the outgoing journal; none in records written before the journal, or where another system numbers letters and none was typed.</param>
public sealed record AppealLetterAct(LetterKind Kind, CaseEvent Event, OutgoingLetter? Outgoing);

/// <summary>
/// The letters of an appeal as the office prints them on its letterhead: the answer, an interim answer, the extension
/// notice, the forwarding letter (to the competent body, the applicant told), a return, the notice of non-consideration,
/// and the receipt stamp. Ukrainian, the wording of the Law on Citizens' Appeals.
/// </summary>
public static class AppealLetters
{
    private const string Law = "Закону України «Про звернення громадян»";

    /// <summary>The letter's kind as the office names it.</summary>
    public static string KindName(LetterKind kind) => kind switch
    {
        LetterKind.Answer => "відповідь",
        LetterKind.InterimAnswer => "проміжна відповідь",
        LetterKind.ExtensionNotice => "повідомлення про продовження строку",
        LetterKind.Forwarding => "направлення за належністю",
        LetterKind.Return => "повернення звернення",
        _ => "повідомлення про залишення без розгляду",
    };

    /// <summary>Every letter the history sent, in order.</summary>
    public static IReadOnlyList<AppealLetterAct> Acts(IReadOnlyList<CaseEvent> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var acts = new List<AppealLetterAct>();
        foreach (var e in history)
        {
            LetterKind? kind = e.Data switch
            {
                AppealAnswered => LetterKind.Answer,
                InterimAnswerGiven => LetterKind.InterimAnswer,
                TermExtended => LetterKind.ExtensionNotice,
                AppealForwarded => LetterKind.Forwarding,
                AppealReturned => LetterKind.Return,
                AppealNotConsidered { Ground: not NotConsideredGround.Anonymous } => LetterKind.NotConsideredNotice,
                _ => null,
            };
            if (kind is { } k)
            {
                acts.Add(new AppealLetterAct(k, e, (e.Data as ILetterEvent)?.Letter));
            }
        }

        return acts;
    }

    /// <summary>The letter <paramref name="act"/> sent, on the council's letterhead.</summary>
    /// <param name="appeal">The appeal (as it is now: its applicants corrected, if they were).</param>
    /// <param name="act">The letter's act, one of <see cref="Acts"/>.</param>
    /// <param name="organisation">The organisation's name.</param>
    /// <param name="letterhead">The council's details and who signs.</param>
    /// <param name="zone">The council's time zone, for the act's date where the journal gave none.</param>
    public static PrintedDocument Letter(Appeal appeal, AppealLetterAct act, string organisation, LetterheadOptions letterhead, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(appeal);
        ArgumentNullException.ThrowIfNull(act);
        ArgumentException.ThrowIfNullOrWhiteSpace(organisation);
        ArgumentNullException.ThrowIfNull(letterhead);
        ArgumentNullException.ThrowIfNull(zone);
        var on = act.Outgoing?.On ?? act.Event.At.InZone(zone).Date;
        var blocks = Head(organisation, letterhead);
        blocks.Add(new PrintBlock(PrintStyle.Reference, $"{D(on)} № {(act.Outgoing is { Number.Length: > 0 } o ? o.Number : "__________")}"));
        // A reply refers to the applicant's letter by its registration; a forwarding letter to another body has nothing to reply to.
        if (act.Kind != LetterKind.Forwarding)
        {
            blocks.Add(new PrintBlock(PrintStyle.Reference, $"На № {appeal.Index} від {D(appeal.ReceivedOn)}"));
        }

        blocks.Add(new PrintBlock(PrintStyle.Spacer, ""));
        var applicant = appeal.Applicants[0];
        var about = $"Ваше звернення від {D(appeal.ReceivedOn)} (вх. № {appeal.Index}) щодо {Quoted(appeal.Subject)}";
        switch (act.Event.Data)
        {
            case AppealForwarded f:
                Addressee(blocks, f.To, null);
                blocks.Add(new PrintBlock(PrintStyle.Paragraph,
                    $"Відповідно до статті 7 {Law} направляємо за належністю для розгляду звернення {Who(appeal)} від {D(appeal.ReceivedOn)} (вх. № {appeal.Index}) щодо {Quoted(appeal.Subject)}."));
                blocks.Add(new PrintBlock(PrintStyle.Paragraph, appeal.Card.DoNotDisclose
                    ? "Заявник просить не розголошувати своє прізвище та місце проживання (стаття 10 Закону); відомості про заявника — у доданому зверненні. Про результати розгляду просимо повідомити заявника."
                    : "Про результати розгляду просимо повідомити заявника."));
                if (appeal.Card.Pages is { } pages)
                {
                    blocks.Add(new PrintBlock(PrintStyle.Paragraph, $"Додаток: звернення на {pages} арк.{(appeal.Card.Attachments is > 0 and var a ? $" та додатки на {a} арк." : "")}"));
                }

                break;
            case AppealAnswered a:
                Addressee(blocks, applicant);
                blocks.Add(new PrintBlock(PrintStyle.Paragraph, $"Розглянувши {about}, повідомляємо."));
                blocks.Add(new PrintBlock(PrintStyle.Paragraph, Sentence(a.Answer.Summary)));
                if (a.Answer.Outcome == AnswerOutcome.Refused)
                {
                    blocks.Add(new PrintBlock(PrintStyle.Paragraph, $"Підстава відмови: {Sentence(a.Answer.LegalBasis ?? "—")}"));
                    blocks.Add(new PrintBlock(PrintStyle.Paragraph, $"Мотиви відмови: {Sentence(a.Answer.Reasons ?? "—")}"));
                    blocks.Add(new PrintBlock(PrintStyle.Paragraph, $"Відповідно до статті 19 {Law} рішення може бути оскаржене: {Sentence(a.Answer.HowToAppeal ?? "—")}"));
                }

                break;
            case InterimAnswerGiven i:
                Addressee(blocks, applicant);
                blocks.Add(new PrintBlock(PrintStyle.Paragraph, $"Повідомляємо, що {about} перебуває на розгляді."));
                blocks.Add(new PrintBlock(PrintStyle.Paragraph, Sentence(i.Text)));
                break;
            case TermExtended x:
                Addressee(blocks, applicant);
                blocks.Add(new PrintBlock(PrintStyle.Paragraph,
                    $"Повідомляємо, що відповідно до статті 20 {Law} строк розгляду Вашого звернення від {D(appeal.ReceivedOn)} (вх. № {appeal.Index}) продовжено до {D(x.Deadline.DueOn)}."));
                if (!string.IsNullOrWhiteSpace(act.Event.Reason))
                {
                    blocks.Add(new PrintBlock(PrintStyle.Paragraph, $"Причина: {Sentence(act.Event.Reason)}"));
                }

                break;
            case AppealReturned r:
                Addressee(blocks, applicant);
                blocks.Add(new PrintBlock(PrintStyle.Paragraph,
                    $"Відповідно до статті {(r.MissingDetails ? "5" : "7")} {Law} повертаємо {about}."));
                blocks.Add(new PrintBlock(PrintStyle.Paragraph, Sentence(r.Explanation)));
                break;
            case AppealNotConsidered n:
                Addressee(blocks, applicant);
                blocks.Add(new PrintBlock(PrintStyle.Paragraph,
                    $"Повідомляємо, що {about} відповідно до статті {(n.Ground == NotConsideredGround.LateComplaint ? "17" : "8")} {Law} не підлягає розгляду: {Ground(n.Ground)}."));
                break;
            default:
                throw new ArgumentException($"The act '{act.Event.Type}' sends no letter.", nameof(act));
        }

        blocks.Add(new PrintBlock(PrintStyle.Signature, letterhead.SignatoryName ?? "") { Label = letterhead.SignatoryPosition });
        if (appeal.Executor is { } executor && act.Kind is not LetterKind.Forwarding)
        {
            blocks.Add(new PrintBlock(PrintStyle.Note, $"Виконавець: {executor}"));
        }

        if (act.Kind == LetterKind.Forwarding)
        {
            blocks.Add(new PrintBlock(PrintStyle.Note, appeal.Card.DoNotDisclose ? "Копія: заявникові — до відома." : $"Копія: {Who(appeal)} — до відома."));
        }

        return new PrintedDocument($"{KindName(act.Kind)} — {appeal.Index}", blocks);
    }

    /// <summary>The receipt (the stamp on the applicant's copy): the organisation, the date of receipt and the index.</summary>
    public static PrintedDocument Receipt(Appeal appeal, string organisation, LetterheadOptions letterhead)
    {
        ArgumentNullException.ThrowIfNull(appeal);
        ArgumentException.ThrowIfNullOrWhiteSpace(organisation);
        ArgumentNullException.ThrowIfNull(letterhead);
        var blocks = Head(organisation, letterhead);
        blocks.Add(new PrintBlock(PrintStyle.Title, "ЗВЕРНЕННЯ ЗАРЕЄСТРОВАНО"));
        blocks.Add(new PrintBlock(PrintStyle.Field, D(appeal.ReceivedOn)) { Label = "Дата надходження" });
        blocks.Add(new PrintBlock(PrintStyle.Field, appeal.Index) { Label = "Вхідний №" });
        blocks.Add(new PrintBlock(PrintStyle.Field, D(appeal.Deadline.DueOn)) { Label = "Розглядається до" });
        blocks.Add(new PrintBlock(PrintStyle.Field, string.Join(", ", appeal.Applicants.Select(a => a.FullName))) { Label = "Заявник" });
        blocks.Add(new PrintBlock(PrintStyle.Field, StatusCode.For(appeal.Id)) { Label = "Код для перевірки стану" });
        blocks.Add(new PrintBlock(PrintStyle.Note, letterhead.StatusPage is { Length: > 0 } page
            ? $"Стан звернення можна перевірити на сторінці {page}: вкажіть вхідний №, дату надходження й код."
            : "Стан звернення можна дізнатися у відділі звернень громадян, назвавши вхідний №, дату надходження й код."));
        return new PrintedDocument($"Реєстраційна відмітка {appeal.Index}", blocks);
    }

    private static List<PrintBlock> Head(string organisation, LetterheadOptions letterhead)
    {
        var blocks = new List<PrintBlock> { new(PrintStyle.Letterhead, organisation) };
        if (letterhead.Details() is { } details)
        {
            blocks.Add(new PrintBlock(PrintStyle.LetterheadDetails, details));
        }

        return blocks;
    }

    private static void Addressee(List<PrintBlock> blocks, Applicant applicant) => Addressee(blocks, applicant.FullName, applicant.Address);

    private static void Addressee(List<PrintBlock> blocks, string name, string? address)
    {
        blocks.Add(new PrintBlock(PrintStyle.Addressee, name));
        if (!string.IsNullOrWhiteSpace(address))
        {
            blocks.Add(new PrintBlock(PrintStyle.Addressee, address));
        }

        blocks.Add(new PrintBlock(PrintStyle.Spacer, ""));
    }

    // The applicant named in a letter to a third party: not at all where they asked for non-disclosure (Art. 10).
    private static string Who(Appeal appeal) => appeal.Card.DoNotDisclose
        ? "заявника"
        : $"{appeal.Applicants[0].FullName}{(appeal.Applicants[0].Address is { } address ? $" ({address})" : "")}{(appeal.Applicants.Count > 1 ? " та інших" : "")}";

    // A subject in «», its own «» turned to „“ as Ukrainian typesetting nests quotes.
    private static string Quoted(string subject) => $"«{subject.Trim().Replace('«', '„').Replace('»', '“')}»";

    private static string Ground(NotConsideredGround ground) => ground switch
    {
        NotConsideredGround.RepeatedResolved => "повторне звернення з того самого питання, яке вже було вирішене по суті",
        NotConsideredGround.LegallyIncapable => "звернення особи, визнаної судом недієздатною",
        NotConsideredGround.LateComplaint => "скаргу подано з пропуском встановленого строку, і його не поновлено",
        _ => "анонімне звернення",
    };

    private static string Sentence(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > 0 && ".!?…".Contains(trimmed[^1], StringComparison.Ordinal) ? trimmed : trimmed + ".";
    }

    private static string D(LocalDate date) => date.ToString("dd.MM.uuuu", CultureInfo.InvariantCulture);
}
