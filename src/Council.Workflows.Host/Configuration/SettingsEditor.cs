using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Council.Workflows.Deadlines;
using Council.Workflows.Host.Cli;
using Council.Workflows.Printing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Council.Workflows.Host.Configuration;

/// <summary>
/// What an administrator may change from the web: the organisation's details (its name and letterhead) and the calendar's
/// declared days off and working days.
/// </summary>
internal sealed record CouncilDetails(string OrganisationName, LetterheadOptions Letterhead, IReadOnlyList<DeclaredDay> DaysOff, IReadOnlyList<DeclaredDay> WorkingDays);

/// <summary>
/// Writes the organisation's details and the declared days into the settings file the server reads (the one named by
/// <c>--config</c>, else <c>appsettings.json</c> beside the database, made when missing), so the web and the command line keep
/// one source. A change is checked whole as <c>council config check</c> checks a file before the file is replaced (a file
/// that would stop the server is never written); the file is replaced in one step, the previous one kept as
/// <c>appsettings.json.bak</c>, owner-only; a form made from an older file is refused. The server reads its settings at start:
/// a change takes effect when <c>council serve</c> and <c>council run</c> are started again.
/// </summary>
internal sealed class SettingsEditor(CouncilSettings settings)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    private static readonly JsonDocumentOptions Reading = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The settings keys this editor writes.</summary>
    public static readonly string[] Keys = ["OrganisationName", "Letterhead", "Calendar:DeclaredDaysOff", "Calendar:DeclaredWorkingDays"];

    /// <summary>The file written: the settings file read at start, or <c>appsettings.json</c> beside the database.</summary>
    public string Target => settings.File ?? Path.Combine(settings.SettingsFolder, CouncilSettings.FileName);

    /// <summary>The file's version as it is now (a hash of its bytes; empty when there is no file), for a form to send back.</summary>
    public string Version() => File.Exists(Target) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Target)))[..16] : "";

    /// <summary>The details as the file gives them now (with the defaults for what it does not give).</summary>
    public CouncilDetails Saved()
    {
        var options = new CouncilWorkflowsOptions();
        if (File.Exists(Target))
        {
            CouncilSettings.Load(Target, null, [], new Dictionary<string, string?>()).Bind(options, null);
        }

        return Of(options);
    }

    /// <summary>The details of options.</summary>
    public static CouncilDetails Of(CouncilWorkflowsOptions options) =>
        new(options.OrganisationName, options.Letterhead, [.. options.Calendar.DeclaredDaysOff.OrderBy(d => d.Date)], [.. options.Calendar.DeclaredWorkingDays.OrderBy(d => d.Date)]);

    /// <summary>The edited keys another source (the environment, the command line) gives, so the file's value is not the one in effect.</summary>
    public IReadOnlyList<string> Overridden() =>
        [.. Keys.Where(k => settings.SourceOf(k) is var source && (source.StartsWith("environment", StringComparison.Ordinal) || source == "command line"))];

    /// <summary>
    /// Writes <paramref name="details"/> into the file when it is still at <paramref name="version"/>; returns why it was not
    /// written, or null.
    /// </summary>
    public async Task<string?> SaveAsync(CouncilDetails details, string version, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Version() != version)
            {
                return Web.WebText.T["Settings.Stale"];
            }

            JsonObject root;
            try
            {
                root = File.Exists(Target)
                    ? JsonNode.Parse(await File.ReadAllTextAsync(Target, cancellationToken).ConfigureAwait(false), null, Reading) as JsonObject ?? new JsonObject()
                    : new JsonObject();
            }
            catch (JsonException e)
            {
                return Web.WebText.T.Format("Settings.FileBroken", Target, e.Message);
            }

            Set(root, "OrganisationName", details.OrganisationName.Trim());
            var letterhead = Section(root, "Letterhead");
            var l = details.Letterhead;
            foreach (var (name, value) in new[]
            {
                ("Address", l.Address), ("Phone", l.Phone), ("Email", l.Email), ("Website", l.Website), ("Code", l.Code),
                ("SignatoryPosition", l.SignatoryPosition), ("SignatoryName", l.SignatoryName), ("StatusPage", l.StatusPage),
            })
            {
                Set(letterhead, name, string.IsNullOrWhiteSpace(value) ? null : value.Trim());
            }

            var calendar = Section(root, "Calendar");
            Set(calendar, "DeclaredDaysOff", Days(details.DaysOff));
            Set(calendar, "DeclaredWorkingDays", Days(details.WorkingDays));

            var text = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
            var candidate = Target + ".new";
            await WriteOwnerOnlyAsync(candidate, text, cancellationToken).ConfigureAwait(false);
            try
            {
                // Checked whole, as the server will read it at its next start: a file it would refuse is never put in place.
                Check(candidate);
            }
            catch (CliException e)
            {
                File.Delete(candidate);
                return e.Message;
            }

            if (File.Exists(Target))
            {
                File.Copy(Target, Target + ".bak", overwrite: true);
                OwnerOnly(Target + ".bak");
            }

            File.Move(candidate, Target, overwrite: true);
            return null;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static void Check(string file)
    {
        var candidate = CouncilSettings.Load(file, null, [], new Dictionary<string, string?>());
        CouncilComposition.Check(candidate);
        using var services = new ServiceCollection().AddCouncilWorkflows(o => candidate.Bind(o, null)).BuildServiceProvider();
        _ = services.GetRequiredService<IOptions<CouncilWorkflowsOptions>>().Value;
    }

    private static JsonArray Days(IReadOnlyList<DeclaredDay> days) =>
        [.. days.OrderBy(d => d.Date).Select(d => (JsonNode)new JsonObject { ["Date"] = d.Date.ToString("yyyy-MM-dd", null), ["Reason"] = d.Reason.Trim() })];

    // A property set whatever case the file wrote its name in (the settings' keys ignore case); null removes it.
    private static void Set(JsonObject node, string name, JsonNode? value)
    {
        var existing = node.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        if (existing is not null)
        {
            node.Remove(existing);
        }

        if (value is not null)
        {
            node[existing ?? name] = value;
        }
    }

    private static JsonObject Section(JsonObject root, string name)
    {
        var key = root.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        if (key is not null && root[key] is JsonObject existing)
        {
            return existing;
        }

        var made = new JsonObject();
        Set(root, name, made);
        return made;
    }

    private static async Task WriteOwnerOnlyAsync(string path, string text, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var stream = new FileStream(path, options);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        }

        OwnerOnly(path);
    }

    private static void OwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
