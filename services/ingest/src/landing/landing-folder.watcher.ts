import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { FaiError } from '@fai/contracts';
import { v5 as uuidv5 } from 'uuid';
import type { Logger } from 'winston';
import { ArtefactRefusedError } from '@fai/artefact-store';
import type { IntakeService } from '../artefacts/intake/intake.service';
import { readBounded } from '../artefacts/intake/read-bounded';

export const LANDING_FOLDERS = {
  incoming: 'incoming',
  processing: 'processing',
  processed: 'processed',
  rejected: 'rejected',
} as const;

export interface LandingFolderOptions {
  /** `<root>/<portfolioId>/incoming` is where files for a portfolio arrive (by SFTP, say). */
  root: string;
  maxBytes: number;
  pollMs: number;
  /** A file is taken once its size and mtime held still across two scans and it is at least this old. */
  settleMs: number;
  /** A claimed file left in `processing` this long (its taker died) goes back to `incoming`. */
  abandonedAfterMs?: number;
}

/** Names senders give files still being written (WinSCP, FileZilla, rsync, editors). */
const IN_PROGRESS = /^\.|\.(part|partial|filepart|tmp|crdownload)$|~$/i;
const LANDING_NAMESPACE = '5c2b7e1f-9a4d-4c3b-8e6f-0d1a2b3c4d5e';

/**
 * The landing-folder intake channel, by polling (no watcher library is installed, and polling works
 * on network filesystems where inotify does not).
 *
 * Protocol: a sender drops a file into `<root>/<portfolioId>/incoming/`. The file is taken once it
 * is complete: its size and mtime are unchanged between two scans and it is `settleMs` old (files
 * named like uploads in progress, `.part`, `.filepart`, `.tmp`, dot-files, are never taken). Taking
 * is an atomic rename into `processing/` (of several replicas watching the same folder, one wins).
 * The file then goes to `processed/` (with `<name>.intake.json`, the intake's reply) or to
 * `rejected/` (with `<name>.error.json`, the refusal's code, message and hint). A file that could not
 * be decided on (the database was down, say) goes back to `incoming/` and is tried again.
 */
export class LandingFolderWatcher {
  private readonly sightings = new Map<string, { size: number; mtimeMs: number }>();
  private timer?: NodeJS.Timeout;
  private scanning?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly options: LandingFolderOptions,
    private readonly intake: IntakeService,
    private readonly logger: Pick<Logger, 'info' | 'warn' | 'error'>,
  ) {}

  async start(): Promise<void> {
    await mkdir(this.options.root, { recursive: true });
    this.stopped = false;
    this.schedule(0);
  }

  async drain(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.scanning;
  }

  /** One pass over every portfolio's folders; exposed for tests and for operators' tools. */
  async scan(now = Date.now()): Promise<void> {
    for (const portfolioId of await subfolders(this.options.root)) {
      const folder = join(this.options.root, portfolioId);
      await this.returnAbandoned(folder, now);
      for (const name of await files(join(folder, LANDING_FOLDERS.incoming))) {
        if (this.stopped) return;
        if (IN_PROGRESS.test(name)) continue;
        if (await this.settled(join(folder, LANDING_FOLDERS.incoming, name), now))
          await this.take(portfolioId, folder, name);
      }
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.scanning = this.scan()
        .catch((error: unknown) => {
          this.logger.error('landing folder scan failed', { error });
        })
        .finally(() => this.schedule(this.options.pollMs));
    }, delayMs);
    this.timer.unref();
  }

  private async settled(path: string, now: number): Promise<boolean> {
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return false;
    const seen = this.sightings.get(path);
    this.sightings.set(path, { size: info.size, mtimeMs: info.mtimeMs });
    return (
      seen !== undefined &&
      seen.size === info.size &&
      seen.mtimeMs === info.mtimeMs &&
      now - info.mtimeMs >= this.options.settleMs
    );
  }

  private async take(portfolioId: string, folder: string, name: string): Promise<void> {
    const incoming = join(folder, LANDING_FOLDERS.incoming, name);
    this.sightings.delete(incoming);
    const info = await stat(incoming);
    const processing = join(folder, LANDING_FOLDERS.processing, name);
    await mkdir(join(folder, LANDING_FOLDERS.processing), { recursive: true });
    try {
      await rename(incoming, processing);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another replica took it
      throw error;
    }
    const intakeId = uuidv5(`${portfolioId}/${name}/${info.size}/${info.mtimeMs}`, LANDING_NAMESPACE);
    try {
      const reply = await this.intake.intake(
        {
          intakeId,
          portfolioId,
          sourceType: 'upload',
          origin: `landing-folder:${portfolioId}`,
          actor: 'system:landing-folder',
          fileName: name,
        },
        { read: () => readBounded(createReadStream(processing), this.options.maxBytes), store: true },
      );
      await this.settle(folder, name, LANDING_FOLDERS.processed, 'intake', reply);
    } catch (error) {
      if (!(error instanceof ArtefactRefusedError)) {
        this.logger.warn('landing file not taken in, will retry', { portfolioId, fileName: name, error });
        await rename(processing, incoming);
        return;
      }
      const refusal = { intakeId, ...(error as FaiError).toBody() };
      await this.settle(folder, name, LANDING_FOLDERS.rejected, 'error', refusal);
    }
  }

  /** Moves the file out of `processing` and writes what happened beside it. */
  private async settle(
    folder: string,
    name: string,
    to: string,
    what: string,
    report: object,
  ): Promise<void> {
    await mkdir(join(folder, to), { recursive: true });
    const target = await freeName(join(folder, to), name);
    await rename(join(folder, LANDING_FOLDERS.processing, name), join(folder, to, target));
    await writeFile(join(folder, to, `${target}.${what}.json`), `${JSON.stringify(report, null, 2)}\n`);
  }

  /** Renaming updates a file's ctime: a claim older than the limit belongs to a taker that died. */
  private async returnAbandoned(folder: string, now: number): Promise<void> {
    const limit = this.options.abandonedAfterMs ?? 15 * 60_000;
    for (const name of await files(join(folder, LANDING_FOLDERS.processing))) {
      const path = join(folder, LANDING_FOLDERS.processing, name);
      const info = await stat(path).catch(() => undefined);
      if (info && now - info.ctimeMs > limit)
        await rename(path, join(folder, LANDING_FOLDERS.incoming, name)).catch(() => undefined);
    }
  }
}

/** `name`, or `name-2.ext`, `name-3.ext`… when a file of that name was settled before. */
async function freeName(folder: string, name: string): Promise<string> {
  const taken = new Set(await files(folder));
  const extension = extname(name);
  const base = name.slice(0, name.length - extension.length);
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}${extension}`;
  return candidate;
}

async function subfolders(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

async function files(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}
