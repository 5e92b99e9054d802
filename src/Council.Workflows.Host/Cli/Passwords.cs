using System.CommandLine;

namespace Council.Workflows.Host.Cli;

/// <summary>
/// Where a password comes from on the command line — never an argument (it would show in the process list and the shell's
/// history): the first line of <c>--password-file</c>, else <c>$COUNCIL_PASSWORD</c>, else asked on the terminal without
/// echo. With none of them (a script whose input is not a terminal), the command is refused.
/// </summary>
internal static class Passwords
{
    private static readonly TextSource T = new("Output");

    public const string Environment = "COUNCIL_PASSWORD";

    public static string Read(ParseResult parse, string prompt)
    {
        if (parse.GetValue(GlobalOptions.PasswordFile) is { } file)
        {
            var full = Path.GetFullPath(file);
            if (!File.Exists(full))
            {
                throw new CliException(T.Format("Users.NoPasswordFile", full));
            }

            return FirstLine(full);
        }

        if (System.Environment.GetEnvironmentVariable(Environment) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        if (Console.IsInputRedirected)
        {
            throw new CliException(T["Users.NoPassword"]);
        }

        return Prompt(prompt);
    }

    /// <summary>Asks on the terminal without echo.</summary>
    /// <summary>
    /// A password from the first line of a file that only its owner may read: a file others may read is refused (on Unix),
    /// as the password in it is no longer the account's alone.
    /// </summary>
    public static string FirstLine(string full)
    {
        if (!File.Exists(full))
        {
            throw new CliException(T.Format("Users.NoPasswordFile", full));
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new CliException(T.Format("Users.PasswordFileOpen", full));
        }

        using var reader = new StreamReader(full);
        return reader.ReadLine() is { Length: > 0 } line ? line : throw new CliException(T.Format("Users.EmptyPasswordFile", full));
    }

    public static string Prompt(string prompt)
    {
        Console.Error.Write(prompt);
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                Console.Error.WriteLine();
                return text.ToString();
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
    }
}
