using Council.Workflows.Appeals;
using Council.Workflows.Engine;
using Council.Workflows.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Council.Workflows.Host.Tests;

/// <summary>A database whose pages were overwritten: <c>council check</c> says so, and the worker stops instead of working around it.</summary>
public sealed class DamagedDatabaseTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-damage-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    // Appeals registered on one day in 2023, so each has timers due at any later sweep; written through the library, then closed.
    private async Task WriteAppealsAsync(int count)
    {
        await using var services = new ServiceCollection().AddCouncilWorkflows()
            .AddCouncilWorkflowsSqlite(o => { o.Path = Db; o.Durability = Durability.Normal; }).BuildServiceProvider();
        var engine = services.GetRequiredService<WorkflowEngine>();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => engine.ExecuteAsync(new RegisterAppeal
        {
            CommandId = Guid.NewGuid(), CaseId = CaseId.New(), At = Instant.FromUtc(2023, 1, 31, 8, 0), Actor = new Official("Петренко Олена", OfficialRole.Clerk),
            Kind = AppealKind.Application, Applicants = [new Applicant($"Коваленко Петро {i}", "м. Житомир, вул. Київська, 1")],
            Subject = $"Ремонт дороги на вулиці Київській, будинок {i}: " + new string('x', 400),
        }).AsTask()));
    }

    // Overwrites half the events table's leaf pages with garbage, leaving the timers (which the sweep claims first) readable.
    private async Task DamageEventsAsync()
    {
        long root, pageSize;
        await using (var connection = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await command.ExecuteNonQueryAsync();
            command.CommandText = "PRAGMA page_size;";
            pageSize = (long)(await command.ExecuteScalarAsync())!;
            command.CommandText = "SELECT rootpage FROM sqlite_master WHERE name = 'events';";
            root = (long)(await command.ExecuteScalarAsync())!;
        }

        var bytes = await File.ReadAllBytesAsync(Db);
        var leaves = new List<long>();
        LeavesOf(root);
        leaves.Should().HaveCountGreaterThan(10);
        var garbage = Enumerable.Repeat((byte)0x5A, (int)pageSize).ToArray();
        await using var file = new FileStream(Db, FileMode.Open, FileAccess.Write);
        foreach (var page in leaves.Skip(leaves.Count / 4).Take(leaves.Count / 2))
        {
            file.Seek((page - 1) * pageSize, SeekOrigin.Begin);
            await file.WriteAsync(garbage);
        }

        // The b-tree as the file format describes it: an interior page (0x02 index, 0x05 table) lists its children as a
        // 4-byte page number at the start of each cell, and the right-most one at offset 8 of its header.
        void LeavesOf(long page)
        {
            var start = (int)((page - 1) * pageSize);
            var header = start + (page == 1 ? 100 : 0);
            if (bytes[header] is not (0x02 or 0x05))
            {
                leaves.Add(page);
                return;
            }

            var cells = (bytes[header + 3] << 8) | bytes[header + 4];
            for (var i = 0; i < cells; i++)
            {
                var cell = start + ((bytes[header + 12 + (2 * i)] << 8) | bytes[header + 13 + (2 * i)]);
                LeavesOf(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(cell)));
            }

            LeavesOf(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(header + 8)));
        }
    }

    [Fact]
    public async Task Check_IntactDatabase_SaysOkWithExitCode0()
    {
        await WriteAppealsAsync(5);

        var run = await Council("check");

        run.ExitCode.Should().Be(0, run.Err);
        run.Out.Should().StartWith("ok: ");
    }

    [Fact]
    public async Task Check_PagesOverwritten_ListsTheProblemsWithExitCode1()
    {
        await WriteAppealsAsync(200);
        await DamageEventsAsync();

        var run = await Council("check");

        run.ExitCode.Should().Be(1, run.Err);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().StartWith("damaged: ");
        lines.Skip(1).Should().Contain(l => l.StartsWith("  ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunOnce_PagesOverwritten_StopsWithOneLineAndFiresNothingAroundTheDamage()
    {
        await WriteAppealsAsync(200);
        await DamageEventsAsync();

        var run = await Council("run", "--once", "--outbox", "none");

        run.ExitCode.Should().Be(1);
        run.ShouldFailWithOneLine("the database is damaged");
        run.Out.Should().NotContain("Sweep at");
    }

    [Fact]
    public async Task Run_Continuous_PagesOverwritten_StopsByItselfWithTheSameLine()
    {
        await WriteAppealsAsync(200);
        await DamageEventsAsync();

        var running = Council("run", "--interval", "1", "--outbox", "none");
        var finished = await Task.WhenAny(running, Task.Delay(TimeSpan.FromMinutes(1)));

        finished.Should().BeSameAs(running, "the worker stops on a damaged database instead of sweeping around it");
        var run = await running;
        run.ExitCode.Should().Be(1);
        run.ShouldFailWithOneLine("the database is damaged");
    }
}
