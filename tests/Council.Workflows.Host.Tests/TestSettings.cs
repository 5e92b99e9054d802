using System.Runtime.CompilerServices;

// The host tests run where the product runs in CI: Linux (a throwaway PostgreSQL, Debian's Chromium, owner-only files).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Council.Workflows.Host.Tests;

internal static class TestSettings
{
    // The host tests' working files are dated in 2023 (the year the examples come from), so they run with acts allowed that
    // far back, set as a council would set it (the environment). The rule itself is tested with its default restored
    // (--set Acts:MaxDaysBack=31, which the command line gives over the environment).
    [ModuleInitializer]
    internal static void AllowTheExamplesYear() => Environment.SetEnvironmentVariable("COUNCIL__Acts__MaxDaysBack", "3660");
}
