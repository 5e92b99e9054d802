using System.Text.Json;
using Council.Workflows.Host.Cli;

namespace Council.Workflows.Host.Tests;

public sealed record CliRun(int ExitCode, string Out, string Err)
{
    public JsonElement Json => JsonDocument.Parse(Out).RootElement;

    // The tests written before the Ukrainian default read English: they run with English as the fallback language (what
    // --lang or the settings choose still wins). RunDefaultAsync runs as a council would, Ukrainian unless chosen otherwise.
    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(Language.English, args);

    public static Task<CliRun> RunDefaultAsync(params string[] args) => RunAsync(Language.Ukrainian, args);

    private static async Task<CliRun> RunAsync(string fallbackLanguage, string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CouncilCli.RunAsync(args, stdout, stderr, fallbackLanguage);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public void ShouldFailWithOneLine(string fragment)
    {
        ExitCode.Should().NotBe(0);
        var lines = Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle().Which.Should().StartWith("council: ").And.Contain(fragment);
        Err.Should().NotContain("   at ");
    }
}
