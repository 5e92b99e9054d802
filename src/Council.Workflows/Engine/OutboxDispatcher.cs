using Ardalis.GuardClauses;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Council.Workflows.Engine;

/// <summary>Where outbox messages go: a log, a file, a webhook. Delivery is at least once; receivers de-duplicate on the message id.</summary>
public interface IOutboxSink
{
    /// <summary>Delivers one message; throws if it could not.</summary>
    Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>What one delivery run did.</summary>
/// <param name="Delivered">Messages the sink took, now marked delivered.</param>
/// <param name="Failed">Messages the sink did not take; each failure is recorded on the message.</param>
/// <param name="SetAside">Of those, messages that have now failed the maximum number of times and are set aside.</param>
/// <param name="FirstError">Why the first failure failed, if one did.</param>
public sealed record OutboxReport(int Delivered, int Failed, int SetAside, string? FirstError);

/// <summary>
/// Delivers pending outbox messages to a sink, oldest first, marking each delivered only after the sink took it. A message
/// the sink refuses has its failure recorded (one more attempt, the error) and the next one is tried: one bad message
/// never holds back the others. After <c>maxAttempts</c> failed runs a message is set aside as failed and not tried again
/// until <see cref="ICaseStore.RetryOutboxAsync"/> puts it back.
/// </summary>
public sealed partial class OutboxDispatcher
{
    /// <summary>How many failed runs set a message aside, unless told otherwise.</summary>
    public const int DefaultMaxAttempts = 10;

    private const int BatchSize = 256;
    private const int MaxErrorLength = 1000;

    private readonly ICaseStore _store;
    private readonly IOutboxSink _sink;
    private readonly ILogger _logger;
    private readonly int _maxAttempts;

    /// <summary>Creates a dispatcher.</summary>
    /// <param name="store">The store whose outbox is delivered.</param>
    /// <param name="sink">Where messages go.</param>
    /// <param name="logger">Logs each failure.</param>
    /// <param name="maxAttempts">After how many failed runs a message is set aside as failed; at least 1.</param>
    public OutboxDispatcher(ICaseStore store, IOutboxSink sink, ILogger<OutboxDispatcher>? logger = null, int maxAttempts = DefaultMaxAttempts)
    {
        _store = Guard.Against.Null(store);
        _sink = Guard.Against.Null(sink);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _maxAttempts = Guard.Against.NegativeOrZero(maxAttempts);
    }

    /// <summary>
    /// Tries every pending message once, oldest first: delivered ones are marked delivered, failed ones have the failure
    /// recorded (and are set aside at the maximum). Messages written while it runs are delivered too.
    /// </summary>
    public async Task<OutboxReport> DeliverAsync(CancellationToken cancellationToken = default)
    {
        var (delivered, failed, setAside) = (0, 0, 0);
        string? firstError = null;
        // Each message once per run: the cursor moves past failures, and the set guards against a store whose listing after
        // a message starts again from the oldest.
        var tried = new HashSet<Guid>();
        Guid? after = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var page = await _store.ListOutboxAsync(OutboxStatus.Pending, BatchSize, after, cancellationToken).ConfigureAwait(false);
            var fresh = page.Where(e => tried.Add(e.Message.Id)).ToList();
            if (fresh.Count == 0)
            {
                break;
            }

            foreach (var entry in fresh)
            {
                var message = entry.Message;
                try
                {
                    await _sink.DeliverAsync(message, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
#pragma warning disable CA1031 // Any sink failure is recorded on the message, and the next one is tried.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    var error = Describe(e);
                    firstError ??= error;
                    failed++;
                    var attempts = await _store.RecordDeliveryFailureAsync(message.Id, error, _maxAttempts, cancellationToken).ConfigureAwait(false);
                    if (attempts >= _maxAttempts)
                    {
                        setAside++;
                        LogSetAside(_logger, message.Id, attempts, error);
                    }
                    else
                    {
                        LogDeliveryFailed(_logger, message.Id, attempts, _maxAttempts, error);
                    }

                    continue;
                }

                await _store.MarkDeliveredAsync([message.Id], cancellationToken).ConfigureAwait(false);
                delivered++;
            }

            after = page[^1].Message.Id;
        }

        return new OutboxReport(delivered, failed, setAside, firstError);
    }

    // One line, kept with the message: the exception's message (the sink's own words), never a stack trace.
    private static string Describe(Exception e)
    {
        var text = string.Join(' ', e.Message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
        {
            text = e.GetType().Name;
        }

        return text.Length <= MaxErrorLength ? text : text[..MaxErrorLength];
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Delivering outbox message {MessageId} failed (attempt {Attempts} of {MaxAttempts}); it stays pending: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, Guid messageId, int attempts, int maxAttempts, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Outbox message {MessageId} failed {Attempts} times and is set aside (council outbox retry puts it back): {Error}")]
    private static partial void LogSetAside(ILogger logger, Guid messageId, int attempts, string error);
}

/// <summary>Writes each message to the log.</summary>
public sealed partial class LogOutboxSink(ILogger<LogOutboxSink> logger) : IOutboxSink
{
    /// <inheritdoc />
    public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        LogMessage(logger, message.Kind, message.Recipient, message.Subject, message.Id);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Outbox {Kind} to {Recipient}: {Subject} ({MessageId})")]
    private static partial void LogMessage(ILogger logger, string kind, string recipient, string subject, Guid messageId);
}
