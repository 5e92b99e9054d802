using Council.Workflows.Deadlines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Council.Workflows.Tests.Composition;

public class AddCouncilWorkflowsTest
{
    [Fact]
    public void AddCouncilWorkflows_Defaults_ResolvesTheCurrentLawsCalculator()
    {
        using var provider = new ServiceCollection().AddCouncilWorkflows().BuildServiceProvider();

        var calculator = provider.GetRequiredService<DeadlineCalculator>();

        calculator.Zone.Id.Should().Be("Europe/Kyiv");
        calculator.Compute(new LocalDate(2023, 1, 31), "appeal.standard").DueOn.Should().Be(new LocalDate(2023, 2, 28));
    }

    [Fact]
    public void AddCouncilWorkflows_CalledTwice_RegistersOnceAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection()
            .AddCouncilWorkflows(o => o.Calendar.MartialLaw = MartialLawMode.Off)
            .AddCouncilWorkflows(o => o.CountingPolicy = new CountingPolicy(Roll: NonWorkingLastDay.Stay));

        using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(DeadlineCalculator)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<CouncilWorkflowsOptions>)).Should().Be(1);
        var calculator = provider.GetRequiredService<DeadlineCalculator>();
        calculator.DefaultPolicy.Roll.Should().Be(NonWorkingLastDay.Stay);
        calculator.Calendar.IsWorkingDay(new LocalDate(2024, 3, 8)).Should().BeFalse();
    }

    [Fact]
    public void AddCouncilWorkflows_UnknownTimeZone_FailsWithAClearMessage()
    {
        using var provider = new ServiceCollection().AddCouncilWorkflows(o => o.TimeZoneId = "Europe/Kiev-ish").BuildServiceProvider();

        var act = () => provider.GetRequiredService<DeadlineCalculator>();

        act.Should().Throw<OptionsValidationException>().WithMessage("*unknown time-zone id 'Europe/Kiev-ish'*Europe/Kyiv*");
    }

    [Theory]
    [InlineData("bad council!")]
    [InlineData("-zhytomyr")]
    [InlineData("Zhytomyr")]
    [InlineData("житомир")]
    [InlineData("zhytomyr\n")]
    [InlineData("a123456789a123456789a123456789a123456789a123456789a123456789a1234")]
    public void AddCouncilWorkflows_CouncilKeyNotOfTheForm_FailsNamingIt(string council)
    {
        using var provider = new ServiceCollection().AddCouncilWorkflows(o => o.DefaultCouncil = council).BuildServiceProvider();

        var act = () => provider.GetRequiredService<DeadlineCalculator>();

        act.Should().Throw<OptionsValidationException>().Which.Failures.Should().ContainSingle(f => f.StartsWith("DefaultCouncil:", StringComparison.Ordinal) && f.Contains(council, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("zhytomyr")]
    [InlineData("bila-tserkva")]
    [InlineData("ua18040410000077567")]
    [InlineData("kyiv_obl.1")]
    public void AddCouncilWorkflows_CouncilKeyOfTheForm_IsTaken(string council)
    {
        using var provider = new ServiceCollection().AddCouncilWorkflows(o => o.DefaultCouncil = council).BuildServiceProvider();

        provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<CouncilWorkflowsOptions>>().Value.DefaultCouncil.Should().Be(council);
    }

    [Fact]
    public void AddCouncilWorkflows_AwardOncePerPersonThatAllowsRepeats_FailsWithAClearMessage()
    {
        using var provider = new ServiceCollection()
            .AddCouncilWorkflows(o => o.Awards.Types = [.. o.Awards.Types.Select(t => t.Id == "honorary-citizen" ? t with { RepeatAllowed = true } : t)])
            .BuildServiceProvider();

        var act = () => provider.GetRequiredService<DeadlineCalculator>();

        act.Should().Throw<OptionsValidationException>().WithMessage("*'honorary-citizen' cannot be both once per person and allow repeats*");
    }

    [Fact]
    public void AddCouncilWorkflows_DuplicateTermIds_FailsWithAClearMessage()
    {
        using var provider = new ServiceCollection()
            .AddCouncilWorkflows(o => o.Terms.Add(StatutoryTerms.AppealStandard))
            .BuildServiceProvider();

        var act = () => provider.GetRequiredService<DeadlineCalculator>();

        act.Should().Throw<OptionsValidationException>().WithMessage("*appeal.standard*twice*");
    }

    [Fact]
    public void AddCouncilWorkflows_ClockRegisteredBefore_IsTheOneInjected()
    {
        var fake = new NodaTime.Testing.FakeClock(Instant.FromUtc(2023, 1, 31, 8, 0));
        using var provider = new ServiceCollection().AddSingleton<IClock>(fake).AddCouncilWorkflows().BuildServiceProvider();

        var clock = provider.GetRequiredService<IClock>();

        clock.Should().BeSameAs(fake);
    }

    [Fact]
    public void AddCouncilWorkflows_TimeProviderRegistered_DrivesTheClock()
    {
        var time = new FixedTimeProvider(new DateTimeOffset(2023, 1, 31, 8, 0, 0, TimeSpan.Zero));
        using var provider = new ServiceCollection().AddSingleton<TimeProvider>(time).AddCouncilWorkflows().BuildServiceProvider();

        var now = provider.GetRequiredService<IClock>().GetCurrentInstant();

        now.Should().Be(Instant.FromUtc(2023, 1, 31, 8, 0));
    }

    [Fact]
    public async Task AddCouncilWorkflows_Defaults_RunTheAppealWorkflowOnTheInMemoryStore()
    {
        using var provider = new ServiceCollection().AddCouncilWorkflows().BuildServiceProvider();
        var engine = provider.GetRequiredService<Council.Workflows.Engine.WorkflowEngine>();

        var result = await engine.ExecuteAsync(new Council.Workflows.Appeals.RegisterAppeal
        {
            CommandId = Guid.NewGuid(),
            CaseId = Council.Workflows.Engine.CaseId.New(),
            Actor = new Council.Workflows.Engine.Official("Петренко Олена", Council.Workflows.Engine.OfficialRole.Clerk),
            At = Instant.FromUtc(2023, 1, 31, 8, 0),
            Kind = Council.Workflows.Appeals.AppealKind.Proposal,
            Applicants = [new Council.Workflows.Appeals.Applicant("Коваленко Петро", "м. Житомир")],
            Subject = "Облаштувати велодоріжку",
        });

        result.Status.Should().Be(Council.Workflows.Engine.CommandStatus.Accepted);
        provider.GetRequiredService<Council.Workflows.Engine.ICaseStore>().Should().BeOfType<Council.Workflows.Engine.InMemoryCaseStore>();
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
