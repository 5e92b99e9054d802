using System.Globalization;
using System.Net;
using System.Text;

namespace Council.Workflows.Printing;

/// <summary>How a block of a printed document is set.</summary>
public enum PrintStyle
{
    /// <summary>The organisation's name at the head of a letter or card (centred, bold, upper case in print).</summary>
    Letterhead,

    /// <summary>The organisation's details under its name (centred, small).</summary>
    LetterheadDetails,

    /// <summary>The document's title (centred, bold).</summary>
    Title,

    /// <summary>A line under the title (centred).</summary>
    Subtitle,

    /// <summary>A section's heading (bold).</summary>
    Heading,

    /// <summary>Running text (justified, the first line indented in a letter).</summary>
    Paragraph,

    /// <summary>A line of a list or record, indented by <see cref="PrintBlock.Indent"/>.</summary>
    Line,

    /// <summary>A labelled field of a card (<see cref="PrintBlock.Label"/> and the value): one row of a two-column table.</summary>
    Field,

    /// <summary>The letter's outgoing number and date, and the reference to the applicant's letter (left).</summary>
    Reference,

    /// <summary>The addressee (right half of the page).</summary>
    Addressee,

    /// <summary>A signature: <see cref="PrintBlock.Label"/> is the position, the text the name.</summary>
    Signature,

    /// <summary>A small note at the foot (the executor, a copy to).</summary>
    Note,

    /// <summary>An empty line.</summary>
    Spacer,

    /// <summary>A new page (the back of a card).</summary>
    PageBreak,
}

/// <summary>One block of a printed document.</summary>
/// <param name="Style">How it is set.</param>
/// <param name="Text">Its text (the value of a field, the name under a signature).</param>
public sealed record PrintBlock(PrintStyle Style, string Text)
{
    /// <summary>The label of a field, or the position under a signature.</summary>
    public string? Label { get; init; }

    /// <summary>How far a line is indented, in characters of the plain text.</summary>
    public int Indent { get; init; }
}

/// <summary>
/// A document the office prints — a registration-control card, a letter to an applicant, a receipt, the commission's
/// minutes — as blocks, written out as plain text, as HTML that prints on A4 (<see cref="ToHtml"/>), or (by the host) as a
/// Word document staff edit before signing.
/// </summary>
/// <param name="Title">The document's title (the HTML page's title, the Word document's).</param>
/// <param name="Blocks">The blocks in print order.</param>
public sealed record PrintedDocument(string Title, IReadOnlyList<PrintBlock> Blocks)
{
    /// <summary>The width of a field's label in the plain text.</summary>
    public const int LabelWidth = 34;

    /// <summary>The document as plain text, one block a line.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var block in Blocks)
        {
            switch (block.Style)
            {
                case PrintStyle.Field:
                    text.Append(CultureInfo.InvariantCulture, $"{block.Label + ":",-LabelWidth} {block.Text}");
                    break;
                case PrintStyle.Signature:
                    text.Append(CultureInfo.InvariantCulture, $"{block.Label,-20}____________ {block.Text}");
                    break;
                case PrintStyle.Spacer:
                case PrintStyle.PageBreak:
                    break;
                default:
                    text.Append(' ', block.Indent).Append(block.Text);
                    break;
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>
    /// The document as one HTML page that prints on A4 (the margins of ДСТУ 4163: 30 mm left, 10 mm right, 20 mm top and
    /// bottom; Times New Roman 14 pt), with no script and no outside resource; every text is encoded.
    /// </summary>
    public string ToHtml()
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"uk\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(Title)).Append("</title>\n<style>\n")
            .Append(Css).Append("</style>\n</head>\n<body>\n<main class=\"page\">\n");
        var fields = false;
        foreach (var block in Blocks)
        {
            if (block.Style != PrintStyle.Field && fields)
            {
                html.Append("</table>\n");
                fields = false;
            }

            switch (block.Style)
            {
                case PrintStyle.Field:
                    if (!fields)
                    {
                        html.Append("<table class=\"fields\">\n");
                        fields = true;
                    }

                    html.Append("<tr><th>").Append(E(block.Label ?? "")).Append("</th><td>").Append(E(block.Text)).Append("</td></tr>\n");
                    break;
                case PrintStyle.Signature:
                    html.Append("<div class=\"signature\"><span class=\"position\">").Append(E(block.Label ?? "")).Append("</span><span class=\"line\"></span><span class=\"name\">")
                        .Append(E(block.Text)).Append("</span></div>\n");
                    break;
                case PrintStyle.Spacer:
                    html.Append("<div class=\"spacer\"></div>\n");
                    break;
                case PrintStyle.PageBreak:
                    html.Append("<div class=\"page-break\"></div>\n");
                    break;
                default:
                    html.Append("<p class=\"").Append(ClassOf(block.Style)).Append('"');
                    if (block.Indent > 0)
                    {
                        html.Append(" style=\"margin-left:").Append((block.Indent * 0.5).ToString("0.#", CultureInfo.InvariantCulture)).Append("em\"");
                    }

                    html.Append('>').Append(E(block.Text)).Append("</p>\n");
                    break;
            }
        }

        if (fields)
        {
            html.Append("</table>\n");
        }

        return html.Append("</main>\n</body>\n</html>\n").ToString();
    }

    private static string ClassOf(PrintStyle style) => style switch
    {
        PrintStyle.LetterheadDetails => "letterhead-details",
        _ => style.ToString().ToLowerInvariant(),
    };

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private const string Css = """
        @page { size: A4; margin: 20mm 10mm 20mm 30mm; }
        html { background: #e8e8e8; }
        body { margin: 0; font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 14pt; line-height: 1.25; color: #000; }
        .page { overflow-wrap: anywhere; box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 20mm 10mm 20mm 30mm; background: #fff; box-shadow: 0 0 4px rgba(0,0,0,.3); }
        p { margin: 0 0 .35em 0; }
        .letterhead { text-align: center; font-weight: bold; text-transform: uppercase; font-size: 15pt; margin: 0; }
        .letterhead-details { text-align: center; font-size: 10pt; border-bottom: 2px solid #000; padding-bottom: 3mm; margin-bottom: 6mm; }
        .title { text-align: center; font-weight: bold; font-size: 14pt; margin: 4mm 0 1mm; }
        .subtitle { text-align: center; margin: 0 0 2mm; }
        .heading { font-weight: bold; margin-top: 4mm; }
        .paragraph { text-align: justify; text-indent: 12.5mm; }
        .line { text-align: left; }
        .reference { font-size: 12pt; }
        .addressee { margin-left: 50%; }
        .note { font-size: 10pt; margin-top: 10mm; }
        .spacer { height: 1em; }
        table.fields { width: 100%; table-layout: fixed; border-collapse: collapse; margin: 2mm 0; font-size: 12pt; }
        table.fields th { width: 38%; text-align: left; font-weight: normal; vertical-align: top; padding: 1.2mm 2mm 1.2mm 0; border-bottom: 1px solid #999; }
        table.fields td { vertical-align: top; padding: 1.2mm 0; border-bottom: 1px solid #999; }
        .signature { display: flex; align-items: baseline; margin-top: 12mm; }
        .signature .position { flex: 0 0 45%; }
        .signature .line { flex: 1 1 auto; border-bottom: 1px solid #000; margin: 0 4mm; min-width: 25mm; }
        .signature .name { flex: 0 0 auto; }
        .page-break { break-after: page; height: 0; border-top: 1px dashed #bbb; margin: 8mm 0; }
        @media print {
          html { background: none; }
          .page { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
          .page-break { border: 0; margin: 0; }
        }

        """;
}
