using System.CommandLine;
using Council.Workflows.Engine;
using Council.Workflows.Host.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council run</c>: the worker that applies deadlines (timers) and delivers the outbox.</summary>
internal static class RunCommand
{
    public static Command Create(CliOutput output)
    {
        var once = new Option<bool>("--once") { Description = "Do one sweep (at --at, default now) and exit: for cron, and for replaying history." };
        var interval = new Option<int>("--interval") { Description = "Seconds between sweeps when running continuously.", DefaultValueFactory = _ => 30, HelpName = "SECONDS" };
        var sink = CliParsing.Choice("--outbox", "Where reminders, escalations and notices go: the log, a JSON-lines file, a webhook, or nowhere (left pending).", "log", "log", "jsonl", "webhook", "none");
        var file = new Option<string>("--outbox-file") { Description = "The JSON-lines file for --outbox jsonl.", DefaultValueFactory = _ => "outbox.jsonl", HelpName = "PATH" };
        var webhook = new Option<Uri?>("--webhook") { Description = "The URL for --outbox webhook; each message is POSTed with an Idempotency-Key header.", HelpName = "URL" };
        var command = new Command(
            "run",
            "Apply deadlines: fire due reminders and missed-deadline escalations through the workflows, and deliver the outbox. " +
            "Runs until stopped (Ctrl+C), or once with --once.\nExample: council run --once --at 2023-03-01")
        {
            once, interval, sink, file, webhook,
        };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            if (parse.GetValue(interval) < 1)
            {
                throw new CliException("--interval must be at least 1 second.");
            }

            var sinkName = parse.GetValue(sink)!;
            var url = parse.GetValue(webhook);
            if (sinkName == "webhook" && url is null)
            {
                throw new CliException("--outbox webhook needs --webhook URL.");
            }

            if (parse.GetValue(once))
            {
                return await OnceAsync(output, parse, sinkName, parse.GetValue(file)!, url, ct).ConfigureAwait(false);
            }

            if (parse.GetValue(GlobalOptions.At) is not null)
            {
                throw new CliException("--at goes with --once (a continuous worker runs on the clock).");
            }

            // Opened once as --once opens it, so a file that cannot serve (read-only, newer schema, not a database) is the
            // same one line, before the host starts.
            var path = StaffSession.DatabasePath(parse);
            var created = !File.Exists(path);
            await using (StaffSession.Open(parse, create: true))
            {
                DatabaseFailures.EnsureWritable(path);
                if (created)
                {
                    output.Line($"Created a new, empty database at {path}.");
                }
            }

            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.AddCouncilWorkflows().AddCouncilWorkflowsSqlite(o => o.Path = path);
            AddWorker(builder.Services, sinkName, parse.GetValue(file)!, url);
            builder.Services.AddSingleton(new WorkerOptions { Interval = TimeSpan.FromSeconds(parse.GetValue(interval)) });
            builder.Services.AddSingleton<DeadlineWorker>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineWorker>());
            using var host = builder.Build();
            var worker = host.Services.GetRequiredService<DeadlineWorker>();
            await host.RunAsync(ct).ConfigureAwait(false);
            if (worker.Failure is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    internal static void AddWorker(IServiceCollection services, string sink, string file, Uri? url)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new TimerSweeper(sp.GetRequiredService<WorkflowEngine>(), sp.GetService<ILogger<TimerSweeper>>()) { IsFatal = DatabaseFailures.StopsTheWorker });
        services.AddSingleton<OutboxDispatcher>();
        switch (sink)
        {
            case "jsonl":
                services.AddSingleton<IOutboxSink>(new JsonLinesOutboxSink(Path.GetFullPath(file)));
                break;
            case "webhook":
                services.AddHttpClient<WebhookOutboxSink>();
                services.AddSingleton<IOutboxSink>(sp => new WebhookOutboxSink(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(WebhookOutboxSink)), url!));
                break;
            case "none":
                services.AddSingleton<IOutboxSink, DiscardOutboxSink>();
                break;
            default:
                services.AddSingleton<IOutboxSink, LogOutboxSink>();
                break;
        }
    }

    private static async Task<int> OnceAsync(CliOutput output, ParseResult parse, string sinkName, string file, Uri? url, CancellationToken ct)
    {
        var created = !File.Exists(StaffSession.DatabasePath(parse));
        await using var session = StaffSession.Open(parse, create: true, logging: b => b.AddSimpleConsole(o => o.SingleLine = true).AddFilter(l => l >= LogLevel.Information));
        DatabaseFailures.EnsureWritable(session.Path);
        var services = new ServiceCollection();
        AddWorker(services, sinkName, file, url);
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true));
        services.AddSingleton(session.Engine);
        services.AddSingleton(session.Store);
        await using var worker = services.BuildServiceProvider();
        var report = await worker.GetRequiredService<TimerSweeper>().SweepAsync(session.Now, ct).ConfigureAwait(false);
        var delivered = sinkName == "none" ? 0 : await worker.GetRequiredService<OutboxDispatcher>().DeliverAsync(ct).ConfigureAwait(false);
        if (created && !session.Json)
        {
            output.Line($"Created a new, empty database at {session.Path}.");
        }

        if (session.Json)
        {
            output.WriteJson(new { at = Results.Iso(session.Now), database = session.Path, created, fired = report.Fired, ignored = report.Ignored, alreadyFired = report.Repeated, failed = report.Failed, delivered });
        }
        else
        {
            output.Line($"Sweep at {Results.Iso(session.Now)}: {report.Fired} timers fired, {report.Ignored} ignored (case moved on), {report.Repeated} already fired, {report.Failed} failed; {delivered} outbox messages delivered.");
        }

        return report.Failed > 0 ? CouncilCli.Failure : CouncilCli.Ok;
    }
}
