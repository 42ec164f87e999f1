/**
 * Tables out of the Analysis view: CSV (UTF-8 with a BOM, so Excel reads the Chinese) and XLSX,
 * each opening with the range and the filters it was made with.
 */
export interface ExportTable {
  /** Lines stating what the table is: range, compare-with range, filters. */
  meta: Array<[string, string]>;
  headers: string[];
  rows: Array<Array<string | number>>;
}

const cell = (v: string | number): string => {
  const s = String(v);
  // Quote what CSV needs quoted; neutralise a leading formula character (a file opened in Excel).
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function tableToCsv(t: ExportTable): string {
  const lines = [...t.meta.map(([k, v]) => [k, v]), [], t.headers, ...t.rows].map((r) => r.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The XLSX bytes; exceljs loads only when a table is exported this way. */
export async function tableToXlsx(t: ExportTable, sheetName: string): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName.slice(0, 31));
  for (const [k, v] of t.meta) ws.addRow([k, v]);
  ws.addRow([]);
  const head = ws.addRow(t.headers);
  head.font = { bold: true };
  for (const r of t.rows) ws.addRow(r);
  ws.columns.forEach((c) => (c.width = 16));
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}
