import { execFileSync } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

/** One process's CPU time so far, from /proc/<pid>/stat. */
export interface ProcessCpu {
  readonly pid: number;
  readonly ppid: number;
  /** what the process is, for a reader: the function it runs, or its command */
  readonly name: string;
  /** user + system CPU time, ms */
  readonly cpuMs: number;
}

/** The fields of /proc/<pid>/stat the bench needs; null when the line is not one. */
export function parseProcStat(line: string): { pid: number; comm: string; ppid: number; ticks: number } | null {
  // comm is in parentheses and may itself hold spaces and parentheses: the last ')' ends it.
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = line
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // After comm: state(3) ppid(4) … utime(14) stime(15), so rest[0] is field 3.
  const pid = Number(line.slice(0, open).trim());
  const ppid = Number(rest[1]);
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (![pid, ppid, utime, stime].every(Number.isFinite)) return null;
  return { pid, comm: line.slice(open + 1, close), ppid, ticks: utime + stime };
}

/** Every pid under `rootPid` (itself included), given each process's parent. */
export function descendantsOf(rootPid: number, parents: ReadonlyMap<number, number>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found: number[] = [];
  const queue = [rootPid];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    if (found.includes(pid)) continue;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/**
 * CPU spent by each name between two readings, ms: processes that share a name (a function's shell and
 * its node) are added up, and a process that started between the readings counts from zero.
 */
export function cpuBetween(before: readonly ProcessCpu[], after: readonly ProcessCpu[]): Map<string, number> {
  const earlier = new Map(before.map((process) => [process.pid, process.cpuMs]));
  const spent = new Map<string, number>();
  for (const process of after) {
    const delta = process.cpuMs - (earlier.get(process.pid) ?? 0);
    spent.set(process.name, (spent.get(process.name) ?? 0) + Math.max(0, delta));
  }
  return spent;
}

let ticksPerSecond: number | undefined;

/** Clock ticks per second of /proc's times (USER_HZ), read once; 100 when getconf is missing. */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * Reads the CPU time of `rootPid` and every process under it, from /proc (Linux only). A process under
 * `functionsDir` is named after its function directory; `rootName` names the root; others by their comm.
 */
export async function readProcessTree(options: {
  rootPid: number;
  rootName: string;
  functionsDir: string;
}): Promise<ProcessCpu[]> {
  const stats = new Map<number, NonNullable<ReturnType<typeof parseProcStat>>>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parsed = parseProcStat(await readFile(`/proc/${entry}/stat`, 'utf8'));
      if (parsed) stats.set(parsed.pid, parsed);
    } catch {
      // The process ended while the list was read.
    }
  }
  const parents = new Map([...stats.values()].map((stat) => [stat.pid, stat.ppid]));
  const msPerTick = 1_000 / clockTicks();
  const tree: ProcessCpu[] = [];
  for (const pid of descendantsOf(options.rootPid, parents)) {
    const stat = stats.get(pid);
    if (!stat) continue;
    tree.push({
      pid,
      ppid: stat.ppid,
      name: pid === options.rootPid ? options.rootName : await nameOf(pid, stat.comm, options.functionsDir),
      cpuMs: stat.ticks * msPerTick,
    });
  }
  return tree;
}

async function nameOf(pid: number, comm: string, functionsDir: string): Promise<string> {
  try {
    const cwd = await readlink(`/proc/${pid}/cwd`);
    const relative = path.relative(functionsDir, cwd);
    if (relative && !relative.startsWith('..')) return relative.split(path.sep)[0]!;
  } catch {
    // Gone, or not ours to read: its comm will do.
  }
  return comm;
}
