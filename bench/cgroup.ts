// A cgroup v1 sandbox for one process: the memory limit and CPU share a Lambda function gets.
// v1 because that is what these machines mount and what root can write to without a
// delegated v2 subtree; a machine without it (or without root) gets a reason, not a crash.
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface CgroupLimits {
  memoryBytes: number
  /** Share of one CPU, e.g. 0.29 for 29 ms of CPU time per 100 ms. */
  cpuShare: number
}

export interface CgroupUsage {
  /** cpuacct.usage: CPU of every process that ran in the group. */
  cpuMs: number
  /** memory.max_usage_in_bytes: peak of what the group was charged (RSS and page cache). */
  peakMemoryBytes: number
  /** memory.failcnt: how often the group hit its limit (reclaim, not necessarily an OOM). */
  limitHits: number
  /** oom_kill in memory.oom_control: processes the kernel killed for the group. */
  oomKills: number
  /** cpu.stat nr_throttled: 100 ms periods in which the quota ran out. */
  throttledPeriods: number
}

const PERIOD_US = 100_000
const CONTROLLERS = ['memory', 'cpu', 'cpuacct'] as const
type Controller = (typeof CONTROLLERS)[number]

/** Thrown when the group cannot be made here; the message says why, for the skip line. */
export class CgroupUnavailable extends Error {}

/** Where each v1 controller is mounted (cpu and cpuacct are often one mount, "cpu,cpuacct"). */
async function mountPoints(): Promise<Record<Controller, string>> {
  let mounts: string
  try {
    mounts = await readFile('/proc/self/mounts', 'utf8')
  } catch (error) {
    throw new CgroupUnavailable(`cannot read /proc/self/mounts (${(error as Error).message})`)
  }
  const found: Partial<Record<Controller, string>> = {}
  for (const line of mounts.split('\n')) {
    const [, path, type, options] = line.split(' ')
    if (type !== 'cgroup') continue
    for (const option of options.split(','))
      if ((CONTROLLERS as readonly string[]).includes(option)) found[option as Controller] = path
  }
  const missing = CONTROLLERS.filter((controller) => !found[controller])
  if (missing.length > 0)
    throw new CgroupUnavailable(
      `no cgroup v1 ${missing.join(', ')} controller mounted (this machine may have cgroup v2 only)`
    )
  return found as Record<Controller, string>
}

export class Cgroup {
  private constructor(private readonly dirs: Record<Controller, string>) {}

  static async create(name: string, limits: CgroupLimits): Promise<Cgroup> {
    const mounts = await mountPoints()
    const dirs = {} as Record<Controller, string>
    // One directory per mount: a combined cpu,cpuacct mount gets one directory, not two.
    const created = new Map<string, string>()
    try {
      for (const controller of CONTROLLERS) {
        const dir = join(mounts[controller], name)
        if (!created.has(dir)) {
          await mkdir(dir)
          created.set(dir, controller)
        }
        dirs[controller] = dir
      }
      const group = new Cgroup(dirs)
      await group.write('memory', 'memory.limit_in_bytes', limits.memoryBytes)
      // With swap accounting the group would swap past the limit instead of failing: cap
      // memory+swap at the same figure, so going over is an OOM kill, as on Lambda.
      if (existsSync(join(dirs.memory, 'memory.memsw.limit_in_bytes')))
        await group.write('memory', 'memory.memsw.limit_in_bytes', limits.memoryBytes)
      await group.write('memory', 'memory.swappiness', 0).catch(() => undefined)
      await group.write('cpu', 'cpu.cfs_period_us', PERIOD_US)
      await group.write('cpu', 'cpu.cfs_quota_us', Math.round(PERIOD_US * limits.cpuShare))
      return group
    } catch (error) {
      for (const dir of [...created.keys()].reverse()) await rmdir(dir).catch(() => undefined)
      if (error instanceof CgroupUnavailable) throw error
      const code = (error as NodeJS.ErrnoException).code ?? ''
      const hint = ['EACCES', 'EPERM', 'EROFS'].includes(code) ? ' (this needs root)' : ''
      throw new CgroupUnavailable(
        `cannot set up cgroup ${name}: ${(error as Error).message}${hint}`
      )
    }
  }

  /**
   * Removes groups named `prefix...` that an interrupted run left behind. rmdir only removes
   * a group with no process in it, so a group still in use stays.
   */
  static async removeStale(prefix: string): Promise<void> {
    const mounts = await mountPoints()
    for (const mount of new Set(Object.values(mounts))) {
      const names = await readdir(mount).catch(() => [] as string[])
      for (const name of names.filter((entry) => entry.startsWith(prefix)))
        await rmdir(join(mount, name)).catch(() => undefined)
    }
  }

  /** The cgroup.procs files a process writes its pid into to join the group. */
  procsFiles(): string[] {
    return [...new Set(Object.values(this.dirs))].map((dir) => join(dir, 'cgroup.procs'))
  }

  async usage(): Promise<CgroupUsage> {
    const oom = await this.read('memory', 'memory.oom_control')
    const cpuStat = await this.read('cpu', 'cpu.stat')
    return {
      cpuMs: Number(await this.read('cpuacct', 'cpuacct.usage')) / 1e6,
      peakMemoryBytes: Number(await this.read('memory', 'memory.max_usage_in_bytes')),
      limitHits: Number(await this.read('memory', 'memory.failcnt')),
      oomKills: Number(/^oom_kill (\d+)/m.exec(oom)?.[1] ?? 0),
      throttledPeriods: Number(/^nr_throttled (\d+)/m.exec(cpuStat)?.[1] ?? 0)
    }
  }

  /** Removes the group; its processes must have exited (the kernel may need a moment). */
  async remove(): Promise<void> {
    for (const dir of new Set(Object.values(this.dirs))) {
      for (let attempt = 0; ; attempt++) {
        try {
          await rmdir(dir)
          break
        } catch (error) {
          if (attempt >= 20) throw error
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
      }
    }
  }

  private write(controller: Controller, file: string, value: number): Promise<void> {
    return writeFile(join(this.dirs[controller], file), String(value))
  }

  private async read(controller: Controller, file: string): Promise<string> {
    return (await readFile(join(this.dirs[controller], file), 'utf8')).trim()
  }
}
