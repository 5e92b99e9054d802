using System.CommandLine;
using Council.Workflows.Engine;
using Council.Workflows.Host.Configuration;
using Council.Workflows.Host.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council run</c>: the worker that applies deadlines (timers) and delivers the outbox.</summary>
internal static class RunCommand
{
    private static readonly TextSource T = new("Verbs");

    public static Command Create(CliOutput output)
    {
        var once = new Option<bool>("--once") { Description = T["Run.Opt.once"] };
        var interval = new Option<int>("--interval") { Description = T["Run.Opt.interval"], DefaultValueFactory = _ => 30, HelpName = "SECONDS" };
        var sink = CliParsing.Choice("--outbox", T["Run.Opt.outbox"], "log", "log", "jsonl", "webhook", "none");
        var file = new Option<string>("--outbox-file") { Description = T["Run.Opt.outbox-file"], DefaultValueFactory = _ => "outbox.jsonl", HelpName = "PATH" };
        var webhookTimeout = new Option<int>("--webhook-timeout")
        {
            Description = T["Run.Opt.webhook-timeout"],
            DefaultValueFactory = _ => 10,
            HelpName = "SECONDS",
        };
        var maxAttempts = new Option<int>("--max-attempts")
        {
            Description = T["Run.Opt.max-attempts"],
            DefaultValueFactory = _ => OutboxDispatcher.DefaultMaxAttempts,
            HelpName = "N",
        };
        var webhook = CliParsing.UrlOption("--webhook", T["Help.webhook"]);
        var command = new Command(
            "run",
            T["Help.run"])
        {
            once, interval, sink, file, webhook, webhookTimeout, maxAttempts,
        };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            if (parse.GetValue(interval) < 1)
            {
                throw new CliException(T["Run.Msg.Interval"]);
            }

            var sinkName = parse.GetValue(sink)!;
            var url = parse.GetValue(webhook);
            if (sinkName == "webhook" && url is null)
            {
                throw new CliException(T["Run.Msg.WebhookUrl"]);
            }

            var seconds = parse.GetValue(webhookTimeout);
            if (seconds is < 1 or > 600)
            {
                throw new CliException(T.Format("Run.Msg.Timeout", seconds));
            }

            var attempts = parse.GetValue(maxAttempts);
            if (attempts is < 1 or > 1000)
            {
                throw new CliException(T.Format("Run.Msg.Attempts", attempts));
            }

            if (sinkName == "jsonl")
            {
                // The outbox file is appended to: never the database or its journal.
                CliParsing.NotADatabase("--outbox-file", parse.GetValue(file)!);
            }

            void Delivery(OutboxDeliveryOptions o)
            {
                o.Timeout = TimeSpan.FromSeconds(seconds);
                o.MaxAttempts = attempts;
            }

            if (parse.GetValue(once))
            {
                return await OnceAsync(output, parse, sinkName, parse.GetValue(file)!, url, Delivery, ct).ConfigureAwait(false);
            }

            if (parse.GetValue(GlobalOptions.At) is not null)
            {
                throw new CliException(T["Run.Msg.AtWithOnce"]);
            }

            // Opened once as --once opens it, so a file that cannot serve (read-only, newer schema, not a database) is the
            // same one line, before the host starts.
            var settings = StaffSession.Settings(parse);
            var created = !settings.StoreExists();
            await using (var opened = StaffSession.Open(parse, create: true))
            {
                if (!settings.IsPostgreSql)
                {
                    DatabaseFailures.EnsureWritable(opened.Path);
                }

                await opened.RecordCouncilAsync(settings, ct).ConfigureAwait(false);

                if (created)
                {
                    output.Line(T.Format("Run.Msg.Created", opened.Path));
                }
            }

            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            Quiet(builder.Logging);
            builder.Services.AddCouncil(StaffSession.Settings(parse));
            AddWorker(builder.Services, sinkName, parse.GetValue(file)!, url, Delivery);
            builder.Services.AddSingleton(new WorkerOptions { Interval = TimeSpan.FromSeconds(parse.GetValue(interval)) });
            AddPeriodicWork(builder.Services, StaffSession.Settings(parse));
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

    internal static void AddWorker(IServiceCollection services, string sink, string file, Uri? url, Action<OutboxDeliveryOptions>? delivery = null)
    {
        var deliveryOptions = services.AddOptions<OutboxDeliveryOptions>();
        if (delivery is not null)
        {
            deliveryOptions.Configure(delivery);
        }

        deliveryOptions.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboxDeliveryOptions>, OutboxDeliveryOptionsValidator>());
        services.AddSingleton(TimeProvider.System);
        // The workers of one machine share one owner: a worker restarted after a crash takes up its predecessor's claims at
        // once instead of waiting out their lease; workers on other machines (a shared server database) keep apart.
        services.AddSingleton(sp => new TimerSweeper(sp.GetRequiredService<WorkflowEngine>(), sp.GetService<ILogger<TimerSweeper>>())
        {
            IsFatal = DatabaseFailures.StopsTheWorker,
            Owner = $"council-worker@{Environment.MachineName}",
        });
        services.AddSingleton(sp => new OutboxDispatcher(
            sp.GetRequiredService<ICaseStore>(), sp.GetRequiredService<IOutboxSink>(), sp.GetService<ILogger<OutboxDispatcher>>(),
            sp.GetRequiredService<IOptions<OutboxDeliveryOptions>>().Value.MaxAttempts));
        switch (sink)
        {
            case "jsonl":
                services.AddSingleton<IOutboxSink>(new JsonLinesOutboxSink(Path.GetFullPath(file)));
                break;
            case "webhook":
                // A redirect is a failed delivery, never followed: a 302 would turn the POST into a GET without the message.
                // Each request is bounded by the options' timeout (the client's own 100 s is off: the pipeline bounds every
                // try), and a transient failure is tried again with exponential back-off; the Idempotency-Key makes a repeat
                // harmless. Retry-After is not obeyed: a receiver must not stall the sweep for longer than configured.
                services.AddHttpClient(WebhookOutboxSink.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
                    .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
                    .AddResilienceHandler("council-outbox-webhook", static (pipeline, context) =>
                    {
                        var o = context.ServiceProvider.GetRequiredService<IOptions<OutboxDeliveryOptions>>().Value;
                        if (o.AttemptsPerSweep > 1)
                        {
                            pipeline.AddRetry(new HttpRetryStrategyOptions
                            {
                                MaxRetryAttempts = o.AttemptsPerSweep - 1,
                                BackoffType = DelayBackoffType.Exponential,
                                UseJitter = true,
                                Delay = o.RetryDelay,
                                ShouldRetryAfterHeader = false,
                            });
                        }

                        pipeline.AddTimeout(o.Timeout);
                    });
                services.AddSingleton<IOutboxSink>(sp => new WebhookOutboxSink(sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookOutboxSink.ClientName), url!));
                break;
            case "none":
                services.AddSingleton<IOutboxSink, DiscardOutboxSink>();
                break;
            default:
                services.AddSingleton<IOutboxSink, LogOutboxSink>();
                break;
        }
    }

    /// <summary>
    /// The worker's periodic jobs, as the council's settings ask (<c>Worker:DailyReport</c>): today the daily report, in the
    /// council's language (<c>Language</c>: Ukrainian unless it says English).
    /// </summary>
    internal static void AddPeriodicWork(IServiceCollection services, CouncilSettings settings)
    {
        var daily = settings.ReadWorker().DailyReport;
        var ukrainian = Language.Culture(settings.Configuration["Language"])?.TwoLetterISOLanguageName != Language.English;
        if (daily.Enabled)
        {
            services.AddSingleton<IPeriodicJob>(sp =>
            {
                var council = sp.GetRequiredService<IOptions<CouncilWorkflowsOptions>>().Value;
                return new DailyReportJob(
                    daily, sp.GetRequiredService<Council.Workflows.Appeals.AppealQueries>(), sp.GetRequiredService<ICaseStore>(),
                    sp.GetRequiredService<Council.Workflows.Deadlines.DeadlineCalculator>(), council.DefaultCouncil, council.OrganisationName, ukrainian);
            });
        }

        services.AddSingleton<PeriodicWork>();
    }

    private static async Task<int> OnceAsync(
        CliOutput output, ParseResult parse, string sinkName, string file, Uri? url, Action<OutboxDeliveryOptions> deliveryOptions, CancellationToken ct)
    {
        var created = !StaffSession.Settings(parse).StoreExists();
        await using var session = StaffSession.Open(parse, create: true, logging: b => Diagnostics(b).AddFilter(l => l >= LogLevel.Information));
        if (!session.IsSimulation && parse.GetValue(GlobalOptions.At) is not null)
        {
            throw new CliException(T.Format("Run.Msg.WorkingAt", session.Path));
        }
        if (!StaffSession.Settings(parse).IsPostgreSql)
        {
            DatabaseFailures.EnsureWritable(session.Path);
        }

        await session.RecordCouncilAsync(StaffSession.Settings(parse), ct).ConfigureAwait(false);

        var services = new ServiceCollection();
        AddWorker(services, sinkName, file, url, deliveryOptions);
        // The failures of delivery are summed up in one line below (and 'council outbox list' has each one's error).
        services.AddLogging(b => Diagnostics(b).AddFilter(typeof(OutboxDispatcher).FullName, LogLevel.None));
        services.AddSingleton(session.Engine);
        services.AddSingleton(session.Store);
        await using var worker = services.BuildServiceProvider();
        var report = await worker.GetRequiredService<TimerSweeper>().SweepAsync(session.Now, ct).ConfigureAwait(false);
        var delivery = sinkName == "none"
            ? new OutboxReport(0, 0, 0, null)
            : await worker.GetRequiredService<OutboxDispatcher>().DeliverAsync(ct).ConfigureAwait(false);
        if (created && !session.Json)
        {
            output.Line(T.Format("Run.Msg.Created", session.Path));
        }

        if (session.Json)
        {
            output.WriteJson(new
            {
                at = Results.Iso(session.Now), database = session.Path, created, fired = report.Fired, ignored = report.Ignored, alreadyFired = report.Repeated,
                failed = report.Failed, delivered = delivery.Delivered, deliveryFailed = delivery.Failed, setAside = delivery.SetAside, deliveryError = delivery.FirstError,
            });
        }
        else
        {
            var notDelivered = delivery.Failed == 0 ? "" : T.Format("Run.Msg.NotDelivered", delivery.Failed, delivery.SetAside);
            output.Line(T.Format("Run.Msg.Sweep", Results.Local(session.Now, session.Calculator.Zone), report.Fired, report.Ignored, report.Repeated, report.Failed, delivery.Delivered, notDelivered));
        }

        if (delivery.Failed > 0)
        {
            var messages = delivery.Failed == 1 ? T["Run.Msg.OneMessage"] : T.Format("Run.Msg.Messages", delivery.Failed);
            var fate = delivery.SetAside == 0
                ? T[delivery.Failed == 1 ? "Run.Msg.ItStays" : "Run.Msg.TheyStay"]
                : T.Format("Run.Msg.SetAside", delivery.SetAside);
            output.Error(T.Format("Run.Msg.Undelivered", messages, fate, delivery.FirstError));
        }

        return report.Failed > 0 || delivery.Failed > 0 ? CouncilCli.Failure : CouncilCli.Ok;
    }

    // Logs are diagnostics: on standard error, one line each, so standard output stays the result (one JSON object with --json).
    private static ILoggingBuilder Diagnostics(ILoggingBuilder logging) =>
        Quiet(logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).AddSimpleConsole(o => o.SingleLine = true));

    // The HTTP client's request lines and the retry pipeline's attempts (each with the exception's stack trace) are not for
    // an office: a delivery that fails is one line of ours with its reason, and 'council outbox list' keeps each error.
    private static ILoggingBuilder Quiet(ILoggingBuilder logging) =>
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.None).AddFilter("Polly", LogLevel.None).AddFilter("Microsoft.Extensions.Http", LogLevel.None);
}
