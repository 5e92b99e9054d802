using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Council.Workflows.Host.Cli;

/// <summary>Where a verb writes: data to standard output (text or JSON), problems to standard error, one line each.</summary>
internal sealed class CliOutput(TextWriter stdout, TextWriter stderr)
{
    private static readonly TextSource T = new("Output");

    public static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        NodaTime.Serialization.SystemTextJson.Extensions.ConfigureForNodaTime(options, NodaTime.DateTimeZoneProviders.Tzdb);
        return options;
    }

    public TextWriter Out { get; } = stdout;

    /// <summary>One line for a person; stored text in it may hold anything, so control characters are shown escaped, never sent raw.</summary>
    public void Line(string text) => Out.WriteLine(CliText.Visible(text));

    /// <summary>Lines the product composed (minutes, a report, an explanation): line breaks kept, any other control character shown escaped.</summary>
    public void Block(string text) => Out.Write(CliText.Visible(text, keepNewlines: true));

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Progress for a person watching, on standard error so standard output stays clean data.</summary>
    public void Progress(string message) => stderr.WriteLine(CliText.Visible(message));

    public void Error(string message) => stderr.WriteLine($"council: {CliText.Visible(string.Join(' ', message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))}");

    /// <summary>Runs a verb's body: bad input (argument and format errors) is one line and exit code 2, anything else exit code 1, never a stack trace.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Guarded(Func<ParseResult, CancellationToken, Task<int>> body) => async (parse, cancellationToken) =>
    {
        try
        {
            return await body(parse, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            foreach (var line in e.Message.Split('\n'))
            {
                Error(line);
            }

            return e.ExitCode;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            // The council's settings bound, but what they say together is not allowed: one line each.
            foreach (var failure in e.Failures)
            {
                Error($"{T["Binder.Prefix"]}: {failure}");
            }

            return CouncilCli.BadInput;
        }
        catch (Exception e) when (DatabaseFailures.IsDamaged(e))
        {
            Error(DatabaseFailures.Damaged(e));
            return CouncilCli.Failure;
        }
        catch (Exception e) when (DatabaseFailures.IsReadOnly(e))
        {
            Error(DatabaseFailures.ReadOnlyLine);
            return CouncilCli.Failure;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            Error(T["Db.Locked"]);
            return CouncilCli.Failure;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            Error(T.Format("Db.Error", e.Message));
            return CouncilCli.Failure;
        }
        catch (PostgreSql.SchemaMissingException)
        {
            Error(T["Db.PgMissing"]);
            return CouncilCli.BadInput;
        }
        catch (PostgreSql.SchemaTooNewException e)
        {
            Error(T.Format("Db.TooNew", e.Where, e.Found, e.Known));
            return CouncilCli.Failure;
        }
        catch (PostgreSql.NotAStoreException e)
        {
            Error(T.Format("Db.PgNotAStore", e.Where));
            return CouncilCli.Failure;
        }
        catch (PostgreSql.WorkingStoreException e)
        {
            Error(T.Format("Db.PgWorking", e.Where));
            return CouncilCli.Failure;
        }
        catch (Npgsql.NpgsqlException e)
        {
            // A server that cannot be reached, refuses the sign-in or fails a statement: one line, never a stack trace.
            Error(T.Format("Db.PgError", e.Message));
            return CouncilCli.Failure;
        }
        catch (Sqlite.WorkingStoreException e)
        {
            Error(T.Format("Db.Working", e.Path));
            return CouncilCli.BadInput;
        }
        catch (Sqlite.SchemaTooNewException e)
        {
            Error(T.Format("Db.TooNew", e.Path, e.Found, e.Known));
            return CouncilCli.Failure;
        }
        catch (Sqlite.SchemaUpgradeNeededException e)
        {
            Error(T.Format("Db.UpgradeNeeded", e.Path, e.Found, e.Known));
            return CouncilCli.Failure;
        }
        catch (Sqlite.NotAStoreException e)
        {
            Error(T.Format("Db.NotAStore", e.Path, e.Reason));
            return CouncilCli.Failure;
        }
        catch (ArgumentException e)
        {
            Error(Reasons.Of(e));
            return CouncilCli.BadInput;
        }
        catch (FormatException e)
        {
            Error(e.Message);
            return CouncilCli.BadInput;
        }
        catch (UnauthorizedAccessException e)
        {
            Error($"not allowed: {e.Message}");
            return CouncilCli.Failure;
        }
        catch (IOException e)
        {
            Error(e.Message);
            return CouncilCli.Failure;
        }
        catch (OperationCanceledException)
        {
            Error("cancelled.");
            return CouncilCli.Failure;
        }
#pragma warning disable CA1031 // The command line's last line of defence: one message, no stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Error($"unexpected error: {e.Message}");
            return CouncilCli.Failure;
        }
    };
}

/// <summary>A problem the command line reports as one line, with its exit code.</summary>
internal sealed class CliException(string message, int exitCode = CouncilCli.BadInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
