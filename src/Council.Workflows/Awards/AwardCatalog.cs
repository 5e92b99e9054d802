using Ardalis.GuardClauses;

namespace Council.Workflows.Awards;

/// <summary>The instrument by which the body that owns an award grants it.</summary>
public enum GrantingInstrument
{
    /// <summary>A mayor's order (розпорядження міського голови).</summary>
    MayorsOrder,

    /// <summary>A decision of the executive committee (рішення виконавчого комітету).</summary>
    ExecutiveCommitteeDecision,

    /// <summary>A decision of the council (рішення міської ради).</summary>
    CouncilDecision,
}

/// <summary>An award of the council or its executive committee, as configuration.</summary>
public sealed record AwardType
{
    /// <summary>Creates an award type.</summary>
    public AwardType(string id, string nameUk, string nameEn, int rank, GrantingInstrument instrument)
    {
        Id = Guard.Against.NullOrWhiteSpace(id);
        NameUk = Guard.Against.NullOrWhiteSpace(nameUk);
        NameEn = Guard.Against.NullOrWhiteSpace(nameEn);
        Rank = Guard.Against.NegativeOrZero(rank);
        Instrument = Guard.Against.EnumOutOfRange(instrument);
    }

    /// <summary>A stable kebab-case id, such as <c>honorary-certificate</c>.</summary>
    public string Id { get; init; }

    /// <summary>The name in Ukrainian.</summary>
    public string NameUk { get; init; }

    /// <summary>The name in English.</summary>
    public string NameEn { get; init; }

    /// <summary>The ladder the award stands on (awards of one ladder are ranked against each other). The default value is <c>civic</c>.</summary>
    public string Ladder { get; init; } = "civic";

    /// <summary>The rank on the ladder: 1 is the lowest.</summary>
    public int Rank { get; init; }

    /// <summary>The granting instrument.</summary>
    public GrantingInstrument Instrument { get; init; }

    /// <summary>Whether it may be granted posthumously. The default value is <see langword="false"/>.</summary>
    public bool Posthumous { get; init; }

    /// <summary>The minimum interval since the same or a lower award of the ladder, or <see langword="null"/> for none.</summary>
    public Period? MinInterval { get; init; }

    /// <summary>Whether a lower award of the ladder must come first. The default value is <see langword="false"/>.</summary>
    public bool RequiresLowerFirst { get; init; }

    /// <summary>Whether one person holds it once at most (such as an honorary citizenship). The default value is <see langword="false"/>.</summary>
    public bool OncePerPerson { get; init; }

    /// <summary>
    /// Whether the same person may be granted it again (a letter of thanks, an honorary certificate once its interval has
    /// passed). When <see langword="false"/>, a grant to a nominee who already holds it from an earlier grant is refused; when
    /// <see langword="true"/>, only a second grant on the same day is (a duplicate instrument). The default value is
    /// <see langword="false"/>.
    /// </summary>
    public bool RepeatAllowed { get; init; }

    /// <summary>The most that may be granted in a calendar year, or <see langword="null"/> for no cap.</summary>
    public int? AnnualCap { get; init; }

    /// <summary>The name in the given language.</summary>
    public string Name(Deadlines.TextLanguage language) => language == Deadlines.TextLanguage.Ukrainian ? NameUk : NameEn;
}

/// <summary>A category of nominee, so reports can group the awarded by it.</summary>
/// <param name="Id">A stable kebab-case id, such as <c>military</c>.</param>
/// <param name="NameUk">The name in Ukrainian.</param>
/// <param name="NameEn">The name in English.</param>
/// <param name="DefenceAndRescue">
/// Whether it belongs to the group the council secretary's report counts together: military, volunteers, police, critical
/// infrastructure, State Emergency Service.
/// </param>
public sealed record NomineeCategory(string Id, string NameUk, string NameEn, bool DefenceAndRescue = false);

/// <summary>The sample catalogue shipped as the default: awards of Ukrainian cities (Kyiv, Sumy, Zhytomyr) and the categories.</summary>
public static class DefaultAwards
{
    /// <summary>
    /// The award ladder: thank-you letter, honorary certificate, "For merits to the city" III/II/I, honorary citizen, and a
    /// military award. The letter of thanks and the honorary certificate may be granted to one person again (the
    /// certificate's interval is an eligibility warning); a degree of the badge, the honorary citizenship and the military
    /// award are held once.
    /// </summary>
    public static IReadOnlyList<AwardType> Types { get; } =
    [
        new("thanks", "Подяка міського голови", "Mayor's letter of thanks", 1, GrantingInstrument.MayorsOrder) { Posthumous = true, RepeatAllowed = true },
        new("honorary-certificate", "Почесна грамота виконавчого комітету", "Honorary certificate of the executive committee", 2, GrantingInstrument.ExecutiveCommitteeDecision)
        {
            MinInterval = Period.FromYears(2), RequiresLowerFirst = true, RepeatAllowed = true,
        },
        new("merit-3", "Нагрудний знак «За заслуги перед містом» III ступеня", "Badge \"For merits to the city\", 3rd degree", 3, GrantingInstrument.MayorsOrder)
        {
            MinInterval = Period.FromYears(2), RequiresLowerFirst = true, Posthumous = true,
        },
        new("merit-2", "Нагрудний знак «За заслуги перед містом» II ступеня", "Badge \"For merits to the city\", 2nd degree", 4, GrantingInstrument.ExecutiveCommitteeDecision)
        {
            MinInterval = Period.FromYears(3), RequiresLowerFirst = true,
        },
        new("merit-1", "Нагрудний знак «За заслуги перед містом» I ступеня", "Badge \"For merits to the city\", 1st degree", 5, GrantingInstrument.CouncilDecision)
        {
            MinInterval = Period.FromYears(3), RequiresLowerFirst = true,
        },
        new("honorary-citizen", "Звання «Почесний громадянин міста»", "Honorary citizen of the city", 6, GrantingInstrument.CouncilDecision)
        {
            Posthumous = true, OncePerPerson = true, AnnualCap = 3,
        },
        new("courage-honour-valour", "Відзнака «Мужність. Честь. Звитяга»", "Award \"Courage. Honour. Valour\"", 1, GrantingInstrument.MayorsOrder)
        {
            Ladder = "military", Posthumous = true, OncePerPerson = true,
        },
    ];

    /// <summary>The nominee categories.</summary>
    public static IReadOnlyList<NomineeCategory> Categories { get; } =
    [
        new("military", "Військовослужбовці", "Military", DefenceAndRescue: true),
        new("volunteer", "Волонтери", "Volunteers", DefenceAndRescue: true),
        new("police", "Поліція", "Police", DefenceAndRescue: true),
        new("critical-infrastructure", "Працівники критичної інфраструктури", "Critical infrastructure", DefenceAndRescue: true),
        new("emergency-service", "ДСНС", "State Emergency Service", DefenceAndRescue: true),
        new("medicine", "Медицина", "Medicine"),
        new("education", "Освіта", "Education"),
        new("culture", "Культура", "Culture"),
        new("sport", "Спорт", "Sport"),
        new("business", "Підприємництво", "Business"),
        new("community", "Громадська діяльність", "Community"),
        new("other", "Інше", "Other"),
    ];
}
