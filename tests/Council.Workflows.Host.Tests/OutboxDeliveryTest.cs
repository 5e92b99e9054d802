using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Council.Workflows.Engine;
using Council.Workflows.Host.Cli;
using Council.Workflows.Host.Worker;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Polly.Timeout;

namespace Council.Workflows.Host.Tests;

// Delivery of the outbox from the command line, against a real HTTP receiver on the loopback address.
public sealed class OutboxDeliveryTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-outbox-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    // A simulation database with an appeal registered on 31 January: its two reminders are swept on 28 February and left
    // pending (--outbox none), and a sweep on 1 March adds the escalation (three messages).
    private async Task WithOverdueAppealAsync()
    {
        (await Council("init", "--simulation")).ExitCode.Should().Be(0);
        var run = await Council("appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро Іванович", "--address", "м. Житомир",
            "--subject", "Ремонт дороги", "--at", "2023-01-31T10:00", "--as", "Петренко Олена", "--role", "clerk", "--json");
        run.ExitCode.Should().Be(0, run.Err);
        var reminders = await Council("run", "--once", "--at", "2023-02-28T12:00", "--outbox", "none", "--json");
        reminders.ExitCode.Should().Be(0, reminders.Err);
    }

    private long Pending()
    {
        using var connection = new SqliteConnection($"Data Source={Db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM outbox WHERE delivered_at IS NULL";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task RunOnce_WebhookUrlOnTheCommandLine_PostsEachMessageWithItsIdempotencyKey()
    {
        await WithOverdueAppealAsync();
        using var receiver = new LoopbackReceiver();

        var run = await Council("run", "--once", "--at", "2023-03-01", "--outbox", "webhook", "--webhook", receiver.Url().ToString(), "--json");

        run.ExitCode.Should().Be(0, run.Err);
        run.Json.GetProperty("delivered").GetInt32().Should().Be(3);
        var requests = receiver.Requests;
        requests.Should().HaveCount(3).And.OnlyContain(r => r.Method == "POST" && r.Path == "/hook");
        foreach (var request in requests)
        {
            var message = JsonDocument.Parse(request.Body).RootElement;
            request.IdempotencyKey.Should().Be(message.GetProperty("id").GetString());
        }

        requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("kind").GetString()).Should().Equal("reminder", "reminder", "escalation");
        Pending().Should().Be(0);
    }

    [Theory]
    [InlineData(HttpStatusCode.Found)]
    [InlineData(HttpStatusCode.TemporaryRedirect)]
    public async Task RunOnce_WebhookAnswersARedirect_NothingIsDeliveredOrPostedElsewhere(HttpStatusCode redirect)
    {
        await WithOverdueAppealAsync();
        using var elsewhere = new LoopbackReceiver();
        using var receiver = new LoopbackReceiver(redirect, _ => elsewhere.Url("other").ToString());

        var run = await Council("run", "--once", "--at", "2023-03-01", "--outbox", "webhook", "--webhook", receiver.Url().ToString(), "--json");

        run.Json.GetProperty("delivered").GetInt32().Should().Be(0);
        receiver.Requests.Should().HaveCount(3).And.OnlyContain(r => r.Method == "POST");
        elsewhere.Requests.Should().BeEmpty();
        Pending().Should().Be(3);
        var recorded = (await Council("outbox", "list", "--json")).Json.EnumerateArray().Select(e => e.GetProperty("lastError").GetString()).ToList();
        recorded.Should().HaveCount(3).And.OnlyContain(e => e!.Contains($"answered {(int)redirect}") && e.Contains(elsewhere.Url("other").ToString()));
    }

    [Fact]
    public async Task Webhook_Redirect_ThrowsNamingTheStatusAndTheLocation()
    {
        using var receiver = new LoopbackReceiver(HttpStatusCode.Found, _ => "http://127.0.0.1:9/elsewhere");
        var services = new ServiceCollection();
        RunCommand.AddWorker(services, "webhook", "outbox.jsonl", receiver.Url());
        await using var provider = services.AddLogging().BuildServiceProvider();
        var sink = provider.GetRequiredService<IOutboxSink>();

        var act = () => sink.DeliverAsync(new OutboxMessage(Guid.NewGuid(), CaseId.New(), "reminder", "x", "s", "b", Instant.FromUtc(2023, 3, 1, 0, 0)), CancellationToken.None);

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.Message.Should().Contain("302").And.Contain("http://127.0.0.1:9/elsewhere");
    }

    private static ServiceProvider WebhookServices(Uri url, Action<OutboxDeliveryOptions> configure)
    {
        var services = new ServiceCollection();
        RunCommand.AddWorker(services, "webhook", "outbox.jsonl", url, configure);
        return services.AddLogging().BuildServiceProvider();
    }

    private static OutboxMessage Message() => new(Guid.NewGuid(), CaseId.New(), "reminder", "Бондар Сергій", "Строк спливає", "Текст", Instant.FromUtc(2023, 3, 1, 0, 0));

    [Fact]
    public async Task Webhook_ReceiverSlowerThanTheTimeout_FailsAfterTheConfiguredAttempts()
    {
        using var receiver = new LoopbackReceiver { Delay = TimeSpan.FromSeconds(20) };
        await using var services = WebhookServices(receiver.Url(), o =>
        {
            o.Timeout = TimeSpan.FromSeconds(1); // long enough for a loaded machine to reach the receiver each time; far below its 20 s delay
            o.AttemptsPerSweep = 3;
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
        });
        var sink = services.GetRequiredService<IOutboxSink>();
        var waited = Stopwatch.StartNew();

        var act = () => sink.DeliverAsync(Message(), CancellationToken.None);

        await act.Should().ThrowAsync<TimeoutRejectedException>();
        waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
        receiver.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task Webhook_ReceiverUnavailableTwice_IsDeliveredOnTheThirdTryWithTheSameKey()
    {
        using var receiver = new LoopbackReceiver();
        receiver.Script.Enqueue(HttpStatusCode.ServiceUnavailable);
        receiver.Script.Enqueue(HttpStatusCode.ServiceUnavailable);
        await using var services = WebhookServices(receiver.Url(), o => o.RetryDelay = TimeSpan.FromMilliseconds(10));
        var message = Message();

        await services.GetRequiredService<IOutboxSink>().DeliverAsync(message, CancellationToken.None);

        receiver.Requests.Should().HaveCount(3).And.OnlyContain(r => r.IdempotencyKey == message.Id.ToString());
    }

    [Fact]
    public void Validate_ZeroTimeoutAndNoAttempts_NamesBoth()
    {
        var options = new OutboxDeliveryOptions { Timeout = TimeSpan.Zero, AttemptsPerSweep = 0 };

        var result = new OutboxDeliveryOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.Failures.Should().HaveCount(2).And.Contain(f => f.Contains("Timeout")).And.Contain(f => f.Contains("AttemptsPerSweep"));
    }

    [Fact]
    public async Task Run_WebhookTimeoutZero_IsOneLineWithExitCode2()
    {
        var run = await Council("run", "--once", "--outbox", "webhook", "--webhook", "http://127.0.0.1:9/hook", "--webhook-timeout", "0");

        run.ShouldFailWithOneLine("--webhook-timeout must be from 1 to 600 seconds");
        run.ExitCode.Should().Be(2);
        File.Exists(Db).Should().BeFalse();
    }

    // Every message of the overdue appeal set aside at once: the JSON-lines file is in a folder that does not exist.
    private async Task<CliRun> SetAsideByAFailingSinkAsync()
    {
        await WithOverdueAppealAsync();
        return await Council("run", "--once", "--at", "2023-03-01", "--outbox", "jsonl", "--outbox-file", Path.Combine(_directory, "no-such-dir", "out.jsonl"), "--max-attempts", "1", "--json");
    }

    [Fact]
    public async Task OutboxListAndRetry_MessagesSetAsideByAFailingSink_AreListedWithTheErrorAndPutBack()
    {
        var run = await SetAsideByAFailingSinkAsync();

        var failed = await Council("outbox", "list", "--failed", "--json");
        var failedText = await Council("outbox", "list", "--failed");
        var pendingBefore = await Council("outbox", "list", "--json");
        var retry = await Council("outbox", "retry", "--all", "--json");
        var pendingAfter = await Council("outbox", "list", "--json");

        run.Json.GetProperty("setAside").GetInt32().Should().Be(3);
        var entries = failed.Json.EnumerateArray().ToList();
        entries.Should().HaveCount(3).And.OnlyContain(e => e.GetProperty("attempts").GetInt32() == 1 && e.GetProperty("failed").GetBoolean());
        entries.Should().OnlyContain(e => e.GetProperty("lastError").GetString()!.Contains("no-such-dir"));
        entries.Select(e => e.GetProperty("kind").GetString()).Should().Equal("reminder", "reminder", "escalation");
        failedText.Out.Should().StartWith("3 outbox messages set aside as failed:").And.Contain("last error: ").And.Contain("(1 failed attempt)");
        pendingBefore.Json.GetArrayLength().Should().Be(0);
        retry.Json.GetProperty("retried").GetInt32().Should().Be(3);
        pendingAfter.Json.EnumerateArray().Should().HaveCount(3)
            .And.OnlyContain(e => e.GetProperty("attempts").GetInt32() == 0 && e.GetProperty("lastError").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task OutboxRetry_AnIdNotSetAside_IsOneLineAndChangesNothing()
    {
        await SetAsideByAFailingSinkAsync();
        var setAside = (await Council("outbox", "list", "--failed", "--json")).Json[0].GetProperty("id").GetString()!;
        var unknown = Guid.NewGuid().ToString();

        var run = await Council("outbox", "retry", setAside, unknown);

        run.ShouldFailWithOneLine($"not set aside as failed: {unknown}");
        run.ExitCode.Should().Be(2);
        (await Council("outbox", "list", "--failed", "--json")).Json.GetArrayLength().Should().Be(3);
    }

    [Theory]
    [InlineData("give the ids of the messages to retry, or --all")]
    [InlineData("give message ids or --all, not both", "--all", "0190a3b2-0000-7000-8000-000000000001")]
    [InlineData("is not a message id", "П-1")]
    public async Task OutboxRetry_BadArguments_AreOneLineWithExitCode2(string fragment, params string[] args)
    {
        await WithOverdueAppealAsync();

        var run = await Council(["outbox", "retry", .. args]);

        run.ShouldFailWithOneLine(fragment);
        run.ExitCode.Should().Be(2);
    }

    [Fact]
    public async Task RunOnce_JsonLinesFileInAMissingFolder_ExitsWith1AndTheReasonInOneLine()
    {
        await WithOverdueAppealAsync();
        var missing = Path.Combine(_directory, "no-such-dir", "out.jsonl");

        var run = await Council("run", "--once", "--at", "2023-03-01", "--outbox", "jsonl", "--outbox-file", missing);

        run.ShouldFailWithOneLine("3 outbox messages were not delivered, they stay pending for the next sweep");
        run.ExitCode.Should().Be(1);
        run.Err.Should().Contain(missing);
        run.Out.Should().Contain("0 outbox messages delivered, 3 not delivered (0 set aside as failed)");
        Pending().Should().Be(3);
    }

    [Fact]
    public async Task RunOnce_FailingSinkWithJson_PrintsOneJsonObjectWithTheCountsAndExitsWith1()
    {
        await WithOverdueAppealAsync();
        var missing = Path.Combine(_directory, "no-such-dir", "out.jsonl");

        var run = await Council("run", "--once", "--at", "2023-03-01", "--outbox", "jsonl", "--outbox-file", missing, "--json");

        run.ExitCode.Should().Be(1);
        run.ShouldFailWithOneLine("not delivered");
        var json = run.Json;
        (json.GetProperty("fired").GetInt32(), json.GetProperty("delivered").GetInt32(), json.GetProperty("deliveryFailed").GetInt32(), json.GetProperty("setAside").GetInt32())
            .Should().Be((1, 0, 3, 0), "the escalation fired now; the two reminders fired at the earlier sweep");
        json.GetProperty("deliveryError").GetString().Should().Contain(missing);
    }

    [Fact]
    public async Task RunOnce_FailingSinkWithJsonInARealProcess_StdoutIsOneJsonObjectAndStderrOneLine()
    {
        await WithOverdueAppealAsync();
        SqliteConnection.ClearAllPools();

        var (exitCode, stdout, stderr) = await CouncilProcess.RunAsync(
            "run", "--once", "--at", "2023-03-01", "--outbox", "jsonl", "--outbox-file", Path.Combine(_directory, "no-such-dir", "out.jsonl"), "--json", "--db", Db);

        exitCode.Should().Be(1);
        JsonDocument.Parse(stdout).RootElement.GetProperty("deliveryFailed").GetInt32().Should().Be(3);
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle().Which.Should().StartWith("council: 3 outbox messages were not delivered");
    }

    [Theory]
    [InlineData("example.org/hook")]
    [InlineData("ftp://example.org/hook")]
    [InlineData("/tmp/hook")]
    public async Task Run_WebhookNotAnHttpUrl_IsOneLineWithExitCode2(string url)
    {
        var run = await Council("run", "--once", "--outbox", "webhook", "--webhook", url);

        run.ShouldFailWithOneLine("is not a web address");
        run.ExitCode.Should().Be(2);
    }
}
