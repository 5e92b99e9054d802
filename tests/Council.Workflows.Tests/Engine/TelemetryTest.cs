using System.Diagnostics.Metrics;
using Council.Workflows.Engine;
using Council.Workflows.Tests.Appeals;

namespace Council.Workflows.Tests.Engine;

public class TelemetryTest
{
    [Fact]
    public async Task Execute_Command_IsCountedOnTheCouncilWorkflowsMeter()
    {
        var f = new AppealFixture();
        var seen = new List<(long Value, string? Status)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CouncilTelemetry.Name && instrument.Name == "council.commands")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "status")
                {
                    lock (seen)
                    {
                        seen.Add((value, tag.Value as string));
                    }
                }
            }
        });
        listener.Start();
        var command = f.Registration();

        await f.ExecuteAsync(command);

        lock (seen)
        {
            seen.Should().Contain((1, "accepted"));
        }
    }
}
