using System.Diagnostics.Metrics;
using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Tests.Appeals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Council.Workflows.Tests.Engine;

// What the engine tells an operator: a refusal's rules at debug, a conflict at warning; and the command counter by workflow.
public sealed class EngineTelemetryTest
{
    [Fact]
    public async Task RefusedCommand_IsLoggedAtDebugWithItsRules()
    {
        var f = new AppealFixture();
        var logger = new FakeLogger<WorkflowEngine>();
        var engine = new WorkflowEngine(f.Store, f.Engine.Workflows, f.Clock, logger: logger);
        var appeal = await f.RegisterAsync();

        var refused = await engine.ExecuteAsync(f.Close(appeal.Id));

        refused.Status.Should().Be(CommandStatus.Refused);
        var record = logger.Collector.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 20).Subject;
        record.Level.Should().Be(LogLevel.Debug);
        record.Message.Should().Contain(nameof(TakeAppealOffControl)).And.Contain(appeal.Id.ToString()).And.Contain("registered");
    }

    [Fact]
    public async Task ConflictingCommand_IsLoggedAtWarning()
    {
        var f = new AppealFixture();
        var logger = new FakeLogger<WorkflowEngine>();
        var engine = new WorkflowEngine(f.Store, f.Engine.Workflows, f.Clock, logger: logger);
        var appeal = await f.RegisterAsync();

        var conflict = await engine.ExecuteAsync(f.Assign(appeal.Id) with { ExpectedVersion = 7 });

        conflict.Status.Should().Be(CommandStatus.Conflict);
        var record = logger.Collector.GetSnapshot().Should().ContainSingle(r => r.Id.Id == 21).Subject;
        record.Level.Should().Be(LogLevel.Warning);
        record.Message.Should().Contain("version 1, not 7");
    }

    [Fact]
    public async Task Commands_AreCountedByWorkflowKindCommandAndStatus()
    {
        var f = new AppealFixture();
        var counted = new List<(string? Workflow, string? Command, string? Status)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CouncilTelemetry.Name && instrument.Name == "council.commands")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var byName = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                byName[tag.Key] = tag.Value as string;
            }

            lock (counted)
            {
                counted.Add((byName.GetValueOrDefault("workflow"), byName.GetValueOrDefault("command"), byName.GetValueOrDefault("status")));
            }
        });
        listener.Start();

        var appeal = await f.RegisterAsync();
        await f.ExecuteAsync(f.Close(appeal.Id));

        lock (counted)
        {
            counted.Should().Contain(("appeal", nameof(RegisterAppeal), "accepted")).And.Contain(("appeal", nameof(TakeAppealOffControl), "refused"));
        }
    }
}
