using Ardalis.GuardClauses;
using Council.Workflows.Appeals;
using Council.Workflows.Awards;
using Council.Workflows.Deadlines;
using Council.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Council.Workflows;

/// <summary>Registers Council.Workflows in a service collection.</summary>
public static class CouncilWorkflowsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the deadline calculus, the workflow engine with the appeal, petition and meeting workflows, and an in-memory store unless another
    /// <see cref="ICaseStore"/> is registered, with options validated at start. Safe to call twice: services are added once,
    /// and every <paramref name="configure"/> given is applied in order.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the default options, or <see langword="null"/> for the current law's defaults.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddCouncilWorkflows(this IServiceCollection services, Action<CouncilWorkflowsOptions>? configure = null)
    {
        Guard.Against.Null(services);
        var options = services.AddOptions<CouncilWorkflowsOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CouncilWorkflowsOptions>, CouncilWorkflowsOptionsValidator>());
        services.TryAddSingleton<IWorkingCalendar>(sp => new UkrainianWorkingCalendar(sp.GetRequiredService<IOptions<CouncilWorkflowsOptions>>().Value.Calendar));
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CouncilWorkflowsOptions>>().Value;
            return new DeadlineCalculator(
                sp.GetRequiredService<IWorkingCalendar>(),
                DateTimeZoneProviders.Tzdb[o.TimeZoneId],
                o.CountingPolicy,
                new StatutoryTermCatalog(o.Terms));
        });
        // The clock: an IClock registered before wins; otherwise the registered TimeProvider, else the system's.
        services.TryAddSingleton<IClock>(sp => new TimeProviderClock(sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<ICaseStore, InMemoryCaseStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkflow, AppealWorkflow>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CouncilWorkflowsOptions>>().Value;
            var classifier = string.IsNullOrWhiteSpace(o.Appeals.ClassifierFile) ? null : Appeals.Classifier.AppealClassifier.Load(o.Appeals.ClassifierFile);
            return new AppealWorkflow(sp.GetRequiredService<DeadlineCalculator>(), o.Appeals, o.DefaultCouncil, classifier);
        }));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkflow, PetitionWorkflow>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CouncilWorkflowsOptions>>().Value;
            return new PetitionWorkflow(sp.GetRequiredService<DeadlineCalculator>(), o.Awards, o.DefaultCouncil);
        }));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWorkflow, MeetingWorkflow>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CouncilWorkflowsOptions>>().Value;
            return new MeetingWorkflow(sp.GetRequiredService<DeadlineCalculator>(), o.Awards, o.DefaultCouncil);
        }));
        services.TryAddSingleton(sp => new WorkflowRegistry(sp.GetServices<IWorkflow>()));
        services.TryAddSingleton<AwardsCoordinator>();
        services.TryAddSingleton(sp => new Reporting.YearReportBuilder(
            sp.GetRequiredService<ICaseStore>(), sp.GetRequiredService<WorkflowRegistry>(), sp.GetRequiredService<DeadlineCalculator>(),
            sp.GetRequiredService<IOptions<CouncilWorkflowsOptions>>().Value.Awards));
        services.TryAddSingleton(sp => new Reporting.StatutoryReportBuilder(
            sp.GetRequiredService<ICaseStore>(), sp.GetRequiredService<WorkflowRegistry>(), sp.GetRequiredService<DeadlineCalculator>(),
            (sp.GetRequiredService<WorkflowRegistry>().ByKind(Appeal.CaseKind) as AppealWorkflow)?.Classifier));
        services.TryAddSingleton(sp => new Reporting.DisciplineReportBuilder(
            sp.GetRequiredService<ICaseStore>(), sp.GetRequiredService<WorkflowRegistry>(), sp.GetRequiredService<DeadlineCalculator>(),
            sp.GetRequiredService<IOptions<CouncilWorkflowsOptions>>().Value.Appeals.Departments));
        services.TryAddSingleton(sp => new WorkflowEngine(
            sp.GetRequiredService<ICaseStore>(), sp.GetRequiredService<WorkflowRegistry>(), sp.GetRequiredService<IClock>(),
            ActsIn(sp.GetRequiredService<IOptions<CouncilWorkflowsOptions>>().Value), sp.GetService<ILogger<WorkflowEngine>>(),
            sp.GetRequiredService<IOptions<CouncilWorkflowsOptions>>().Value.Engine));
        services.TryAddSingleton<AppealQueries>();
        return services;
    }

    // The dating rules, their refusals written in the council's zone unless the settings name another.
    private static ActDatingOptions ActsIn(CouncilWorkflowsOptions options) =>
        new() { ClockTolerance = options.Acts.ClockTolerance, MaxDaysBack = options.Acts.MaxDaysBack, TimeZoneId = options.Acts.TimeZoneId ?? options.TimeZoneId };
}
