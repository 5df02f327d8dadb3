import { formatCount } from '../core/formatCount';
import type { SyncProgress } from '../core/service';

const FRAMES = ['[=     ]', '[ =    ]', '[  =   ]', '[   =  ]', '[    = ]', '[     =]'];

function describe(progress: SyncProgress): string {
  const n = formatCount;
  const unit = progress.mode === 'blobs' ? 'files' : 'pages';
  const indexing = progress.indexing ? `; indexes built: ${progress.indexing.built} of ${progress.indexing.of}` : '';
  return `${n(progress.entities)} leads (${n(progress.inserted)} new, ${n(progress.updated)} updated), ${n(progress.pages)} ${unit}, ${n(progress.rate)}/s, ${(progress.elapsedMs / 1000).toFixed(1)} s${indexing}`;
}

/** Progress on standard error: a redrawn line on a terminal, a plain line at most every second otherwise. */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { report(p: SyncProgress): void; done(): void } {
  let frame = 0;
  let lastPlain = 0;
  let drawn = false;
  return {
    report(progress) {
      if (stream.isTTY) {
        stream.write(`\r${FRAMES[frame++ % FRAMES.length]} ${progress.mode} sync: ${describe(progress)}\x1b[K`);
        drawn = true;
      } else if (progress.pages === 1 || progress.indexing || Date.now() - lastPlain >= 1000) {
        // Each index built is a step of its own (seconds each at a million leads), never throttled away.
        lastPlain = Date.now();
        stream.write(`${progress.mode} sync: ${describe(progress)}\n`);
      }
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
