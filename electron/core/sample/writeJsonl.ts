import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { generateSampleEntities, type GenerateOptions } from './generate';

/** Streams sample entities as JSON Lines, honouring backpressure so a million leads never sit in memory. */
export async function writeSampleJsonl(options: GenerateOptions, out: Writable): Promise<number> {
  let written = 0;
  let chunk = '';
  for (const entity of generateSampleEntities(options)) {
    chunk += `${JSON.stringify(entity)}\n`;
    written++;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  if (chunk !== '' && !out.write(chunk)) await once(out, 'drain');
  return written;
}
