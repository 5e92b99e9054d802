namespace Council.Workflows.Host.Cli;

/// <summary>
/// Files the product creates hold personal data (names, addresses, what people wrote to the council): the database, the
/// outbox file, exports and reports are created readable and writable by their owner only (0600), whatever the umask.
/// A file that already exists keeps the permissions its owner gave it.
/// </summary>
internal static class PrivateFiles
{
    /// <summary>Read and write for the owner, nothing for anyone else.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Opens <paramref name="path"/> for writing from the start, creating it owner-only.</summary>
    public static FileStream Create(string path) => Open(path, FileMode.Create);

    /// <summary>Opens <paramref name="path"/> for appending, creating it owner-only.</summary>
    public static FileStream Append(string path) => Open(path, FileMode.Append);

    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="path"/>, creating it owner-only.</summary>
    public static async Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(Create(path));
        await writer.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Creates an empty database file owner-only, unless it exists, so that SQLite (which gives its -wal and -shm files the
    /// database file's permissions) never makes them readable by others.
    /// </summary>
    public static void CreateDatabase(string path)
    {
        try
        {
            using var _ = Open(path, FileMode.CreateNew);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first; its permissions are its own.
        }
    }

    private static FileStream Open(string path, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        return new FileStream(path, options);
    }
}
