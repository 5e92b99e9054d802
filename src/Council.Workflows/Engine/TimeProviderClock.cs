namespace Council.Workflows.Engine;

/// <summary>A NodaTime clock over a <see cref="TimeProvider"/>, so hosts and tests can inject either.</summary>
/// <param name="timeProvider">The time provider.</param>
public sealed class TimeProviderClock(TimeProvider timeProvider) : IClock
{
    /// <inheritdoc />
    public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(timeProvider.GetUtcNow());
}
