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

/// <summary>Delivers pending outbox messages to a sink, oldest first, marking each delivered only after the sink took it.</summary>
public sealed partial class OutboxDispatcher
{
    private readonly ICaseStore _store;
    private readonly IOutboxSink _sink;
    private readonly ILogger _logger;

    /// <summary>Creates a dispatcher.</summary>
    public OutboxDispatcher(ICaseStore store, IOutboxSink sink, ILogger<OutboxDispatcher>? logger = null)
    {
        _store = Guard.Against.Null(store);
        _sink = Guard.Against.Null(sink);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Delivers what is pending; stops at the first failure (it is retried next time). Returns how many were delivered.</summary>
    public async Task<int> DeliverAsync(CancellationToken cancellationToken = default)
    {
        var delivered = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var pending = await _store.PendingOutboxAsync(256, cancellationToken).ConfigureAwait(false);
            if (pending.Count == 0)
            {
                return delivered;
            }

            foreach (var message in pending)
            {
                try
                {
                    await _sink.DeliverAsync(message, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
#pragma warning disable CA1031 // A sink failure leaves the message pending for the next attempt.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogDeliveryFailed(_logger, e, message.Id);
                    return delivered;
                }

                await _store.MarkDeliveredAsync([message.Id], cancellationToken).ConfigureAwait(false);
                delivered++;
            }
        }

        return delivered;
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Delivering outbox message {MessageId} failed; it stays pending")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception, Guid messageId);
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
