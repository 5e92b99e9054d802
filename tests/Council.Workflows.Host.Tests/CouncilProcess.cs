using System.Diagnostics;

namespace Council.Workflows.Host.Tests;

// Runs the real council executable (built next to the tests) as a separate process.
internal static class CouncilProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "council.dll");

    public static Process Start(params string[] args) => Start(null, args);

    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The tests written before the Ukrainian default read English; a test may set COUNCIL__Language itself.
        info.Environment["COUNCIL__Language"] = "en";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("council did not start");
    }

    public static Task<(int ExitCode, string Out, string Err)> RunAsync(params string[] args) => RunAsync(null, args);

    public static async Task<(int ExitCode, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
