// CPU time of the whole machine and of PostgreSQL's processes, from /proc (Linux only; undefined
// elsewhere). The benchmark, its ServiceNow-format server, the backend and PostgreSQL share this
// machine's cores: what all of them use during a sync bounds how fast it can end.
import fs from 'node:fs';
import os from 'node:os';

/** Linux counts CPU time in clock ticks of 1/100 s in /proc. */
const TICKS_PER_SECOND = 100;

/** The cores the processes share. */
export function machineCores(): number {
  return os.availableParallelism();
}

/**
 * CPU time all cores spent busy so far (user, nice, system, interrupts, steal), in seconds, from
 * the first line of /proc/stat.
 */
export function machineBusyCpuSeconds(): number | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    const [, user, nice, system, , , irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .map(Number);
    return (
      (user + nice + system + irq + softirq + (steal || 0)) / TICKS_PER_SECOND
    );
  } catch {
    return undefined;
  }
}

/**
 * The fields of a /proc `stat` line after the command name (which may contain spaces and
 * parentheses), from the state (field 3) on: utime (field 14) is at index 11.
 */
function fieldsAfterCommand(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * CPU time PostgreSQL's processes used so far, in seconds: each live process's own time and the
 * time of its children that ended (a connection's process that exits is counted by the postmaster
 * that waited for it).
 */
export function postgresCpuSeconds(): number | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return undefined;
  }
  let ticks = 0;
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    if (command !== 'postgres' && !command.startsWith('postgres:')) continue;
    // utime and stime, then the time of the children it waited for (cutime, cstime).
    const fields = fieldsAfterCommand(stat);
    ticks +=
      Number(fields[11]) +
      Number(fields[12]) +
      Number(fields[13]) +
      Number(fields[14]);
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * User and system CPU time in a /proc `stat` file (a process's or one thread's), in seconds;
 * undefined when it cannot be read (the process ended, or there is no /proc).
 */
export function statCpuSeconds(file: string): number | undefined {
  try {
    const fields = fieldsAfterCommand(fs.readFileSync(file, 'utf8'));
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU time the main thread of a process used so far, in seconds (/proc/<pid>/task/<pid>/stat):
 * the backend's JavaScript, and SQLite's writes, run there one after the other, whatever the
 * other cores do.
 */
export function mainThreadCpuSeconds(
  pid: number | undefined,
): number | undefined {
  if (pid === undefined) return undefined;
  return statCpuSeconds(`/proc/${pid}/task/${pid}/stat`);
}

/** Seconds between two readings, in ms, or null when either is missing. */
export function cpuMsBetween(
  before: number | undefined,
  after: number | undefined,
): number | null {
  if (before === undefined || after === undefined) return null;
  return Math.round((after - before) * 1000);
}
