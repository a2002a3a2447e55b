// Types of `require('servq/notebook')` (tools/jupyter/notebook.cjs): load() resolves to the ES module's API.
export declare function load(): Promise<typeof import('../../dist/src/notebook/index.js')>;
