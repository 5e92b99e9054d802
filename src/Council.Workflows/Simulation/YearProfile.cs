using Ardalis.GuardClauses;

namespace Council.Workflows.Simulation;

/// <summary>
/// The sizes a simulated year is built to: by default one city's 2023 (the Zhytomyr council secretary's report): 1,925
/// appeals; 31 commission meetings; 145 petitions naming 561 people; 301 awarded, 81 % of them military, volunteers,
/// police, critical-infrastructure workers or State Emergency Service staff.
/// </summary>
internal sealed record YearProfile
{
    /// <summary>The year simulated. The default value is 2023.</summary>
    public int Year { get; init; } = 2023;

    /// <summary>Appeals received. The default value is 1,925.</summary>
    public int Appeals { get; init; } = 1925;

    /// <summary>Commission meetings held. The default value is 31.</summary>
    public int Meetings { get; init; } = 31;

    /// <summary>Petitions considered. The default value is 145.</summary>
    public int Petitions { get; init; } = 145;

    /// <summary>People nominated in them. The default value is 561.</summary>
    public int Nominees { get; init; } = 561;

    /// <summary>Nominees awarded. The default value is 301.</summary>
    public int Awarded { get; init; } = 301;

    /// <summary>The share of the awarded in the defence-and-rescue categories. The default value is 0.81.</summary>
    public double DefenceAndRescueShare { get; init; } = 0.81;

    /// <summary>The seed of the random choices: the same seed builds the same year. The default value is 2023.</summary>
    public int Seed { get; init; } = 2023;

    /// <summary>One city's 2023.</summary>
    public static YearProfile Zhytomyr2023 { get; } = new();

    /// <summary>This profile with every count multiplied by <paramref name="factor"/> (at least one meeting and petition).</summary>
    public YearProfile Scaled(double factor)
    {
        Guard.Against.NegativeOrZero(factor);
        var petitions = Math.Max(1, (int)Math.Round(Petitions * factor));
        var nominees = Math.Max(petitions, (int)Math.Round(Nominees * factor));
        return this with
        {
            Appeals = (int)Math.Round(Appeals * factor),
            Meetings = Math.Clamp((int)Math.Round(Meetings * factor), 1, petitions),
            Petitions = petitions,
            Nominees = nominees,
            Awarded = Math.Min(nominees, (int)Math.Round(Awarded * factor)),
        };
    }

    internal void Validate()
    {
        Guard.Against.OutOfRange(Year, nameof(Year), 2000, 2999);
        Guard.Against.Negative(Appeals, nameof(Appeals));
        Guard.Against.NegativeOrZero(Meetings, nameof(Meetings));
        Guard.Against.NegativeOrZero(Petitions, nameof(Petitions));
        if (Nominees < Petitions || Awarded > Nominees || Meetings > Petitions || Meetings > 150)
        {
            throw new ArgumentException("A profile needs at least one nominee per petition, no more awarded than nominated, at most one meeting per petition and at most 150 meetings.");
        }

        Guard.Against.OutOfRange(DefenceAndRescueShare, nameof(DefenceAndRescueShare), 0, 1);
    }
}

/// <summary>How far a simulation has got.</summary>
/// <param name="Date">The simulated day just finished.</param>
/// <param name="Commands">Commands issued so far.</param>
/// <param name="TimersFired">Timers the worker fired so far.</param>
internal sealed record SimulationProgress(LocalDate Date, int Commands, int TimersFired);

/// <summary>What a simulation did.</summary>
/// <param name="Commands">Commands issued.</param>
/// <param name="Refused">Of them, refused (a simulated official trying what the rules forbid; expected to be none).</param>
/// <param name="TimersFired">Timers the worker fired over the year.</param>
internal sealed record SimulationResult(int Commands, int Refused, int TimersFired)
{
    /// <summary>The first few refusals, for a person to read (a correct simulation has none).</summary>
    public IReadOnlyList<string> RefusalSamples { get; init; } = [];
}
