/**
 * A write-once, read-once byte spool: kept in memory up to a limit, then spilled to a temporary file, so a
 * side stream (rejected rows, survey item rows) can wait for its own COPY without memory growing with the file.
 */
import { createReadStream, mkdtempSync, rmSync, writeSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class Spool {
  private memory: Buffer[] = [];
  private memoryBytes = 0;
  private fd: number | undefined;
  private dir: string | undefined;
  bytes = 0;

  constructor(private readonly memoryLimitBytes: number = 16 << 20) {}

  write(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.fd === undefined && this.memoryBytes + chunk.length <= this.memoryLimitBytes) {
      this.memory.push(chunk);
      this.memoryBytes += chunk.length;
      return;
    }
    if (this.fd === undefined) {
      this.dir = mkdtempSync(join(tmpdir(), 'servq-spool-'));
      this.fd = openSync(join(this.dir, 'spool'), 'w+');
      for (const held of this.memory) writeSync(this.fd, held);
      this.memory = [];
    }
    writeSync(this.fd, chunk);
  }

  /** Reads everything back, in order. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    if (this.fd === undefined) {
      yield* this.memory;
      return;
    }
    closeSync(this.fd);
    this.fd = -1;
    for await (const chunk of createReadStream(join(this.dir!, 'spool'), { highWaterMark: 1 << 20 })) {
      yield chunk as Buffer;
    }
  }

  dispose(): void {
    if (this.fd !== undefined && this.fd >= 0) closeSync(this.fd);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.memory = [];
  }
}
