using System.Diagnostics;
using Council.Workflows.Deadlines;
using Microsoft.Extensions.DependencyInjection;
using WorkflowCore.Interface;
using WorkflowCore.Models;

namespace Council.Workflows.Benchmarks;

// The same appeal lifecycle on Workflow Core 3.22.0 with its in-memory persistence and its default options: a workflow
// that registers (computing the due date with the same calculator), then waits for the events assign, [extend,]
// answer and close of its case, published by 8 submitters. Timed from the first start to the last completed workflow.
internal static class WorkflowCoreRun
{
    public static async Task<TimeSpan> RunAsync(int lifecycles)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWorkflow();
        await using var provider = services.BuildServiceProvider();
        var done = new CountdownEvent(lifecycles);
        provider.GetRequiredService<IWorkflowRegistry>().RegisterWorkflow(new AppealFlow(done));
        var host = provider.GetRequiredService<IWorkflowHost>();
        await host.StartAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var watch = Stopwatch.StartNew();
            await Durable.Lanes(lifecycles, async i =>
            {
                var key = Guid.NewGuid().ToString("N");
                await host.StartWorkflow(AppealFlow.Name, 1, new AppealData { CaseId = key, Applicant = Lifecycle.Applicant(i), Extend = Lifecycle.Extended(i) }).ConfigureAwait(false);
                await host.PublishEvent("assign", key, "Бондар Сергій").ConfigureAwait(false);
                if (Lifecycle.Extended(i))
                {
                    await host.PublishEvent("extend", key, "2023-03-10").ConfigureAwait(false);
                }

                await host.PublishEvent("answer", key, "satisfied").ConfigureAwait(false);
                await host.PublishEvent("close", key, "resolved").ConfigureAwait(false);
            }).ConfigureAwait(false);
            if (!done.Wait(TimeSpan.FromMinutes(10)))
            {
                throw new TimeoutException($"Workflow Core completed {lifecycles - done.CurrentCount} of {lifecycles} lifecycles in 10 minutes.");
            }

            return watch.Elapsed;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public sealed class AppealData
    {
        public string CaseId { get; set; } = "";

        public string Applicant { get; set; } = "";

        public bool Extend { get; set; }

        public string State { get; set; } = "";

        public string? DueOn { get; set; }

        public string? Executor { get; set; }

        public string? Outcome { get; set; }
    }

    private sealed class AppealFlow(CountdownEvent done) : IWorkflow<AppealData>
    {
        public const string Name = "appeal";

        public string Id => Name;

        public int Version => 1;

        public void Build(IWorkflowBuilder<AppealData> builder) => builder
            .StartWith(context =>
            {
                var data = (AppealData)context.Workflow.Data;
                data.State = "registered";
                data.DueOn = DeadlineCalculator.Default.Compute(new LocalDate(2023, 1, 31), StatutoryTerms.AppealStandard).DueOn.ToString("uuuu-MM-dd", null);
                return ExecutionResult.Next();
            })
            .WaitFor("assign", (data, context) => data.CaseId)
                .Output(data => data.Executor, step => (string)step.EventData)
            .Then(context => Step(context, "under-consideration"))
            .If(data => data.Extend).Do(then => then
                .StartWith(context => ExecutionResult.Next())
                .WaitFor("extend", (data, context) => data.CaseId)
                    .Output(data => data.DueOn, step => (string)step.EventData))
            .WaitFor("answer", (data, context) => data.CaseId)
                .Output(data => data.Outcome, step => (string)step.EventData)
            .Then(context => Step(context, "answered"))
            .WaitFor("close", (data, context) => data.CaseId)
            .Then(context =>
            {
                Step(context, "closed");
                done.Signal();
                return ExecutionResult.Next();
            });

        private static ExecutionResult Step(IStepExecutionContext context, string state)
        {
            ((AppealData)context.Workflow.Data).State = state;
            return ExecutionResult.Next();
        }
    }
}
