using Council.Workflows.Engine;
using Microsoft.Extensions.Options;

namespace Council.Workflows.Host.Worker;

/// <summary>
/// How the worker delivers the outbox to a webhook: how long one request may take, and how often a sweep tries a message
/// before it records a failed delivery. Plain properties, so the options can be bound from configuration; checked at start.
/// </summary>
internal sealed class OutboxDeliveryOptions
{
    /// <summary>The shortest <see cref="Timeout"/> accepted.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest <see cref="Timeout"/> accepted.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long one webhook request may take (connecting, sending, the receiver's answer) before it counts as failed.
    /// The default value is 10 seconds.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many times one sweep sends a message to the webhook, the first try included, before it records a failed delivery:
    /// a timeout, a refused connection, 408, 429 or a 5xx answer is tried again (the Idempotency-Key lets the receiver drop a
    /// repeat); any other answer that is not 2xx, a redirect included, is not. From 1 to 10. The default value is 3.
    /// </summary>
    public int AttemptsPerSweep { get; set; } = 3;

    /// <summary>
    /// The wait before the first retry within a sweep, doubled for each further one, with jitter. From zero to 5 minutes.
    /// The default value is 2 seconds.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After how many sweeps that failed to deliver a message it is set aside as failed: no longer tried, listed by
    /// <c>council outbox list --failed</c>, put back by <c>council outbox retry</c>. A failing message never holds back the
    /// ones behind it. From 1 to 1000. The default value is 10.
    /// </summary>
    public int MaxAttempts { get; set; } = OutboxDispatcher.DefaultMaxAttempts;

    /// <summary>What is wrong with these options, each as one sentence; empty when they are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Timeout < MinTimeout || Timeout > MaxTimeout)
        {
            problems.Add($"OutboxDeliveryOptions.Timeout must be from {MinTimeout.TotalMilliseconds:0} ms to {MaxTimeout.TotalMinutes:0} minutes (it is {Timeout}).");
        }

        if (AttemptsPerSweep is < 1 or > 10)
        {
            problems.Add($"OutboxDeliveryOptions.AttemptsPerSweep must be from 1 to 10 (it is {AttemptsPerSweep}).");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromMinutes(5))
        {
            problems.Add($"OutboxDeliveryOptions.RetryDelay must be from zero to 5 minutes (it is {RetryDelay}).");
        }

        if (MaxAttempts is < 1 or > 1000)
        {
            problems.Add($"OutboxDeliveryOptions.MaxAttempts must be from 1 to 1000 (it is {MaxAttempts}).");
        }

        return problems;
    }
}

internal sealed class OutboxDeliveryOptionsValidator : IValidateOptions<OutboxDeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxDeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
