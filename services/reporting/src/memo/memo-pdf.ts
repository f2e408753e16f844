import PDFDocument from 'pdfkit';
import type { Chart } from './charts';
import type { Facts, MemoView, Table } from './memo-view';

/*
 * The PDF memo, laid out from the same view as the HTML one with PDFKit's built-in Helvetica (text
 * stays extractable). Its creation date is pinned (the period end, or the approval time of a final
 * memo) and PDFKit derives the document id from the metadata: same view, same bytes.
 */

const MARGIN = 48;
const BODY = 9;
const SMALL = 7.5;

export function renderMemoPdf(view: MemoView, pinnedAt: string): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: true,
    info: {
      Title: view.title,
      Author: 'FAI reporting',
      Subject: `${view.status} memo, template ${view.templateVersion}`,
      Creator: `FAI reporting ${view.templateVersion}`,
      Producer: 'FAI reporting (PDFKit)',
      CreationDate: new Date(pinnedAt.length === 10 ? `${pinnedAt}T00:00:00.000Z` : pinnedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const page = new PdfPage(doc);
  page.title(view.title, `${view.status} - template ${view.templateVersion}`);
  page.heading('1. Scope and input sources');
  page.facts(view.scope.facts);
  page.subheading('Input sources');
  page.table(view.scope.sources);
  page.subheading('Pinned policy versions');
  page.table(view.scope.policies);
  page.heading('2. Validation summary and quality signals');
  page.facts(view.quality.facts);
  if (view.quality.missing.length)
    page.paragraph(`Missing required fields: ${view.quality.missing.join(', ')}`);
  if (view.quality.checks.rows.length) {
    page.subheading('Checks not passed');
    page.table(view.quality.checks);
  } else page.note('Every check passed.');
  page.subheading('Validated fields');
  page.table(view.fields);
  page.heading('3. KPI snapshot');
  if (view.kpi.note) page.note(view.kpi.note);
  if (view.kpi.table.rows.length) page.table(view.kpi.table);
  for (const chart of [...(view.kpi.chart ? [view.kpi.chart] : []), ...view.holdings]) page.chart(chart);
  page.heading('4. Material changes since the last snapshot');
  if (view.changes.note) page.note(view.changes.note);
  if (view.changes.table.rows.length) page.table(view.changes.table);
  page.heading('5. Exceptions, classification and resolution');
  if (view.exceptions.rows.length) page.table(view.exceptions);
  else page.note('No exceptions were raised for this fund in this run.');
  page.heading('6. Open questions and follow-ups');
  if (view.followUps.rows.length) page.table(view.followUps);
  else page.note('Nothing is open.');
  page.heading('7. Approval');
  if (view.approval)
    page.facts({
      rows: [
        { label: 'Approved by', value: view.approval.approvedBy },
        { label: 'Submitted by', value: view.approval.submittedBy },
        { label: 'Approved at', value: view.approval.approvedAt },
        { label: 'Notes', value: view.approval.notes },
      ],
    });
  else page.note('Draft: not yet reviewed and approved. Not for distribution.');
  doc.end();
  return done;
}

class PdfPage {
  private readonly width: number;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.width = doc.page.width - 2 * MARGIN;
  }

  title(text: string, status: string): void {
    this.doc.font('Helvetica-Bold').fontSize(16).text(text);
    this.doc.font('Helvetica').fontSize(BODY).fillColor('#c55a11').text(status).fillColor('black').moveDown();
  }

  heading(text: string): void {
    this.room(40);
    this.doc
      .moveDown(0.6)
      .font('Helvetica-Bold')
      .fontSize(12)
      .text(text, MARGIN)
      .font('Helvetica')
      .fontSize(BODY);
  }

  subheading(text: string): void {
    this.room(30);
    this.doc
      .moveDown(0.3)
      .font('Helvetica-Bold')
      .fontSize(BODY + 1)
      .text(text, MARGIN)
      .font('Helvetica')
      .fontSize(BODY);
  }

  paragraph(text: string): void {
    this.doc.font('Helvetica').fontSize(BODY).text(text, MARGIN, undefined, { width: this.width });
  }

  note(text: string): void {
    this.doc.font('Helvetica-Oblique').fontSize(BODY).text(text, MARGIN, undefined, { width: this.width });
    this.doc.font('Helvetica');
  }

  facts(facts: Facts): void {
    for (const row of facts.rows) {
      this.room(14);
      this.doc
        .font('Helvetica-Bold')
        .text(`${row.label}: `, MARGIN, undefined, { continued: true, width: this.width });
      this.doc.font('Helvetica').text(row.value);
    }
  }

  table(table: Table): void {
    const columnWidth = this.width / Math.max(1, table.columns.length);
    this.row(table.columns, columnWidth, true);
    for (const row of table.rows) this.row(row, columnWidth, false);
    this.doc.x = MARGIN;
  }

  chart(chart: Chart): void {
    const scale = this.width / chart.width;
    this.room(chart.height * scale + 16);
    const top = this.doc.y + 4;
    const at = (x: number, y: number): [number, number] => [MARGIN + x * scale, top + y * scale];
    this.doc
      .font('Helvetica-Bold')
      .fontSize(BODY)
      .text(chart.title, MARGIN, top)
      .font('Helvetica')
      .fontSize(SMALL);
    if (chart.kind === 'line') {
      for (const line of chart.lines) {
        line.points.forEach(([x, y], index) =>
          index === 0 ? this.doc.moveTo(...at(x, y)) : this.doc.lineTo(...at(x, y)),
        );
        this.doc.lineWidth(1).strokeColor(line.colour).stroke();
      }
      for (const label of chart.labels) {
        const [x, y] = at(label.x, label.y);
        const width = this.doc.widthOfString(label.text);
        this.doc
          .fillColor('black')
          .text(label.text, label.anchor === 'end' ? x - width : x, y - SMALL, { lineBreak: false });
      }
    } else {
      for (const bar of chart.bars) {
        const [x, y] = at(bar.x, bar.y);
        this.doc
          .rect(x, y, Math.max(0.5, bar.width * scale), bar.height * scale)
          .fillColor('#1f4e79')
          .fill();
        this.doc.fillColor('black').text(bar.label, MARGIN, y, {
          width: (bar.x - 8) * scale,
          height: bar.height * scale,
          ellipsis: true,
          lineBreak: false,
        });
        this.doc.text(bar.text, x + bar.width * scale + 4, y, { lineBreak: false });
      }
    }
    this.doc.strokeColor('black').fillColor('black').fontSize(BODY);
    this.doc.x = MARGIN;
    this.doc.y = top + chart.height * scale + 8;
  }

  private row(cells: readonly string[], columnWidth: number, header: boolean): void {
    this.doc.font(header ? 'Helvetica-Bold' : 'Helvetica').fontSize(SMALL);
    const heights = cells.map((cell) => this.doc.heightOfString(cell, { width: columnWidth - 4 }));
    const height = Math.max(SMALL + 2, ...heights) + 2;
    this.room(height);
    const top = this.doc.y;
    cells.forEach((cell, index) =>
      this.doc.text(cell, MARGIN + index * columnWidth + 2, top + 1, { width: columnWidth - 4 }),
    );
    this.doc
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + this.width, top + height)
      .lineWidth(0.3)
      .strokeColor('#bbbbbb')
      .stroke();
    this.doc.x = MARGIN;
    this.doc.y = top + height;
    this.doc.fontSize(BODY).font('Helvetica');
  }

  /** Starts a new page when fewer than `height` points are left on this one. */
  private room(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
  }
}
