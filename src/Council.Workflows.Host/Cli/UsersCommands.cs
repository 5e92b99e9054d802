using System.CommandLine;
using Council.Workflows.Accounts;
using Council.Workflows.Engine;
using Council.Workflows.Host.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary>
/// <c>council users add|list|roles|disable|enable|password|keys|access-log</c>: the council's accounts from the command
/// line. The first account is made by whoever may write the database file and must be an administrator; after it, every
/// change is made by an administrator signed in with <c>--user</c>, and recorded.
/// </summary>
internal static class UsersCommands
{
    private static readonly TextSource T = new("Output");

    // What an access-log entry records, in words (the web's administration page names them the same way).
    private static readonly TextSource AccessWords = new("Web");

    public static Command Create(CliOutput output) => new("users", T["Users.Cmd"])
    {
        Add(output),
        List(output),
        Roles(output),
        Disable(output, disable: true),
        Disable(output, disable: false),
        Password(output),
        Unlock(output),
        Keys(output),
        AccessLog(output),
    };

    private static Argument<string> LoginArgument() => new("login") { Description = T["Users.Arg.login"] };

    private static Option<string[]> RoleOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "ROLE",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private static Command Add(CliOutput output)
    {
        var login = LoginArgument();
        var name = new Option<string>("--name") { Description = T["Users.Opt.name"], Required = true, HelpName = "NAME" };
        var roles = RoleOption("--grant", T["Users.Opt.grant"]);
        var newFile = NewPasswordFile();
        var command = new Command("add", T["Users.Cmd.add"]) { login, name, roles, newFile };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: true);
            using var identity = Identity(session);
            var accounts = session.Get<IAccountStore>();
            var loginText = parse.GetValue(login)!.Trim();
            if (AccountServices.LoginProblem(loginText, T) is { } problem)
            {
                throw new CliException(problem);
            }

            var personName = parse.GetValue(name)!.Trim();
            CliText.Check(T["Users.Opt.name"], personName);
            if (personName.Length is 0 or > 300)
            {
                throw new CliException(T["Users.BadName"]);
            }

            var granted = ParseRoles(parse.GetValue(roles));
            string by;
            if (await accounts.CountAsync(ct).ConfigureAwait(false) == 0)
            {
                // The first account: whoever may write the file makes it, and it must be able to make the others.
                if (!granted.Contains(AccountRole.Administrator))
                {
                    throw new CliException(T["Users.FirstIsAdmin"]);
                }

                by = $"os:{Environment.UserName}";
            }
            else
            {
                by = (await AdministratorAsync(parse, identity, ct).ConfigureAwait(false)).Login;
            }

            if (await accounts.FindAsync(loginText, ct).ConfigureAwait(false) is not null)
            {
                throw new CliException(T.Format("Users.Taken", loginText));
            }

            var password = NewPassword(parse, newFile, loginText);
            Done(await Administration(identity).CreateAsync(loginText, personName, granted, password, by, session.Now, ct).ConfigureAwait(false));
            var user = (await accounts.FindAsync(loginText, ct).ConfigureAwait(false))!;

            if (session.Json)
            {
                output.WriteJson(new { login = user.Login, name = user.Name, roles = user.Roles.Select(KebabCase.Of).Order(StringComparer.Ordinal) });
            }
            else
            {
                output.Line(T.Format("Users.Added", user.Login, user.Name, RoleNames(user.Roles)));
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    private static Command List(CliOutput output)
    {
        var command = new Command("list", T["Users.Cmd.list"]);
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            var accounts = await session.Get<IAccountStore>().ListAsync(ct).ConfigureAwait(false);
            if (session.Json)
            {
                output.WriteJson(accounts.Select(a => new
                {
                    login = a.Login,
                    name = a.Name,
                    roles = a.Roles.Select(KebabCase.Of).Order(StringComparer.Ordinal),
                    disabled = a.Disabled,
                    lockedUntil = a.LockedUntil is { } l && l > session.Now ? Results.Iso(l) : null,
                    createdAt = Results.Iso(a.CreatedAt),
                }));
                return CouncilCli.Ok;
            }

            if (accounts.Count == 0)
            {
                output.Line(T["Users.None"]);
                return CouncilCli.Ok;
            }

            var zone = session.Calculator.Zone;
            foreach (var a in accounts)
            {
                var state = a.Disabled ? T["Users.State.Disabled"] : a.LockedUntil is { } l && l > session.Now ? T.Format("Users.State.Locked", Results.Local(l, zone)) : "";
                output.Line($"{a.Login,-20} {a.Name,-32} {RoleNames(a.Roles)}{(state.Length == 0 ? "" : $"  {state}")}");
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    private static Command Roles(CliOutput output)
    {
        var login = LoginArgument();
        var grant = RoleOption("--grant", T["Users.Opt.grant"]);
        var revoke = RoleOption("--revoke", T["Users.Opt.revoke"]);
        var command = new Command("roles", T["Users.Cmd.roles"]) { login, grant, revoke };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false);
            using var identity = Identity(session);
            var accounts = session.Get<IAccountStore>();
            var target = await Existing(accounts, parse.GetValue(login)!, ct).ConfigureAwait(false);
            var toGrant = ParseRoles(parse.GetValue(grant));
            var toRevoke = ParseRoles(parse.GetValue(revoke));
            if (toGrant.Count == 0 && toRevoke.Count == 0)
            {
                // Only showing: the roles and their record.
                foreach (var g in await accounts.GrantsAsync(target.Login, ct).ConfigureAwait(false))
                {
                    output.Line(T.Format(g.Granted ? "Users.Granted" : "Users.Revoked", Results.Local(g.At, session.Calculator.Zone), RoleName(g.Role), g.By));
                }

                output.Line(T.Format("Users.HasRoles", target.Login, RoleNames(target.Roles)));
                return CouncilCli.Ok;
            }

            var admin = await AdministratorAsync(parse, identity, ct).ConfigureAwait(false);
            Done(await Administration(identity).ChangeRolesAsync(admin, target.Login, toGrant, toRevoke, session.Now, ct).ConfigureAwait(false));

            var now = await accounts.FindAsync(target.Login, ct).ConfigureAwait(false);
            output.Line(T.Format("Users.HasRoles", now!.Login, RoleNames(now.Roles)));
            return CouncilCli.Ok;
        }));
        return command;
    }

    private static Command Disable(CliOutput output, bool disable)
    {
        var login = LoginArgument();
        var command = new Command(disable ? "disable" : "enable", T[disable ? "Users.Cmd.disable" : "Users.Cmd.enable"]) { login };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false);
            using var identity = Identity(session);
            var accounts = session.Get<IAccountStore>();
            var target = await Existing(accounts, parse.GetValue(login)!, ct).ConfigureAwait(false);
            var admin = await AdministratorAsync(parse, identity, ct).ConfigureAwait(false);
            Done(await Administration(identity).SetDisabledAsync(admin, target.Login, disable, session.Now, ct).ConfigureAwait(false));

            output.Line(T.Format(disable ? "Users.Disabled" : "Users.Enabled", target.Login));
            return CouncilCli.Ok;
        }));
        return command;
    }

    private static Command Password(CliOutput output)
    {
        var login = LoginArgument();
        var newFile = NewPasswordFile();
        var command = new Command("password", T["Users.Cmd.password"]) { login, newFile };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false);
            using var identity = Identity(session);
            var accounts = session.Get<IAccountStore>();
            var target = await Existing(accounts, parse.GetValue(login)!, ct).ConfigureAwait(false);
            var acting = await SignedInAsync(parse, identity, ct).ConfigureAwait(false);
            if (!string.Equals(acting.Login, target.Login, StringComparison.OrdinalIgnoreCase) && !acting.Roles.Contains(AccountRole.Administrator))
            {
                throw new CliException(T["Users.NotAdministrator"]);
            }

            var password = NewPassword(parse, newFile, target.Login);
            Done(await Administration(identity).SetPasswordAsync(target.Login, password, acting.Login, session.Now, ct).ConfigureAwait(false));

            output.Line(T.Format("Users.PasswordSet", target.Login));
            return CouncilCli.Ok;
        }));
        return command;
    }

    // The way back in when no administrator can sign in (the only one locked, disabled or its password forgotten): whoever
    // may write the database file — who could make the first account — clears the lock, enables the account and may set its
    // password. Refused while another administrator can act; recorded in the access log under the system account's name.
    private static Command Unlock(CliOutput output)
    {
        var login = LoginArgument();
        var newFile = new Option<string?>("--new-password-file") { Description = T["Users.Opt.unlock-password"], HelpName = "FILE" };
        var command = new Command("unlock", T["Users.Cmd.unlock"]) { login, newFile };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false);
            using var identity = Identity(session);
            var accounts = session.Get<IAccountStore>();
            var target = await Existing(accounts, parse.GetValue(login)!, ct).ConfigureAwait(false);
            if (!target.Roles.Contains(AccountRole.Administrator))
            {
                throw new CliException(T.Format("Users.UnlockOnlyAdministrator", target.Login));
            }

            var now = session.Now;
            var other = (await accounts.ListAsync(ct).ConfigureAwait(false)).FirstOrDefault(a =>
                !string.Equals(a.Login, target.Login, StringComparison.OrdinalIgnoreCase) && a.Roles.Contains(AccountRole.Administrator) && !a.Disabled
                && (a.LockedUntil is not { } until || until <= now));
            if (other is not null)
            {
                throw new CliException(T.Format("Users.UnlockAskAdministrator", other.Login, target.Login));
            }

            var by = $"os:{Environment.UserName}";
            var changed = target with { Disabled = false, SecurityStamp = AccountServices.NewStamp(), FailedSignIns = 0, LockedUntil = null };
            if (!await accounts.UpdateAsync(changed, target.SecurityStamp, ct).ConfigureAwait(false))
            {
                throw new CliException(T.Format("Users.Changed", target.Login));
            }

            var passwordSet = parse.GetValue(newFile) is not null;
            if (passwordSet)
            {
                Done(await Administration(identity).SetPasswordAsync(target.Login, NewPassword(parse, newFile, target.Login), ct: ct).ConfigureAwait(false));
            }

            await accounts.LogAccessAsync(new AccessEntry(now, by, passwordSet ? "account-unlocked-password-set" : "account-unlocked", null, target.Login), ct)
                .ConfigureAwait(false);
            output.Line(T.Format("Users.Unlocked", target.Login, by));
            return CouncilCli.Ok;
        }));
        return command;
    }

    private static Command Keys(CliOutput output)
    {
        var name = new Argument<string>("name") { Description = T["Users.Arg.key-name"] };
        var roles = RoleOption("--grant", T["Users.Opt.key-grant"]);
        var add = new Command("add", T["Users.Cmd.keys-add"]) { name, roles };
        add.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false);
            using var identity = Identity(session);
            var admin = await AdministratorAsync(parse, identity, ct).ConfigureAwait(false);
            var keyName = parse.GetValue(name)!.Trim();
            CliText.Check(T["Users.Arg.key-name"], keyName);
            var granted = ParseRoles(parse.GetValue(roles));
            var (issued, problem) = await Administration(identity).IssueKeyAsync(admin, keyName, granted, session.Now, ct).ConfigureAwait(false);
            Done(problem);
            var secret = issued!;
            var prefix = AccountServices.PrefixOf(secret);
            if (session.Json)
            {
                output.WriteJson(new { prefix, key = secret, name = keyName, roles = granted.Select(KebabCase.Of).Order(StringComparer.Ordinal) });
            }
            else
            {
                output.Line(T.Format("Users.KeyAdded", keyName, RoleNames(granted)));
                output.Line(secret);
            }

            return CouncilCli.Ok;
        }));

        var list = new Command("list", T["Users.Cmd.keys-list"]);
        list.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false, readOnly: true);
            var keys = await session.Get<IAccountStore>().ListKeysAsync(ct).ConfigureAwait(false);
            if (session.Json)
            {
                output.WriteJson(keys.Select(k => new
                {
                    prefix = k.Prefix,
                    name = k.Name,
                    roles = k.Roles.Select(KebabCase.Of).Order(StringComparer.Ordinal),
                    createdAt = Results.Iso(k.CreatedAt),
                    createdBy = k.CreatedBy,
                    revokedAt = k.RevokedAt is { } r ? Results.Iso(r) : null,
                    lastUsedAt = k.LastUsedAt is { } u ? Results.Iso(u) : null,
                }));
                return CouncilCli.Ok;
            }

            if (keys.Count == 0)
            {
                output.Line(T["Users.NoKeys"]);
            }

            var zone = session.Calculator.Zone;
            foreach (var k in keys)
            {
                output.Line(T.Format(
                    "Users.KeyLine",
                    k.Prefix,
                    k.Name,
                    RoleNames(k.Roles),
                    k.LastUsedAt is { } used ? Results.Local(used, zone) : T["Users.NeverUsed"],
                    k.RevokedAt is { } revoked ? T.Format("Users.KeyRevokedAt", Results.Local(revoked, zone)) : ""));
            }

            return CouncilCli.Ok;
        }));

        var prefix = new Argument<string>("prefix") { Description = T["Users.Arg.prefix"] };
        var revoke = new Command("revoke", T["Users.Cmd.keys-revoke"]) { prefix };
        revoke.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false);
            using var identity = Identity(session);
            var admin = await AdministratorAsync(parse, identity, ct).ConfigureAwait(false);
            var given = parse.GetValue(prefix)!.Trim();
            Done(await Administration(identity).RevokeKeyAsync(admin.Login, given, session.Now, ct).ConfigureAwait(false));

            output.Line(T.Format("Users.KeyRevoked", given));
            return CouncilCli.Ok;
        }));

        return new Command("keys", T["Users.Cmd.keys"]) { add, list, revoke };
    }

    private static Command AccessLog(CliOutput output)
    {
        var from = CliParsing.DateOption("--from", T["Users.Opt.from"]);
        var to = CliParsing.DateOption("--to", T["Users.Opt.to"]);
        var who = new Option<string?>("--login") { Description = T["Users.Opt.login"], HelpName = "LOGIN" };
        var command = new Command("access-log", T["Users.Cmd.access-log"]) { from, to, who };
        command.SetAction(output.Guarded(async (parse, ct) =>
        {
            await using var session = StaffSession.Open(parse, create: false);
            using var identity = Identity(session);
            var reader = await SignedInAsync(parse, identity, ct).ConfigureAwait(false);
            if (!reader.Roles.Contains(AccountRole.Auditor) && !reader.Roles.Contains(AccountRole.Administrator))
            {
                throw new CliException(T["Users.NotAuditor"]);
            }

            var zone = session.Calculator.Zone;
            var start = parse.GetValue(from) is { } f ? f.AtStartOfDayInZone(zone).ToInstant() : Instant.MinValue;
            var end = parse.GetValue(to) is { } t ? t.PlusDays(1).AtStartOfDayInZone(zone).ToInstant() : Instant.MaxValue;
            var entries = await session.Get<IAccountStore>().AccessLogAsync(start, end, parse.GetValue(who), null, 100_000, ct).ConfigureAwait(false);
            if (session.Json)
            {
                output.WriteJson(entries.Select(e => new { at = Results.Iso(e.At), login = e.Login, what = e.What, caseId = e.Case?.ToString(), detail = e.Detail }));
                return CouncilCli.Ok;
            }

            if (entries.Count == 0)
            {
                output.Line(T["Users.NoAccess"]);
            }

            foreach (var e in entries)
            {
                output.Line($"{Results.Local(e.At, zone)}  {e.Login,-16} {AccessWords.Optional($"Access.{e.What}") ?? e.What}  {e.Case?.ToString() ?? ""} {e.Detail ?? ""}".TrimEnd());
            }

            return CouncilCli.Ok;
        }));
        return command;
    }

    private static Option<string?> NewPasswordFile() => new("--new-password-file") { Description = T["Users.Opt.new-password-file"], HelpName = "FILE" };

    // The new password of an account: the first line of --new-password-file, or typed twice on a terminal.
    private static string NewPassword(ParseResult parse, Option<string?> file, string login)
    {
        if (parse.GetValue(file) is { } path)
        {
            return Passwords.FirstLine(Path.GetFullPath(path));
        }

        if (Console.IsInputRedirected)
        {
            throw new CliException(T["Users.NewPasswordFile"]);
        }

        var first = Passwords.Prompt(T.Format("Users.NewPasswordPrompt", login));
        return Passwords.Prompt(T["Users.AgainPrompt"]) == first ? first : throw new CliException(T["Users.NotSame"]);
    }

    private static AccountAdministration Administration(ServiceProvider identity) => identity.GetRequiredService<AccountAdministration>();

    // An act of the administration done, or its refusal as the command's error.
    private static void Done(string? problem)
    {
        if (problem is not null)
        {
            throw new CliException(problem);
        }
    }

    // Identity over this session's account store.
    private static ServiceProvider Identity(StaffSession session) =>
        AccountServices.AddCouncilAccounts(new ServiceCollection().AddSingleton(session.Get<IAccountStore>()).AddLogging()).BuildServiceProvider();

    // The account of --user, its password checked.
    private static async Task<Account> SignedInAsync(ParseResult parse, ServiceProvider identity, CancellationToken ct)
    {
        var login = parse.GetValue(GlobalOptions.User) ?? throw new CliException(T["Users.NeedUser"]);
        var password = Passwords.Read(parse, T.Format("Users.PasswordPrompt", login));
        var (user, problem) = await AccountServices.CheckPasswordAsync(identity.GetRequiredService<UserManager<StaffUser>>(), login, password, T).ConfigureAwait(false);
        _ = ct;
        return user?.ToAccount() ?? throw new CliException(problem!);
    }

    private static async Task<Account> AdministratorAsync(ParseResult parse, ServiceProvider identity, CancellationToken ct)
    {
        var account = await SignedInAsync(parse, identity, ct).ConfigureAwait(false);
        return account.Roles.Contains(AccountRole.Administrator) ? account : throw new CliException(T["Users.NotAdministrator"]);
    }

    private static async Task<Account> Existing(IAccountStore accounts, string login, CancellationToken ct) =>
        await accounts.FindAsync(login.Trim(), ct).ConfigureAwait(false) ?? throw new CliException(T.Format("Users.NoSuchAccount", login.Trim()));

    private static HashSet<AccountRole> ParseRoles(string[]? given)
    {
        var roles = new HashSet<AccountRole>();
        foreach (var text in (given ?? []).SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            roles.Add(AccountRoleWords.Parse(text) ?? throw new CliException(T.Format("Users.NotARole", text, string.Join(", ", Enum.GetValues<AccountRole>().Select(RoleName)))
                + OfficeWords.Suggestion(text, [.. Enum.GetValues<AccountRole>().Select(RoleName), .. Enum.GetValues<AccountRole>().Select(KebabCase.Of)])));
        }

        return roles;
    }

    public static string RoleName(AccountRole role) => T[$"Users.Role.{KebabCase.Of(role)}"];

    public static string RoleNames(IEnumerable<AccountRole> roles)
    {
        var names = roles.Order().Select(RoleName).ToList();
        return names.Count == 0 ? T["Users.NoRoles"] : string.Join(", ", names);
    }
}

/// <summary>Account roles as an office writes them: kebab-case English or the Ukrainian word.</summary>
internal static class AccountRoleWords
{
    private static readonly Dictionary<string, AccountRole> Ukrainian = new(StringComparer.OrdinalIgnoreCase)
    {
        ["діловод"] = AccountRole.Clerk,
        ["виконавець"] = AccountRole.Executor,
        ["голова"] = AccountRole.Head,
        ["заступник"] = AccountRole.DeputyHead,
        ["секретар"] = AccountRole.Secretary,
        ["член-комісії"] = AccountRole.CommissionMember,
        ["заступник-голови"] = AccountRole.DeputyHead,
        ["контролер"] = AccountRole.Controller,
        ["аудитор"] = AccountRole.Auditor,
        ["адміністратор"] = AccountRole.Administrator,
    };

    public static AccountRole? Parse(string text) =>
        KebabCase.TryParse<AccountRole>(text.Trim(), out var role) ? role : Ukrainian.TryGetValue(text.Trim().Replace(' ', '-'), out var word) ? word : null;
}
