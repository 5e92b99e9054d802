using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Council.Workflows.Reporting;
using Council.Workflows.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Council.Workflows.Tests.Simulation;

public class YearSimulationTest
{
    private static async Task<(SimulationResult Result, YearReport Report)> SimulateAsync(YearProfile profile)
    {
        await using var services = new ServiceCollection().AddCouncilWorkflows().BuildServiceProvider();
        var awards = services.GetRequiredService<IOptions<CouncilWorkflowsOptions>>().Value.Awards;
        var simulation = new YearSimulation(
            services.GetRequiredService<WorkflowEngine>(), services.GetRequiredService<DeadlineCalculator>(), services.GetRequiredService<AwardsCoordinator>(), awards);

        var result = await simulation.RunAsync(profile);

        var report = await new YearReportBuilder(
            services.GetRequiredService<ICaseStore>(), services.GetRequiredService<WorkflowRegistry>(), services.GetRequiredService<DeadlineCalculator>(), awards)
            .BuildAsync(profile.Year);
        return (result, report);
    }

    [Fact]
    public async Task Run_ScaledProfile_ProducesTheProfilesNumbersThroughRealCommands()
    {
        var profile = YearProfile.Zhytomyr2023.Scaled(0.2);

        var (result, report) = await SimulateAsync(profile);

        result.Refused.Should().Be(0, string.Join("; ", result.RefusalSamples));
        result.TimersFired.Should().BeGreaterThan(0);
        report.Appeals.Received.Should().Be(profile.Appeals);
        report.Awards.Meetings.Should().Be(profile.Meetings);
        report.Awards.PetitionsConsidered.Should().Be(profile.Petitions);
        report.Awards.Nominees.Should().Be(profile.Nominees);
        report.Awards.Awarded.Should().Be(profile.Awarded);
        report.Awards.DefenceAndRescueShare.Should().BeApproximately(profile.DefenceAndRescueShare, 0.01);
    }

    [Fact]
    public async Task Run_SameSeed_BuildsTheSameYear()
    {
        var profile = YearProfile.Zhytomyr2023.Scaled(0.05);

        var first = await SimulateAsync(profile);
        var second = await SimulateAsync(profile);

        second.Report.Should().BeEquivalentTo(first.Report);
    }

    [Fact]
    public async Task Run_Appeals_AreMostlyAnsweredOnTimeWithSomeLateAndSomeExtended()
    {
        var (_, report) = await SimulateAsync(YearProfile.Zhytomyr2023.Scaled(0.2));

        report.Appeals.OnTimeShare.Should().BeInRange(0.9, 0.99);
        report.Appeals.AnsweredLate.Should().BeGreaterThan(0);
        report.Appeals.Extended.Should().BeGreaterThan(0);
        report.Appeals.Forwarded.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Scaled_ByAFactor_KeepsTheProfileConsistent()
    {
        var scaled = YearProfile.Zhytomyr2023.Scaled(0.01);

        scaled.Petitions.Should().BeGreaterThanOrEqualTo(scaled.Meetings);
        scaled.Nominees.Should().BeGreaterThanOrEqualTo(scaled.Petitions);
        scaled.Awarded.Should().BeLessThanOrEqualTo(scaled.Nominees);
    }
}
