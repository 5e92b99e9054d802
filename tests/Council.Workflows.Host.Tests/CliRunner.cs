using System.Text.Json;
using Council.Workflows.Host.Cli;

namespace Council.Workflows.Host.Tests;

public sealed record CliRun(int ExitCode, string Out, string Err)
{
    public JsonElement Json => JsonDocument.Parse(Out).RootElement;

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CouncilCli.RunAsync(args, stdout, stderr);
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
