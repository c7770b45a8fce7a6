import { refuseUnsupportedNode } from './runtime.js';

refuseUnsupportedNode();
const { serve } = await import('./serve.js');
await serve();
