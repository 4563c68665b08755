//! Markdown → Word (.docx), for people who want to edit the letter before
//! sending it or who must hand in a Word file.
//!
//! We write the WordprocessingML ourselves, from pulldown-cmark events, so
//! every element comes in the order the OOXML schema prescribes (Word is
//! strict about it; checked with `openxml-audit` in tests/it/docx_schema.rs).
//! Structure maps to real Word features: a default paragraph style and named
//! heading styles (the navigation pane and a table of contents find them),
//! real numbering for lists (adding an item in Word continues the list),
//! Word tables, clickable hyperlinks, page numbers in the footer, the closing
//! kept on one page with the signature, and fill-in places such as
//! `[mailadres]` highlighted yellow. Raw HTML is shown as text, as in the
//! HTML writer.
//!
//! The parts that never change (styles, settings, fonts, theme, footer,
//! package relationships) are compressed once per process and copied into
//! every file as they are; per document only the body, its relationships
//! (hyperlinks), its list numbering and the core properties are written.

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};
use std::sync::OnceLock;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::fillin::{self, Marked};

/// Body text size in half-points (11 pt).
const BODY_SIZE: usize = 22;
/// Heading sizes in half-points for levels 1–6.
const HEADING_SIZES: [usize; 6] = [32, 28, 24, 22, 22, 22];
/// 2.5 cm page margins in twips, matching the printable HTML.
const MARGIN: usize = 1418;
/// A4 in twips.
const PAGE_WIDTH: usize = 11906;
const PAGE_HEIGHT: usize = 16838;
/// A4 width minus margins, in twips; used to spread table columns.
const TEXT_WIDTH: usize = PAGE_WIDTH - 2 * MARGIN;
/// Indent per list or quote level in twips (1.27 cm, Word's default step).
const INDENT: usize = 720;
/// Room between a bullet or number and the item text.
const HANGING: usize = 360;
/// Ways to close a Dutch letter; the paragraph that starts with one stays on
/// the page of the signature below it.
const CLOSINGS: &[&str] = &[
    "met vriendelijke groet",
    "met hartelijke groet",
    "met een vriendelijke groet",
    "vriendelijke groet",
    "hoogachtend",
    "met de meeste hoogachting",
];

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// What Word shows under File → Info (and a PDF export carries along).
#[derive(Debug, Clone)]
pub struct DocxMeta<'a> {
    /// The document's title; for a letter its subject line. Also the subject.
    pub title: &'a str,
    /// The author: the cooperative, when known.
    pub creator: Option<&'a str>,
    /// Created and last modified.
    pub created: jiff::Timestamp,
}

/// Render `md` as a .docx file.
pub fn to_docx(md: &str, meta: &DocxMeta<'_>) -> Result<Vec<u8>, String> {
    let body = Body::build(md);
    let mut parts = template()
        .map_err(|e| format!("cannot prepare .docx parts: {e}"))?
        .clone();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(16 * 1024)));
    let fail = |e: zip::result::ZipError| format!("cannot write .docx: {e}");
    // [Content_Types].xml first, as Word writes it.
    for i in 0..parts.len() {
        let part = parts.by_index_raw(i).map_err(fail)?;
        zip.raw_copy_file(part).map_err(fail)?;
    }
    // Deflate starts with a fresh state of some 100 kB per entry, which costs
    // more than it saves on the small parts: only the body is compressed.
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    // The body with this thread's compressor (see `deflated_entry`).
    let document = crate::io::output::deflated_entry("word/document.xml", body.document.as_bytes())
        .map_err(|e| format!("cannot write .docx: {e}"))?;
    let mut document = ZipArchive::new(Cursor::new(document)).map_err(fail)?;
    zip.raw_copy_file(document.by_index_raw(0).map_err(fail)?)
        .map_err(fail)?;
    let dynamic = [
        (
            "word/_rels/document.xml.rels",
            &body.relationships(),
            stored,
        ),
        ("word/numbering.xml", &body.numbering(), stored),
        ("docProps/core.xml", &core_properties(meta), stored),
    ];
    for (name, xml, options) in dynamic {
        zip.start_file(name, options).map_err(fail)?;
        zip.write_all(xml.as_bytes())
            .map_err(|e| format!("cannot write .docx: {e}"))?;
    }
    Ok(zip.finish().map_err(fail)?.into_inner())
}

/// The compressed parts every document shares, built and indexed once.
fn template() -> Result<&'static ZipArchive<Cursor<&'static [u8]>>, String> {
    static TEMPLATE: OnceLock<Result<ZipArchive<Cursor<&'static [u8]>>, String>> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let bytes: &'static [u8] = build_template().map_err(|e| e.to_string())?.leak();
            ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn build_template() -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9));
    for (name, xml) in [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", PACKAGE_RELS.to_string()),
        ("docProps/app.xml", APP.to_string()),
        ("word/styles.xml", styles()),
        ("word/settings.xml", SETTINGS.to_string()),
        ("word/fontTable.xml", FONT_TABLE.to_string()),
        ("word/footer1.xml", FOOTER.to_string()),
        ("word/theme/theme1.xml", THEME.to_string()),
    ] {
        zip.start_file(name, options)?;
        zip.write_all(xml.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Appends `text` escaped for XML content and attribute values. Characters
/// XML 1.0 forbids make Word refuse the whole file, so they are dropped;
/// line breaks become spaces.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' | '\r' => out.push(' '),
            '\t' => out.push('\t'),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

fn core_properties(meta: &DocxMeta<'_>) -> String {
    let mut xml = String::with_capacity(1024);
    xml.push_str(XML_DECL);
    xml.push_str(
        "<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
    );
    let title = escape(meta.title);
    let title = title.trim();
    if !title.is_empty() {
        let _ = write!(
            xml,
            "<dc:title>{title}</dc:title><dc:subject>{title}</dc:subject>"
        );
    }
    let creator = meta.creator.map(escape);
    if let Some(creator) = creator.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        let _ = write!(
            xml,
            "<dc:creator>{creator}</dc:creator><cp:lastModifiedBy>{creator}</cp:lastModifiedBy>"
        );
    }
    let when = meta.created.strftime("%Y-%m-%dT%H:%M:%SZ");
    let _ = write!(
        xml,
        "<dc:language>nl-NL</dc:language>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{when}</dcterms:modified>\
         </cp:coreProperties>"
    );
    xml
}

/// Inline formatting in force.
#[derive(Default, Clone, Copy)]
struct Inline {
    bold: usize,
    italic: usize,
    strike: usize,
    fill_in: bool,
    link: bool,
}

/// A paragraph being built; written out when the document is finished, so
/// the closing can still be tied to what comes before and after it.
#[derive(Default)]
struct Para {
    style: Option<String>,
    keep_next: bool,
    keep_lines: bool,
    /// (numbering id, level)
    num: Option<(usize, usize)>,
    /// (left, hanging) in twips.
    indent: Option<(usize, usize)>,
    runs: String,
    /// The start of the text, to recognise the closing.
    start: String,
    /// The text ends in a colon: it introduces what follows.
    lead_in: bool,
}

impl Para {
    fn write(&self, out: &mut String) {
        out.push_str("<w:p>");
        let has_props = self.style.is_some()
            || self.keep_next
            || self.keep_lines
            || self.num.is_some()
            || self.indent.is_some();
        if has_props {
            // CT_PPr order: pStyle, keepNext, keepLines, numPr, ind.
            out.push_str("<w:pPr>");
            if let Some(style) = &self.style {
                let _ = write!(out, "<w:pStyle w:val=\"{style}\"/>");
            }
            if self.keep_next {
                out.push_str("<w:keepNext/>");
            }
            if self.keep_lines {
                out.push_str("<w:keepLines/>");
            }
            if let Some((id, level)) = self.num {
                let _ = write!(
                    out,
                    "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{id}\"/></w:numPr>"
                );
            }
            match self.indent {
                Some((left, 0)) => {
                    let _ = write!(out, "<w:ind w:left=\"{left}\"/>");
                }
                Some((left, hanging)) => {
                    let _ = write!(out, "<w:ind w:left=\"{left}\" w:hanging=\"{hanging}\"/>");
                }
                None => {}
            }
            out.push_str("</w:pPr>");
        }
        out.push_str(&self.runs);
        out.push_str("</w:p>");
    }

    fn is_closing(&self) -> bool {
        let start = self.start.trim_start().to_lowercase();
        CLOSINGS.iter().any(|c| start.starts_with(c))
    }
}

enum Block {
    Para(Para),
    /// Already written XML (a table).
    Xml(String),
}

struct List {
    numbering_id: usize,
}

/// A GFM table being collected.
#[derive(Default)]
struct TableState {
    columns: usize,
    in_head: bool,
    /// Finished rows, written.
    rows: String,
    /// Finished cells of the current row, written.
    row: String,
    /// Paragraphs of the current cell, written.
    cell: String,
    cell_paragraphs: usize,
}

/// A list's numbering: which abstract definition, and where it starts.
struct ListNumbering {
    ordered: bool,
    level: usize,
    start: u64,
}

/// The document body built from Markdown, with what its parts refer to.
struct Body {
    document: String,
    lists: Vec<ListNumbering>,
    hyperlinks: Vec<String>,
}

impl Body {
    fn build(md: &str) -> Body {
        let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
        let events = Parser::new_ext(md, options).into_offset_iter();
        let mut builder = Builder::new();
        for m in fillin::marked(md, events) {
            match m {
                Marked::Event(e) => builder.event(e),
                Marked::Open => builder.inline.fill_in = true,
                Marked::Close => builder.inline.fill_in = false,
            }
        }
        builder.finish()
    }

    fn relationships(&self) -> String {
        let mut xml = String::with_capacity(1024 + self.hyperlinks.len() * 160);
        xml.push_str(XML_DECL);
        xml.push_str(DOCUMENT_RELS_START);
        for (i, url) in self.hyperlinks.iter().enumerate() {
            let _ = write!(
                xml,
                "<Relationship Id=\"rIdH{}\" Type=\"{R_NS}/hyperlink\" Target=\"{}\" TargetMode=\"External\"/>",
                i + 1,
                escape(url)
            );
        }
        xml.push_str("</Relationships>");
        xml
    }

    /// Two abstract lists (bullets, numbers) and one numbering instance per
    /// Markdown list, so every numbered list restarts at its own start.
    fn numbering(&self) -> String {
        let mut xml =
            String::with_capacity(abstract_numbering().len() + 256 + 128 * self.lists.len());
        xml.push_str(XML_DECL);
        let _ = write!(xml, "<w:numbering xmlns:w=\"{W_NS}\">");
        xml.push_str(abstract_numbering());
        for (i, list) in self.lists.iter().enumerate() {
            let _ = write!(
                xml,
                "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"{}\"/>",
                i + 1,
                u8::from(list.ordered)
            );
            if list.ordered {
                let _ = write!(
                    xml,
                    "<w:lvlOverride w:ilvl=\"{}\"><w:startOverride w:val=\"{}\"/></w:lvlOverride>",
                    list.level, list.start
                );
            }
            xml.push_str("</w:num>");
        }
        xml.push_str("</w:numbering>");
        xml
    }
}

/// Turns a stream of Markdown events into WordprocessingML.
struct Builder {
    blocks: Vec<Block>,
    /// The paragraph being filled; opened lazily on first content so empty
    /// Markdown blocks leave no stray empty paragraphs.
    para: Option<Para>,
    heading: Option<usize>,
    inline: Inline,
    quote_depth: usize,
    lists: Vec<List>,
    /// The next paragraph is the first of a list item and gets its bullet.
    item_pending: bool,
    numbering: Vec<ListNumbering>,
    hyperlinks: Vec<String>,
    /// Open links and images: their URL, the text shown so far (so the URL
    /// can follow in parentheses unless the text already is the URL), and
    /// whether a `w:hyperlink` element was opened for it.
    links: Vec<(String, String, bool)>,
    table: Option<TableState>,
}

impl Builder {
    fn new() -> Self {
        Self {
            blocks: Vec::with_capacity(64),
            para: None,
            heading: None,
            inline: Inline::default(),
            quote_depth: 0,
            lists: Vec::new(),
            item_pending: false,
            numbering: Vec::new(),
            hyperlinks: Vec::new(),
            links: Vec::new(),
            table: None,
        }
    }

    fn finish(mut self) -> Body {
        self.flush();
        // The closing stays on the page of the signature after it, and takes
        // the end of the last paragraph along: a second page never holds
        // only "Met vriendelijke groet" and a name.
        if let Some(at) = self
            .blocks
            .iter()
            .rposition(|b| matches!(b, Block::Para(p) if p.is_closing()))
        {
            if let Some(Block::Para(p)) = self.blocks.get_mut(at) {
                p.keep_next = true;
                p.keep_lines = true;
            }
            if let Some(Block::Para(p)) = at.checked_sub(1).and_then(|i| self.blocks.get_mut(i)) {
                p.keep_next = true;
            }
            if let Some(Block::Para(p)) = self.blocks.get_mut(at + 1) {
                p.keep_lines = true;
            }
        }
        // "Onze cijfers op een rij:" stays with the list it introduces.
        for i in 1..self.blocks.len() {
            let next_is_list = matches!(&self.blocks[i], Block::Para(p) if p.num.is_some())
                || matches!(&self.blocks[i], Block::Xml(_));
            if let (true, Block::Para(p)) = (next_is_list, &mut self.blocks[i - 1]) {
                if p.lead_in {
                    p.keep_next = true;
                }
            }
        }
        let size: usize = self
            .blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => p.runs.len() + 128,
                Block::Xml(x) => x.len(),
            })
            .sum();
        let mut xml = String::with_capacity(size + 1024);
        xml.push_str(XML_DECL);
        let _ = write!(
            xml,
            "<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>"
        );
        for block in &self.blocks {
            match block {
                Block::Para(p) => p.write(&mut xml),
                Block::Xml(x) => xml.push_str(x),
            }
        }
        let _ = write!(
            xml,
            "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>\
             <w:pgSz w:w=\"{PAGE_WIDTH}\" w:h=\"{PAGE_HEIGHT}\"/>\
             <w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" w:left=\"{MARGIN}\" \
             w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>\
             <w:cols w:space=\"708\"/><w:docGrid w:linePitch=\"360\"/></w:sectPr></w:body></w:document>"
        );
        Body {
            document: xml,
            lists: self.numbering,
            hyperlinks: self.hyperlinks,
        }
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => self.prose(&t),
            Event::Code(t) | Event::InlineHtml(t) => self.text(&t),
            // Raw HTML is user text, shown as typed, never interpreted. Block
            // lines are joined with spaces, as a browser shows the HTML page.
            Event::Html(t) => self.text(&t.replace('\n', " ")),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::FootnoteReference(label) => self.text(&format!("[{label}]")),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.line_break(),
            Event::Rule => {
                self.flush();
                self.push_paragraph(Para::default());
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
                self.numbering.push(ListNumbering {
                    ordered: start.is_some(),
                    level: self.lists.len().min(8),
                    start: start.unwrap_or(1),
                });
                self.lists.push(List {
                    numbering_id: self.numbering.len(),
                });
                self.item_pending = false;
            }
            Tag::Item => {
                self.flush();
                self.item_pending = true;
            }
            Tag::Emphasis => self.inline.italic += 1,
            Tag::Strong => self.inline.bold += 1,
            Tag::Strikethrough => self.inline.strike += 1,
            Tag::Link {
                link_type,
                dest_url,
                ..
            }
            | Tag::Image {
                link_type,
                dest_url,
                ..
            } => {
                let url = match link_type {
                    // <griffie@example.org> comes without its scheme.
                    LinkType::Email => format!("mailto:{dest_url}"),
                    _ => dest_url.into_string(),
                };
                let clickable = linkable(&url) && !self.links.iter().any(|l| l.2);
                if clickable {
                    self.hyperlinks.push(url.clone());
                    let id = self.hyperlinks.len();
                    let para = self.open();
                    let _ = write!(para.runs, "<w:hyperlink r:id=\"rIdH{id}\" w:history=\"1\">");
                    self.inline.link = true;
                }
                self.links.push((url, String::new(), clickable));
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
            TagEnd::Emphasis => self.inline.italic = self.inline.italic.saturating_sub(1),
            TagEnd::Strong => self.inline.bold = self.inline.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.inline.strike = self.inline.strike.saturating_sub(1),
            TagEnd::Link | TagEnd::Image => {
                if let Some((url, shown, clickable)) = self.links.pop() {
                    if clickable {
                        self.open().runs.push_str("</w:hyperlink>");
                        self.inline.link = false;
                    }
                    // Paper has no links: the address follows the text.
                    let bare = url.strip_prefix("mailto:").unwrap_or(&url);
                    if !url.is_empty() && shown.trim() != url && shown.trim() != bare {
                        self.text(&format!(" ({url})"));
                    }
                }
            }
            TagEnd::TableCell => {
                self.flush();
                if let Some(table) = &mut self.table {
                    // Word rejects a cell without a paragraph.
                    if table.cell_paragraphs == 0 {
                        table.cell.push_str("<w:p/>");
                    }
                    let _ = write!(
                        table.row,
                        "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>",
                        TEXT_WIDTH / table.columns,
                        table.cell
                    );
                    table.cell.clear();
                    table.cell_paragraphs = 0;
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                self.flush();
                if let Some(table) = &mut self.table {
                    if !table.row.is_empty() {
                        // A header row repeats on every page the table spans.
                        let props = if table.in_head {
                            "<w:trPr><w:tblHeader/></w:trPr>"
                        } else {
                            ""
                        };
                        let _ = write!(table.rows, "<w:tr>{props}{}</w:tr>", table.row);
                        table.row.clear();
                    }
                    table.in_head = false;
                }
            }
            TagEnd::Table => {
                self.flush();
                if let Some(table) = self.table.take() {
                    if !table.rows.is_empty() {
                        // CT_Tbl order: tblPr, tblGrid, tr.
                        let mut xml = String::with_capacity(table.rows.len() + 256);
                        xml.push_str(
                            "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/>\
                             <w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>",
                        );
                        for _ in 0..table.columns {
                            let _ =
                                write!(xml, "<w:gridCol w:w=\"{}\"/>", TEXT_WIDTH / table.columns);
                        }
                        xml.push_str("</w:tblGrid>");
                        xml.push_str(&table.rows);
                        xml.push_str("</w:tbl>");
                        self.blocks.push(Block::Xml(xml));
                        // Keeps the table apart from what follows; two
                        // adjacent tables would otherwise merge in Word.
                        self.push_paragraph(Para::default());
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
                self.line_break();
            }
            if !line.is_empty() {
                self.run(line);
            }
        }
    }

    /// Running text: a bare web or mail address in it (the cooperative's
    /// own, "per mail: griffie@...") becomes a link, as Word does when one
    /// is typed.
    fn prose(&mut self, text: &str) {
        if !self.links.is_empty() || self.inline.fill_in || text.contains('\n') {
            return self.text(text);
        }
        let mut rest = text;
        while let Some((start, end, url)) = find_address(rest) {
            if start > 0 {
                self.run(&rest[..start]);
            }
            self.hyperlinks.push(url);
            let id = self.hyperlinks.len();
            let _ = write!(
                self.open().runs,
                "<w:hyperlink r:id=\"rIdH{id}\" w:history=\"1\">"
            );
            self.inline.link = true;
            self.run(&rest[start..end]);
            self.inline.link = false;
            self.open().runs.push_str("</w:hyperlink>");
            rest = &rest[end..];
        }
        if !rest.is_empty() {
            self.run(rest);
        }
    }

    fn line_break(&mut self) {
        let para = self.open();
        para.runs.push_str("<w:r><w:br/></w:r>");
        if para.start.len() < 40 {
            para.start.push('\n');
        }
    }

    /// One `w:r` with the inline style in force. CT_RPr order: rStyle, b,
    /// bCs, i, iCs, strike, highlight.
    fn run(&mut self, text: &str) {
        let in_head = self.table.as_ref().is_some_and(|t| t.in_head);
        let inline = self.inline;
        // Quotes are italic as well as indented, so a quote after a list
        // does not read as a continuation of the last item.
        let italic = inline.italic > 0 || self.quote_depth > 0;
        let bold = inline.bold > 0 || in_head;
        let para = self.open();
        if para.start.len() < 40 {
            para.start.push_str(text);
        }
        para.lead_in = text.trim_end().ends_with(':');
        let out = &mut para.runs;
        out.push_str("<w:r>");
        if inline.link || bold || italic || inline.strike > 0 || inline.fill_in {
            out.push_str("<w:rPr>");
            if inline.link {
                out.push_str("<w:rStyle w:val=\"Hyperlink\"/>");
            }
            if bold {
                out.push_str("<w:b/><w:bCs/>");
            }
            if italic {
                out.push_str("<w:i/><w:iCs/>");
            }
            if inline.strike > 0 {
                out.push_str("<w:strike/>");
            }
            if inline.fill_in {
                out.push_str("<w:highlight w:val=\"yellow\"/>");
            }
            out.push_str("</w:rPr>");
        }
        out.push_str("<w:t xml:space=\"preserve\">");
        escape_into(out, text);
        out.push_str("</w:t></w:r>");
    }

    /// The open paragraph, created with the block context (heading, list
    /// item, quote) in force now.
    fn open(&mut self) -> &mut Para {
        if self.para.is_none() {
            let p = self.new_paragraph();
            self.para = Some(p);
        }
        self.para.get_or_insert_with(Para::default)
    }

    fn new_paragraph(&mut self) -> Para {
        let mut p = Para::default();
        if let Some(level) = self.heading {
            p.style = Some(format!("Heading{level}"));
            return p;
        }
        let depth = self.lists.len() + self.quote_depth;
        let left = INDENT.saturating_mul(depth);
        match self.lists.last() {
            Some(list) if self.item_pending => {
                self.item_pending = false;
                let level = (self.lists.len() - 1).min(8);
                p.style = Some("ListParagraph".into());
                p.num = Some((list.numbering_id, level));
                p.indent = Some((left, HANGING));
            }
            Some(_) => {
                p.style = Some("ListParagraph".into());
                p.indent = Some((left, 0));
            }
            None if self.quote_depth > 0 => {
                p.style = Some("Quote".into());
                p.indent = Some((left, 0));
            }
            None => {}
        }
        p
    }

    fn flush(&mut self) {
        if let Some(p) = self.para.take() {
            self.push_paragraph(p);
        }
    }

    fn push_paragraph(&mut self, p: Para) {
        match &mut self.table {
            Some(table) => {
                p.write(&mut table.cell);
                table.cell_paragraphs += 1;
            }
            None => self.blocks.push(Block::Para(p)),
        }
    }
}

/// The first bare web or mail address in `text`: its byte range, without
/// the punctuation around it, and the URL it leads to.
fn find_address(text: &str) -> Option<(usize, usize, String)> {
    let mut offset = 0;
    for word in text.split_inclusive(char::is_whitespace) {
        let at = offset;
        offset += word.len();
        let trimmed = word.trim_end();
        let inner = trimmed.trim_start_matches(['(', '"', '\'', '„', '“']);
        let inner = inner.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'', '”']);
        if inner.len() < 5 {
            continue;
        }
        let lower = inner.to_ascii_lowercase();
        let url = if lower.starts_with("https://") || lower.starts_with("http://") {
            inner.to_string()
        } else if lower.starts_with("www.") {
            format!("https://{inner}")
        } else if inner.contains('@') {
            match crate::core::mailbox::parse_mailbox(inner) {
                Ok((None, address)) if address == inner => format!("mailto:{address}"),
                _ => continue,
            }
        } else {
            continue;
        };
        if !linkable(&url) {
            continue;
        }
        let start =
            at + (trimmed.len() - trimmed.trim_start_matches(['(', '"', '\'', '„', '“']).len());
        return Some((start, start + inner.len(), url));
    }
    None
}

/// Only web and mail addresses become clickable; anything else (a relative
/// path, `javascript:`) stays text.
fn linkable(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme) && lower.len() > scheme.len())
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
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

/// Bullets (id 0) and numbers (id 1), all nine Word levels each, because a
/// nested list uses the level of its depth. CT_Lvl order: start, numFmt,
/// lvlText, lvlJc, pPr.
fn abstract_numbering() -> &'static str {
    static XML: OnceLock<String> = OnceLock::new();
    XML.get_or_init(|| {
        let mut xml = String::new();
        for (id, ordered) in [(0, false), (1, true)] {
            let _ = write!(
                xml,
                "<w:abstractNum w:abstractNumId=\"{id}\"><w:multiLevelType w:val=\"hybridMultilevel\"/>"
            );
            for level in 0..9 {
                let (format, text) = if ordered {
                    ("decimal", format!("%{}.", level + 1))
                } else {
                    ("bullet", if level % 2 == 0 { "•" } else { "–" }.to_string())
                };
                let _ = write!(
                    xml,
                    "<w:lvl w:ilvl=\"{level}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{format}\"/>\
                     <w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/>\
                     <w:pPr><w:ind w:left=\"{}\" w:hanging=\"{HANGING}\"/></w:pPr></w:lvl>",
                    INDENT * (level + 1)
                );
            }
            xml.push_str("</w:abstractNum>");
        }
        xml
    })
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>\
<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>\
<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>";

const PACKAGE_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>";

const DOCUMENT_RELS_START: &str = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
<Relationship Id=\"rIdFonts\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>\
<Relationship Id=\"rIdNumbering\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>\
<Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>\
<Relationship Id=\"rIdTheme\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" Target=\"theme/theme1.xml\"/>";

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
<Application>coop</Application><DocSecurity>0</DocSecurity></Properties>";

/// CT_Settings order: zoom, defaultTabStop, characterSpacingControl,
/// compat, themeFontLang, decimalSymbol, listSeparator.
const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"708\"/>\
<w:characterSpacingControl w:val=\"doNotCompress\"/>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
<w:themeFontLang w:val=\"nl-NL\"/><w:decimalSymbol w:val=\",\"/><w:listSeparator w:val=\";\"/>\
</w:settings>";

const FONT_TABLE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:font w:name=\"Calibri\"><w:panose1 w:val=\"020F0502020204030204\"/><w:charset w:val=\"00\"/>\
<w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font>\
<w:font w:name=\"Calibri Light\"><w:panose1 w:val=\"020F0302020204030204\"/><w:charset w:val=\"00\"/>\
<w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font>\
<w:font w:name=\"Times New Roman\"><w:panose1 w:val=\"02020603050405020304\"/><w:charset w:val=\"00\"/>\
<w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font>\
</w:fonts>";

/// "Pagina 1 van 2", right-aligned in small print.
const FOOTER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
<w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:jc w:val=\"right\"/></w:pPr>\
<w:r><w:t xml:space=\"preserve\">Pagina </w:t></w:r>\
<w:fldSimple w:instr=\" PAGE \\* Arabic \"><w:r><w:t>1</w:t></w:r></w:fldSimple>\
<w:r><w:t xml:space=\"preserve\"> van </w:t></w:r>\
<w:fldSimple w:instr=\" NUMPAGES \\* Arabic \"><w:r><w:t>1</w:t></w:r></w:fldSimple>\
</w:p></w:ftr>";

/// Styles, with Word's own names so Word maps them onto its built-in ones.
/// CT_Style order: name, basedOn, next, uiPriority, semiHidden,
/// unhideWhenUsed, qFormat, pPr, rPr, tblPr.
fn styles() -> String {
    let mut xml = String::with_capacity(8 * 1024);
    xml.push_str(XML_DECL);
    let _ = write!(
        xml,
        "<w:styles xmlns:w=\"{W_NS}\">\
         <w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"Calibri\" w:eastAsia=\"Calibri\" w:hAnsi=\"Calibri\" w:cs=\"Times New Roman\"/>\
         <w:sz w:val=\"{BODY_SIZE}\"/><w:szCs w:val=\"{BODY_SIZE}\"/>\
         <w:lang w:val=\"nl-NL\" w:eastAsia=\"en-US\" w:bidi=\"ar-SA\"/>\
         </w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"160\" w:line=\"264\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>\
         </w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>\
         <w:qFormat/><w:pPr><w:widowControl/></w:pPr></w:style>\
         <w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">\
         <w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
         <w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/>\
         <w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>\
         <w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>\
         </w:tblCellMar></w:tblPr></w:style>\
         <w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"NoList\"><w:name w:val=\"No List\"/>\
         <w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>"
    );
    for (i, size) in HEADING_SIZES.iter().enumerate() {
        let level = i + 1;
        let _ = write!(
            xml,
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{level}\"><w:name w:val=\"heading {level}\"/>\
             <w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/>{hidden}<w:qFormat/>\
             <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"80\"/>\
             <w:outlineLvl w:val=\"{i}\"/></w:pPr>\
             <w:rPr><w:b/><w:bCs/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr></w:style>",
            hidden = if level > 1 {
                "<w:unhideWhenUsed/>"
            } else {
                ""
            },
        );
    }
    let _ = write!(
        xml,
        "<w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/>\
         <w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"34\"/><w:qFormat/>\
         <w:pPr><w:ind w:left=\"{INDENT}\"/><w:contextualSpacing/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Quote\"/>\
         <w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"29\"/><w:qFormat/>\
         <w:pPr><w:ind w:left=\"{INDENT}\"/></w:pPr><w:rPr><w:i/><w:iCs/></w:rPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/>\
         <w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>\
         <w:pPr><w:tabs><w:tab w:val=\"center\" w:pos=\"4536\"/><w:tab w:val=\"right\" w:pos=\"9072\"/></w:tabs>\
         <w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
         <w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>\
         <w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/>\
         <w:basedOn w:val=\"DefaultParagraphFont\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>\
         <w:rPr><w:color w:val=\"0563C1\" w:themeColor=\"hyperlink\"/><w:u w:val=\"single\"/></w:rPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/>\
         <w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"39\"/>\
         <w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
         <w:tblPr><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         </w:tblBorders></w:tblPr></w:style>\
         </w:styles>"
    );
    xml
}

/// A small theme (colours and fonts); Word and the schema check expect one.
const THEME: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"coop\">\
<a:themeElements>\
<a:clrScheme name=\"coop\">\
<a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1>\
<a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1>\
<a:dk2><a:srgbClr val=\"1F3864\"/></a:dk2><a:lt2><a:srgbClr val=\"E7E6E6\"/></a:lt2>\
<a:accent1><a:srgbClr val=\"1A4D8F\"/></a:accent1><a:accent2><a:srgbClr val=\"ED7D31\"/></a:accent2>\
<a:accent3><a:srgbClr val=\"A5A5A5\"/></a:accent3><a:accent4><a:srgbClr val=\"FFC000\"/></a:accent4>\
<a:accent5><a:srgbClr val=\"5B9BD5\"/></a:accent5><a:accent6><a:srgbClr val=\"70AD47\"/></a:accent6>\
<a:hlink><a:srgbClr val=\"0563C1\"/></a:hlink><a:folHlink><a:srgbClr val=\"954F72\"/></a:folHlink>\
</a:clrScheme>\
<a:fontScheme name=\"coop\">\
<a:majorFont><a:latin typeface=\"Calibri\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:majorFont>\
<a:minorFont><a:latin typeface=\"Calibri\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:minorFont>\
</a:fontScheme>\
<a:fmtScheme name=\"coop\">\
<a:fillStyleLst><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>\
<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:fillStyleLst>\
<a:lnStyleLst><a:ln w=\"6350\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>\
<a:ln w=\"12700\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln>\
<a:ln w=\"19050\"><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:ln></a:lnStyleLst>\
<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle>\
<a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>\
<a:bgFillStyleLst><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>\
<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill><a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill></a:bgFillStyleLst>\
</a:fmtScheme>\
</a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>";

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event as XmlEvent;
    use quick_xml::Reader;
    use std::io::Read;

    fn meta(title: &str) -> DocxMeta<'_> {
        DocxMeta {
            title,
            creator: Some("Wooncoöperatie De Kiem & co"),
            created: "2026-11-27T09:30:00Z".parse().expect("timestamp"),
        }
    }

    fn to_docx(md: &str, title: &str) -> Result<Vec<u8>, String> {
        super::to_docx(md, &meta(title))
    }

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
        assert!(xml.contains("<w:b/>"));
        assert!(xml.contains("<w:numId w:val=\"2\""));
        assert!(xml.contains("<w:tbl>"));
        assert!(xml.contains("<w:tblHeader/>"));
    }

    #[test]
    fn styles_numbering_and_properties_are_set() {
        let bytes = to_docx(LETTER, "Brief <aan> de raad & griffie").expect("docx");
        let core = part(&bytes, "docProps/core.xml").expect("core.xml");
        for want in [
            "<dc:title>Brief &lt;aan&gt; de raad &amp; griffie</dc:title>",
            "<dc:subject>Brief &lt;aan&gt; de raad &amp; griffie</dc:subject>",
            "<dc:creator>Wooncoöperatie De Kiem &amp; co</dc:creator>",
            "<dc:language>nl-NL</dc:language>",
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-27T09:30:00Z</dcterms:created>",
            "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2026-11-27T09:30:00Z</dcterms:modified>",
        ] {
            assert!(core.contains(want), "{want} not in {core}");
        }
        let styles = part(&bytes, "word/styles.xml").expect("styles.xml");
        for want in [
            "w:default=\"1\" w:styleId=\"Normal\"",
            "<w:name w:val=\"heading 1\"/>",
            "<w:name w:val=\"heading 6\"/>",
            "<w:lang w:val=\"nl-NL\"",
            "w:ascii=\"Calibri\"",
            "w:styleId=\"Hyperlink\"",
        ] {
            assert!(styles.contains(want), "{want} not in {styles}");
        }
        let numbering = part(&bytes, "word/numbering.xml").expect("numbering.xml");
        assert!(numbering.contains("w:val=\"bullet\"") && numbering.contains("w:val=\"decimal\""));
        // The ordered list starts at 3, as in the Markdown.
        assert!(
            numbering.contains("<w:startOverride w:val=\"3\"/>"),
            "{numbering}"
        );
        let footer = part(&bytes, "word/footer1.xml").expect("footer1.xml");
        assert!(footer.contains(" PAGE ") && footer.contains(" NUMPAGES "));
        let xml = part(&bytes, "word/document.xml").expect("document.xml");
        assert!(xml.contains("<w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>"));
        assert!(part(&bytes, "word/theme/theme1.xml").is_some());
    }

    #[test]
    fn unknown_author_is_left_out() {
        let m = DocxMeta {
            creator: None,
            ..meta("t")
        };
        let bytes = super::to_docx("x", &m).expect("docx");
        let core = part(&bytes, "docProps/core.xml").expect("core.xml");
        assert!(
            !core.contains("creator") && !core.contains("lastModifiedBy"),
            "{core}"
        );
    }

    #[test]
    fn links_are_clickable_and_keep_their_address_on_paper() {
        let md = "Zie [de notitie](https://example.org/n?a=1&b=2), <https://example.org/x>, \
                  [mail](mailto:griffie@example.org) en [dit](javascript:alert(1)).  \n\
                  Of mail <raad@example.org>.\n";
        let bytes = to_docx(md, "t").expect("docx");
        let xml = part(&bytes, "word/document.xml").expect("document.xml");
        assert_eq!(xml.matches("<w:hyperlink ").count(), 4, "{xml}");
        assert!(xml.contains("<w:rStyle w:val=\"Hyperlink\"/>"));
        assert_eq!(
            paragraphs(&xml),
            [
                "Zie de notitie (https://example.org/n?a=1&b=2), https://example.org/x, \
              mail (mailto:griffie@example.org) en dit (javascript:alert(1)).\n\
              Of mail raad@example.org."
            ]
        );
        let rels = part(&bytes, "word/_rels/document.xml.rels").expect("rels");
        assert!(
            rels.contains("Target=\"https://example.org/n?a=1&amp;b=2\" TargetMode=\"External\""),
            "{rels}"
        );
        assert!(rels.contains("Target=\"mailto:griffie@example.org\""));
        assert!(
            rels.contains("Target=\"mailto:raad@example.org\""),
            "{rels}"
        );
        assert!(!rels.contains("javascript"), "{rels}");
        // Every hyperlink's id has a relationship.
        for (i, _) in xml.match_indices("<w:hyperlink r:id=\"") {
            let id = &xml[i + "<w:hyperlink r:id=\"".len()..];
            let id = &id[..id.find('"').expect("quote")];
            assert!(rels.contains(&format!("Id=\"{id}\"")), "{id}");
        }
    }

    #[test]
    fn bare_addresses_in_text_are_clickable() {
        let md = "Bereik ons via info@groenehof.nl of (www.groenehof.nl), zie \
                  https://example.org/a. Geen link: a@b, [mailadres] of x@y.nl\\>\n";
        let bytes = to_docx(md, "t").expect("docx");
        let xml = part(&bytes, "word/document.xml").expect("document.xml");
        assert_eq!(
            paragraphs(&xml),
            [
                "Bereik ons via info@groenehof.nl of (www.groenehof.nl), zie \
              https://example.org/a. Geen link: a@b, [mailadres] of x@y.nl>"
            ]
        );
        let rels = part(&bytes, "word/_rels/document.xml.rels").expect("rels");
        let targets: Vec<&str> = rels
            .split("Target=\"")
            .skip(1)
            .filter_map(|t| t.split('"').next())
            .filter(|t| t.contains(':'))
            .collect();
        assert_eq!(
            targets,
            [
                "mailto:info@groenehof.nl",
                "https://www.groenehof.nl",
                "https://example.org/a",
                "mailto:x@y.nl"
            ]
        );
        let linked: Vec<&str> = xml
            .split("<w:hyperlink ")
            .skip(1)
            .filter_map(|h| h.split("preserve\">").nth(1))
            .filter_map(|h| h.split("</w:t>").next())
            .collect();
        assert_eq!(
            linked,
            [
                "info@groenehof.nl",
                "www.groenehof.nl",
                "https://example.org/a",
                "x@y.nl"
            ]
        );
    }

    #[test]
    fn fill_ins_are_highlighted_and_escaped_brackets_are_not() {
        let md = "Wij zijn [naam van jullie coöperatie], zie \\[bijlage\\] en [de site](https://a.nl).\n";
        let bytes = to_docx(md, "t").expect("docx");
        let xml = part(&bytes, "word/document.xml").expect("document.xml");
        assert_eq!(
            xml.matches("<w:highlight w:val=\"yellow\"/>").count(),
            3,
            "{xml}"
        );
        let marked: String = xml
            .split("<w:r>")
            .filter(|r| r.contains("w:highlight"))
            .filter_map(|r| r.split("preserve\">").nth(1))
            .filter_map(|r| r.split("</w:t>").next())
            .collect();
        assert_eq!(marked, "[naam van jullie coöperatie]");
    }

    #[test]
    fn closing_stays_with_the_signature_and_the_text_before_it() {
        let md = "Geachte raad,\n\nEerste alinea.\n\nLaatste alinea.\n\n\
                  Met vriendelijke groet,\n\nAnna Jansen\\\nvoorzitter\n";
        let bytes = to_docx(md, "t").expect("docx");
        let xml = part(&bytes, "word/document.xml").expect("document.xml");
        let paras: Vec<&str> = xml.split("<w:p>").skip(1).collect();
        let kept: Vec<bool> = paras.iter().map(|p| p.contains("<w:keepNext/>")).collect();
        assert_eq!(kept, [false, false, true, true, false], "{xml}");
        assert!(paras[3].contains("<w:keepLines/>") && paras[4].contains("<w:keepLines/>"));
    }

    #[test]
    fn a_lead_in_stays_with_its_list() {
        let bytes = to_docx("Onze cijfers:\n\n- leden: 45\n", "t").expect("docx");
        let xml = part(&bytes, "word/document.xml").expect("document.xml");
        let first = xml.split("<w:p>").nth(1).expect("paragraph");
        assert!(first.contains("<w:keepNext/>"), "{xml}");
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
            xml.contains("w:left=\"720\"") && xml.contains("<w:i/>"),
            "{xml}"
        );
    }

    #[test]
    fn loose_list_item_continues_without_a_second_bullet() {
        let bytes = to_docx("1. eerste\n\n   vervolg\n2. tweede\n", "t").expect("docx");
        let xml = part(&bytes, "word/document.xml").expect("document.xml");
        assert_eq!(xml.matches("<w:numId ").count(), 2, "{xml}");
        assert!(xml.contains("<w:pStyle w:val=\"ListParagraph\"/>"));
        assert_eq!(paragraphs(&xml), ["eerste", "vervolg", "tweede"]);
    }
}
