using System.CommandLine;
using System.Security.Cryptography;
using Council.Workflows.Accounts;
using Council.Workflows.Engine;
using Council.Workflows.Host.Accounts;
using Council.Workflows.Host.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary>
/// <c>council serve</c>: the staff's web application and the HTTP API on the council's database (with <c>--worker</c>, the
/// deadline worker in the same process). <c>--demo</c> on a new file first builds the demo year into it as a simulation and
/// makes a demo account for each role, printing their sign-ins.
/// </summary>
internal static class ServeCommand
{
    private static readonly TextSource T = new("Verbs");

    /// <summary>The demo's accounts: login, the person's name (as the demo year's acts name them), role.</summary>
    internal static readonly (string Login, string Name, AccountRole Role)[] DemoAccounts =
    [
        ("admin", "Адміністратор системи", AccountRole.Administrator),
        ("petrenko", "Петренко Олена", AccountRole.Clerk),
        ("bondar", "Бондар Сергій", AccountRole.Executor),
        // The demo year's other executors (YearSimulation names them), so its appeals can be reassigned to any of them.
        ("savchuk", "Савчук Марія", AccountRole.Executor),
        ("hnatiuk", "Гнатюк Павло", AccountRole.Executor),
        ("lytvyn", "Литвин Оксана", AccountRole.Executor),
        ("kravets", "Кравець Інна", AccountRole.Executor),
        ("lukianenko", "Лук'яненко Дмитро", AccountRole.Executor),
        ("sydorenko", "Сидоренко Ганна", AccountRole.Executor),
        ("yakovenko", "Яковенко Роман", AccountRole.Executor),
        ("melnyk", "Мельник Віктор", AccountRole.Head),
        ("tkach", "Ткач Ірина", AccountRole.DeputyHead),
        ("grechko", "Гречко Наталія", AccountRole.Secretary),
        ("kontrol", "Остапчук Людмила", AccountRole.Controller),
        ("audytor", "Руденко Світлана", AccountRole.Auditor),
    ];

    public static Command Create(CliOutput output)
    {
        var urls = new Option<string[]>("--urls")
        {
            Description = T["Serve.Opt.urls"],
            DefaultValueFactory = _ => ["http://127.0.0.1:5080"],
            HelpName = "URL",
            Arity = ArgumentArity.OneOrMore,
        };
        var worker = new Option<bool>("--worker") { Description = T["Serve.Opt.worker"] };
        var demo = new Option<bool>("--demo") { Description = T["Serve.Opt.demo"] };
        var proxy = new Option<bool>("--behind-proxy") { Description = T["Serve.Opt.behind-proxy"] };
        var command = new Command("serve", T["Serve.Cmd"]) { urls, worker, demo, proxy };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            var settings = StaffSession.Settings(parse);
            var path = settings.IsPostgreSql ? settings.Database(StaffSession.ServedCouncil(settings)) : settings.DatabasePath;
            var given = parse.GetValue(urls)!;
            foreach (var url in given)
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
                {
                    throw new CliException(T.Format("Serve.BadUrl", url));
                }
            }

            if (settings.IsPostgreSql && parse.GetValue(demo))
            {
                throw new CliException(T["Serve.DemoOnPostgreSql"]);
            }

            if (!settings.StoreExists())
            {
                if (!parse.GetValue(demo))
                {
                    throw new CliException(T.Format("Serve.NoDatabase", path));
                }

                var (code, _) = await DemoCommand.BuildYearAsync(parse, output, 1.0, 2023, ct).ConfigureAwait(false);
                if (code != CouncilCli.Ok)
                {
                    return code;
                }
            }

            await using (var session = StaffSession.Open(parse, create: false))
            {
                await session.RecordCouncilAsync(settings, ct).ConfigureAwait(false);
                var accounts = session.Get<IAccountStore>();
                var count = await accounts.CountAsync(ct).ConfigureAwait(false);
                if (parse.GetValue(demo))
                {
                    if (!session.IsSimulation)
                    {
                        throw new CliException(T.Format("Serve.DemoOnWorking", path));
                    }

                    await DemoSignInsAsync(session, output, count == 0, ct).ConfigureAwait(false);
                }
                else if (count == 0)
                {
                    throw new CliException(T.Format("Serve.NoAccounts", path));
                }
            }

            var options = new WebOptions { Urls = given, Worker = parse.GetValue(worker), BehindProxy = parse.GetValue(proxy) };
            await using var app = WebApp.Build(settings, options);
            await app.StartAsync(ct).ConfigureAwait(false);
            output.Line(T.Format("Serve.Listening", string.Join(", ", given), path));
            if (given.Any(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !IsLoopback(u)) && !options.BehindProxy)
            {
                output.Error(T["Serve.PlainHttp"]);
            }

            try
            {
                await app.WaitForShutdownAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "localhost");

    // The demo's sign-ins: made once (random passwords, kept beside the database, owner-only), printed at every start.
    private static async Task DemoSignInsAsync(StaffSession session, CliOutput output, bool make, CancellationToken ct)
    {
        var file = session.Path + ".sign-ins.txt";
        if (make)
        {
            using var identity = AccountServices.AddCouncilAccounts(new ServiceCollection().AddSingleton(session.Get<IAccountStore>()).AddLogging()).BuildServiceProvider();
            var users = identity.GetRequiredService<UserManager<StaffUser>>();
            var lines = new List<string>();
            foreach (var (login, name, role) in DemoAccounts)
            {
                var password = "demo-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant();
                var result = await users.CreateAsync(new StaffUser
                {
                    Login = login,
                    Name = name,
                    SecurityStamp = AccountServices.NewStamp(),
                    Roles = [role],
                    CreatedAt = session.Now,
                    CreatedBy = "demo",
                }, password).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    throw new CliException(string.Join("; ", result.Errors.Select(e => e.Description)));
                }

                lines.Add($"{login}\t{password}\t{KebabCase.Of(role)}\t{name}");
            }

            await PrivateFiles.WriteAllTextAsync(file, string.Join("\n", lines) + "\n", ct).ConfigureAwait(false);
        }

        if (!File.Exists(file))
        {
            return;
        }

        output.Line(T.Format("Serve.DemoSignIns", file));
        foreach (var line in await File.ReadAllLinesAsync(file, ct).ConfigureAwait(false))
        {
            var parts = line.Split('\t');
            if (parts.Length == 4 && KebabCase.TryParse<AccountRole>(parts[2], out var role))
            {
                output.Line($"  {parts[0],-10} {parts[1],-16} {UsersCommands.RoleName(role),-16} {parts[3]}");
            }
        }
    }
}
