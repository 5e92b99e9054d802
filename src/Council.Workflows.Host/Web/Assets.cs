namespace Council.Workflows.Host.Web;

/// <summary>The pages' stylesheet and script, embedded in the program (one file to install, nothing fetched elsewhere).</summary>
internal static class Assets
{
    public static string Css { get; } = Read("site.css");

    public static string Script { get; } = Read("app.js");

    private static string Read(string name)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream($"Council.Workflows.Host.Web.Assets.{name}")
            ?? throw new InvalidOperationException($"The web asset {name} is missing from the program.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
