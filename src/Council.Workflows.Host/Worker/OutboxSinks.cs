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

/// <summary>POSTs each message as JSON to a URL, with the message id as the Idempotency-Key header.</summary>
internal sealed class WebhookOutboxSink(HttpClient http, Uri url) : IOutboxSink
{
    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(OutboxJson.Of(message), options: OutboxJson.Options) };
        request.Headers.Add("Idempotency-Key", message.Id.ToString());
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
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
