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

        act.Should().Throw<OptionsValidationException>().WithMessage("*Unknown time-zone id 'Europe/Kiev-ish'*Europe/Kyiv*");
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
}
