using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Council.Workflows.Engine;
using Council.Workflows.Host.Cli;

namespace Council.Workflows.Host.Worker;

/// <summary>Appends each message as one JSON line to a file, flushed to disk before it counts as delivered.</summary>
internal sealed class JsonLinesOutboxSink(string path) : IOutboxSink, IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(OutboxJson.Of(message), OutboxJson.Options) + "\n";
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var file = PrivateFiles.Append(path);
            await file.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}

/// <summary>
/// POSTs each message as JSON to a URL, with the message id as the Idempotency-Key header. Only a 2xx answer is a
/// delivery: the client follows no redirect (its handler is built with <c>AllowAutoRedirect = false</c>), so a 3xx is a
/// failure naming where it pointed — a 302 followed would have become a GET without the message, a 307 would have sent
/// it to another address.
/// </summary>
internal sealed class WebhookOutboxSink(HttpClient http, Uri url) : IOutboxSink
{
    /// <summary>The name of the HttpClient the factory configures for the webhook.</summary>
    public const string ClientName = "council-outbox-webhook";

    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        // The body is sent whole with its Content-Length (not chunked): a simple receiver that reads Content-Length gets it.
        var body = new ByteArrayContent(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(OutboxJson.Of(message), OutboxJson.Options));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body };
        request.Headers.Add("Idempotency-Key", message.Id.ToString());
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // Not the URL itself: it may carry the receiver's token, and this text is logged and kept with the message.
            var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
            throw new HttpRequestException(
                response.Headers.Location is { } location
                    ? $"the webhook answered {status}, redirecting to {location}; redirects are not followed"
                    : $"the webhook answered {status}",
                inner: null,
                response.StatusCode);
        }
    }
}

/// <summary>Takes messages and drops them (for a dry run).</summary>
internal sealed class DiscardOutboxSink : IOutboxSink
{
    public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static class OutboxJson
{
    // One message per line: the CLI's JSON settings, not indented.
    public static JsonSerializerOptions Options { get; } = new(CliOutput.Json) { WriteIndented = false };

    public static object Of(OutboxMessage m) => new
    {
        id = m.Id,
        caseId = m.CaseId.ToString(),
        kind = m.Kind,
        recipient = m.Recipient,
        subject = m.Subject,
        body = m.Body,
        createdAt = Results.Iso(m.CreatedAt),
    };
}
