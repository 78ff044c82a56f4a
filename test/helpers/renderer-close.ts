// Run as a process by test/unit/images-renderer.test.ts: closes a renderer while a spare is still
// starting, with nothing else to keep the process alive. Exits 0 after "closed" only if close()
// held the event loop until every render process was gone.
import { createImageRenderer } from '../../src/images/renderer';
import { summaryPictures } from '../../src/images/summary-picture';
import { foundingSummary, LABEL } from './founding';

const r = createImageRenderer({ maxPictures: 2 });
const chart = { kind: 'chart' as const, spec: summaryPictures(foundingSummary(false), LABEL).chart };
await r.render(chart);
// The second picture starts the spare (one picture ahead of the replacement).
await r.render(chart);
await r.close();
console.log(`closed ${r.processes().length}`);
