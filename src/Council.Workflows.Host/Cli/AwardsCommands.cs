using System.CommandLine;
using Command = System.CommandLine.Command;

namespace Council.Workflows.Host.Cli;

/// <summary><c>council awards …</c>: petitions, the commission's meetings, granting and presentation.</summary>
internal static class AwardsCommands
{
    public static Command Create(CliOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return new Command("awards", "Award petitions and the awards commission.");
    }
}
