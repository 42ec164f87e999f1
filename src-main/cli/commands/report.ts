import { openCache } from '../open-cache';
import { writeMonthlyReport } from '../../reports/xlsx';
import { CliUsageError, type CliCommand } from '../command';
import { categoryFlag } from './stats';

/** `report --month YYYY-MM --out F.xlsx`: the monthly analysis report (月度分析), one sheet per indicator group. */
export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'monthly analysis report (月度分析) as XLSX: indicators with 环比/同比, by category, grid, day, case flow',
  usage: 'report --month YYYY-MM --out FILE.xlsx [--category CODE,…|cm.*] [--data-dir DIR] [--json]',
  options: { month: { type: 'string' }, out: { type: 'string' }, category: { type: 'string' } },
  async run(ctx, values) {
    const month = values.month as string | undefined;
    const out = values.out as string | undefined;
    if (!month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new CliUsageError('--month must be YYYY-MM');
    if (!out) throw new CliUsageError('--out FILE.xlsx is needed');
    const categories = categoryFlag(values.category);
    const db = openCache(ctx);
    try {
      const r = await writeMonthlyReport(db, out, month, categories ? { categories } : {}, Date.now());
      ctx.say(`${out}: ${r.sheets.join(', ')}`);
      ctx.result({ file: out, month, sheets: r.sheets });
      return 0;
    } finally {
      db.close();
    }
  },
};
