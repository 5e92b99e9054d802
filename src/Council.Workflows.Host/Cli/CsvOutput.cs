using CsvHelper;

namespace Council.Workflows.Host.Cli;

/// <summary>Every CSV the product writes (exports, reports) is made here, so each one is safe to open in a spreadsheet.</summary>
internal static class CsvOutput
{
    /// <summary>
    /// A writer that neutralises a text cell a spreadsheet would run as a formula (CSV injection): one starting with
    /// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return (OWASP's list) gets a leading apostrophe, which Excel and
    /// LibreOffice read as "this cell is text". Numbers written as numbers (<c>WriteField(int)</c>) are left alone, so a
    /// negative number stays a number; a number written as text is treated as text.
    /// </summary>
    public static CsvWriter Create(TextWriter target) =>
        CsvWriter.Create(target, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
}
