using Council.Workflows.Printing;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Council.Workflows.Host.Printing;

/// <summary>
/// A printed document as a Word document (.docx, Open XML) staff open, edit and sign: A4 with the margins of ДСТУ 4163
/// (30 mm left, 10 mm right, 20 mm top and bottom), Times New Roman 14 pt, Ukrainian as the proofing language.
/// </summary>
internal static class DocxWriter
{
    // A4 and the margins, in twentieths of a point.
    private const int PageWidth = 11906;
    private const int PageHeight = 16838;
    private const int LeftMargin = 1701;
    private const int RightMargin = 567;
    private const int TopMargin = 1134;
    private const int TextWidth = PageWidth - LeftMargin - RightMargin;
    private const int LabelWidth = 3600;

    public static void Write(PrintedDocument document, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document);
        word.PackageProperties.Title = Clean(document.Title);
        word.PackageProperties.Creator = "Council.Workflows";
        var main = word.AddMainDocumentPart();
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", ComplexScript = "Times New Roman", EastAsia = "Times New Roman" },
                new FontSize { Val = "28" },
                new Languages { Val = "uk-UA" })),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "0", Line = "264", LineRule = LineSpacingRuleValues.Auto }))));

        var body = new Body();
        Table? fields = null;
        foreach (var block in document.Blocks)
        {
            if (block.Style == PrintStyle.Field)
            {
                if (fields is null)
                {
                    fields = FieldTable();
                    body.Append(fields);
                }

                fields.Append(new TableRow(Cell(block.Label ?? "", LabelWidth), Cell(block.Text, TextWidth - LabelWidth)));
                continue;
            }

            if (fields is not null)
            {
                // Word needs a paragraph between two tables, and one after the last.
                body.Append(new Paragraph());
                fields = null;
            }

            body.Append(Paragraph(block));
        }

        body.Append(new SectionProperties(
            new PageSize { Width = PageWidth, Height = PageHeight },
            new PageMargin { Top = TopMargin, Bottom = TopMargin, Left = LeftMargin, Right = RightMargin, Header = 708, Footer = 708, Gutter = 0 }));
        main.Document = new Document(body);
        main.Document.Save();
    }

    private static Paragraph Paragraph(PrintBlock block)
    {
        var properties = new ParagraphProperties();
        var run = new RunProperties();
        switch (block.Style)
        {
            case PrintStyle.Letterhead:
                properties.Append(new Justification { Val = JustificationValues.Center });
                run.Append(new Bold(), new Caps(), new FontSize { Val = "30" });
                break;
            case PrintStyle.LetterheadDetails:
                properties.Append(
                    new ParagraphBorders(new BottomBorder { Val = BorderValues.Single, Size = 12, Space = 4 }),
                    new SpacingBetweenLines { After = "240" },
                    new Justification { Val = JustificationValues.Center });
                run.Append(new FontSize { Val = "20" });
                break;
            case PrintStyle.Title:
                properties.Append(new SpacingBetweenLines { Before = "240", After = "60" }, new Justification { Val = JustificationValues.Center });
                run.Append(new Bold());
                break;
            case PrintStyle.Subtitle:
                properties.Append(new Justification { Val = JustificationValues.Center });
                break;
            case PrintStyle.Heading:
                properties.Append(new KeepNext(), new SpacingBetweenLines { Before = "200", After = "60" });
                run.Append(new Bold());
                break;
            case PrintStyle.Paragraph:
                properties.Append(new Indentation { FirstLine = "709" }, new Justification { Val = JustificationValues.Both });
                break;
            case PrintStyle.Reference:
                run.Append(new FontSize { Val = "24" });
                break;
            case PrintStyle.Addressee:
                properties.Append(new Indentation { Left = (TextWidth / 2).ToString(System.Globalization.CultureInfo.InvariantCulture) });
                break;
            case PrintStyle.Note:
                properties.Append(new SpacingBetweenLines { Before = "480" });
                run.Append(new FontSize { Val = "20" });
                break;
            case PrintStyle.Signature:
                properties.Append(new Tabs(new TabStop { Val = TabStopValues.Right, Position = TextWidth }), new SpacingBetweenLines { Before = "600" });
                return new Paragraph(properties, new Run(Text(block.Label ?? "")), new Run(new TabChar()), new Run(Text("____________ " + block.Text)));
            case PrintStyle.PageBreak:
                return new Paragraph(new Run(new Break { Type = BreakValues.Page }));
            case PrintStyle.Spacer:
                return new Paragraph();
            default:
                if (block.Indent > 0)
                {
                    properties.Append(new Indentation { Left = (block.Indent * 140).ToString(System.Globalization.CultureInfo.InvariantCulture) });
                }

                break;
        }

        return new Paragraph(properties, new Run(run, Text(block.Text)));
    }

    private static Table FieldTable() => new(new TableProperties(
        new TableWidth { Width = TextWidth.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
        new TableLayout { Type = TableLayoutValues.Fixed },
        new TableBorders(new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "999999" }, new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "999999" })),
        new TableGrid(new GridColumn { Width = LabelWidth.ToString(System.Globalization.CultureInfo.InvariantCulture) }, new GridColumn { Width = (TextWidth - LabelWidth).ToString(System.Globalization.CultureInfo.InvariantCulture) }));

    private static TableCell Cell(string text, int width) => new(
        new TableCellProperties(new TableCellWidth { Width = width.ToString(System.Globalization.CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }),
        new Paragraph(new ParagraphProperties(new SpacingBetweenLines { Before = "40", After = "40" }), new Run(new RunProperties(new FontSize { Val = "24" }), Text(text))));

    private static Text Text(string text) => new(Clean(text)) { Space = SpaceProcessingModeValues.Preserve };

    // Characters XML cannot carry are left out (input refuses control characters; an old record might still hold one).
    private static string Clean(string text) => text.All(Fits) ? text : new string([.. text.Where(Fits)]);

    private static bool Fits(char c) => !char.IsControl(c) || c is '\t' or '\n' or '\r';
}
