using Council.Workflows.Host.Cli;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Council.Workflows.Host.Web;

/// <summary>
/// A request that failed on the server gets an answer a person can act on, in their language: a page (problem+json under
/// /api). The database not answering (a server restarting, a connection cut, a file busy) is 503 with Retry-After and one
/// log line, never a stack trace per request; a damaged or unwritable database file is 500 naming the file's check; any
/// other failure is 500 with its stack trace in the log (it is a fault of ours).
/// </summary>
internal sealed partial class ServerErrors(ILogger<ServerErrors> logger, Council.Workflows.Engine.ICaseStore store) : IExceptionHandler
{
    /// <summary>Seconds a client is asked to wait before trying again while the database does not answer.</summary>
    public const int RetryAfterSeconds = 30;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The reader went away: nobody to answer.
            return false;
        }

        int status;
        string key;
        if (DatabaseFailures.IsDamaged(exception) || DatabaseFailures.IsReadOnly(exception))
        {
            LogDatabaseFault(logger, httpContext.Request.Method, httpContext.Request.Path, Reason(exception));
            (status, key) = (StatusCodes.Status500InternalServerError, "Error.DbDamaged");
        }
        else if (DatabaseFailures.IsUnavailable(exception))
        {
            LogDatabaseUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, Reason(exception));
            (store as PostgreSql.PostgreSqlCaseStore)?.ForgetIdleConnections();
            (status, key) = (StatusCodes.Status503ServiceUnavailable, "Error.503");
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            LogFailed(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            (status, key) = (StatusCodes.Status500InternalServerError, "Error.500");
        }

        httpContext.Response.StatusCode = status;
        var ukrainian = WebApp.ReadsUkrainian(httpContext);
        await WebApp.WriteErrorAsync(httpContext, status, WebText.T[key, ukrainian], ukrainian).ConfigureAwait(false);
        return true;
    }

    // The innermost message says what happened (a refused connection, a timeout) without the wrappers' repetition.
    private static string Reason(Exception exception)
    {
        var e = exception;
        while (e.InnerException is { } inner && e is not Microsoft.Data.Sqlite.SqliteException and not Npgsql.PostgresException)
        {
            e = inner;
        }

        return e == exception ? e.Message : $"{exception.Message} ({e.Message})";
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Warning, Message = "{Method} {Path}: the database did not answer ({Reason}); answered 503")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 31, Level = LogLevel.Error, Message = "{Method} {Path}: the database file is damaged or cannot be written ({Reason}); run council check")]
    private static partial void LogDatabaseFault(ILogger logger, string method, string path, string reason);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, string method, string path, Exception exception);
}
