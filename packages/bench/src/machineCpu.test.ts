import { knex } from 'knex';
import {
  cpuMsBetween,
  machineBusyCpuSeconds,
  machineCores,
  mainThreadCpuSeconds,
  postgresCpuSeconds,
} from './machineCpu';
import { PG_URL } from './postgres';
import { syncCpuFloor } from './report/databaseTable';
import { ItsmShapeResult } from './results';

/**
 * Spends `ms` of this thread's own CPU time. Counted in CPU time, not wall time: on a busy
 * machine (the test run's other workers) a thread can wait for a core for most of a wall-clock
 * interval.
 */
function burn(ms: number) {
  const start = process.threadCpuUsage();
  const cpuMs = () => {
    const { user, system } = process.threadCpuUsage(start);
    return (user + system) / 1000;
  };
  let x = 0;
  while (cpuMs() < ms) {
    for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + 1);
  }
  return x;
}

describe('machine CPU', () => {
  it('counts the CPU this process burns in the machine-wide time', () => {
    const before = machineBusyCpuSeconds();
    burn(400);
    const spent = cpuMsBetween(before, machineBusyCpuSeconds());
    // Ticks are 10 ms; other processes only add to it.
    expect(spent).toBeGreaterThanOrEqual(300);
  });

  it("counts the CPU of PostgreSQL's processes, also of a connection that ended", async () => {
    const db = knex({
      client: 'pg',
      connection: `${PG_URL}/postgres`,
      pool: { min: 0, max: 1 },
    });
    const before = postgresCpuSeconds();
    try {
      await db.raw(
        'SELECT count(*) FROM generate_series(1, 3000000) AS s(i) WHERE i % 7 = 0',
      );
    } finally {
      await db.destroy();
    }
    // The connection's process is gone: its time now counts in the postmaster's children.
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(cpuMsBetween(before, postgresCpuSeconds())).toBeGreaterThanOrEqual(
      100,
    );
  });

  it("counts this process's main thread, not its other threads", () => {
    const before = mainThreadCpuSeconds(process.pid);
    burn(300);
    expect(
      cpuMsBetween(before, mainThreadCpuSeconds(process.pid)),
    ).toBeGreaterThanOrEqual(200);
    expect(mainThreadCpuSeconds(undefined)).toBeUndefined();
  });

  it('keeps a missing reading missing', () => {
    expect(cpuMsBetween(undefined, 2)).toBeNull();
    expect(cpuMsBetween(1, 1.25)).toBe(250);
    expect(machineCores()).toBeGreaterThan(0);
  });
});

describe('the sync CPU floor', () => {
  const shape = (
    machineCpuMs: number | null,
    backendMainThreadCpuMs: number | null = 2000,
  ) =>
    ({
      id: 'many',
      bare: { ms: 2600, machineCpuMs: 4000 },
      sync: { ms: 7300, machineCpuMs, backendMainThreadCpuMs, cores: 2 },
    } as unknown as ItsmShapeResult);

  it("is the machine's CPU during the sync over its cores, against 1.5 times the bare fetch", () => {
    expect(syncCpuFloor(shape(12_000))).toEqual({
      floorMs: 6000,
      budgetMs: 3900,
      by: 'all cores',
    });
  });

  it("is the backend's main thread where that thread alone takes longer", () => {
    expect(syncCpuFloor(shape(6000, 4200))).toEqual({
      floorMs: 4200,
      budgetMs: 3900,
      by: "the backend's main thread",
    });
  });

  it('is unknown without the machine time', () => {
    expect(syncCpuFloor(shape(null))).toBeUndefined();
  });
});
