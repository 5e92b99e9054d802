using System.Net;
using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Host.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NodaTime;
using NodaTime.Testing;

namespace Council.Workflows.Host.Tests;

public class DeadlineWorkerTest
{
    private static readonly Instant Registered = Instant.FromUtc(2023, 1, 31, 8, 0);

    private static async Task<(ServiceProvider Services, CaseId Id)> WithAppealAsync()
    {
        var services = new ServiceCollection().AddCouncilWorkflows().BuildServiceProvider();
        var id = CaseId.New();
        await services.GetRequiredService<WorkflowEngine>().ExecuteAsync(new RegisterAppeal
        {
            CommandId = Guid.NewGuid(), CaseId = id, Actor = new Official("Петренко Олена", OfficialRole.Clerk), At = Registered,
            Kind = AppealKind.Application, Applicants = [new Applicant("Коваленко Петро", "м. Житомир")], Subject = "Дорога",
        });
        return (services, id);
    }

    private static DeadlineWorker Worker(ServiceProvider services, IClock clock, CollectingSink sink) => new(
        new TimerSweeper(services.GetRequiredService<WorkflowEngine>()),
        new OutboxDispatcher(services.GetRequiredService<ICaseStore>(), sink),
        clock,
        new WorkerOptions { Interval = TimeSpan.FromMilliseconds(20) },
        NullLogger<DeadlineWorker>.Instance,
        TimeProvider.System);

    [Fact]
    public async Task Tick_AfterTheDeadline_FiresTheTimersAndDeliversTheOutbox()
    {
        var (services, id) = await WithAppealAsync();
        await using var _ = services;
        var sink = new CollectingSink();
        var worker = Worker(services, new FakeClock(Instant.FromUtc(2023, 3, 1, 0, 0)), sink);

        var (sweep, delivered) = await worker.TickAsync(CancellationToken.None);

        sweep.Fired.Should().Be(1);
        sweep.Ignored.Should().Be(2, "reminders of a deadline already lapsed are not sent");
        delivered.Delivered.Should().Be(1);
        sink.Messages.Select(m => m.Kind).Should().Equal("escalation");
        (await services.GetRequiredService<ICaseStore>().TimersOfAsync(id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Tick_BeforeAnythingIsDue_DoesNothing()
    {
        var (services, _) = await WithAppealAsync();
        await using var __ = services;
        var sink = new CollectingSink();

        var (sweep, delivered) = await Worker(services, new FakeClock(Registered), sink).TickAsync(CancellationToken.None);

        sweep.Total.Should().Be(0);
        delivered.Should().Be(new OutboxReport(0, 0, 0, null));
    }

    [Fact]
    public async Task Host_StartedAndStopped_StopsCleanlyAfterItsWork()
    {
        var (services, _) = await WithAppealAsync();
        await using var __ = services;
        var sink = new CollectingSink();
        using var worker = Worker(services, new FakeClock(Instant.FromUtc(2023, 2, 28, 12, 0)), sink);

        await worker.StartAsync(CancellationToken.None);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (sink.Messages.Count < 2 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        await worker.StopAsync(CancellationToken.None);

        sink.Messages.Should().HaveCount(2);
        worker.ExecuteTask!.IsCompleted.Should().BeTrue();
    }

    [Fact]
    public async Task Webhook_Delivery_PostsTheMessageWithItsIdAsIdempotencyKey()
    {
        var handler = new RecordingHandler();
        var sink = new WebhookOutboxSink(new HttpClient(handler), new Uri("http://127.0.0.1:9/hook"));
        var message = new OutboxMessage(Guid.NewGuid(), CaseId.New(), "escalation", "head", "Порушено строк", "Текст", Registered);

        await sink.DeliverAsync(message, CancellationToken.None);

        handler.Request!.Headers.GetValues("Idempotency-Key").Should().Equal(message.Id.ToString());
        handler.Body.Should().Contain("\"kind\":\"escalation\"").And.Contain("Порушено строк");
    }

    [Fact]
    public async Task Webhook_ReceiverError_Throws()
    {
        var sink = new WebhookOutboxSink(new HttpClient(new RecordingHandler(HttpStatusCode.InternalServerError)), new Uri("http://127.0.0.1:9/hook"));

        var act = () => sink.DeliverAsync(new OutboxMessage(Guid.NewGuid(), CaseId.New(), "reminder", "x", "s", "b", Registered), CancellationToken.None);

        await act.Should().ThrowAsync<HttpRequestException>();
    }

    private sealed class CollectingSink : IOutboxSink
    {
        public List<OutboxMessage> Messages { get; } = [];

        public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            lock (Messages)
            {
                Messages.Add(message);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class RecordingHandler(HttpStatusCode status = HttpStatusCode.OK) : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        public string Body { get; private set; } = "";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            Body = await request.Content!.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(status);
        }
    }
}
