//! Markdown → Word (.docx), for people who want to edit the letter before
//! sending it or who must hand in a Word file.
//!
//! We walk pulldown-cmark events and build the document with `docx-rs`.
//! Structure maps to real Word features where that is cheap and robust:
//! headings use the built-in "heading N" styles (Word's navigation pane and
//! table of contents find them), lists use real numbering (so adding an item in
//! Word continues the list), tables become Word tables. Raw HTML is shown as
//! text, as in the HTML writer.

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, BreakType, Docx, IndentLevel, Level, LevelJc, LevelText, LineSpacing,
    LineSpacingType, NumberFormat, Numbering, NumberingId, PageMargin, Paragraph, Run, RunFonts,
    SpecialIndentType, Start, Style, StyleType, Table, TableCell, TableRow, WidthType,
};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

const FONT: &str = "Calibri";
/// Body text size in half-points (11 pt).
const BODY_SIZE: usize = 22;
/// Heading sizes in half-points for levels 1–6.
const HEADING_SIZES: [usize; 6] = [32, 28, 24, 22, 22, 22];
/// 2.5 cm page margins in twips, matching the printable HTML.
const MARGIN: i32 = 1418;
/// A4 width minus margins, in twips; used to spread table columns.
const TEXT_WIDTH: usize = 11906 - 2 * MARGIN as usize;
/// Indent per list or quote level in twips (1.27 cm, Word's default step).
const INDENT: i32 = 720;
/// Room between a bullet or number and the item text.
const HANGING: i32 = 360;
/// docx-rs always emits its own numbering with id 1; ours start after it.
const FIRST_NUMBERING_ID: usize = 2;

/// Render `md` as a .docx file; `title` goes into the document properties
/// (File → Info in Word, and the PDF title when exported).
pub fn to_docx(md: &str, title: &str) -> Result<Vec<u8>, String> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut builder = Builder::new();
    for event in Parser::new_ext(md, options) {
        builder.event(event);
    }
    let mut xml = builder.finish().build();
    add_core_title(&mut xml.doc_props.core, title);

    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| format!("cannot write .docx: {e}"))?;
    Ok(out.into_inner())
}

/// docx-rs has no setter for the core title, so add `<dc:title>` to the
/// rendered core.xml ourselves.
fn add_core_title(core: &mut Vec<u8>, title: &str) {
    const CLOSE: &[u8] = b"</cp:coreProperties>";
    let title = xml_text(title);
    let title = title.trim();
    if title.is_empty() {
        return;
    }
    if let Some(at) = core.windows(CLOSE.len()).rposition(|w| w == CLOSE) {
        let element = format!("<dc:title>{}</dc:title>", escape_xml(title));
        core.splice(at..at, element.into_bytes());
    }
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Characters XML 1.0 forbids make Word refuse the whole file, so drop them.
/// Newlines become spaces: docx-rs deletes them, which would glue words.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' => Some(' '),
            '\t' => Some('\t'),
            '\u{FFFE}' | '\u{FFFF}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

struct List {
    numbering_id: usize,
}

/// A GFM table being collected; finished paragraphs go into its current cell.
#[derive(Default)]
struct TableState {
    columns: usize,
    in_head: bool,
    rows: Vec<TableRow>,
    cells: Vec<TableCell>,
    cell: Vec<Paragraph>,
}

/// Turns a stream of Markdown events into a `Docx`.
struct Builder {
    docx: Docx,
    /// The paragraph being filled; opened lazily on first content so empty
    /// Markdown blocks leave no stray empty paragraphs.
    para: Option<Paragraph>,
    heading: Option<usize>,
    bold: usize,
    italic: usize,
    strike: usize,
    quote_depth: usize,
    lists: Vec<List>,
    /// The next paragraph is the first of a list item and gets its bullet.
    item_pending: bool,
    next_numbering_id: usize,
    /// Open links and images: their URL and the text shown so far, so the URL
    /// can follow in parentheses unless the text already is the URL.
    links: Vec<(String, String)>,
    table: Option<TableState>,
}

impl Builder {
    fn new() -> Self {
        let fonts = RunFonts::new()
            .ascii(FONT)
            .hi_ansi(FONT)
            .cs(FONT)
            .east_asia(FONT);
        let mut docx = Docx::new()
            .default_fonts(fonts)
            .default_size(BODY_SIZE)
            .default_line_spacing(
                LineSpacing::new()
                    .after(160)
                    .line(264)
                    .line_rule(LineSpacingType::Auto),
            )
            .page_margin(PageMargin {
                top: MARGIN,
                left: MARGIN,
                bottom: MARGIN,
                right: MARGIN,
                header: 708,
                footer: 708,
                gutter: 0,
            });
        for (i, size) in HEADING_SIZES.iter().enumerate() {
            docx = docx.add_style(
                Style::new(format!("Heading{}", i + 1), StyleType::Paragraph)
                    .name(format!("heading {}", i + 1))
                    .bold()
                    .size(*size)
                    .outline_lvl(i)
                    .line_spacing(LineSpacing::new().before(240).after(80)),
            );
        }
        Self {
            docx,
            para: None,
            heading: None,
            bold: 0,
            italic: 0,
            strike: 0,
            quote_depth: 0,
            lists: Vec::new(),
            item_pending: false,
            next_numbering_id: FIRST_NUMBERING_ID,
            links: Vec::new(),
            table: None,
        }
    }

    fn finish(mut self) -> Docx {
        self.flush();
        self.docx
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => self.text(&t),
            // Raw HTML is user text, shown as typed, never interpreted. Block
            // lines are joined with spaces, as a browser shows the HTML page.
            Event::Html(t) => self.text(&t.replace('\n', " ")),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::FootnoteReference(label) => self.text(&format!("[{label}]")),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => {
                let run = Run::new().add_break(BreakType::TextWrapping);
                self.push_run(run);
            }
            Event::Rule => {
                self.flush();
                self.push_paragraph(Paragraph::new());
            }
            Event::TaskListMarker(done) => self.text(if done { "☒ " } else { "☐ " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::HtmlBlock | Tag::CodeBlock(_) => self.flush(),
            Tag::Heading { level, .. } => {
                self.flush();
                self.heading = Some(heading_number(level));
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.quote_depth += 1;
            }
            Tag::List(start) => {
                self.flush();
                let id = self.next_numbering_id;
                self.next_numbering_id += 1;
                let start = start.map(|n| usize::try_from(n).unwrap_or(1));
                self.docx = std::mem::take(&mut self.docx)
                    .add_abstract_numbering(list_numbering(id, start))
                    .add_numbering(Numbering::new(id, id));
                self.lists.push(List { numbering_id: id });
                self.item_pending = false;
            }
            Tag::Item => {
                self.flush();
                self.item_pending = true;
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                self.links.push((dest_url.into_string(), String::new()))
            }
            Tag::Table(alignments) => {
                self.flush();
                self.table = Some(TableState {
                    columns: alignments.len().max(1),
                    ..TableState::default()
                });
            }
            Tag::TableHead => {
                if let Some(table) = &mut self.table {
                    table.in_head = true;
                }
            }
            Tag::TableRow | Tag::TableCell => self.flush(),
            // Not enabled in the parser options; their content still flows as text.
            Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_) => self.flush(),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::HtmlBlock | TagEnd::CodeBlock => self.flush(),
            TagEnd::Heading(_) => {
                self.flush();
                self.heading = None;
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                self.item_pending = false;
            }
            TagEnd::Item => {
                // An empty item still shows its bullet.
                if self.item_pending {
                    self.open();
                }
                self.flush();
                self.item_pending = false;
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link | TagEnd::Image => {
                if let Some((url, shown)) = self.links.pop() {
                    let bare = url.strip_prefix("mailto:").unwrap_or(&url);
                    if !url.is_empty() && shown.trim() != url && shown.trim() != bare {
                        self.text(&format!(" ({url})"));
                    }
                }
            }
            TagEnd::TableCell => {
                self.flush();
                if let Some(table) = &mut self.table {
                    let mut cell =
                        TableCell::new().width(TEXT_WIDTH / table.columns, WidthType::Dxa);
                    // Word rejects a cell without a paragraph.
                    if table.cell.is_empty() {
                        table.cell.push(Paragraph::new());
                    }
                    for p in table.cell.drain(..) {
                        cell = cell.add_paragraph(p);
                    }
                    table.cells.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                self.flush();
                if let Some(table) = &mut self.table {
                    table.in_head = false;
                    if !table.cells.is_empty() {
                        let cells = std::mem::take(&mut table.cells);
                        table.rows.push(TableRow::new(cells));
                    }
                }
            }
            TagEnd::Table => {
                self.flush();
                if let Some(table) = self.table.take() {
                    if !table.rows.is_empty() {
                        let grid = vec![TEXT_WIDTH / table.columns; table.columns];
                        let t = Table::new(table.rows).set_grid(grid);
                        self.docx = std::mem::take(&mut self.docx).add_table(t);
                        // Keeps the table apart from what follows; two adjacent
                        // tables would otherwise merge in Word.
                        self.push_paragraph(Paragraph::new());
                    }
                }
            }
            TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::MetadataBlock(_) => self.flush(),
        }
    }

    /// Add text in the current inline style. Code blocks keep their lines.
    fn text(&mut self, text: &str) {
        for link in &mut self.links {
            link.1.push_str(text);
        }
        // A newline inside a text event only occurs in code and raw HTML
        // blocks; a trailing one just ends the line, blank lines are kept.
        let body = text.strip_suffix('\n').unwrap_or(text);
        for (i, line) in body.split('\n').enumerate() {
            if i > 0 {
                self.push_run(Run::new().add_break(BreakType::TextWrapping));
            }
            if !line.is_empty() {
                let run = self.styled(Run::new().add_text(xml_text(line)));
                self.push_run(run);
            }
        }
    }

    fn styled(&self, mut run: Run) -> Run {
        let in_head = self.table.as_ref().is_some_and(|t| t.in_head);
        if self.bold > 0 || in_head {
            run = run.bold();
        }
        // Quotes are italic as well as indented, so a quote after a list does
        // not read as a continuation of the last item.
        if self.italic > 0 || self.quote_depth > 0 {
            run = run.italic();
        }
        if self.strike > 0 {
            run = run.strike();
        }
        run
    }

    fn push_run(&mut self, run: Run) {
        let para = self.open();
        *para = std::mem::take(para).add_run(run);
    }

    /// The open paragraph, created with the block context (heading, list
    /// item, quote) in force now.
    fn open(&mut self) -> &mut Paragraph {
        if self.para.is_none() {
            let p = self.new_paragraph();
            self.para = Some(p);
        }
        self.para.get_or_insert_with(Paragraph::new)
    }

    fn new_paragraph(&mut self) -> Paragraph {
        let mut p = Paragraph::new();
        if let Some(level) = self.heading {
            return p.style(&format!("Heading{level}")).keep_next(true);
        }
        let depth = self.lists.len() + self.quote_depth;
        let left = INDENT.saturating_mul(i32::try_from(depth).unwrap_or(i32::MAX));
        match self.lists.last() {
            Some(list) if self.item_pending => {
                self.item_pending = false;
                let level = (self.lists.len() - 1).min(8);
                p = p
                    .numbering(NumberingId::new(list.numbering_id), IndentLevel::new(level))
                    .indent(
                        Some(left),
                        Some(SpecialIndentType::Hanging(HANGING)),
                        None,
                        None,
                    );
            }
            _ if depth > 0 => p = p.indent(Some(left), None, None, None),
            _ => {}
        }
        p
    }

    fn flush(&mut self) {
        if let Some(p) = self.para.take() {
            self.push_paragraph(p);
        }
    }

    fn push_paragraph(&mut self, p: Paragraph) {
        match &mut self.table {
            Some(table) => table.cell.push(p),
            None => self.docx = std::mem::take(&mut self.docx).add_paragraph(p),
        }
    }
}

fn heading_number(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// One numbering definition per Markdown list, so every list restarts at its
/// own start number. All nine Word levels are defined because a nested list
/// uses the level of its depth.
fn list_numbering(id: usize, start: Option<usize>) -> AbstractNumbering {
    let mut numbering = AbstractNumbering::new(id);
    for level in 0..9 {
        let (format, text) = match start {
            Some(_) => ("decimal", format!("%{}.", level + 1)),
            None => ("bullet", if level % 2 == 0 { "•" } else { "–" }.to_string()),
        };
        let left = INDENT * (level as i32 + 1);
        numbering = numbering.add_level(
            Level::new(
                level,
                Start::new(start.unwrap_or(1)),
                NumberFormat::new(format),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(
                Some(left),
                Some(SpecialIndentType::Hanging(HANGING)),
                None,
                None,
            ),
        );
    }
    numbering
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event as XmlEvent;
    use quick_xml::Reader;
    use std::io::Read;

    fn part(docx: &[u8], name: &str) -> Option<String> {
        let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("zip");
        let mut file = zip.by_name(name).ok()?;
        let mut xml = String::new();
        file.read_to_string(&mut xml).expect("utf-8 part");
        Some(xml)
    }

    /// Parse all events; return the text of each `w:p`, unescaped.
    fn paragraphs(xml: &str) -> Vec<String> {
        let mut reader = Reader::from_str(xml);
        let mut paras = Vec::new();
        let mut current: Option<String> = None;
        let mut in_text = false;
        loop {
            match reader.read_event().expect("well-formed XML") {
                XmlEvent::Start(e) if e.name().as_ref() == b"w:p" => current = Some(String::new()),
                XmlEvent::Empty(e) if e.name().as_ref() == b"w:p" => paras.push(String::new()),
                XmlEvent::End(e) if e.name().as_ref() == b"w:p" => {
                    paras.extend(current.take());
                }
                XmlEvent::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
                XmlEvent::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
                XmlEvent::Empty(e) if e.name().as_ref() == b"w:br" => {
                    if let Some(p) = &mut current {
                        p.push('\n');
                    }
                }
                XmlEvent::Text(t) if in_text => {
                    if let Some(p) = &mut current {
                        p.push_str(&t.xml10_content().expect("text"));
                    }
                }
                XmlEvent::GeneralRef(r) if in_text => {
                    let name: &[u8] = &r;
                    let resolved = match name {
                        b"lt" => "<",
                        b"gt" => ">",
                        b"amp" => "&",
                        b"quot" => "\"",
                        b"apos" => "'",
                        other => panic!("unexpected entity {other:?}"),
                    };
                    if let Some(p) = &mut current {
                        p.push_str(resolved);
                    }
                }
                XmlEvent::Eof => break,
                _ => {}
            }
        }
        paras
    }

    fn check_all_parts_parse(docx: &[u8]) {
        let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("zip");
        for i in 0..zip.len() {
            let mut file = zip.by_index(i).expect("entry");
            let mut xml = String::new();
            file.read_to_string(&mut xml).expect("utf-8 part");
            let mut reader = Reader::from_str(&xml);
            loop {
                match reader.read_event() {
                    Ok(XmlEvent::Eof) => break,
                    Ok(_) => {}
                    Err(e) => panic!("{}: {e}", file.name()),
                }
            }
        }
    }

    const LETTER: &str = "# Verzoek aan de raad van Súdwest-Fryslân\n\n\
        Geachte raad,\nwij schrijven u namens **Wooncoöperatie De Kiem** en *haar leden*.\n\n\
        Coöperatie <script>alert(1)</script> & co.\n\n\
        ## Wat wij vragen\n\n\
        - grond in **erfpacht**\n- een garantstelling\n  - genest punt\n\n\
        3. derde\n4. vierde\n\n\
        > Citaat uit het akkoord.\n\n\
        Zie [de notitie](https://example.org/n?a=1&b=2) of <https://example.org/x>.  \n\
        Mail <griffie@example.org>.\n\n\
        `code` en ~~weg~~.\n\n---\n\n\
        ```\nregel 1\n\nregel 3\n```\n\n\
        | Jaar | Woningen |\n|---|---|\n| 2025 | 12 |\n";

    #[test]
    fn letter_has_all_texts_in_word_xml() {
        let bytes = to_docx(LETTER, "Verzoek & brief").expect("docx");
        check_all_parts_parse(&bytes);
        let xml = part(&bytes, "word/document.xml").expect("word/document.xml");
        let paras = paragraphs(&xml);
        let has = |want: &str| {
            assert!(
                paras.iter().any(|p| p == want),
                "no paragraph {want:?} in {paras:#?}"
            );
        };
        has("Verzoek aan de raad van Súdwest-Fryslân");
        has("Geachte raad, wij schrijven u namens Wooncoöperatie De Kiem en haar leden.");
        has("Coöperatie <script>alert(1)</script> & co.");
        has("Wat wij vragen");
        has("grond in erfpacht");
        has("genest punt");
        has("derde");
        has("Citaat uit het akkoord.");
        has("Zie de notitie (https://example.org/n?a=1&b=2) of https://example.org/x.\nMail griffie@example.org.");
        has("code en weg.");
        has("regel 1\n\nregel 3");
        has("Jaar");
        has("12");
        assert!(paras.iter().any(String::is_empty), "rule → empty paragraph");
        assert!(xml.contains("&lt;script&gt;"), "script must be escaped");
        assert!(!xml.contains("<script"));
        assert!(xml.contains("w:pStyle w:val=\"Heading1\""));
        assert!(xml.contains("<w:b />") || xml.contains("<w:b/>"));
        assert!(xml.contains("<w:numId w:val=\"2\""));
        assert!(xml.contains("<w:tbl>"));
    }

    #[test]
    fn styles_numbering_and_title_are_set() {
        let bytes = to_docx(LETTER, "Brief <aan> de raad & griffie").expect("docx");
        let core = part(&bytes, "docProps/core.xml").expect("core.xml");
        assert!(
            core.contains("<dc:title>Brief &lt;aan&gt; de raad &amp; griffie</dc:title>"),
            "{core}"
        );
        let styles = part(&bytes, "word/styles.xml").expect("styles.xml");
        assert!(
            styles.contains("heading 1") && styles.contains(FONT),
            "{styles}"
        );
        let numbering = part(&bytes, "word/numbering.xml").expect("numbering.xml");
        assert!(numbering.contains("w:val=\"bullet\"") && numbering.contains("w:val=\"decimal\""));
        // The ordered list starts at 3, as in the Markdown.
        assert!(numbering.contains("<w:start w:val=\"3\""), "{numbering}");
    }

    #[test]
    fn empty_and_odd_input_gives_a_valid_file() {
        for md in [
            "",
            "\n",
            "#",
            "- ",
            "1.",
            "> ",
            "```",
            "|a|\n|-|",
            "\u{1}\u{0}\u{b}x\u{FFFF}",
            "***",
            "[](<>)",
            "<div>\n</div>",
            "- - - a",
            "1. a\n\n   b\n2. c",
        ] {
            let bytes = to_docx(md, "\u{0}").unwrap_or_else(|e| panic!("{md:?}: {e}"));
            check_all_parts_parse(&bytes);
            let xml = part(&bytes, "word/document.xml").expect("document.xml");
            paragraphs(&xml);
        }
    }

    #[test]
    fn raw_html_block_lines_stay_apart() {
        let bytes = to_docx("<div>\n<b>x</b>\n</div>\n", "t").expect("docx");
        let xml = part(&bytes, "word/document.xml").expect("document.xml");
        assert_eq!(paragraphs(&xml), ["<div> <b>x</b> </div> "]);
    }

    #[test]
    fn quotes_are_indented_and_italic() {
        let bytes = to_docx("> Citaat\n", "t").expect("docx");
        let xml = part(&bytes, "word/document.xml").expect("document.xml");
        assert!(
            xml.contains("w:left=\"720\"") && xml.contains("<w:i />"),
            "{xml}"
        );
    }

    #[test]
    fn loose_list_item_continues_without_a_second_bullet() {
        let bytes = to_docx("1. eerste\n\n   vervolg\n2. tweede\n", "t").expect("docx");
        let xml = part(&bytes, "word/document.xml").expect("document.xml");
        assert_eq!(xml.matches("<w:numId ").count(), 2, "{xml}");
        assert_eq!(paragraphs(&xml), ["eerste", "vervolg", "tweede"]);
    }
}
