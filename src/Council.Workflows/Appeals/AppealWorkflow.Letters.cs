using Council.Workflows.Engine;

namespace Council.Workflows.Appeals;

// The outgoing journal: every letter the council sends the applicant (answer, interim answer, extension notice, forwarding
// and return, notice of non-consideration) takes the journal's next number in the act's own commit, so the numbers have no
// gaps and a refused or failed act uses none — as the incoming index does.
public sealed partial class AppealWorkflow
{
    private const int MaxTypedNumber = 60;

    // The kind of letter the act sends, if any: an anonymous appeal has no address to tell.
    private static LetterKind? LetterKindOf(Command command) => command switch
    {
        AnswerAppeal => LetterKind.Answer,
        GiveInterimAnswer => LetterKind.InterimAnswer,
        ExtendTerm => LetterKind.ExtensionNotice,
        ForwardAppeal => LetterKind.Forwarding,
        ReturnAppeal => LetterKind.Return,
        NotConsiderAppeal { Ground: not NotConsideredGround.Anonymous } => LetterKind.NotConsideredNotice,
        _ => null,
    };

    // The journal's sequence for a letter of this council dated on this day; none when letters are numbered elsewhere.
    private string? OutgoingScope(string council, LocalDate on) => _options.Outgoing.Numbering switch
    {
        OutgoingNumbering.PerYear => $"appeal-outgoing/{council}/{on.Year}",
        OutgoingNumbering.Continuous => $"appeal-outgoing/{council}",
        _ => null,
    };

    private CaseReads OutgoingReads(ICaseData? current, Command command) =>
        current is Appeal appeal && LetterKindOf(command) is not null && OutgoingScope(appeal.Council, _calculator.DateOf(command.At)) is { } scope
            ? CaseReads.None.Number(scope)
            : CaseReads.None;

    // The letter the act sends with its number, and the journal's sequence the number is taken from (none for a number typed
    // from another system's journal).
    private (OutgoingLetter? Letter, string? Scope) Letter(Appeal appeal, Command command, LocalDate on, RelatedCases related)
    {
        if (LetterKindOf(command) is not { } kind)
        {
            return (null, null);
        }

        if (OutgoingScope(appeal.Council, on) is { } scope)
        {
            var number = related.NextNumber(scope);
            return (new OutgoingLetter(kind, _options.Outgoing.Write(number, on.Year, appeal.Index), on) { Sequence = number }, scope);
        }

        return command is ISendsLetter { OutgoingNumber: { } typed } && !string.IsNullOrWhiteSpace(typed)
            ? (new OutgoingLetter(kind, typed.Trim(), on), null)
            : (null, null);
    }

    private static EventData WithLetter(EventData data, OutgoingLetter letter) => data switch
    {
        AppealAnswered a => a with { Letter = letter },
        InterimAnswerGiven i => i with { Letter = letter },
        TermExtended x => x with { Letter = letter },
        AppealForwarded f => f with { Letter = letter },
        AppealReturned r => r with { Letter = letter },
        AppealNotConsidered n => n with { Letter = letter },
        _ => throw new InvalidOperationException($"{data.GetType().Name} records no letter."),
    };

    // A number typed for a letter is taken only where another system keeps the journal; it is a short line of text.
    private void CheckOutgoingNumber(Command command)
    {
        if (command is not ISendsLetter { OutgoingNumber: { } typed } || string.IsNullOrWhiteSpace(typed))
        {
            // Where another system keeps the journal, every letter is recorded with the number it gave.
            if (_options.Outgoing.Numbering == OutgoingNumbering.External && LetterKindOf(command) is { } kind)
            {
                throw new ArgumentException(
                    Texts.Format("Arg.outgoing-external", KebabCase.Of(kind)),
                    nameof(command));
            }

            return;
        }

        if (_options.Outgoing.Numbering != OutgoingNumbering.External)
        {
            throw new ArgumentException(
                Texts.Format("Arg.outgoing-own", _options.Outgoing.Numbering),
                nameof(command));
        }

        if (typed.Trim().Length > MaxTypedNumber || typed.Any(char.IsControl))
        {
            throw new ArgumentException(Texts.Format("Arg.outgoing-length", MaxTypedNumber), nameof(command));
        }
    }
}
