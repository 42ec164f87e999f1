import type { ChildProcess } from 'node:child_process';
export function consoleUrl(child: ChildProcess): Promise<string>;
export function cpuSeconds(marker: string): number;
