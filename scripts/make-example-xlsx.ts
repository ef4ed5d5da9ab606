// `node bin/run-ts.js scripts/make-example-xlsx.ts`: writes examples/outcomes.xlsx from
// examples/outcomes.csv, so the two examples hold the same figures (numbers as numbers, the
// percentages as plain numbers like the CSV). Committed with its output.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

const rows = parse(readFileSync('examples/outcomes.csv', 'utf8'), { skip_empty_lines: true }) as string[][];
const workbook = new ExcelJS.Workbook();
workbook.creator = 'Vijf Vragen';
// A fixed date keeps the file the same from run to run.
workbook.created = workbook.modified = new Date('2025-09-01T00:00:00Z');
const sheet = workbook.addWorksheet('Opbrengsten');
for (const [index, row] of rows.entries()) {
  sheet.addRow(index === 0 ? row : row.map((cell) => (/^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell)));
}
sheet.getRow(1).font = { bold: true };
sheet.columns.forEach((column) => (column.width = 18));
await workbook.xlsx.writeFile('examples/outcomes.xlsx');
console.log(`examples/outcomes.xlsx: ${rows.length - 1} figures`);
