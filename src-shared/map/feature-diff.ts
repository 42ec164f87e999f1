/**
 * What changed between the features a map source holds and the ones it should hold, by id, so a
 * live update sends only the difference (GeoJSONSource.updateData) instead of re-uploading the
 * whole source. Each feature is summarised by a signature string that changes when anything drawn
 * changes (position, severity, status…).
 */
export interface FeatureDiff {
  add: string[];
  update: string[];
  remove: string[];
}

export function diffSignatures(shown: ReadonlyMap<string, string>, wanted: ReadonlyMap<string, string>): FeatureDiff {
  const add: string[] = [];
  const update: string[] = [];
  const remove: string[] = [];
  for (const [id, sig] of wanted) {
    const before = shown.get(id);
    if (before === undefined) add.push(id);
    else if (before !== sig) update.push(id);
  }
  for (const id of shown.keys()) if (!wanted.has(id)) remove.push(id);
  return { add, update, remove };
}

/**
 * Whether a diff is worth sending as a diff: once it touches most of the source, one full upload
 * is cheaper than many small edits in the worker.
 */
export function preferFullUpload(diff: FeatureDiff, wantedSize: number): boolean {
  const touched = diff.add.length + diff.update.length + diff.remove.length;
  return touched > 2000 && touched > wantedSize * 0.5;
}
