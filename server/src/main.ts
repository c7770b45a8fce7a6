import { refuseUnsupportedNode } from './runtime.js';

refuseUnsupportedNode();
const { startProcess } = await import('./start.js');
await startProcess('server');
