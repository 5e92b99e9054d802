using Microsoft.Data.Sqlite;

namespace Council.Workflows.Host.Tests;

// Accounts instead of claimed roles on the command line: the first administrator, accounts acting with their passwords and
// the roles granted them, every grant recorded, keys kept as hashes.
public sealed class UsersCliTest : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("council-users-").FullName;

    private string Db => Path.Combine(_directory, "council.db");

    private string Password(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite); // a password file is its owner's only
        return path;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<CliRun> Council(params string[] args) => CliRun.RunAsync([.. args, "--db", Db]);

    private static readonly string[] Register =
        ["appeals", "register", "--kind", "application", "--applicant", "Коваленко Петро", "--address", "м. Житомир", "--subject", "Дорога"];

    private async Task<string> WithAdministratorAsync()
    {
        var admin = Password("admin.pw", "correct horse battery staple");
        (await Council("users", "add", "admin", "--name", "Петренко Олена Іванівна", "--grant", "administrator,clerk", "--new-password-file", admin)).ExitCode.Should().Be(0);
        return admin;
    }

    [Fact]
    public async Task TheFirstAccount_MustBeAnAdministrator_AndThenActsAreMadeAsAccounts()
    {
        var pw = Password("first.pw", "correct horse battery staple");
        (await Council("users", "add", "olena", "--name", "Петренко Олена", "--grant", "clerk", "--new-password-file", pw))
            .ShouldFailWithOneLine("The first account must be an administrator");
        (await Council([.. Register, "--user", "olena", "--password-file", pw])).ShouldFailWithOneLine("no accounts yet");
        var admin = await WithAdministratorAsync();

        var claimed = await Council([.. Register, "--as", "Хтось", "--role", "head"]);
        var acted = await Council([.. Register, "--user", "admin", "--password-file", admin, "--json"]);
        var show = await Council("appeals", "show", "К-1", "--json");

        claimed.ShouldFailWithOneLine("This database has accounts: act as one with --user LOGIN");
        acted.ExitCode.Should().Be(0, acted.Err);
        var registered = show.Json.GetProperty("history")[0];
        registered.GetProperty("by").GetString().Should().Be("Петренко Олена Іванівна");
        registered.GetProperty("role").GetString().Should().Be("clerk");
        registered.GetProperty("account").GetString().Should().Be("admin");
    }

    [Fact]
    public async Task AnAccount_ActsOnlyInTheRolesItHolds()
    {
        var admin = await WithAdministratorAsync();
        var executor = Password("bondar.pw", "another long passphrase");
        (await Council("users", "add", "bondar", "--name", "Бондар Сергій", "--grant", "виконавець", "--new-password-file", executor, "--user", "admin", "--password-file", admin)).ExitCode.Should().Be(0);

        (await Council([.. Register, "--user", "bondar", "--password-file", executor, "--role", "head"]))
            .ShouldFailWithOneLine("bondar does not hold the role 'head'");
        (await Council([.. Register, "--user", "admin", "--password-file", admin])).ExitCode.Should().Be(0);
        var assign = await Council("appeals", "assign", "К-1", "--executor", "Бондар Сергій", "--user", "bondar", "--password-file", executor);
        assign.ExitCode.Should().NotBe(0);
        assign.Err.Should().Contain("refused").And.Contain("executor");
    }

    [Fact]
    public async Task AWrongPassword_IsRefused_AndFiveLockTheAccount_AllInTheSameWords()
    {
        var admin = await WithAdministratorAsync();
        var wrong = Password("wrong.pw", "not the password at all");
        const string refused = "Sign-in refused: wrong login or password, or the account is disabled, or locked for 15 minutes after 5 failed attempts.";

        for (var i = 0; i < 5; i++)
        {
            (await Council([.. Register, "--user", "admin", "--password-file", wrong])).ShouldFailWithOneLine(refused);
        }

        // Locked: even the right password is refused, in the words an unknown login gets (nothing tells a guesser which exist).
        var locked = await Council([.. Register, "--user", "admin", "--password-file", admin]);
        var unknown = await Council([.. Register, "--user", "nobody", "--password-file", admin]);
        locked.ShouldFailWithOneLine(refused);
        locked.Err.Should().Be(unknown.Err);
        (await Council("appeals", "list")).Out.Should().Contain("No appeal matches", "nothing was registered by the refused attempts");
    }

    [Fact]
    public async Task APasswordFileOthersMayRead_IsRefused()
    {
        var open = Path.Combine(_directory, "open.pw");
        File.WriteAllText(open, "a long enough passphrase\n");
        File.SetUnixFileMode(open, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        (await Council("users", "add", "admin", "--name", "Петренко Олена", "--grant", "administrator", "--new-password-file", open))
            .ShouldFailWithOneLine($"The password file {open} may be read by others");
        (await Council("users", "list")).Out.Should().StartWith("No accounts yet");
    }

    [Fact]
    public async Task AReadingVerb_ChecksTheUserAndRoleTyped_ThoughItActsAsNobody()
    {
        var admin = await WithAdministratorAsync();
        var wrong = Password("wrong.pw", "not the password at all");

        (await Council("appeals", "list", "--user", "admin", "--password-file", wrong)).ShouldFailWithOneLine("Sign-in refused");
        (await Council("appeals", "list", "--user", "nobody", "--password-file", admin)).ShouldFailWithOneLine("Sign-in refused");
        (await Council("appeals", "list", "--role", "boss")).ShouldFailWithOneLine("--role 'boss' is not a role");
        (await Council("appeals", "list", "--user", "admin", "--password-file", admin)).ExitCode.Should().Be(0);
        (await Council("appeals", "list")).ExitCode.Should().Be(0, "reading needs no account");
    }

    [Fact]
    public async Task TheOnlyAdministrator_Locked_IsLetBackInByTheFilesOwner_AndThatIsRecorded()
    {
        var admin = await WithAdministratorAsync();
        var wrong = Password("wrong.pw", "not the password at all");
        var clerkPw = Password("clerk.pw", "clerks long passphrase");
        (await Council("users", "add", "clerk", "--name", "Мельник Віктор", "--grant", "clerk", "--new-password-file", clerkPw, "--user", "admin", "--password-file", admin)).ExitCode.Should().Be(0);
        var secondPw = Password("second.pw", "the second administrator");
        (await Council("users", "add", "second", "--name", "Гречко Наталія", "--grant", "administrator", "--new-password-file", secondPw, "--user", "admin", "--password-file", admin)).ExitCode.Should().Be(0);
        (await Council("users", "unlock", "clerk")).ShouldFailWithOneLine("clerk is not an administrator");
        (await Council("users", "unlock", "admin")).ShouldFailWithOneLine("Administrator second can sign in: ask them");
        (await Council("users", "disable", "second", "--user", "admin", "--password-file", admin)).ExitCode.Should().Be(0);
        for (var i = 0; i < 5; i++)
        {
            await Council([.. Register, "--user", "admin", "--password-file", wrong]);
        }

        (await Council("users", "enable", "admin", "--user", "admin", "--password-file", admin)).ExitCode.Should().NotBe(0, "the locked administrator cannot act");

        var fresh = Password("fresh.pw", "a brand new passphrase");
        var unlock = await Council("users", "unlock", "admin", "--new-password-file", fresh);

        unlock.ExitCode.Should().Be(0, unlock.Err);
        unlock.Out.Should().Contain("admin is unlocked and enabled (by os:");
        (await Council([.. Register, "--user", "admin", "--password-file", admin])).ExitCode.Should().NotBe(0, "the old password was replaced");
        (await Council([.. Register, "--user", "admin", "--password-file", fresh])).ExitCode.Should().Be(0);
        var log = await Council("users", "access-log", "--user", "admin", "--password-file", fresh);
        log.Out.Should().Contain("unlocked the account and set its password (file owner)").And.Contain("os:");
    }

    [Fact]
    public async Task Roles_AreGrantedByAnAdministrator_AndEveryGrantIsRecorded()
    {
        var admin = await WithAdministratorAsync();
        var clerkPw = Password("clerk.pw", "clerks long passphrase");
        (await Council("users", "add", "clerk", "--name", "Мельник Віктор", "--grant", "clerk", "--new-password-file", clerkPw, "--user", "admin", "--password-file", admin)).ExitCode.Should().Be(0);

        (await Council("users", "roles", "clerk", "--grant", "head", "--user", "clerk", "--password-file", clerkPw)).ShouldFailWithOneLine("Only an administrator");
        (await Council("users", "roles", "clerk", "--grant", "head", "--revoke", "clerk", "--user", "admin", "--password-file", admin)).ExitCode.Should().Be(0);
        var record = await Council("users", "roles", "clerk");

        record.Out.Should().Contain("granted clerk (by admin)").And.Contain("granted head (by admin)").And.Contain("took away clerk (by admin)").And.Contain("clerk: head.");
        (await Council("users", "roles", "admin", "--revoke", "administrator", "--user", "admin", "--password-file", admin)).ShouldFailWithOneLine("the last administrator");
    }

    [Fact]
    public async Task ADisabledAccount_CannotAct_AndASimulationStillTakesTypedNames()
    {
        var admin = await WithAdministratorAsync();
        var clerkPw = Password("clerk.pw", "clerks long passphrase");
        (await Council("users", "add", "clerk", "--name", "Мельник Віктор", "--grant", "clerk", "--new-password-file", clerkPw, "--user", "admin", "--password-file", admin)).ExitCode.Should().Be(0);
        (await Council("users", "disable", "clerk", "--user", "admin", "--password-file", admin)).ExitCode.Should().Be(0);

        (await Council([.. Register, "--user", "clerk", "--password-file", clerkPw])).ShouldFailWithOneLine("Sign-in refused");
        (await Council("users", "list", "--json")).Json.EnumerateArray().Single(a => a.GetProperty("login").GetString() == "clerk").GetProperty("disabled").GetBoolean().Should().BeTrue();

        var simulation = Path.Combine(_directory, "rehearsal.db");
        (await CliRun.RunAsync("init", "--simulation", "--db", simulation)).ExitCode.Should().Be(0);
        (await CliRun.RunAsync("users", "add", "admin", "--name", "Петренко Олена", "--grant", "administrator", "--new-password-file", admin, "--db", simulation)).ExitCode.Should().Be(0);
        (await CliRun.RunAsync([.. Register, "--as", "Хтось", "--role", "clerk", "--db", simulation])).ExitCode.Should().Be(0);
    }

    [Fact]
    public async Task AnApiKey_IsShownOnce_AndKeptOnlyAsAHash()
    {
        var admin = await WithAdministratorAsync();

        var issued = await Council("users", "keys", "add", "АСКОД", "--grant", "clerk", "--user", "admin", "--password-file", admin, "--json");
        var list = await Council("users", "keys", "list", "--json");

        issued.ExitCode.Should().Be(0, issued.Err);
        var secret = issued.Json.GetProperty("key").GetString()!;
        var prefix = issued.Json.GetProperty("prefix").GetString()!;
        secret.Should().StartWith(prefix + "_");
        list.Out.Should().Contain(prefix).And.NotContain(secret);
        SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(Db);
        System.Text.Encoding.UTF8.GetString(bytes).Should().NotContain(secret[14..], "only the key's hash is kept");
        (await Council("users", "keys", "add", "X", "--grant", "administrator", "--user", "admin", "--password-file", admin)).ShouldFailWithOneLine("not administrator");
        (await Council("users", "keys", "revoke", prefix, "--user", "admin", "--password-file", admin)).ExitCode.Should().Be(0);
        (await Council("users", "keys", "revoke", prefix, "--user", "admin", "--password-file", admin)).ShouldFailWithOneLine("No working key");
    }

    [Fact]
    public async Task APassword_IsNeverTakenFromTheCommandLine_AndAShortOneIsRefused()
    {
        var shortPw = Password("short.pw", "abc");
        (await Council("users", "add", "admin", "--name", "Петренко Олена", "--grant", "administrator", "--new-password-file", shortPw))
            .ShouldFailWithOneLine("at least 10 characters");
        (await Council("users", "add", "bad login", "--name", "Петренко Олена", "--grant", "administrator", "--new-password-file", shortPw))
            .ShouldFailWithOneLine("'bad login' is not a login");
        (await Council("users", "add", "admin", "--name", "Петренко Олена", "--grant", "boss", "--new-password-file", shortPw))
            .ShouldFailWithOneLine("'boss' is not a role");
        (await Council("users", "list")).Out.Should().Contain("No accounts yet");
    }
}
