import { refuseUnsupportedNode } from './runtime.js';

refuseUnsupportedNode();
const { work } = await import('./work.js');
await work();
