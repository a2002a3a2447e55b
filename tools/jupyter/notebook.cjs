// `require('servq/notebook').load()`: the notebook API for the TypeScript kernel. tslab compiles a cell's
// `import()` to `require()`, which cannot load servq's ES modules (vega awaits at top level); this file is
// CommonJS, so its `import()` is Node's own.
'use strict';
exports.load = () => import('../../dist/src/notebook/index.js');
