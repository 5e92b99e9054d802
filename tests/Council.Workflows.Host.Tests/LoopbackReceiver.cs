using System.Net;
using System.Net.Sockets;

namespace Council.Workflows.Host.Tests;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 (a free port) that records every request as it arrives and answers each, after
/// <see cref="Delay"/>, with the next of <see cref="Script"/> or else <see cref="Status"/>.
/// </summary>
internal sealed class LoopbackReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<Received> _requests = [];
    private readonly Task _loop;

    public LoopbackReceiver(HttpStatusCode status = HttpStatusCode.OK, Func<LoopbackReceiver, string>? location = null)
    {
        Status = status;
        Location = location;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public HttpStatusCode Status { get; set; }

    public Queue<HttpStatusCode> Script { get; } = new();

    public TimeSpan Delay { get; set; }

    public Func<LoopbackReceiver, string>? Location { get; }

    public Uri Url(string path = "hook") => new($"http://127.0.0.1:{Port}/{path}");

    public IReadOnlyList<Received> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was stopped under a pending accept.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, context.Request.ContentEncoding);
        var body = await reader.ReadToEndAsync();
        HttpStatusCode status;
        lock (_requests)
        {
            _requests.Add(new Received(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Headers["Idempotency-Key"], body));
            status = Script.TryDequeue(out var next) ? next : Status;
        }

        try
        {
            await Task.Delay(Delay);
            context.Response.StatusCode = (int)status;
            if (Location is not null)
            {
                context.Response.RedirectLocation = Location(this);
            }

            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The client gave up (a timeout) or the receiver was stopped.
        }
    }

    public sealed record Received(string Method, string Path, string? IdempotencyKey, string Body);
}
