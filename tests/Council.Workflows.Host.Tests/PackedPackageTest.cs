using System.Diagnostics;
using System.Globalization;

namespace Council.Workflows.Host.Tests;

// Packs Council.Workflows and Council.Workflows.Sqlite, installs them from a local folder into a fresh console project
// outside the repository, and runs it, as another council system would.
public sealed class PackedPackageTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-package-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task PackedPackages_InstalledInAFreshConsoleProject_Run()
    {
        var root = Appeals.RepositoryRoot();
        var feed = Path.Combine(_directory, "feed");
        var version = $"0.1.0-test.{Stopwatch.GetTimestamp().ToString(CultureInfo.InvariantCulture)}";
        foreach (var project in new[] { "src/Council.Workflows/Council.Workflows.csproj", "src/Council.Workflows.Sqlite/Council.Workflows.Sqlite.csproj" })
        {
            var pack = await DotnetAsync(root, "pack", Path.Combine(root, project), "-o", feed, $"-p:Version={version}", "-c", "Release", "--nologo");
            pack.ExitCode.Should().Be(0, pack.Output);
        }

        Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName).Should().Contain([$"Council.Workflows.{version}.nupkg", $"Council.Workflows.Sqlite.{version}.nupkg"]);
        Directory.GetFiles(feed, "*.snupkg").Should().HaveCount(2);
        var app = Path.Combine(_directory, "app");
        Directory.CreateDirectory(app);
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "app.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Council.Workflows.Sqlite" Version="{version}" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="11.0.0" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
            using Council.Workflows;
            using Council.Workflows.Appeals;
            using Council.Workflows.Deadlines;
            using Council.Workflows.Engine;
            using Microsoft.Extensions.DependencyInjection;
            using NodaTime;

            using var services = new ServiceCollection().AddCouncilWorkflows().AddCouncilWorkflowsSqlite(o => o.Path = "portal.db").BuildServiceProvider();
            var due = services.GetRequiredService<DeadlineCalculator>().Compute(new LocalDate(2023, 1, 31), StatutoryTerms.AppealStandard);
            var result = await services.GetRequiredService<WorkflowEngine>().ExecuteAsync(new RegisterAppeal
            {
                CommandId = Guid.NewGuid(), CaseId = CaseId.New(), Actor = new Official("Портал", OfficialRole.Clerk), At = Instant.FromUtc(2023, 1, 31, 8, 0),
                Kind = AppealKind.Application, Applicants = [new Applicant("Коваленко Петро", "м. Житомир")], Subject = "Дорога",
            });
            Console.WriteLine($"due {due.DueOn:yyyy-MM-dd}; registered: {result.Status} {result.State}");
            """);

        var run = await DotnetAsync(app, "run", "--nologo");

        run.ExitCode.Should().Be(0, run.Output);
        run.Output.Should().Contain("due 2023-02-28; registered: Accepted registered");
    }

    private static async Task<(int ExitCode, string Output)> DotnetAsync(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
