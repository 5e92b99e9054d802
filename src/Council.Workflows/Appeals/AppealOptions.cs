using Council.Workflows.Engine;

namespace Council.Workflows.Appeals;

/// <summary>A council's choices for appeals, where legal-rules.md marks a [choice] or practice differs.</summary>
public sealed class AppealOptions
{
    /// <summary>The term set at registration unless the command says otherwise. The default value is <see cref="ConsiderationTerm.Standard"/> (one month).</summary>
    public ConsiderationTerm DefaultTerm { get; set; } = ConsiderationTerm.Standard;

    /// <summary>Reminders before each deadline, in working days. The default value is 3 and 1 working days before.</summary>
    public IList<int> ReminderWorkingDaysBefore { get; set; } = [3, 1];

    /// <summary>The local time of day reminders are due. The default value is 09:00.</summary>
    public LocalTime ReminderTimeOfDay { get; set; } = new(9, 0);

    /// <summary>Who routes an appeal at intake (forward, return, not considered, late complaint). The default value is clerk, head and deputy head.</summary>
    public IList<OfficialRole> IntakeRoles { get; set; } = [OfficialRole.Clerk, OfficialRole.Head, OfficialRole.DeputyHead];

    /// <summary>Who assigns the executor (the resolution). The default value is head, deputy head and clerk.</summary>
    public IList<OfficialRole> AssignRoles { get; set; } = [OfficialRole.Head, OfficialRole.DeputyHead, OfficialRole.Clerk];

    /// <summary>Who extends the term (Art. 20: the head or a deputy head). The default value is head and deputy head.</summary>
    public IList<OfficialRole> ExtendRoles { get; set; } = [OfficialRole.Head, OfficialRole.DeputyHead];

    /// <summary>Who shortens the term on the applicant's demand. The default value is head and deputy head.</summary>
    public IList<OfficialRole> ShortenRoles { get; set; } = [OfficialRole.Head, OfficialRole.DeputyHead];

    /// <summary>Who decides on restoring a missed complaint term. The default value is head and deputy head.</summary>
    public IList<OfficialRole> RestorationRoles { get; set; } = [OfficialRole.Head, OfficialRole.DeputyHead];

    /// <summary>Who may take an appeal off control. The default value is <see cref="ControlRule.Controller"/>: the official who put it on control.</summary>
    public ControlRule TakeOffControlBy { get; set; } = ControlRule.Controller;

    /// <summary>Whether an applicant may withdraw an appeal (the law gives no such right). The default value is <see langword="false"/>.</summary>
    public bool AllowWithdrawal { get; set; }

    /// <summary>
    /// How many of the applicant's most recent appeals a new one is compared with for a repeat (at most five are linked). The
    /// check stays as fast for a frequent writer as for a first letter. The default value is 20.
    /// </summary>
    public int RepeatLookback { get; set; } = 20;

    /// <summary>Who annuls a registration made by mistake. The default value is clerk and head.</summary>
    public IList<OfficialRole> AnnulRoles { get; set; } = [OfficialRole.Clerk, OfficialRole.Head];

    /// <summary>Who corrects a typo in a registration. The default value is clerk, head and deputy head.</summary>
    public IList<OfficialRole> CorrectRoles { get; set; } = [OfficialRole.Clerk, OfficialRole.Head, OfficialRole.DeputyHead];

    /// <summary>
    /// How many calendar days before its registration a letter may have been received (Instruction 348 registers on the
    /// day of receipt; a letter that came on a day off, or through another department, is registered a little later). A
    /// date of receipt further back is refused as a likely typo [choice]. The default value is 10.
    /// </summary>
    public int MaxDaysReceivedBeforeRegistration { get; set; } = 10;

    /// <summary>How registration numbers run. The default value is <see cref="IndexNumbering.PerYear"/>.</summary>
    public IndexNumbering Numbering { get; set; } = IndexNumbering.PerYear;

    /// <summary>The council's departments and their executors, for the discipline report. The default value is none (one group).</summary>
    public IList<Reporting.Department> Departments { get; set; } = [];

    /// <summary>The outgoing journal: how the letters to the applicant are numbered. The default value numbers them per year.</summary>
    public OutgoingJournalOptions Outgoing { get; set; } = new();

    /// <summary>
    /// How alike two subjects must be (share of common words, 0–1) for a new appeal by the same applicant to be flagged as
    /// a likely repeat. The default value is 0.5.
    /// </summary>
    public double RepeatSimilarity { get; set; } = 0.5;

    /// <summary>The recipient of escalations when a deadline is missed. The default value is "head".</summary>
    public string EscalationRecipient { get; set; } = "head";

    /// <summary>
    /// The classifier of appeals the card's codes are checked against: a JSON file in the shape of the copy shipped with
    /// the library (<see cref="Classifier.AppealClassifier"/>). The default value is none: the shipped copy, which holds only
    /// what could be read of the official text (no topics; categories cut off after 7.17; no social statuses).
    /// </summary>
    public string? ClassifierFile { get; set; }

    internal void Validate(List<string> failures)
    {
        if (!string.IsNullOrWhiteSpace(ClassifierFile))
        {
            try
            {
                _ = Classifier.AppealClassifier.Load(ClassifierFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Classifier.ClassifierFormatException)
            {
                failures.Add($"Appeals.ClassifierFile: {e.Message}");
            }
        }

        if (ReminderWorkingDaysBefore is null || ReminderWorkingDaysBefore.Any(d => d is < 1 or > 30))
        {
            failures.Add($"Appeals.ReminderWorkingDaysBefore: {Texts.Get("Setting.ReminderDays")}");
        }

        if (RepeatSimilarity is <= 0 or > 1 || double.IsNaN(RepeatSimilarity))
        {
            failures.Add($"Appeals.RepeatSimilarity: {Texts.Get("Setting.Share")}");
        }

        if (IntakeRoles is null || AssignRoles is null || ExtendRoles is null || ShortenRoles is null || RestorationRoles is null || AnnulRoles is null || CorrectRoles is null)
        {
            failures.Add($"Appeals: {Texts.Get("Setting.RoleLists")}");
        }

        if (RepeatLookback is < 1 or > 1000)
        {
            failures.Add($"Appeals.RepeatLookback: {Texts.Format("Setting.Range", 1, 1000)}");
        }

        if (MaxDaysReceivedBeforeRegistration is < 0 or > 366)
        {
            failures.Add($"Appeals.MaxDaysReceivedBeforeRegistration: {Texts.Format("Setting.RangeDays", 0, 366)}");
        }

        if (Departments is null || Departments.Any(d => d is null || string.IsNullOrWhiteSpace(d.Name) || d.Executors is null || d.Executors.Any(string.IsNullOrWhiteSpace)))
        {
            failures.Add($"Appeals.Departments: {Texts.Get("Setting.Departments")}");
        }
        else if (Departments.SelectMany(d => d.Executors.Select(e => (Executor: e.Trim(), d.Name))).GroupBy(x => x.Executor, StringComparer.OrdinalIgnoreCase)
                     .FirstOrDefault(g => g.Select(x => x.Name).Distinct().Count() > 1) is { } twice)
        {
            failures.Add($"Appeals.Departments: {Texts.Format("Setting.DepartmentTwice", twice.Key, string.Join(", ", twice.Select(x => x.Name).Distinct()))}");
        }

        if (Outgoing is null)
        {
            failures.Add($"Appeals.Outgoing: {Texts.Get("Setting.Required")}");
        }
        else
        {
            Outgoing.Validate(failures);
        }

        if (string.IsNullOrWhiteSpace(EscalationRecipient))
        {
            failures.Add($"Appeals.EscalationRecipient: {Texts.Get("Setting.NotEmpty")}");
        }
    }
}

/// <summary>
/// The outgoing journal (журнал реєстрації вихідної кореспонденції): the answers, interim answers, extension notices,
/// forwarding notices, returns and notices of non-consideration the council sends the applicant get gapless numbers, like the
/// incoming index, taken in the same commit as the act.
/// </summary>
public sealed class OutgoingJournalOptions
{
    /// <summary>How the numbers run. The default value is <see cref="OutgoingNumbering.PerYear"/>.</summary>
    public OutgoingNumbering Numbering { get; set; } = OutgoingNumbering.PerYear;

    /// <summary>
    /// How a number is written: <c>{number}</c> is the running number, <c>{year}</c> the letter's year, <c>{index}</c> the
    /// appeal's registration index (for example <c>01-15/{number}</c> with a department's code, or <c>{index}/{number}</c>).
    /// The default value is <c>{number}</c>.
    /// </summary>
    public string Format { get; set; } = "{number}";

    internal string Write(long number, int year, string index) => Format
        .Replace("{number}", number.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{year}", year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{index}", index, StringComparison.Ordinal);

    internal void Validate(List<string> failures)
    {
        if (!Enum.IsDefined(Numbering))
        {
            failures.Add($"Appeals.Outgoing.Numbering: {Texts.Get("Setting.Numbering")}");
        }

        if (string.IsNullOrWhiteSpace(Format) || !Format.Contains("{number}", StringComparison.Ordinal))
        {
            failures.Add($"Appeals.Outgoing.Format: {Texts.Get("Setting.FormatNumber")}");
        }
        else if (Format.Length > 60 || Format.Any(char.IsControl) ||
                 System.Text.RegularExpressions.Regex.Replace(Format, @"\{(number|year|index)\}", "").IndexOfAny(['{', '}']) >= 0)
        {
            failures.Add($"Appeals.Outgoing.Format: {Texts.Format("Setting.FormatBad", Format)}");
        }
    }
}
