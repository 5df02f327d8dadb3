import { closeSync, openSync, writeSync } from 'node:fs';

/** Bytes gathered before a write: few system calls, and a buffer small enough not to matter. */
const BLOCK = 1 << 20;

/** Writes `length` bytes of `buffer`, however many system calls that takes. */
export function writeAll(fd: number, buffer: Buffer, length: number): void {
  for (let at = 0; at < length; ) at += writeSync(fd, buffer, at, length - at);
}

export interface BlockFile {
  /** Adds text; true when that sent a block to disk (a moment for the caller to yield). */
  write(text: string): boolean;
  /** Writes what is left and closes the file. */
  end(): void;
  /** Closes the file without writing what is left (after a failure); safe to call after `end`. */
  close(): void;
}

/**
 * A file written in 1 MB blocks through one reused buffer, synchronously. At a million CSV rows a write
 * stream costs about 1 s and 70 MB more: it turns every chunk into a Buffer of its own and waits for each
 * to drain. Synchronous block writes take a millisecond or two each.
 */
export function openBlockFile(file: string): BlockFile {
  // Exports hold customers' personal data: readable by their owner only until the user shares them.
  let fd: number | null = openSync(file, 'w', 0o600);
  const buffer = Buffer.allocUnsafe(BLOCK);
  let used = 0;
  const flush = (handle: number) => {
    writeAll(handle, buffer, used);
    used = 0;
  };
  const open = () => {
    if (fd === null) throw new Error('The export file is already closed.');
    return fd;
  };
  return {
    write(text) {
      const handle = open();
      // UTF-8 takes at most 3 bytes per UTF-16 unit, so the text surely fits when this holds.
      if (text.length * 3 <= BLOCK - used) {
        used += buffer.write(text, used);
        return false;
      }
      flush(handle);
      if (text.length * 3 <= BLOCK) used += buffer.write(text, used);
      else writeSync(handle, text);
      return true;
    },
    end() {
      flush(open());
      this.close();
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}
